import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { childMemoryBudget } from './child-memory-budget.js';
import { expectedProgramPeakMb } from './expected-peaks.js';
import { findProgram, SANDBOX_PATH } from './find-program.js';
import { killProcessGroup } from './process-group.js';
import { SandboxFailure, type SandboxLimits } from './sandbox-failure.js';
import { Semaphore } from './semaphore.js';

export interface RunProgramOptions extends SandboxLimits {
  cwd?: string;
  /** The child's whole environment besides PATH (the fixed sandbox path) and LANG; nothing is inherited. */
  env?: Record<string, string>;
  stdin?: Buffer;
  /** Per stream; the program is killed when either stream exceeds it. Default 256 MiB. */
  maxOutputBytes?: number;
}

export interface ProgramResult {
  code: number | null;
  signal: string | null;
  stdout: Buffer;
  stderr: Buffer;
  timedOut: boolean;
  /** True when the program was killed for writing more than maxOutputBytes. */
  outputLimitExceeded: boolean;
}

const DEFAULT_MAX_OUTPUT_BYTES = 256 * 1024 * 1024;

let programSlots = new Semaphore(Math.max(1, availableParallelism()));

/** How many external programs may run at once across the process (default: one per core). */
export function configureProgramConcurrency(permits: number): void {
  programSlots = new Semaphore(permits);
}

export function programConcurrency(): { permits: number; inUse: number; waiting: number } {
  return { permits: programSlots.permits, inUse: programSlots.inUse, waiting: programSlots.waiting };
}

/**
 * Runs an external program without a shell: a wall-clock timeout that SIGKILLs the program's whole
 * process group, an address-space limit through util-linux `prlimit --as` (no limit only where
 * prlimit is absent), core dumps off, a minimal environment, bounded concurrency: a slot (one per core)
 * and then its expected peak from the shared child memory budget, both held until it exits.
 * Resolves with the exit status even when it is non-zero; rejects only when the program cannot start.
 */
export async function runProgram(command: string, args: readonly string[], options: RunProgramOptions): Promise<ProgramResult> {
  const executable = findProgram(command);
  if (!executable) throw new SandboxFailure('CRASHED', `program not found: ${command}`);
  const reserveMb = options.reserveMb ?? expectedProgramPeakMb(executable, options);
  return programSlots.use(() => childMemoryBudget().use(reserveMb, () => spawnLimited(executable, args, options)));
}

function spawnLimited(executable: string, args: readonly string[], options: RunProgramOptions): Promise<ProgramResult> {
  const prlimit = findProgram('prlimit');
  const addressSpaceBytes = Math.floor(options.maxMemoryMb * 1024 * 1024);
  const [file, argv] = prlimit
    ? [prlimit, [`--as=${addressSpaceBytes}`, '--core=0', '--', executable, ...args]]
    : [executable, [...args]];
  const maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;

  return new Promise<ProgramResult>((resolve, reject) => {
    const child = spawn(file, argv, {
      cwd: options.cwd,
      env: { PATH: SANDBOX_PATH, LANG: 'C.UTF-8', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      shell: false,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const sizes = { stdout: 0, stderr: 0 };
    let timedOut = false;
    let outputLimitExceeded = false;

    const timer = setTimeout(() => {
      timedOut = true;
      killProcessGroup(child);
    }, options.timeoutMs);

    const collect = (stream: 'stdout' | 'stderr', sink: Buffer[]) => (chunk: Buffer) => {
      sizes[stream] += chunk.length;
      if (sizes[stream] > maxOutputBytes) {
        outputLimitExceeded = true;
        killProcessGroup(child);
        return;
      }
      sink.push(chunk);
    };
    child.stdout.on('data', collect('stdout', stdout));
    child.stderr.on('data', collect('stderr', stderr));
    child.stdin.on('error', () => undefined); // the program may exit without reading its input
    child.stdin.end(options.stdin);

    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new SandboxFailure('CRASHED', `could not start ${executable}: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      // the leader is gone; anything it left behind in its group goes too
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // no such group: nothing left
      }
      resolve({ code, signal, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr), timedOut, outputLimitExceeded });
    });
  });
}
