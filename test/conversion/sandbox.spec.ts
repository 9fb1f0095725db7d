import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, afterAll, jest } from '@jest/globals';
import { SandboxFailure, SandboxPool, runProgram, findProgram, type ProgramResult } from '../../src/conversion/sandbox/index.js';
import { eventually } from '../helpers/eventually.js';
import { rejectionOf } from '../helpers/rejection-of.js';

const worker = (name: string) => new URL(`./workers/${name}.worker.js`, import.meta.url);
/**
 * For workers that behave: a ceiling a loaded machine never reaches. A test that needs a limit to
 * trip gives a deliberately misbehaving worker its own short limit, and asserts only the verdict.
 */
const limits = { timeoutMs: 120_000, maxMemoryMb: 256 };
/** Same, for healthy external programs. */
const programLimits = { timeoutMs: 120_000, maxMemoryMb: 256 };

const failureOf = (promise: Promise<unknown>): Promise<SandboxFailure> => rejectionOf(promise, SandboxFailure);

/** The pid a program wrote (whole, by rename) to `path`; polls without timers, which may be fake. */
async function pidWrittenTo(path: string): Promise<number> {
  for (;;) {
    const text = await readFile(path, 'utf8').catch(() => '');
    if (/^\d+\n$/.test(text)) return Number(text.trim());
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('SandboxPool', () => {
  const pool = new SandboxPool({ concurrency: 2 });
  afterAll(() => pool.close());

  it('runs a TypeScript worker (with relative imports) in another process and clones Buffers both ways', async () => {
    const output = await pool.run<{ text: string; bytes: Uint8Array }, { text: string; length: number; pid: number }>(
      worker('echo'),
      { text: 'ab', bytes: Buffer.from('hello') },
      limits,
    );
    expect(output).toEqual({ text: 'abab', length: 5, pid: expect.any(Number) });
    expect(output.pid).not.toBe(process.pid);
  });

  it('kills a worker stuck in a busy loop when its time is up', async () => {
    // The worker never answers (its own timers never fire again): only the pool's timeout can end this run.
    const failure = await failureOf(pool.run(worker('misbehave'), { kind: 'hang' }, { timeoutMs: 800, maxMemoryMb: 256 }));
    expect(failure.reason).toBe('TIMEOUT');
    expect(pool.active).toBe(0);
  });

  it('trips the heap limit as OUT_OF_MEMORY', async () => {
    const failure = await failureOf(pool.run(worker('misbehave'), { kind: 'heap' }, { timeoutMs: 120_000, maxMemoryMb: 128 }));
    expect(failure.reason).toBe('OUT_OF_MEMORY');
  }, 300_000);

  it('trips the resident-memory watchdog for memory outside the V8 heap', async () => {
    const failure = await failureOf(pool.run(worker('misbehave'), { kind: 'buffers', holdMb: 400 }, { timeoutMs: 120_000, maxMemoryMb: 200 }));
    expect(failure.reason).toBe('OUT_OF_MEMORY');
  }, 300_000);

  it.each(['abort', 'exit'] as const)('reports a worker that dies (%s) as CRASHED and carries on', async (kind) => {
    const failure = await failureOf(pool.run(worker('misbehave'), { kind }, limits));
    expect(failure.reason).toBe('CRASHED');
    const output = await pool.run<{ text: string; bytes: Uint8Array }, { text: string }>(worker('echo'), { text: 'x', bytes: new Uint8Array(0) }, limits);
    expect(output.text).toBe('xx');
  }, 300_000);

  it('reports a thrown error as WORKER_ERROR with its name, and the reason of a ProcessingFailure', async () => {
    const thrown = await failureOf(pool.run(worker('misbehave'), { kind: 'throw' }, limits));
    expect(thrown).toMatchObject({ reason: 'WORKER_ERROR', message: 'worker says no', detail: { name: 'TypeError' } });
    const failed = await failureOf(pool.run(worker('misbehave'), { kind: 'fail' }, limits));
    expect(failed).toMatchObject({ reason: 'WORKER_ERROR', detail: { name: 'ProcessingFailure', reason: 'CORRUPT' } });
  });

  it('never runs more workers at once than its concurrency', async () => {
    // Each worker leaves a marker while it runs and waits until it has met a second worker (markers stay),
    // so two must run side by side whatever the machine's speed; none may ever see a third one running.
    const narrow = new SandboxPool({ concurrency: 2 });
    const directory = await mkdtemp(join(tmpdir(), 'sandbox-rendezvous-'));
    try {
      const runs = await Promise.all(
        Array.from({ length: 5 }, () =>
          narrow.run<unknown, { pid: number; running: number }>(worker('misbehave'), { kind: 'rendezvous', directory, peers: 2 }, limits),
        ),
      );
      expect(Math.max(...runs.map((run) => run.running))).toBeLessThanOrEqual(2);
      expect(new Set(runs.map((run) => run.pid)).size).toBe(5);
    } finally {
      await narrow.close();
      await rm(directory, { recursive: true, force: true });
    }
  }, 300_000);

  it('close() kills the running workers and refuses new work', async () => {
    const closing = new SandboxPool({ concurrency: 1 });
    const running = failureOf(closing.run(worker('misbehave'), { kind: 'hang' }, limits));
    await eventually(() => closing.active === 1, 'the worker to start');
    await closing.close();
    expect((await running).reason).toBe('CRASHED');
    expect(closing.active).toBe(0);
    expect((await failureOf(closing.run(worker('echo'), { text: '', bytes: new Uint8Array(0) }, limits))).reason).toBe('CRASHED');
  });
});

describe('runProgram', () => {
  it('runs a program without a shell and returns its output and exit code', async () => {
    const result = await runProgram('sh', ['-c', 'printf "%s" "$0"; echo err >&2; exit 4', 'a;b $(x)'], programLimits);
    expect(result).toMatchObject({ code: 4, timedOut: false });
    expect(result.stdout.toString()).toBe('a;b $(x)');
    expect(result.stderr.toString()).toBe('err\n');
  });

  it('passes stdin and a minimal environment', async () => {
    const result = await runProgram('sh', ['-c', 'cat; echo "|$FOO|$HOME|"'], { ...programLimits, stdin: Buffer.from('in'), env: { FOO: 'bar' } });
    expect(result.stdout.toString()).toBe('in|bar||\n');
  });

  it('kills the whole process group on timeout', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sandbox-group-'));
    const pidFile = join(directory, 'grandchild.pid');
    // The timeout runs on a fake clock, moved on only once the grandchild is up: however slow the
    // machine, there is a grandchild to kill. The program would otherwise run for an hour.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'Date', 'hrtime', 'performance'] });
    let result: ProgramResult;
    let grandchild: number;
    try {
      const running = runProgram('sh', ['-c', 'sleep 3600 & echo $! > "$0.tmp" && mv "$0.tmp" "$0"; wait', pidFile], { timeoutMs: 500, maxMemoryMb: 256 });
      grandchild = await pidWrittenTo(pidFile);
      await jest.advanceTimersByTimeAsync(500);
      result = await running;
    } finally {
      jest.useRealTimers();
      await rm(directory, { recursive: true, force: true });
    }
    expect(result.timedOut).toBe(true);
    expect(result.signal).toBe('SIGKILL');
    expect(grandchild).toBeGreaterThan(0);
    // gone, or a zombie waiting for a container init that does not reap (SIGKILL lands when the kernel next runs it)
    const stateOf = () => readFile(`/proc/${grandchild}/stat`, 'utf8').then((stat) => stat.split(') ')[1]?.[0], () => 'gone');
    await eventually(async () => ['gone', 'Z'].includes(await stateOf()), `process ${grandchild} to die`, { state: stateOf });
    expect(['gone', 'Z']).toContain(await stateOf());
  });

  it('limits the address space where prlimit is installed', async () => {
    expect(findProgram('prlimit')).toBeDefined();
    // dd allocates its block size up front: 400 MiB cannot fit under a 100 MB limit, 4 MiB can
    const starved = await runProgram('dd', ['if=/dev/zero', 'of=/dev/null', 'bs=400M', 'count=1'], { ...programLimits, maxMemoryMb: 100 });
    expect(starved.code).not.toBe(0);
    expect(starved.stderr.toString()).toContain('memory exhausted');
    const roomy = await runProgram('dd', ['if=/dev/zero', 'of=/dev/null', 'bs=4M', 'count=1'], { ...programLimits, maxMemoryMb: 100 });
    expect(roomy.code).toBe(0);
  });

  it('rejects a program that is not installed', async () => {
    await expect(runProgram('no-such-program-here', [], { ...programLimits, maxMemoryMb: 64 })).rejects.toBeInstanceOf(SandboxFailure);
  });
});
