import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestMtime } from './newest-mtime.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** What `node dist/main.js` runs, as the container does. */
export const FACADE_MAIN = path.join(ROOT, 'dist', 'main.js');

/** Runs `nest build` when dist/main.js is missing or older than src/ (CI builds it in openapi:check already). */
export function buildFacadeIfStale(): void {
  if (existsSync(FACADE_MAIN) && statSync(FACADE_MAIN).mtimeMs >= newestMtime(path.join(ROOT, 'src'))) return;
  execFileSync('npx', ['nest', 'build'], { cwd: ROOT, stdio: 'inherit' });
}
