import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** What `node dist/main.js` runs, as the container does. */
export const FACADE_MAIN = path.join(ROOT, 'dist', 'main.js');

function newestMtime(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Runs `nest build` when dist/main.js is missing or older than src/ (CI builds it in openapi:check already). */
export function buildFacadeIfStale(): void {
  if (existsSync(FACADE_MAIN) && statSync(FACADE_MAIN).mtimeMs >= newestMtime(path.join(ROOT, 'src'))) return;
  execFileSync('npx', ['nest', 'build'], { cwd: ROOT, stdio: 'inherit' });
}
