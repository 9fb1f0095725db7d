import { describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { resolveWorkerModule } from '../../src/conversion/sandbox/index.js';

const CHILD = resolveWorkerModule(new URL('./helpers/log-then-exit.js', import.meta.url));

/** Runs the child; its stdout's JSON lines, whatever way it ended. */
function run(count: number, ending: 'exit' | 'throw'): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CHILD.execArgv, new URL(CHILD.url).pathname, String(count), ending], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', () => resolve(out.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>)));
  });
}

describe('the root logger on stdout (buffered, ADR 0008)', () => {
  // 500 lines is several 4 KB batches plus a partial one that only the exit flush writes.
  it.each(['exit', 'throw'] as const)('writes every line, in order, when the process ends by %s', async (ending) => {
    const lines = await run(500, ending);
    expect(lines.filter((line) => line['msg'] === 'buffered line').map((line) => line['line'])).toEqual(Array.from({ length: 500 }, (_, index) => index));
  }, 300_000);
});
