import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Azurite's Blob service in a child process (ephemeral 127.0.0.1 port, in-memory persistence, no telemetry).
 * test/helpers/azurite.ts runs Azurite inside the test process, which suits most tests; but an in-memory
 * emulator in our own process charges every stored byte to our RSS, and the BlobStore contract measures
 * RSS to prove that puts and gets stream. Out of process, as real Azure is, only the adapter is measured.
 */
export interface AzuriteBlobProcess {
  readonly connectionString: string;
  stop(): Promise<void>;
}

/** Azurite's well-known development account; public and documented, not a secret. */
const ACCOUNT_NAME = 'devstoreaccount1';
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const require = createRequire(import.meta.url);

export async function startAzuriteBlobProcess(): Promise<AzuriteBlobProcess> {
  const main = join(dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'blob', 'main.js');
  const cwd = await mkdtemp(join(tmpdir(), 'azurite-blob-'));
  const child = spawn(process.execPath, [main, '--blobHost', '127.0.0.1', '--blobPort', '0', '--inMemoryPersistence', '--loose', '--skipApiVersionCheck', '--disableTelemetry'], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`Azurite did not start: ${output.slice(-500)}`)), 120_000);
      const onData = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        const match = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
        if (match !== null) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Azurite exited with ${code}: ${output.slice(-500)}`));
      });
    });
    child.stdout.resume();
    child.stderr.resume();
    let stopped = false;
    return {
      connectionString: `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT_NAME};AccountKey=${ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:${port}/${ACCOUNT_NAME};`,
      async stop() {
        if (stopped) return;
        stopped = true;
        child.kill('SIGTERM');
        await exited;
        await rm(cwd, { recursive: true, force: true });
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    await rm(cwd, { recursive: true, force: true });
    throw error;
  }
}
