/**
 * 8-bit text a message does not label with a charset: raw bytes in a Subject or From header (old clients
 * wrote their local code page there), or a body in a message that declares no charset at all. mailparser
 * reads such bytes as UTF-8, so every other code page becomes U+FFFD. Before parsing, those bytes are
 * re-encoded as UTF-8 from the charset the message declares elsewhere, else the code page their bytes show,
 * else Windows-1252. Messages that are valid UTF-8 are left alone.
 */
import iconv from 'iconv-lite';
import { isUtf8, legacyEncodingOf } from '../text-encoding.js';

/** How many multipart boundaries are followed: a hostile message could declare one per part. */
const MAX_BOUNDARIES = 200;

/** Where the header block starting at `start` ends: the blank line after it (or the end of the message). */
function headerEnd(raw: Buffer, start = 0): number {
  // a part with no headers: its body starts with the blank line
  if (start > 0 && (raw[start] === 0x0a || (raw[start] === 0x0d && raw[start + 1] === 0x0a))) return start;
  const crlf = raw.indexOf('\r\n\r\n', start);
  const lf = raw.indexOf('\n\n', start);
  if (crlf < 0) return lf < 0 ? raw.length : lf;
  return lf < 0 ? crlf : Math.min(crlf, lf);
}

/** Where the body after the header block that ends at `end` starts. */
function bodyStart(raw: Buffer, end: number): number {
  const blank = raw[end] === 0x0d ? '\r\n\r\n' : '\n\n';
  return raw.toString('latin1', end, end + blank.length) === blank ? end + blank.length : raw.indexOf('\n', end) + 1;
}

/**
 * The header blocks of the message, in the order they appear, unfolded and read as Latin-1: the message's
 * own, each MIME part's (found by the boundaries the blocks declare), and those of a message/rfc822 part
 * that is not base64 or quoted-printable. Bodies, attachments among them, are never read.
 */
function headerBlocks(raw: Buffer): string[] {
  const blocks = new Map<number, string>();
  const pending = [0];
  let boundaries = 0;
  while (pending.length > 0) {
    const start = pending.pop()!;
    if (blocks.has(start) || start > raw.length) continue;
    const end = headerEnd(raw, start);
    const block = raw.toString('latin1', start, end).replace(/\r?\n[ \t]+/g, ' ');
    blocks.set(start, block);
    const contentType = /^content-type:[^\n]*/im.exec(block)?.[0] ?? '';
    const boundary = /boundary\s*=\s*(?:"([^"]{1,200})"|([^\s;]{1,200}))/i.exec(contentType);
    if (boundary && boundaries < MAX_BOUNDARIES) {
      boundaries += 1;
      const delimiter = `--${boundary[1] ?? boundary[2]}`;
      for (let at = raw.indexOf(delimiter, end); at >= 0; at = raw.indexOf(delimiter, at + delimiter.length)) {
        if (raw[at - 1] !== 0x0a) continue;
        const after = at + delimiter.length;
        if (raw[after] === 0x2d && raw[after + 1] === 0x2d) break; // the close delimiter
        const lineEnd = raw.indexOf('\n', after);
        if (lineEnd < 0) break;
        pending.push(lineEnd + 1);
      }
    } else if (/^message\/rfc822\b/i.test(contentType.slice('content-type:'.length).trim()) && !/^content-transfer-encoding:\s*(base64|quoted-printable)/im.test(block)) {
      pending.push(bodyStart(raw, end));
    }
  }
  return [...blocks.entries()].sort(([a], [b]) => a - b).map(([, block]) => block);
}

/** The first charset the headers declare that is not UTF-8 or ASCII and that iconv-lite can read. */
function declaredCharset(headers: readonly string[]): string | undefined {
  for (const header of headers) {
    for (const match of header.matchAll(/charset\s*=\s*"?([\w.:-]{2,40})/gi)) {
      const name = match[1].toLowerCase();
      if (!/^(utf-?8|us-ascii|ascii)$/.test(name) && iconv.encodingExists(name)) return name;
    }
  }
  return undefined;
}

function transcode(bytes: Uint8Array, encoding: string): Buffer {
  return Buffer.from(iconv.decode(Buffer.from(bytes), encoding), 'utf8');
}

export function withUnlabelled8BitAsUtf8(raw: Buffer): Buffer {
  if (isUtf8(raw)) return raw;
  const end = headerEnd(raw);
  const head = raw.subarray(0, end);
  const body = raw.subarray(end);
  const headers = headerBlocks(raw);
  const declared = declaredCharset(headers);
  // the body holds most of the text: a few header words among ASCII fields are too few to judge by
  const guess = declared ?? legacyEncodingOf(body) ?? legacyEncodingOf(head) ?? 'windows-1252';
  const fixedHead = isUtf8(head) ? head : transcode(head, guess);
  // a body is only re-encoded when no header says what it is, and no part is raw binary
  const bodyUnlabelled = declared === undefined && !headers.some((header) => /charset\s*=/i.test(header) || /content-transfer-encoding:\s*binary/i.test(header));
  const fixedBody = bodyUnlabelled && !isUtf8(body) ? transcode(body, guess) : body;
  return fixedHead === head && fixedBody === body ? raw : Buffer.concat([fixedHead, fixedBody]);
}
