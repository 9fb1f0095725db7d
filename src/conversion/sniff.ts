import { open } from 'node:fs/promises';
import { isUtf8, legacyEncodingOf, sevenBitEncodingOf, type LegacyTextEncoding } from './text-encoding.js';

/** The real type of a document, from its bytes — never its name. */
export const SNIFFED_TYPES = [
  'pdf',
  'png',
  'jpeg',
  'tiff',
  'gif',
  'bmp',
  'webp',
  'avif',
  'heic',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'odp',
  'doc',
  'xls',
  'ppt',
  'pub',
  'vsd',
  'vsdx',
  'msg',
  'encrypted-office',
  'rtf',
  'eml',
  'text',
  'zip',
  'unknown',
] as const;

export type SniffedType = (typeof SNIFFED_TYPES)[number];

/** WHATWG labels: `new TextDecoder(name)` decodes each. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | LegacyTextEncoding;

export interface SniffResult {
  readonly type: SniffedType;
  readonly mimeType: string;
  /** For `text` (and `eml`): how the bytes are encoded. */
  readonly textEncoding?: TextEncodingName;
  /** For `doc`, `xls` and `ppt`: the file says it is encrypted (Excel's may use the default password). */
  readonly encrypted?: true;
}

export const MIME_TYPES: Readonly<Record<SniffedType, string>> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpeg: 'image/jpeg',
  tiff: 'image/tiff',
  gif: 'image/gif',
  bmp: 'image/bmp',
  webp: 'image/webp',
  avif: 'image/avif',
  heic: 'image/heic',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
  pub: 'application/vnd.ms-publisher',
  vsd: 'application/vnd.visio',
  vsdx: 'application/vnd.ms-visio.drawing.main+xml',
  msg: 'application/vnd.ms-outlook',
  'encrypted-office': 'application/x-ms-encrypted-package',
  rtf: 'application/rtf',
  eml: 'message/rfc822',
  text: 'text/plain',
  zip: 'application/zip',
  unknown: 'application/octet-stream',
};

/** Random access to a document's bytes; sniffing reads only a few small windows. */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

const HEAD_BYTES = 64 * 1024;
const MAX_CENTRAL_DIRECTORY_BYTES = 8 * 1024 * 1024;
const MAX_DIRECTORY_SECTORS = 64;

export async function sniffFile(path: string): Promise<SniffResult> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    return await sniffSource({
      size,
      async read(offset, length) {
        const start = Math.max(0, Math.min(offset, size));
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - start)));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
        return buffer.subarray(0, bytesRead);
      },
    });
  } finally {
    await handle.close();
  }
}

export function sniffBytes(bytes: Uint8Array): Promise<SniffResult> {
  return sniffSource({
    size: bytes.length,
    read: (offset, length) => Promise.resolve(bytes.subarray(Math.max(0, offset), Math.max(0, offset) + Math.max(0, length))),
  });
}

export async function sniffSource(source: ByteSource): Promise<SniffResult> {
  const head = await source.read(0, HEAD_BYTES);
  if (startsWith(head, OLE2_SIGNATURE)) return sniffCompoundFile(source, head);
  const type = await detect(source, head);
  if (type === 'text' || type === 'eml') return { type, mimeType: MIME_TYPES[type], textEncoding: textEncodingOf(head) ?? 'utf-8' };
  return { type, mimeType: MIME_TYPES[type] };
}

const OLE2_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const;

async function detect(source: ByteSource, head: Uint8Array): Promise<SniffedType> {
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d]) || indexOfAscii(head.subarray(0, 1024), '%PDF-') >= 0) return 'pdf';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWithAscii(head, 'GIF87a') || startsWithAscii(head, 'GIF89a')) return 'gif';
  if (isBmp(head, source.size)) return 'bmp';
  if (startsWithAscii(head, 'RIFF') && readAscii(head, 8, 4) === 'WEBP') return 'webp';
  const isoMedia = isoMediaType(head);
  if (isoMedia) return isoMedia;
  if (startsWithAscii(head, '{\\rtf')) return 'rtf';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return sniffZip(source, head);
  if (await isHeaderlessPdf(source, head)) return 'pdf';
  const encoding = textEncodingOf(head);
  if (!encoding) return 'unknown';
  return looksLikeEmail(decodeHead(head, encoding)) ? 'eml' : 'text';
}

// ---- images and PDFs recognised by structure rather than a magic number at byte 0 ----

