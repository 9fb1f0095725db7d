/**
 * Builders for documents in legacy encodings: Outlook .msg with 8-bit properties in a declared Windows
 * code page, RFC 822 mail in a MIME charset (RFC 2047 headers, RFC 2231 file names), RTF with \ansicpg,
 * \fcharset, \'xx and \uN, and plain text in a single- or double-byte code page. Used by
 * scripts/hard-corpus/encodings.mjs and by the medium tests (test/conversion/encodings/), so the files
 * the corpus holds and the files the tests make come from the same code.
 */
import { burn } from '@kenjiuno/msgreader/lib/Burner.js';
import iconv from 'iconv-lite';

// ---- Outlook .msg ----

const PT_LONG = 0x0003;
const PT_SYSTIME = 0x0040;
const PT_STRING8 = '001E';
const PT_UNICODE = '001F';
const PT_BINARY = '0102';

function propertyEntry(id, type, value) {
  const entry = Buffer.alloc(16);
  entry.writeUInt32LE(((id << 16) | type) >>> 0, 0);
  entry.writeUInt32LE(0x06, 4); // readable | writable
  if (type === PT_LONG) entry.writeInt32LE(value, 8);
  if (type === PT_SYSTIME) entry.writeBigUInt64LE((BigInt(value) + 11_644_473_600_000n) * 10_000n, 8);
  return entry;
}

function propertyStream(headerBytes, entries) {
  return new Uint8Array(Buffer.concat([Buffer.alloc(headerBytes), ...entries]));
}

const stream = (name, bytes) => ({ name, bytes: Uint8Array.from(bytes) });
const string8 = (id, text, encoding) => stream(`__substg1.0_${id}${PT_STRING8}`, iconv.encode(text, encoding));
const unicode = (id, text) => stream(`__substg1.0_${id}${PT_UNICODE}`, Buffer.from(text, 'utf16le'));

/** The property-stream entry of a string stream: its tag, flags, and its size with the terminating NUL. */
function stringEntry(node) {
  const tag = node.name.slice('__substg1.0_'.length);
  const type = parseInt(tag.slice(4), 16);
  const entry = Buffer.alloc(16);
  entry.writeUInt32LE(parseInt(tag, 16) >>> 0, 0);
  entry.writeUInt32LE(0x06, 4);
  entry.writeUInt32LE(node.bytes.length + (type === 0x001f ? 2 : 1), 8);
  return entry;
}

/**
 * An Outlook message whose 8-bit (PT_STRING8) subject, sender, recipient, body and attachment names are in
 * `codePage`, declared by PR_MESSAGE_CODEPAGE and/or PR_INTERNET_CPID as `declare` says. With `html`, the
 * body is a PR_HTML binary stream in the same code page and there is no plain-text body. With `unicode`, the
 * strings are PT_UNICODE (UTF-16LE) instead, the code page still declared, as Outlook writes Unicode
 * messages; with `stringEntries`, each folder's property stream also lists its string properties.
 */
export function msgInCodePage({ codePage, declare = ['message', 'internet'], subject, from, fromEmail, to, toEmail, body, html, attachments = [], sent = Date.UTC(2025, 2, 4, 10, 15), unicode: wide = false, stringEntries = false }) {
  const encoding = `cp${codePage}`;
  const text = (id, value) => (wide ? unicode(id, value) : string8(id, value, encoding));
  const entries = (strings) => (stringEntries ? strings.filter((node) => node.name.startsWith('__substg1.0_') && !node.name.endsWith(PT_BINARY)).map(stringEntry) : []);
  const rootProperties = [propertyEntry(0x0e06, PT_SYSTIME, sent)];
  if (declare.includes('message')) rootProperties.push(propertyEntry(0x3ffd, PT_LONG, codePage));
  if (declare.includes('internet')) rootProperties.push(propertyEntry(0x3fde, PT_LONG, codePage));
  const rootHeader = Buffer.alloc(32);
  rootHeader.writeUInt32LE(1, 8);
  rootHeader.writeUInt32LE(attachments.length, 12);
  rootHeader.writeUInt32LE(1, 16);
  rootHeader.writeUInt32LE(attachments.length, 20);
  const rootStrings = [text('001A', 'IPM.Note'), text('0037', subject), text('0C1A', from), text('0C1F', fromEmail), html ? stream(`__substg1.0_1013${PT_BINARY}`, iconv.encode(html, encoding)) : text('1000', body)];
  const recipientStrings = [text('3001', to), text('3003', toEmail), text('39FE', toEmail)];
  const nodes = [
    { name: '__properties_version1.0', bytes: new Uint8Array(Buffer.concat([rootHeader, ...rootProperties, ...entries(rootStrings)])) },
    ...rootStrings,
    {
      name: '__recip_version1.0_#00000000',
      children: [{ name: '__properties_version1.0', bytes: propertyStream(8, [propertyEntry(0x0c15, PT_LONG, 1), ...entries(recipientStrings)]) }, ...recipientStrings],
    },
    ...attachments.map((attachment, index) => {
      const strings = [text('3707', attachment.fileName), text('3704', attachment.fileName), text('370E', attachment.mimeType ?? 'text/plain')];
      return {
        name: `__attach_version1.0_#${index.toString(16).toUpperCase().padStart(8, '0')}`,
        children: [
          { name: '__properties_version1.0', bytes: propertyStream(8, [propertyEntry(0x3705, PT_LONG, 1), ...entries(strings)]) },
          ...strings,
          stream(`__substg1.0_3701${PT_BINARY}`, attachment.bytes),
        ],
      };
    }),
  ];
  return compound(nodes);
}

