/**
 * 8-bit text a message does not label with a charset: raw bytes in a Subject or From header (old clients
 * wrote their local code page there), or a body in a message that declares no charset at all. mailparser
 * reads such bytes as UTF-8, so every other code page becomes U+FFFD. Before parsing, those bytes are
 * re-encoded as UTF-8 from the charset the message declares elsewhere, else the code page their bytes show,
 * else Windows-1252. Messages that are valid UTF-8 are left alone.
 */
import iconv from 'iconv-lite';
import { legacyEncodingOf } from '../text-encoding.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function headerEnd(raw: Buffer): number {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  if (crlf < 0) return lf < 0 ? raw.length : lf;
  return lf < 0 ? crlf : Math.min(crlf, lf);
}

/** The first charset the message declares that is not UTF-8 or ASCII and that iconv-lite can read. */
function declaredCharset(text: string): string | undefined {
  for (const match of text.matchAll(/charset\s*=\s*"?([\w.:-]{2,40})/gi)) {
    const name = match[1].toLowerCase();
    if (!/^(utf-?8|us-ascii|ascii)$/.test(name) && iconv.encodingExists(name)) return name;
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
  const latin1 = raw.toString('latin1');
  const declared = declaredCharset(latin1);
  // the body holds most of the text: a few header words among ASCII fields are too few to judge by
  const guess = declared ?? legacyEncodingOf(body) ?? legacyEncodingOf(head) ?? 'windows-1252';
  const fixedHead = isUtf8(head) ? head : transcode(head, guess);
  // a body is only re-encoded when nothing in the message says what it is, and no part is raw binary
  const bodyUnlabelled = declared === undefined && !/charset\s*=/i.test(latin1) && !/content-transfer-encoding:\s*binary/i.test(latin1);
  const fixedBody = bodyUnlabelled && !isUtf8(body) ? transcode(body, guess) : body;
  return fixedHead === head && fixedBody === body ? raw : Buffer.concat([fixedHead, fixedBody]);
}
