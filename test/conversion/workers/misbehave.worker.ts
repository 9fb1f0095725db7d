import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProcessingFailure } from '../../../src/conversion/processing-failure.js';

type Misbehaviour = 'hang' | 'heap' | 'buffers' | 'abort' | 'exit' | 'throw' | 'fail' | 'rendezvous';

/** A worker that misbehaves on request, for the sandbox tests. */
export default async function misbehave(input: {
  kind: Misbehaviour;
  holdMb?: number;
  directory?: string;
  peers?: number;
}): Promise<string | { pid: number; running: number }> {
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
      // Memory outside the V8 heap, up to `holdMb` resident, then held: the watchdog catches it however late it looks.
      const hoard: Buffer[] = [];
      while (process.memoryUsage().rss < (input.holdMb ?? 400) * 1024 * 1024) {
        hoard.push(Buffer.alloc(16 * 1024 * 1024, 1));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      for (;;) await new Promise((resolve) => setTimeout(resolve, 1000));
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
    case 'rendezvous': {
      // Marks itself arrived (for good) and running (until it returns); answers how many it saw running at
      // once, after waiting — however long it takes — until `peers` workers have arrived in `directory`.
      const directory = input.directory!;
      const count = async (prefix: string) => (await readdir(directory)).filter((name) => name.startsWith(prefix)).length;
      await writeFile(join(directory, `arrived-${process.pid}`), '');
      await writeFile(join(directory, `running-${process.pid}`), '');
      let running = await count('running-');
      while ((await count('arrived-')) < (input.peers ?? 2)) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        running = Math.max(running, await count('running-'));
      }
      await rm(join(directory, `running-${process.pid}`));
      return { pid: process.pid, running };
    }
  }
}
