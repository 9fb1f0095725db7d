import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** STRANGLER_RECORDING_KEY as configured: base64 of 32 bytes. */
export function parseRecordingKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('STRANGLER_RECORDING_KEY must be base64 of 32 bytes');
  return key;
}

/**
 * Embedded mode: the key kept in `keyFile` (under DATA_DIR, mode 0600), made on first use. A temporary file
 * then a link, so that two processes starting together agree on one key.
 */
export async function recordingKeyFromFile(keyFile: string): Promise<Buffer> {
  try {
    return parseRecordingKey((await readFile(keyFile, 'utf8')).trim());
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(path.dirname(keyFile), { recursive: true, mode: 0o700 });
  const temporary = `${keyFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, randomBytes(32).toString('base64'), { mode: 0o600 });
  await chmod(temporary, 0o600);
  try {
    await link(temporary, keyFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary);
  }
  return parseRecordingKey((await readFile(keyFile, 'utf8')).trim());
}
