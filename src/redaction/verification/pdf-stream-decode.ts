/**
 * Decoders for the general-purpose PDF stream filters, used on the raw bytes of a file so that stream
 * bodies the cross-reference no longer points at (older revisions, orphans) are read as well.
 * Image codecs (DCT, JPX, JBIG2, CCITT) are not decoded here: the qpdf pass handles them.
 */
import { constants, inflateRawSync, inflateSync } from 'node:zlib';

export interface DecodedStream {
  readonly data: Buffer;
  /** False when a filter was unknown or failed: `data` is what the last good stage produced. */
  readonly complete: boolean;
}

export const MAX_DECODED_STREAM_BYTES = 256 * 1024 * 1024;

function inflate(data: Buffer): Buffer | undefined {
  const options = { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: MAX_DECODED_STREAM_BYTES };
  try {
    return inflateSync(data, options);
  } catch {
    try {
      return inflateRawSync(data, options);
    } catch {
      return undefined;
    }
  }
}

function asciiHex(data: Buffer): Buffer {
  const text = data.toString('latin1');
  const end = text.indexOf('>');
  const digits = (end >= 0 ? text.slice(0, end) : text).replace(/[^0-9a-f]/gi, '');
  return Buffer.from(digits.length % 2 ? `${digits}0` : digits, 'hex');
}

function ascii85(data: Buffer): Buffer {
  let text = data.toString('latin1').replace(/\s+/g, '');
  if (text.startsWith('<~')) text = text.slice(2);
  const end = text.indexOf('~>');
  if (end >= 0) text = text.slice(0, end);
  const out: number[] = [];
  let group: number[] = [];
  const flush = (count: number): void => {
    while (group.length < 5) group.push(84);
    let value = 0;
    for (const digit of group) value = value * 85 + digit;
    const bytes = [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
    out.push(...bytes.slice(0, count));
    group = [];
  };
  for (const char of text) {
    if (char === 'z' && group.length === 0) {
      out.push(0, 0, 0, 0);
      continue;
    }
    const digit = char.charCodeAt(0) - 33;
    if (digit < 0 || digit > 84) continue;
    group.push(digit);
    if (group.length === 5) flush(4);
  }
  if (group.length > 1) flush(group.length - 1);
  return Buffer.from(out);
}

function runLength(data: Buffer): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  while (i < data.length) {
    const length = data[i];
    if (length === 128) break;
    if (length < 128) {
      out.push(data.subarray(i + 1, i + 2 + length));
      i += length + 2;
    } else {
      out.push(Buffer.alloc(257 - length, data[i + 1] ?? 0));
      i += 2;
    }
  }
  return Buffer.concat(out);
}

function lzw(data: Buffer, earlyChange = 1): Buffer {
  const out: number[] = [];
  let dictionary: number[][] = [];
  const reset = (): void => {
    dictionary = [];
    for (let code = 0; code < 256; code += 1) dictionary.push([code]);
    dictionary.push([], []);
  };
  reset();
  let codeLength = 9;
  let bitBuffer = 0;
  let bitCount = 0;
  let previous: number[] | undefined;
  for (const byte of data) {
    bitBuffer = (bitBuffer << 8) | byte;
    bitCount += 8;
    while (bitCount >= codeLength) {
      const code = (bitBuffer >>> (bitCount - codeLength)) & ((1 << codeLength) - 1);
      bitCount -= codeLength;
      bitBuffer &= (1 << bitCount) - 1;
      if (code === 256) {
        reset();
        codeLength = 9;
        previous = undefined;
        continue;
      }
      if (code === 257) return Buffer.from(out);
      let entry = dictionary[code];
      if (!entry || (entry.length === 0 && code > 257)) {
        if (!previous || code !== dictionary.length) return Buffer.from(out);
        entry = [...previous, previous[0]];
      }
      out.push(...entry);
      if (previous) dictionary.push([...previous, entry[0]]);
      previous = entry;
      if (dictionary.length + earlyChange >= 1 << codeLength && codeLength < 12) codeLength += 1;
      if (out.length > MAX_DECODED_STREAM_BYTES) return Buffer.from(out);
    }
  }
  return Buffer.from(out);
}

const FILTER_ALIASES: Record<string, string> = {
  Fl: 'FlateDecode',
  AHx: 'ASCIIHexDecode',
  A85: 'ASCII85Decode',
  RL: 'RunLengthDecode',
  LZW: 'LZWDecode',
};

// A Map, not an object: filter names come from the PDF, and must not reach Object.prototype.
const DECODERS: ReadonlyMap<string, (data: Buffer) => Buffer | undefined> = new Map([
  ['FlateDecode', inflate],
  ['ASCIIHexDecode', asciiHex],
  ['ASCII85Decode', ascii85],
  ['RunLengthDecode', runLength],
  ['LZWDecode', (data: Buffer) => lzw(data)],
]);

/** Applies the named filters in order; stops at the first it cannot apply. */
export function decodeStream(body: Buffer, filters: readonly string[]): DecodedStream {
  let data = body;
  for (const raw of filters) {
    const filter = FILTER_ALIASES[raw] ?? raw;
    const next = DECODERS.get(filter)?.(data);
    if (next === undefined) return { data, complete: false };
    data = next;
  }
  return { data, complete: true };
}

/** A body with no declared filter that still looks like a zlib stream (a mislabelled hiding place). */
export function inflateIfZlib(body: Buffer): Buffer | undefined {
  if (body.length < 2 || body[0] !== 0x78 || ((body[0] << 8) | body[1]) % 31 !== 0) return undefined;
  return inflate(body);
}
