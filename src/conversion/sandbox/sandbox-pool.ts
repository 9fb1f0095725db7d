import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { childMemoryBudget } from './child-memory-budget.js';
import { expectedWorkerPeakMb } from './expected-peaks.js';
import { SANDBOX_PATH } from './find-program.js';
import { killProcessGroup } from './process-group.js';
import { SandboxFailure, type SandboxLimits } from './sandbox-failure.js';
import { Semaphore } from './semaphore.js';
import { resolveWorkerModule } from './worker-module.js';
import type { WorkerReply } from './worker-runner.js';

export interface SandboxPoolOptions {
  /** How many worker processes may run at once. */
  concurrency: number;
  /** How often the resident memory of each worker is checked. Default 50 ms. */
  memoryPollMs?: number;
}

const MAX_STDERR_BYTES = 64 * 1024;
const OUT_OF_MEMORY_MARKERS = ['heap out of memory', 'Reached heap limit', 'Allocation failed', 'invalid array length', 'Cannot allocate memory'];

/**
 * Runs JS worker modules (ESM files whose default export is `async (input) => output`) each in a
 * fresh forked Node process — one job per process, so a hostile document cannot leave state behind.
 * Limits: `--max-old-space-size` for the V8 heap, and a resident-set watchdog (read from
 * /proc/<pid>/status) that kills the process group when the whole process, Buffers included, outgrows
 * `maxMemoryMb`; a wall-clock timeout; at most `concurrency` processes at once, each holding its expected
 * peak (expected-peaks.ts) from the shared child memory budget while it runs. Input and output are
 * structured-cloned (advanced IPC serialization, so Buffers and Uint8Arrays pass).
 * Worker modules: see worker-module.ts for how they load from dist/ and under Jest.
 */
export class SandboxPool {
  private readonly slots: Semaphore;
  private readonly running = new Set<ChildProcess>();
  private closed = false;

  constructor(private readonly options: SandboxPoolOptions) {
    this.slots = new Semaphore(options.concurrency);
  }

  get active(): number {
    return this.running.size;
  }

  async run<TIn, TOut>(workerModule: URL, input: TIn, limits: SandboxLimits): Promise<TOut> {
    if (this.closed) throw new SandboxFailure('CRASHED', 'sandbox pool is closed');
    const resolved = resolveWorkerModule(workerModule);
    const runner = resolveWorkerModule(new URL('./worker-runner.js', import.meta.url));
    const reserveMb = limits.reserveMb ?? expectedWorkerPeakMb(resolved.url, limits.maxMemoryMb);
    return this.slots.use(() =>
      childMemoryBudget().use(reserveMb, async () => {
        if (this.closed) throw new SandboxFailure('CRASHED', 'sandbox pool is closed');
        return this.runOne<TOut>(runner.url, [...new Set([...runner.execArgv, ...resolved.execArgv])], resolved.url, input, limits);
      }),
    );
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const child of this.running) killProcessGroup(child);
    await Promise.all(
      [...this.running].map((child) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())))),
    );
  }

  private runOne<TOut>(runnerUrl: URL, hookArgv: readonly string[], moduleUrl: URL, input: unknown, limits: SandboxLimits): Promise<TOut> {
    const heapMb = Math.max(16, Math.floor(limits.maxMemoryMb));
    const rssLimitBytes = limits.maxMemoryMb * 1024 * 1024;
    return new Promise<TOut>((resolve, reject) => {
      const child = fork(fileURLToPath(runnerUrl), [], {
        execArgv: [`--max-old-space-size=${heapMb}`, ...hookArgv],
        serialization: 'advanced',
        detached: true,
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        env: { PATH: SANDBOX_PATH, LANG: 'C.UTF-8' },
      });
      this.running.add(child);
      let stderr = '';
      let verdict: 'TIMEOUT' | 'OUT_OF_MEMORY' | undefined;
      let reply: WorkerReply | undefined;

      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => {
        if (stderr.length < MAX_STDERR_BYTES) stderr += chunk;
      });
      const timer = setTimeout(() => {
        verdict ??= 'TIMEOUT';
        killProcessGroup(child);
      }, limits.timeoutMs);
      const watchdog = setInterval(() => {
        void residentBytes(child.pid).then((bytes) => {
          if (bytes !== undefined && bytes > rssLimitBytes) {
            verdict ??= 'OUT_OF_MEMORY';
            killProcessGroup(child);
          }
        });
      }, this.options.memoryPollMs ?? 50);

      child.on('message', (message: WorkerReply) => {
        reply ??= message;
      });
      child.once('error', (error) => {
        stderr += `\n${error.message}`;
        killProcessGroup(child);
      });
      child.once('exit', () => {
        clearTimeout(timer);
        clearInterval(watchdog);
        this.running.delete(child);
        // a worker that started helpers of its own leaves none behind
        if (child.pid !== undefined) {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // group already empty
          }
        }
      });
      // Decided on 'close', not 'exit': only then have the reply (IPC) and all of stderr been read. On a busy
      // machine 'exit' can come first, and a worker that answered would look as if it had died without a word.
      child.once('close', (code, signal) => {
        if (verdict === 'TIMEOUT') return reject(new SandboxFailure('TIMEOUT', `worker exceeded ${limits.timeoutMs} ms`));
        if (verdict === 'OUT_OF_MEMORY') return reject(new SandboxFailure('OUT_OF_MEMORY', `worker exceeded ${limits.maxMemoryMb} MB`));
        if (reply?.ok) return resolve(reply.output as TOut);
        if (reply && !reply.ok) {
          if (reply.name === 'RangeError' && /allocation failed|array buffer allocation|invalid (typed )?array length/i.test(reply.message)) {
            return reject(new SandboxFailure('OUT_OF_MEMORY', reply.message, { name: reply.name }));
          }
          return reject(new SandboxFailure('WORKER_ERROR', reply.message, { name: reply.name, ...(reply.reason ? { reason: reply.reason } : {}) }));
        }
        if (this.closed) return reject(new SandboxFailure('CRASHED', 'sandbox pool closed while the worker ran'));
        if (OUT_OF_MEMORY_MARKERS.some((marker) => stderr.includes(marker))) {
          return reject(new SandboxFailure('OUT_OF_MEMORY', `worker ran out of memory (limit ${limits.maxMemoryMb} MB)`));
        }
        reject(new SandboxFailure('CRASHED', `worker exited with ${signal ?? `code ${code}`}${stderr ? `: ${firstLine(stderr)}` : ''}`));
      });
      child.send({ moduleUrl: moduleUrl.href, input }, (error) => {
        if (error) {
          stderr += `\ncould not send the job: ${error.message}`;
          killProcessGroup(child);
        }
      });
    });
  }
}

async function residentBytes(pid: number | undefined): Promise<number | undefined> {
  if (pid === undefined) return undefined;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 300) ?? '';
}