function compound(children) {
  const entries = [{ name: 'Root Entry', type: 5, length: 0, children: [] }];
  const add = (node, parent) => {
    const bytes = node.bytes;
    entries.push(bytes ? { name: node.name, type: 2, length: bytes.length, binaryProvider: () => bytes } : { name: node.name, type: 1, length: 0, children: [] });
    const index = entries.length - 1;
    entries[parent].children.push(index);
    for (const child of node.children ?? []) add(child, index);
  };
  for (const child of children) add(child, 0);
  return burn(entries);
}

// ---- RFC 822 / MIME ----

/** ISO-2022-JP (RFC 1468) by way of EUC-JP, which iconv-lite writes: JIS X 0208 pairs, shifted 7-bit. */
export function encodeIso2022Jp(text) {
  const euc = iconv.encode(text, 'euc-jp');
  const out = [];
  let jis = false;
  for (let index = 0; index < euc.length; index += 1) {
    const byte = euc[index];
    if (byte >= 0xa1 && byte <= 0xfe) {
      if (!jis) out.push(0x1b, 0x24, 0x42);
      jis = true;
      out.push(byte - 0x80, euc[index + 1] - 0x80);
      index += 1;
    } else {
      if (byte >= 0x80) throw new Error('only JIS X 0208 characters fit ISO-2022-JP here');
      if (jis) out.push(0x1b, 0x28, 0x42);
      jis = false;
      out.push(byte);
    }
  }
  if (jis) out.push(0x1b, 0x28, 0x42);
  return Buffer.from(out);
}

export function encodeCharset(text, charset) {
  return charset.toLowerCase() === 'iso-2022-jp' ? encodeIso2022Jp(text) : iconv.encode(text, charset);
}

