import { accessSync, constants } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/**
 * Where sandboxed programs are looked up. A fixed list rather than the service's PATH: children get
 * a minimal environment, and an operator cannot widen what runs by editing PATH.
 */
export const PROGRAM_DIRECTORIES: readonly string[] = ['/usr/local/bin', '/usr/bin', '/bin', '/usr/local/sbin', '/usr/sbin', '/sbin'];

export const SANDBOX_PATH = PROGRAM_DIRECTORIES.join(':');

const cache = new Map<string, string | null>();

/** The absolute path of an installed program, or undefined. Looked up once per name and cached. */
export function findProgram(name: string): string | undefined {
  const cached = cache.get(name);
  if (cached !== undefined) return cached ?? undefined;
  const found = lookup(name);
  cache.set(name, found ?? null);
  return found;
}

/** Forget cached look-ups (tests that install or hide a tool). */
export function clearProgramCache(): void {
  cache.clear();
}

function lookup(name: string): string | undefined {
  if (isAbsolute(name)) return isExecutable(name) ? name : undefined;
  if (name.includes('/')) return undefined;
  for (const directory of PROGRAM_DIRECTORIES) {
    const candidate = join(directory, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
