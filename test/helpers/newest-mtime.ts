import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The newest modification time of any file under a folder: to tell a build older than its sources. */
export function newestMtime(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}