/** An RFC 2047 encoded word (B or Q), split so no word passes 75 characters. */
export function encodedWords(text, charset, mode = 'B') {
  const words = [];
  let chunk = '';
  const flush = () => {
    if (!chunk) return;
    const bytes = encodeCharset(chunk, charset);
    const encoded = mode === 'B' ? bytes.toString('base64') : [...bytes].map((byte) => (byte === 0x20 ? '_' : /[A-Za-z0-9]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
    words.push(`=?${charset}?${mode}?${encoded}?=`);
    chunk = '';
  };
  for (const character of text) {
    chunk += character;
    if (chunk.length >= (mode === 'B' ? 12 : 8)) flush();
  }
  flush();
  return words.join('\r\n ');
}

function quotedPrintable(bytes) {
  const lines = [];
  for (const line of bytes.toString('latin1').split('\n')) {
    let out = '';
    let length = 0;
    for (const character of line.replace(/\r$/, '')) {
      const code = character.charCodeAt(0);
      const piece = (code >= 33 && code <= 126 && code !== 61) || code === 32 ? character : `=${code.toString(16).toUpperCase().padStart(2, '0')}`;
      if (length + piece.length > 73) {
        out += '=\r\n';
        length = 0;
      }
      out += piece;
      length += piece.length;
    }
    lines.push(out.replace(/ $/, '=20'));
  }
  return lines.join('\r\n');
}

function bodyPart(text, { charset, transferEncoding, contentType }) {
  const bytes = encodeCharset(text.replace(/\r?\n/g, '\r\n'), charset);
  const body = transferEncoding === 'base64' ? bytes.toString('base64').replace(/.{76}/g, '$&\r\n') : transferEncoding === 'quoted-printable' ? quotedPrintable(bytes) : bytes.toString('latin1');
  return { headers: `Content-Type: ${contentType}; charset="${charset}"\r\nContent-Transfer-Encoding: ${transferEncoding}`, body };
}

/** RFC 2231 extended parameter value: charset''percent-encoded bytes. */
export function rfc2231(text, charset) {
  return `${charset}''${[...encodeCharset(text, charset)].map((byte) => (/[A-Za-z0-9.\-_]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('')}`;
}

/**
 * A message in `charset`: display names and subject as RFC 2047 encoded words, the body in the given
 * transfer encoding (8bit, 7bit, quoted-printable or base64), optionally an HTML alternative and an
 * attachment whose name is an RFC 2231 parameter (and an RFC 2047 `name`, as Outlook writes both).
 * The whole message is returned as the bytes a mail server would store (8-bit bodies stay 8-bit).
 */
export function emlInCharset({ charset, transferEncoding = 'quoted-printable', headerMode = 'B', subject, from, fromEmail, to, toEmail, body, html, attachment, date = 'Tue, 4 Mar 2025 10:15:00 +0000' }) {
  const boundary = `b1_${charset.replace(/\W/g, '')}_casework`;
  const alternative = `b2_${charset.replace(/\W/g, '')}_casework`;
  const head = [
    `From: ${encodedWords(from, charset, headerMode)} <${fromEmail}>`,
    `To: ${encodedWords(to, charset, headerMode)} <${toEmail}>`,
    `Subject: ${encodedWords(subject, charset, headerMode)}`,
    `Date: ${date}`,
    `Message-ID: <${charset.replace(/\W/g, '')}-${Buffer.from(subject).length}@example.test>`,
    'MIME-Version: 1.0',
  ];
  const text = bodyPart(body, { charset, transferEncoding, contentType: 'text/plain' });
  let content = text;
  if (html) {
    const htmlPart = bodyPart(html, { charset, transferEncoding, contentType: 'text/html' });
    content = {
      headers: `Content-Type: multipart/alternative; boundary="${alternative}"`,
      body: `--${alternative}\r\n${text.headers}\r\n\r\n${text.body}\r\n--${alternative}\r\n${htmlPart.headers}\r\n\r\n${htmlPart.body}\r\n--${alternative}--`,
    };
  }
  let message;
  if (attachment) {
    const encodedName = encodedWords(attachment.fileName, charset, 'B');
    const file = [
      `Content-Type: ${attachment.contentType}; name="${encodedName}"`,
      `Content-Disposition: attachment; filename*=${rfc2231(attachment.fileName, charset)}`,
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(attachment.bytes).toString('base64').replace(/.{76}/g, '$&\r\n'),
    ].join('\r\n');
    message = [...head, `Content-Type: multipart/mixed; boundary="${boundary}"`, '', `--${boundary}`, content.headers, '', content.body, `--${boundary}`, file, `--${boundary}--`, ''].join('\r\n');
  } else {
    message = [...head, content.headers, '', content.body, ''].join('\r\n');
  }
  return Buffer.from(message, 'latin1');
}

// ---- RTF ----

/**
 * RTF in an ANSI code page: text outside ASCII as \'xx escapes of its code-page bytes (two per character
 * for a double-byte code page), the font declared with the matching \fcharset; `unicodeParagraphs` are
 * written as \uN? escapes instead (N signed 16-bit, `?` the fallback for old readers). `documentCodePage`
 * (\ansicpg) may differ, as Word on a Western system writes it: the font's \fcharset then decides.
 */
export function rtfInCodePage({ codePage, documentCodePage = codePage, fontCharset, fontName, paragraphs, unicodeParagraphs = [] }) {
  // every byte of a non-ASCII character escaped: a double-byte code page's trail byte may be ASCII
  const escapeBytes = (text) =>
    [...text]
      .map((character) => (character.charCodeAt(0) < 0x80 ? ('\\{}'.includes(character) ? `\\${character}` : character) : [...iconv.encode(character, `cp${codePage}`)].map((byte) => `\\'${byte.toString(16).padStart(2, '0')}`).join('')))
      .join('');
  const escapeUnicode = (text) =>
    [...text]
      .map((character) => {
        const code = character.codePointAt(0);
        if (code < 0x80) return '\\{}'.includes(character) ? `\\${character}` : character;
        const units = code > 0xffff ? [0xd800 + ((code - 0x10000) >> 10), 0xdc00 + ((code - 0x10000) & 0x3ff)] : [code];
        return units.map((unit) => `\\u${unit > 0x7fff ? unit - 0x10000 : unit}?`).join('');
      })
      .join('');
  const body = [
    ...paragraphs.map((text) => `{\\f1 ${escapeBytes(text)}}\\par`),
    ...unicodeParagraphs.map((text) => `{\\f0\\uc1 ${escapeUnicode(text)}}\\par`),
  ].join('\r\n');
  return Buffer.from(`{\\rtf1\\ansi\\ansicpg${documentCodePage}\\deff0{\\fonttbl{\\f0\\fswiss\\fcharset0 DejaVu Sans;}{\\f1\\fnil\\fcharset${fontCharset} ${escapeBytes(fontName)};}}\r\n\\viewkind4\\uc1\\pard\\fs24\r\n${body}\r\n}`, 'latin1');
}

// ---- plain text ----

export function textInEncoding(text, encoding) {
  return iconv.encode(text.replace(/\r?\n/g, '\r\n'), encoding);
}
