import { doubled } from './echo-helper.js';

/** Echoes its input, through a relative import, to show transitive TypeScript loading works. */
export default function echo(input: { text: string; bytes: Uint8Array }): { text: string; length: number; pid: number } {
  return { text: doubled(input.text), length: input.bytes.length, pid: process.pid };
}
