import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { deriveRecordingKeys, RecordingCipher } from './recording-cipher.js';
import { parseRecordingKey, recordingKeyFromFile } from './recording-key.js';

describe('RecordingCipher', () => {
  const cipher = new RecordingCipher(deriveRecordingKeys(Buffer.alloc(32, 3)).encryptionKey);

  it('round-trips, never shows the plaintext, and uses a fresh IV each time', () => {
    const sealed = cipher.encrypt('{"title":"R v Smith"}', 'cases.getSummary');
    expect(sealed).not.toContain('Smith');
    expect(cipher.encrypt('{"title":"R v Smith"}', 'cases.getSummary')).not.toBe(sealed);
    expect(cipher.decrypt(sealed, 'cases.getSummary')).toBe('{"title":"R v Smith"}');
  });

  it('refuses a sample of another route, another key, or altered', () => {
    const sealed = cipher.encrypt('secret', 'cases.getSummary');
    expect(() => cipher.decrypt(sealed, 'documents.list')).toThrow();
    expect(() => new RecordingCipher(deriveRecordingKeys(Buffer.alloc(32, 4)).encryptionKey).decrypt(sealed, 'cases.getSummary')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'), 'cases.getSummary')).toThrow();
  });

  it('derives distinct hashing and encryption keys', () => {
    const keys = deriveRecordingKeys(Buffer.alloc(32, 5));
    expect(keys.hashKey.equals(keys.encryptionKey)).toBe(false);
    expect(() => deriveRecordingKeys(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});

describe('recording key', () => {
  it('parses base64 of 32 bytes only', () => {
    expect(parseRecordingKey(Buffer.alloc(32, 9).toString('base64'))).toEqual(Buffer.alloc(32, 9));
    expect(() => parseRecordingKey(Buffer.alloc(31).toString('base64'))).toThrow(/32 bytes/);
  });

  it('makes the embedded key once, mode 0600, and reads the same key back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'recording-key-'));
    try {
      const file = join(dir, 'strangler', 'recording-key');
      const [first, second] = await Promise.all([recordingKeyFromFile(file), recordingKeyFromFile(file)]);
      expect(first.length).toBe(32);
      expect(second).toEqual(first);
      expect(await recordingKeyFromFile(file)).toEqual(first);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect(parseRecordingKey((await readFile(file, 'utf8')).trim())).toEqual(first);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
