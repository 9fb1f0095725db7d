/**
 * A forgiving lexer for PDF syntax (object bodies and content streams) that yields what a scanner
 * needs: every string decoded (literal escapes, hex), each array's strings joined (so a word split
 * across a TJ kerning array reads whole again) and every name (with #xx escapes decoded).
 * It never throws: hostile input only makes it yield less.
 */

export type StringForm = 'literal' | 'hex' | 'TJ-split';

export interface DecodedString {
  readonly form: StringForm;
  readonly bytes: Buffer;
  /** Offset of the token (or of the array) in the input. */
  readonly offset: number;
}

export interface SyntaxTokens {
  readonly strings: DecodedString[];
  readonly names: { readonly name: string; readonly offset: number }[];
}

const isWhite = (byte: number): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c || byte === 0x00;
const isDelimiter = (byte: number): boolean => '()<>[]{}/%'.includes(String.fromCharCode(byte));
const hexValue = (byte: number): number => {
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  if (byte >= 0x41 && byte <= 0x46) return byte - 0x37;
  if (byte >= 0x61 && byte <= 0x66) return byte - 0x57;
  return -1;
};

const ESCAPES: Record<number, number> = { 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09, 0x62: 0x08, 0x66: 0x0c };

function readLiteral(input: Uint8Array, start: number): { bytes: Buffer; end: number } {
  const out: number[] = [];
  let depth = 1;
  let i = start + 1;
  while (i < input.length) {
    const byte = input[i];
    if (byte === 0x5c) {
      const next = input[i + 1];
      if (next === undefined) break;
      if (next >= 0x30 && next <= 0x37) {
        let value = 0;
        let digits = 0;
        while (digits < 3 && input[i + 1 + digits] >= 0x30 && input[i + 1 + digits] <= 0x37) {
          value = value * 8 + (input[i + 1 + digits] - 0x30);
          digits += 1;
        }
        out.push(value & 0xff);
        i += 1 + digits;
        continue;
      }
      if (next === 0x0d || next === 0x0a) {
        i += next === 0x0d && input[i + 2] === 0x0a ? 3 : 2;
        continue;
      }
      out.push(ESCAPES[next] ?? next);
      i += 2;
      continue;
    }
    if (byte === 0x28) depth += 1;
    if (byte === 0x29) {
      depth -= 1;
      if (depth === 0) return { bytes: Buffer.from(out), end: i + 1 };
    }
    out.push(byte);
    i += 1;
  }
  return { bytes: Buffer.from(out), end: input.length };
}

function readHex(input: Uint8Array, start: number): { bytes: Buffer; end: number } {
  const digits: number[] = [];
  let i = start + 1;
  while (i < input.length && input[i] !== 0x3e) {
    const value = hexValue(input[i]);
    if (value >= 0) digits.push(value);
    else if (!isWhite(input[i])) break;
    i += 1;
  }
  if (digits.length % 2 === 1) digits.push(0);
  const bytes = Buffer.alloc(digits.length / 2);
  for (let d = 0; d < digits.length; d += 2) bytes[d / 2] = digits[d] * 16 + digits[d + 1];
  return { bytes, end: input[i] === 0x3e ? i + 1 : i };
}

function readName(input: Uint8Array, start: number): { name: string; end: number } {
  const out: number[] = [];
  let i = start + 1;
  while (i < input.length && !isWhite(input[i]) && !isDelimiter(input[i])) {
    const byte = input[i];
    if (byte === 0x23 && hexValue(input[i + 1] ?? 0) >= 0 && hexValue(input[i + 2] ?? 0) >= 0) {
      out.push(hexValue(input[i + 1]) * 16 + hexValue(input[i + 2]));
      i += 3;
      continue;
    }
    out.push(byte);
    i += 1;
  }
  return { name: Buffer.from(out).toString('latin1'), end: i };
}

export function tokenizePdfSyntax(input: Uint8Array): SyntaxTokens {
  const strings: DecodedString[] = [];
  const names: { name: string; offset: number }[] = [];
  // strings of each open array, innermost last
  const arrays: { offset: number; parts: Buffer[] }[] = [];
  let i = 0;
  while (i < input.length) {
    const byte = input[i];
    if (byte === 0x28) {
      const { bytes, end } = readLiteral(input, i);
      strings.push({ form: 'literal', bytes, offset: i });
      arrays.at(-1)?.parts.push(bytes);
      i = end;
    } else if (byte === 0x3c && input[i + 1] !== 0x3c) {
      const { bytes, end } = readHex(input, i);
      strings.push({ form: 'hex', bytes, offset: i });
      arrays.at(-1)?.parts.push(bytes);
      i = Math.max(end, i + 1);
    } else if (byte === 0x3c || byte === 0x3e) {
      i += input[i + 1] === byte ? 2 : 1;
    } else if (byte === 0x2f) {
      const { name, end } = readName(input, i);
      names.push({ name, offset: i });
      i = end;
    } else if (byte === 0x25) {
      // a comment runs to the end of the line
      while (i < input.length && input[i] !== 0x0a && input[i] !== 0x0d) i += 1;
    } else if (byte === 0x5b) {
      if (arrays.length < 64) arrays.push({ offset: i, parts: [] });
      i += 1;
    } else if (byte === 0x5d) {
      const array = arrays.pop();
      if (array && array.parts.length > 1) strings.push({ form: 'TJ-split', bytes: Buffer.concat(array.parts), offset: array.offset });
      i += 1;
    } else {
      i += 1;
    }
  }
  return { strings, names };
}