const BMP_INFO_HEADER_SIZES = new Set([12, 16, 40, 52, 56, 64, 108, 124]);

function isBmp(head: Uint8Array, size: number): boolean {
  if (head.length < 26 || !startsWithAscii(head, 'BM')) return false;
  const view = dataView(head);
  const pixelOffset = view.getUint32(10, true);
  return BMP_INFO_HEADER_SIZES.has(view.getUint32(14, true)) && pixelOffset >= 26 && pixelOffset <= size;
}

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);

/** ISO base media (`ftyp` box): AVIF, or HEIC/HEIF, by the major and compatible brands. */
function isoMediaType(head: Uint8Array): SniffedType | undefined {
  if (head.length < 16 || readAscii(head, 4, 4) !== 'ftyp') return undefined;
  const boxSize = Math.min(dataView(head).getUint32(0, false), head.length, 256);
  const brands = [readAscii(head, 8, 4)];
  for (let position = 16; position + 4 <= boxSize; position += 4) brands.push(readAscii(head, position, 4));
  if (brands.some((brand) => brand === 'avif' || brand === 'avis')) return 'avif';
  if (brands.some((brand) => HEIF_BRANDS.has(brand))) return 'heic';
  return undefined;
}

const TAIL_BYTES = 2048;

/**
 * A PDF whose `%PDF-` header is missing (cut off, or never written): it opens with an indirect object
 * and has the body and trailer keywords. qpdf rebuilds it; read as text it would index raw PDF syntax.
 */
async function isHeaderlessPdf(source: ByteSource, head: Uint8Array): Promise<boolean> {
  const start = readAscii(head, 0, 1024).replace(/^(?:\s|%[^\r\n]*[\r\n])*/, '');
  if (!/^\d{1,10}\s+\d{1,5}\s+obj\b/.test(start)) return false;
  const text = readAscii(head, 0, head.length);
  if (!text.includes('endobj')) return false;
  const tail = readAscii(await source.read(Math.max(0, source.size - TAIL_BYTES), TAIL_BYTES), 0, TAIL_BYTES);
  return /startxref|trailer|\bxref\b/.test(tail) || /\btrailer\b|\bxref\b/.test(text);
}

// ---- ZIP containers: OOXML by part names, ODF by its mimetype entry ----

async function sniffZip(source: ByteSource, head: Uint8Array): Promise<SniffedType> {
  // ODF puts an uncompressed `mimetype` entry first; its content starts at byte 38
  if (readAscii(head, 30, 8) === 'mimetype') {
    const odf = odfType(readAscii(head, 38, 80));
    if (odf) return odf;
  }
  const names = await zipEntryNames(source);
  const has = (name: string) => names.has(name);
  if (has('[Content_Types].xml')) {
    if (has('word/document.xml') || [...names].some((name) => /^word\/document\d*\.xml$/.test(name))) return 'docx';
    if (has('xl/workbook.xml')) return 'xlsx';
    if (has('ppt/presentation.xml')) return 'pptx';
    if (has('visio/document.xml')) return 'vsdx';
  }
  if (has('mimetype') && has('content.xml')) {
    const odf = odfType(await storedEntryText(source, 'mimetype'));
    if (odf) return odf;
  }
  return 'zip';
}

function odfType(mimeType: string | undefined): SniffedType | undefined {
  if (!mimeType) return undefined;
  if (mimeType.startsWith('application/vnd.oasis.opendocument.text')) return 'odt';
  if (mimeType.startsWith('application/vnd.oasis.opendocument.spreadsheet')) return 'ods';
  if (mimeType.startsWith('application/vnd.oasis.opendocument.presentation')) return 'odp';
  return undefined;
}

interface CentralDirectory {
  readonly names: Set<string>;
  readonly localOffsets: Map<string, number>;
}

