/**
 * The facade in a child process, for the crash-safety test: reads its settings from argv[2] (JSON),
 * listens on an ephemeral port and prints one JSON line `{ base, token }`. The parent kills it with
 * SIGKILL at arbitrary points.
 */
import { createApp } from '../../../src/app.setup.js';
import { DevTokenIssuer } from '../../../src/auth/dev-issuer/dev-token-issuer.service.js';
import { parseConfig, resolveConfig, type LegacyEndpoints } from '../../../src/config/app-config.js';
import { MemoryJobQueue } from './memory-job-queue.js';

interface ChildSettings {
  readonly env: Record<string, string>;
  readonly legacy: LegacyEndpoints;
  /** An in-memory queue instead of the durable one (then only a refresh re-queues unfinished work). */
  readonly memoryQueue: boolean;
}

async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2] ?? '{}') as ChildSettings;
  const config = resolveConfig(parseConfig(settings.env), settings.legacy, null);
  const app = await createApp(config, { strangler: { routesFile: null }, ...(settings.memoryQueue ? { storage: { jobQueue: new MemoryJobQueue() } } : {}) });
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const { accessToken } = await app.get(DevTokenIssuer, { strict: false }).issue({ username: 'alice.admin' });
  process.stdout.write(`${JSON.stringify({ base, token: accessToken })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`crash-child failed: ${String(error)}\n`);
  process.exit(1);
});
