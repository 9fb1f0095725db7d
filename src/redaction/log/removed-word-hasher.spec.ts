import { describe, expect, it } from '@jest/globals';
import { createHmac } from 'node:crypto';
import { MAX_HASHED_WORDS, normaliseWord, RemovedWordHasher } from './removed-word-hasher.js';

const key = Buffer.alloc(32, 3).toString('base64');

describe('RemovedWordHasher', () => {
  const hasher = RemovedWordHasher.fromKey(key);

  it('normalises words as they are hashed and proved (NFKC, case, outer punctuation)', () => {
    expect(normaliseWord('"Smith,"')).toBe('smith');
    expect(normaliseWord('０７７００')).toBe('07700');
    expect(normaliseWord('07700-900123')).toBe('07700-900123');
    expect(normaliseWord('--')).toBe('');
  });

  it('is HMAC-SHA256 of salt, a separator and the word under the deployment key, truncated to 128 bits', () => {
    const expected = createHmac('sha256', Buffer.alloc(32, 3)).update('salt').update('\u0000').update('smith').digest('hex').slice(0, 32);
    expect(hasher.hashWord('Smith', 'salt')).toBe(expected);
    expect(hasher.hashWord('Smith', 'other-salt')).not.toBe(expected);
    expect(RemovedWordHasher.fromKey(Buffer.alloc(32, 4).toString('base64')).hashWord('Smith', 'salt')).not.toBe(expected);
  });

  it('keeps distinct hashes sorted with their counts, never the words, and proves removed words only', () => {
    const entry = hasher.hashAll(['Smith', 'smith,', '07700', '900123', '--'], 'fixed-salt');
    expect(entry).toMatchObject({ algorithm: 'hmac-sha256-128', keyId: hasher.keyId, salt: 'fixed-salt', wordCount: 4, truncated: false });
    expect(entry.hashes).toHaveLength(3);
    expect([...entry.hashes].sort()).toEqual(entry.hashes);
    expect(JSON.stringify(entry)).not.toMatch(/smith|07700/i);
    expect(hasher.prove(entry, ['SMITH', '07700', 'Jones', ''])).toEqual([
      { matched: true, occurrences: 2 },
      { matched: true, occurrences: 1 },
      { matched: false, occurrences: 0 },
      { matched: false, occurrences: 0 },
    ]);
  });

  it('cannot prove with another key, and says when it had to truncate', () => {
    const entry = hasher.hashAll(['Smith']);
    expect(RemovedWordHasher.fromKey(Buffer.alloc(32, 5).toString('base64')).prove(entry, ['Smith'])).toBeNull();
    const many = hasher.hashAll(Array.from({ length: MAX_HASHED_WORDS + 5 }, (_, i) => `w${i}`));
    expect([many.hashes.length, many.counts.length, many.truncated, many.wordCount]).toEqual([MAX_HASHED_WORDS, MAX_HASHED_WORDS, true, MAX_HASHED_WORDS + 5]);
  });

  it('refuses a key that is not 32 bytes, and gives each entry its own salt', () => {
    expect(() => RemovedWordHasher.fromKey('c2hvcnQ=')).toThrow(/32 bytes/);
    expect(RemovedWordHasher.newSalt()).not.toBe(RemovedWordHasher.newSalt());
  });
});