async function centralDirectory(source: ByteSource): Promise<CentralDirectory | undefined> {
  const tailLength = Math.min(source.size, 65_557);
  const tailStart = source.size - tailLength;
  const tail = await source.read(tailStart, tailLength);
  let eocd = -1;
  for (let index = tail.length - 22; index >= 0; index -= 1) {
    if (tail[index] === 0x50 && tail[index + 1] === 0x4b && tail[index + 2] === 0x05 && tail[index + 3] === 0x06) {
      eocd = index;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const view = dataView(tail);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  if (size > MAX_CENTRAL_DIRECTORY_BYTES || offset + size > source.size) return undefined;
  const directory = await source.read(offset, size);
  const directoryView = dataView(directory);
  const names = new Set<string>();
  const localOffsets = new Map<string, number>();
  let position = 0;
  while (position + 46 <= directory.length && directoryView.getUint32(position, true) === 0x02014b50) {
    const nameLength = directoryView.getUint16(position + 28, true);
    const extraLength = directoryView.getUint16(position + 30, true);
    const commentLength = directoryView.getUint16(position + 32, true);
    const name = Buffer.from(directory.subarray(position + 46, position + 46 + nameLength)).toString('utf8');
    names.add(name);
    localOffsets.set(name, directoryView.getUint32(position + 42, true));
    position += 46 + nameLength + extraLength + commentLength;
  }
  return { names, localOffsets };
}

async function zipEntryNames(source: ByteSource): Promise<Set<string>> {
  const directory = await centralDirectory(source);
  if (directory) return directory.names;
  // no readable central directory (truncated, zip64): walk the local headers at the start instead
  const names = new Set<string>();
  let position = 0;
  for (let count = 0; count < 64 && position + 30 <= source.size; count += 1) {
    const header = await source.read(position, 30);
    if (header.length < 30) break;
    const view = dataView(header);
    if (view.getUint32(0, true) !== 0x04034b50) break;
    const compressedSize = view.getUint32(18, true);
    const nameLength = view.getUint16(26, true);
    const extraLength = view.getUint16(28, true);
    names.add(Buffer.from(await source.read(position + 30, nameLength)).toString('utf8'));
    if (view.getUint16(6, true) & 0x08) break; // sizes follow the data: cannot skip ahead
    position += 30 + nameLength + extraLength + compressedSize;
  }
  return names;
}

async function storedEntryText(source: ByteSource, name: string): Promise<string | undefined> {
  const directory = await centralDirectory(source);
  const offset = directory?.localOffsets.get(name);
  if (offset === undefined) return undefined;
  const header = await source.read(offset, 30);
  if (header.length < 30) return undefined;
  const view = dataView(header);
  if (view.getUint32(0, true) !== 0x04034b50 || view.getUint16(8, true) !== 0) return undefined;
  const length = Math.min(view.getUint32(18, true), 200);
  const data = await source.read(offset + 30 + view.getUint16(26, true) + view.getUint16(28, true), length);
  return Buffer.from(data).toString('latin1');
}

// ---- OLE2 compound files: tell Outlook MSG, Office, Publisher and Visio apart by stream names ----

async function sniffCompoundFile(source: ByteSource, head: Uint8Array): Promise<SniffResult> {
  const file = await compoundFile(source, head);
  const result = (type: SniffedType, encrypted = false): SniffResult => (encrypted ? { type, mimeType: MIME_TYPES[type], encrypted } : { type, mimeType: MIME_TYPES[type] });
  if (!file) return result('unknown');
  const has = (name: string) => file.entries.has(name);
  if (has('__properties_version1.0') || [...file.entries.keys()].some((name) => name.startsWith('__substg1.0_'))) return result('msg');
  if (has('EncryptedPackage') || has('EncryptionInfo')) return result('encrypted-office');
  if (has('WordDocument')) return result('doc', await wordIsEncrypted(file));
  if (has('Workbook') || has('Book')) return result('xls', await workbookIsEncrypted(file));
  if (has('PowerPoint Document')) return result('ppt', await presentationIsEncrypted(file));
  if (has('VisioDocument')) return result('vsd');
  if (has('Quill') && has('Contents')) return result('pub');
  return result('unknown');
}

/** Word's FIB: fEncrypted (RC4 or CryptoAPI) or fObfuscated (XOR) in the flags at 0x0A. */
async function wordIsEncrypted(file: CompoundFile): Promise<boolean> {
  const fib = await file.readStream('WordDocument', 12);
  if (fib.length < 12) return false;
  const flags = dataView(fib).getUint16(0x0a, true);
  return (flags & 0x0100) !== 0;
}

/** Excel: a FILEPASS record (0x002F) in the workbook globals, right after the BOF. */
async function workbookIsEncrypted(file: CompoundFile): Promise<boolean> {
  const stream = await file.readStream(file.entries.has('Workbook') ? 'Workbook' : 'Book', 512);
  const view = dataView(stream);
  let position = 0;
  for (let count = 0; count < 16 && position + 4 <= stream.length; count += 1) {
    const type = view.getUint16(position, true);
    if (type === 0x002f) return true;
    if (type === 0x000a) return false; // EOF of the globals
    position += 4 + view.getUint16(position + 2, true);
  }
  return false;
}

/** PowerPoint: the CurrentUser atom's header token says whether the document is encrypted. */
async function presentationIsEncrypted(file: CompoundFile): Promise<boolean> {
  if (file.entries.has('EncryptedSummary')) return true;
  const atom = await file.readStream('Current User', 16);
  return atom.length >= 16 && dataView(atom).getUint32(12, true) === 0xf3d1c4df;
}

interface CompoundEntry {
  readonly start: number;
  readonly size: number;
}

interface CompoundFile {
  /** Top-level and nested entries by name (the first of a name wins). */
  readonly entries: ReadonlyMap<string, CompoundEntry>;
  /** Up to the first `length` bytes of a stream, at most its first sector (or mini sector). */
  readStream(name: string, length: number): Promise<Uint8Array>;
}

async function compoundFile(source: ByteSource, head: Uint8Array): Promise<CompoundFile | undefined> {
  if (head.length < 512) return undefined;
  const view = dataView(head);
  const sectorShift = view.getUint16(0x1e, true);
  if (sectorShift !== 9 && sectorShift !== 12) return undefined;
  const sectorSize = 1 << sectorShift;
  const miniSectorSize = 1 << view.getUint16(0x20, true);
  const miniCutoff = view.getUint32(0x38, true);
  const firstMiniFatSector = view.getUint32(0x3c, true);
  const fatSectors = Array.from({ length: 109 }, (_, index) => view.getUint32(0x4c + index * 4, true));
  const entriesPerFatSector = sectorSize / 4;
  const sectorOffset = (sector: number) => (sector + 1) * sectorSize;
  const isChainEnd = (sector: number | undefined) => sector === undefined || sector >= 0xfffffffa;

  const nextSector = async (sector: number): Promise<number | undefined> => {
    const fatSector = fatSectors[Math.floor(sector / entriesPerFatSector)];
    if (isChainEnd(fatSector)) return undefined;
    const fat = await source.read(sectorOffset(fatSector) + (sector % entriesPerFatSector) * 4, 4);
    return fat.length < 4 ? undefined : dataView(fat).getUint32(0, true);
  };
  /** The sector `steps` links along a chain (bounded: sniffing only looks near the start). */
  const walk = async (start: number, steps: number): Promise<number | undefined> => {
    let sector: number | undefined = start;
    for (let step = 0; step < steps && step < MAX_DIRECTORY_SECTORS && !isChainEnd(sector); step += 1) sector = await nextSector(sector!);
    return isChainEnd(sector) ? undefined : sector;
  };

  const entries = new Map<string, CompoundEntry>();
  let root: CompoundEntry | undefined;
  let sector: number | undefined = view.getUint32(0x30, true);
  const seen = new Set<number>();
  for (let count = 0; count < MAX_DIRECTORY_SECTORS && !isChainEnd(sector) && !seen.has(sector!); count += 1) {
    seen.add(sector!);
    const directory = await source.read(sectorOffset(sector!), sectorSize);
    const directoryView = dataView(directory);
    for (let entry = 0; entry + 128 <= directory.length; entry += 128) {
      const nameLength = directoryView.getUint16(entry + 0x40, true);
      if (nameLength < 2 || nameLength > 64) continue;
      const name = Buffer.from(directory.subarray(entry, entry + nameLength - 2)).toString('utf16le');
      const found = { start: directoryView.getUint32(entry + 0x74, true), size: directoryView.getUint32(entry + 0x78, true) };
      if (directory[entry + 0x42] === 5 && !root) root = found;
      if (!entries.has(name)) entries.set(name, found);
    }
    sector = await nextSector(sector!);
  }

  const readStream = async (name: string, length: number): Promise<Uint8Array> => {
    const entry = entries.get(name);
    if (!entry) return new Uint8Array(0);
    if (entry.size >= miniCutoff) return source.read(sectorOffset(entry.start), Math.min(length, entry.size, sectorSize));
    // a small stream lives in the mini stream, inside the root entry's chain of sectors
    const wanted = Math.min(length, entry.size, miniSectorSize);
    if (!root || isChainEnd(firstMiniFatSector)) return new Uint8Array(0);
    const miniOffset = entry.start * miniSectorSize;
    const container = await walk(root.start, Math.floor(miniOffset / sectorSize));
    if (container === undefined) return new Uint8Array(0);
    return source.read(sectorOffset(container) + (miniOffset % sectorSize), wanted);
  };
  return { entries, readStream };
}

// ---- text and RFC 822 ----

/** The encoding of bytes that look like text, or undefined for binary. */
export function textEncodingOf(head: Uint8Array): TextEncodingName | undefined {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return 'utf-8';
  if (startsWith(head, [0xff, 0xfe]) && !startsWith(head, [0xff, 0xfe, 0x00, 0x00])) return 'utf-16le';
  if (startsWith(head, [0xfe, 0xff])) return 'utf-16be';
  if (head.length === 0) return 'utf-8';
  const utf16 = utf16WithoutBom(head);
  if (utf16) return utf16;
  if (head.includes(0)) return undefined;
  if (controlRatio(head) > 0.01) return undefined;
  // a sequence cut off by the sniffing window is fine
  if (isUtf8(head, head.length >= HEAD_BYTES)) return sevenBitEncodingOf(head) ?? 'utf-8';
  const legacy = legacyEncodingOf(head);
  if (legacy) return legacy;
  // bytes Windows-1252 leaves undefined are a sign of binary data
  if (head.some((byte) => byte === 0x81 || byte === 0x8d || byte === 0x8f || byte === 0x90 || byte === 0x9d)) return undefined;
  return 'windows-1252';
}

function utf16WithoutBom(head: Uint8Array): TextEncodingName | undefined {
  const sample = head.subarray(0, Math.min(head.length, 4096) & ~1);
  if (sample.length < 8) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let index = 0; index < sample.length; index += 2) {
    if (sample[index] === 0) evenZeros += 1;
    if (sample[index + 1] === 0) oddZeros += 1;
  }
  const pairs = sample.length / 2;
  if (oddZeros / pairs > 0.6 && evenZeros / pairs < 0.05) return 'utf-16le';
  if (evenZeros / pairs > 0.6 && oddZeros / pairs < 0.05) return 'utf-16be';
  return undefined;
}

function controlRatio(head: Uint8Array): number {
  let controls = 0;
  for (const byte of head) {
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1b) || byte === 0x7f) controls += 1;
  }
  return controls / head.length;
}

