import { ProcessingFailure } from '../../../src/conversion/processing-failure.js';

type Misbehaviour = 'hang' | 'heap' | 'buffers' | 'abort' | 'exit' | 'throw' | 'fail' | 'sleep';

/** A worker that misbehaves on request, for the sandbox tests. */
export default async function misbehave(input: { kind: Misbehaviour; ms?: number }): Promise<string | { start: number; end: number; pid: number }> {
  switch (input.kind) {
    case 'hang':
      for (;;) {
        // busy loop: timers in this process never fire again
      }
    case 'heap': {
      const hoard: number[][] = [];
      for (;;) hoard.push(Array.from({ length: 100_000 }, (_, index) => index * 1.5));
    }
    case 'buffers': {
      const hoard: Buffer[] = [];
      for (;;) {
        hoard.push(Buffer.alloc(16 * 1024 * 1024, 1));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    }
    case 'abort':
      process.abort();
      return 'unreachable';
    case 'exit':
      process.exit(3);
      return 'unreachable';
    case 'throw':
      throw new TypeError('worker says no');
    case 'fail':
      throw new ProcessingFailure('CORRUPT', 'not a real document');
    case 'sleep': {
      const start = Date.now();
      await new Promise((resolve) => setTimeout(resolve, input.ms ?? 200));
      return { start, end: Date.now(), pid: process.pid };
    }
  }
}
