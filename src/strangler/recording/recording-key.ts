import { readOrCreateKeyFile } from '../../common/generated-key-file.js';

/** STRANGLER_RECORDING_KEY as configured: base64 of 32 bytes. */
export function parseRecordingKey(base64: string): Buffer {
  const key = Buffer.from(base64, 'base64');
  if (key.length !== 32) throw new Error('STRANGLER_RECORDING_KEY must be base64 of 32 bytes');
  return key;
}

/**
 * Embedded mode: the key kept in `keyFile` (under DATA_DIR, mode 0600), made on first use.
 */
export async function recordingKeyFromFile(keyFile: string): Promise<Buffer> {
  return parseRecordingKey(await readOrCreateKeyFile(keyFile, 'base64'));
}