function decodeHead(head: Uint8Array, encoding: TextEncodingName): string {
  if (encoding === 'utf-16le') return Buffer.from(head).toString('utf16le');
  if (encoding === 'utf-16be') return Buffer.from(head.subarray(0, head.length & ~1)).swap16().toString('utf16le');
  // every other encoding we tell keeps ASCII as ASCII, and headers are ASCII
  return Buffer.from(head).toString('latin1');
}

const EMAIL_HEADERS = new Set(['from', 'to', 'cc', 'subject', 'date', 'message-id', 'received', 'mime-version', 'return-path', 'delivered-to', 'reply-to', 'content-type', 'sender', 'in-reply-to', 'references', 'x-mailer', 'dkim-signature', 'authentication-results']);
const ADDRESSING_HEADERS = new Set(['from', 'to', 'received', 'message-id', 'mime-version', 'return-path', 'delivered-to', 'sender']);

/** RFC 822: the text opens with a block of `Name: value` header lines (with folded continuations). */
export function looksLikeEmail(text: string): boolean {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.startsWith('From ')) lines.shift(); // mbox separator
  const known = new Set<string>();
  let headerLines = 0;
  let multipart = false;
  const complete = lines.length > 1 ? lines.slice(0, -1) : lines;
  for (const line of complete) {
    if (line === '') break;
    if (/^[ \t]/.test(line) && headerLines > 0) continue;
    const match = /^([\x21-\x39\x3b-\x7e]+):/.exec(line);
    if (!match) return false;
    headerLines += 1;
    const name = match[1].toLowerCase();
    if (EMAIL_HEADERS.has(name)) known.add(name);
    if (name === 'content-type' && /^content-type:\s*multipart\//i.test(line)) multipart = true;
  }
  // a bare MIME entity (only a multipart Content-Type) is a message too
  return (known.size >= 2 && [...known].some((name) => ADDRESSING_HEADERS.has(name))) || (multipart && headerLines > 0);
}

// ---- bytes ----

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}

function startsWithAscii(bytes: Uint8Array, prefix: string): boolean {
  return readAscii(bytes, 0, prefix.length) === prefix;
}

function readAscii(bytes: Uint8Array, offset: number, length: number): string {
  return Buffer.from(bytes.subarray(offset, offset + length)).toString('latin1');
}

function indexOfAscii(bytes: Uint8Array, needle: string): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(needle, 0, 'latin1');
}

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
