import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolveWorkerModule } from '../../../src/conversion/sandbox/index.js';
import type { RunningStandIn } from '../../../src/stand-in/stand-in.js';

const CHILD = resolveWorkerModule(new URL('./crash-child.js', import.meta.url));

/** A facade in a child process (crash-child.ts), so a test can kill -9 it and start another over the same data. */
export interface CrashChild {
  readonly process: ChildProcess;
  readonly base: string;
  readonly token: string;
}

/** Starts the facade with `env` against the stand-in; resolves once it serves (its first stdout line). */
export async function startCrashChild(standIn: RunningStandIn, env: Record<string, string>): Promise<CrashChild> {
  const legacy = { soapUrl: standIn.soapUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, serviceUsername: standIn.serviceUsername, servicePassword: standIn.servicePassword };
  const child = spawn(process.execPath, [...CHILD.execArgv, new URL(CHILD.url).pathname, JSON.stringify({ env, legacy, memoryQueue: false })], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', (line) => resolve(line));
    child.once('exit', (code) => reject(new Error(`child exited with ${String(code)}`)));
  });
  const { base, token } = JSON.parse(first) as { base: string; token: string };
  return { process: child, base, token };
}

/** A request to the child as its signed-in user. */
export const callCrashChild = (child: CrashChild, pathname: string, init: RequestInit = {}): Promise<Response> =>
  fetch(`${child.base}${pathname}`, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), authorization: `Bearer ${child.token}` } });

/** kill -9, waiting for the exit; a child that already died (a crash point it reached itself) is left as it is. */
export async function killCrashChild(child: CrashChild): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  const exited = new Promise((resolve) => child.process.once('exit', resolve));
  child.process.kill('SIGKILL');
  await exited;
}
