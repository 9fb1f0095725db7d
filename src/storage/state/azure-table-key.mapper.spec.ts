import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { decodeAzureKey, encodeAzureKey, prefixUpperBound } from './azure-table-key.mapper.js';

const forbidden = (encoded: string): boolean => [...encoded].some((char) => '/\\#?%'.includes(char) || char.charCodeAt(0) <= 0x1f || (char.charCodeAt(0) >= 0x7f && char.charCodeAt(0) <= 0x9f));
const sign = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** ASCII (all of it, controls included) plus a few BMP letters and a quote. */
const keyChar = fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.constantFrom(0x85, 0x9f, 0xa0, 0xe9, 0x3a9, 0x4e2d)).map((code) => String.fromCharCode(code));
const key = fc.array(keyChar, { maxLength: 12 }).map((chars) => chars.join(''));

describe('Azure table key mapping', () => {
  it('escapes the characters Azure forbids, readably', () => {
    expect(encodeAzureKey('cases/42#a?b\\c%d')).toBe('cases.2f42$23a>3fb[5cc$25d');
    expect(encodeAzureKey('plain-Key_09')).toBe('plain-Key_09');
    expect(encodeAzureKey("x' or PartitionKey ne '")).toBe("x' 20or 20PartitionKey 20ne 20'");
    expect(encodeAzureKey('tab\there')).toBe('tab 09here');
  });

  it('round-trips any key and never emits a forbidden character', () => {
    fc.assert(
      fc.property(key, (raw) => {
        const encoded = encodeAzureKey(raw);
        expect(forbidden(encoded)).toBe(false);
        expect(decodeAzureKey(encoded)).toBe(raw);
      }),
    );
  });

  it('keeps the order of keys and whether one is a prefix of another', () => {
    fc.assert(
      fc.property(key, key, (a, b) => {
        expect(sign(encodeAzureKey(a), encodeAzureKey(b))).toBe(sign(a, b));
        expect(encodeAzureKey(a).startsWith(encodeAzureKey(b))).toBe(a.startsWith(b));
      }),
    );
  });

  it('bounds a prefix range from above', () => {
    fc.assert(
      fc.property(key, key, (prefix, rest) => {
        const encodedPrefix = encodeAzureKey(prefix);
        const bound = prefixUpperBound(encodedPrefix);
        if (bound !== null) expect(encodeAzureKey(prefix + rest) < bound).toBe(true);
      }),
    );
    expect(prefixUpperBound('')).toBeNull();
    expect(prefixUpperBound('ab')).toBe('ac');
  });

  it('refuses a malformed escape', () => {
    expect(() => decodeAzureKey('a.zz')).toThrow(/malformed/);
  });
});
