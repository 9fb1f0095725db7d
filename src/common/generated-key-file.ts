import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A secret kept in `keyFile` for embedded/dev mode: read when it is there, else 32 random bytes are written
 * (mode 0600, in a 0700 folder). A temporary file then a link, so two processes starting together agree on one key.
 */
export async function readOrCreateKeyFile(keyFile: string, encoding: 'base64' | 'base64url'): Promise<string> {
  try {
    return (await readFile(keyFile, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(keyFile), { recursive: true, mode: 0o700 });
  const temporary = `${keyFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, randomBytes(32).toString(encoding), { mode: 0o600 });
  await chmod(temporary, 0o600);
  try {
    await link(temporary, keyFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary);
  }
  return (await readFile(keyFile, 'utf8')).trim();
}
