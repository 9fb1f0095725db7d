import { readFile } from 'node:fs/promises';
import { describe, expect, it, afterAll } from '@jest/globals';
import { SandboxFailure, SandboxPool, runProgram, findProgram } from '../../src/conversion/sandbox/index.js';
import { rejectionOf } from '../helpers/rejection-of.js';

const worker = (name: string) => new URL(`./workers/${name}.worker.js`, import.meta.url);
const limits = { timeoutMs: 10_000, maxMemoryMb: 256 };

const failureOf = (promise: Promise<unknown>): Promise<SandboxFailure> => rejectionOf(promise, SandboxFailure);

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
    const started = Date.now();
    const failure = await failureOf(pool.run(worker('misbehave'), { kind: 'hang' }, { timeoutMs: 800, maxMemoryMb: 256 }));
    expect(failure.reason).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('trips the heap limit as OUT_OF_MEMORY', async () => {
    const failure = await failureOf(pool.run(worker('misbehave'), { kind: 'heap' }, { timeoutMs: 20_000, maxMemoryMb: 128 }));
    expect(failure.reason).toBe('OUT_OF_MEMORY');
  });

  it('trips the resident-memory watchdog for memory outside the V8 heap', async () => {
    const failure = await failureOf(pool.run(worker('misbehave'), { kind: 'buffers' }, { timeoutMs: 20_000, maxMemoryMb: 200 }));
    expect(failure.reason).toBe('OUT_OF_MEMORY');
  });

  it.each(['abort', 'exit'] as const)('reports a worker that dies (%s) as CRASHED and carries on', async (kind) => {
    const failure = await failureOf(pool.run(worker('misbehave'), { kind }, limits));
    expect(failure.reason).toBe('CRASHED');
    const output = await pool.run<{ text: string; bytes: Uint8Array }, { text: string }>(worker('echo'), { text: 'x', bytes: new Uint8Array(0) }, limits);
    expect(output.text).toBe('xx');
  });

  it('reports a thrown error as WORKER_ERROR with its name, and the reason of a ProcessingFailure', async () => {
    const thrown = await failureOf(pool.run(worker('misbehave'), { kind: 'throw' }, limits));
    expect(thrown).toMatchObject({ reason: 'WORKER_ERROR', message: 'worker says no', detail: { name: 'TypeError' } });
    const failed = await failureOf(pool.run(worker('misbehave'), { kind: 'fail' }, limits));
    expect(failed).toMatchObject({ reason: 'WORKER_ERROR', detail: { name: 'ProcessingFailure', reason: 'CORRUPT' } });
  });

  it('never runs more workers at once than its concurrency', async () => {
    const narrow = new SandboxPool({ concurrency: 2 });
    try {
      const spans = await Promise.all(
        Array.from({ length: 5 }, () => narrow.run<unknown, { start: number; end: number; pid: number }>(worker('misbehave'), { kind: 'sleep', ms: 400 }, limits)),
      );
      const events = spans.flatMap((span) => [
        { at: span.start, delta: 1 },
        { at: span.end, delta: -1 },
      ]);
      events.sort((a, b) => a.at - b.at || a.delta - b.delta);
      let current = 0;
      let peak = 0;
      for (const event of events) {
        current += event.delta;
        peak = Math.max(peak, current);
      }
      expect(peak).toBe(2);
      expect(new Set(spans.map((span) => span.pid)).size).toBe(5);
    } finally {
      await narrow.close();
    }
  });

  it('close() kills the running workers and refuses new work', async () => {
    const closing = new SandboxPool({ concurrency: 1 });
    const running = failureOf(closing.run(worker('misbehave'), { kind: 'hang' }, { timeoutMs: 30_000, maxMemoryMb: 256 }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await closing.close();
    expect((await running).reason).toBe('CRASHED');
    expect((await failureOf(closing.run(worker('echo'), { text: '', bytes: new Uint8Array(0) }, limits))).reason).toBe('CRASHED');
  });
});

describe('runProgram', () => {
  it('runs a program without a shell and returns its output and exit code', async () => {
    const result = await runProgram('sh', ['-c', 'printf "%s" "$0"; echo err >&2; exit 4', 'a;b $(x)'], { timeoutMs: 5_000, maxMemoryMb: 256 });
    expect(result).toMatchObject({ code: 4, timedOut: false });
    expect(result.stdout.toString()).toBe('a;b $(x)');
    expect(result.stderr.toString()).toBe('err\n');
  });

  it('passes stdin and a minimal environment', async () => {
    const result = await runProgram('sh', ['-c', 'cat; echo "|$FOO|$HOME|"'], { timeoutMs: 5_000, maxMemoryMb: 256, stdin: Buffer.from('in'), env: { FOO: 'bar' } });
    expect(result.stdout.toString()).toBe('in|bar||\n');
  });

  it('kills the whole process group on timeout', async () => {
    const started = Date.now();
    const result = await runProgram('sh', ['-c', 'sleep 30 & echo $!; wait'], { timeoutMs: 500, maxMemoryMb: 256 });
    expect(result.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    const grandchild = Number(result.stdout.toString().trim());
    expect(grandchild).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // gone, or a zombie waiting for a container init that does not reap
    const state = await readFile(`/proc/${grandchild}/stat`, 'utf8').then((stat) => stat.split(') ')[1]?.[0], () => 'gone');
    expect(['gone', 'Z']).toContain(state);
  });

  it('limits the address space where prlimit is installed', async () => {
    expect(findProgram('prlimit')).toBeDefined();
    // dd allocates its block size up front: 400 MiB cannot fit under a 100 MB limit, 4 MiB can
    const starved = await runProgram('dd', ['if=/dev/zero', 'of=/dev/null', 'bs=400M', 'count=1'], { timeoutMs: 10_000, maxMemoryMb: 100 });
    expect(starved.code).not.toBe(0);
    expect(starved.stderr.toString()).toContain('memory exhausted');
    const roomy = await runProgram('dd', ['if=/dev/zero', 'of=/dev/null', 'bs=4M', 'count=1'], { timeoutMs: 10_000, maxMemoryMb: 100 });
    expect(roomy.code).toBe(0);
  });

  it('rejects a program that is not installed', async () => {
    await expect(runProgram('no-such-program-here', [], { timeoutMs: 1_000, maxMemoryMb: 64 })).rejects.toBeInstanceOf(SandboxFailure);
  });
});
