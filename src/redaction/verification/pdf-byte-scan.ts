/**
 * Scans the bytes of a PDF for redacted words, without trusting its cross-reference: every
 * `stream … endstream` body in the file is found, decoded where it can be and scanned, and so is all
 * the object syntax between them. Older revisions and orphaned objects are therefore read too.
 */
import { decodeStream, inflateIfZlib } from './pdf-stream-decode.js';
import { tokenizePdfSyntax, type DecodedString } from './pdf-syntax-tokens.js';
import { PDF_KEYWORDS, PDF_NAMES } from './pdf-vocabulary.js';
import { foldAscii, hexPattern, MIN_BINARY_NEEDLE_BYTES, type Needle } from './redacted-needles.js';

export interface StringFinding {
  /** Where, in words that never quote the document: "stream 12 0 R", "object 4 0 R", "file structure". */
  readonly location: string;
  readonly stringIndex: number;
  /** How it was written: "plain", "UTF-16BE", "hex string, UTF-16BE", "TJ-split plain", … */
  readonly encoding: string;
}

export interface RevisionFacts {
  /** `%%EOF` markers outside stream bodies. */
  readonly eofMarkers: number;
  /** `/Prev` keys outside stream bodies (trailers and xref streams of incremental updates). */
  readonly prevKeys: number;
}

export interface ByteScanResult {
  readonly findings: StringFinding[];
  readonly revisions: RevisionFacts;
  readonly streamCount: number;
  /** Streams whose filters could not all be applied here (scanned as far as decoding got). */
  readonly partlyDecodedStreams: number;
}

export interface ByteScanOptions {
  /** Appended to every location, e.g. " (expanded by qpdf)". */
  readonly locationSuffix?: string;
  /** Embedded PDFs are scanned recursively to this depth. */
  readonly maxDepth?: number;
  /** The bytes are qpdf's QDF output, whose own "%% …" comment lines are not document content. */
  readonly qpdfComments?: boolean;
}

const MAX_FINDINGS = 200;
/** Streams whose data is not PDF syntax: every word in them is content. */
const NOT_PDF_SYNTAX = /\/(?:EmbeddedFile|Metadata|XML|JavaScript|JS)\b/;
const TEXT_SAMPLE_BYTES = 64 * 1024;

interface StreamSpan {
  readonly dictStart: number;
  readonly bodyStart: number;
  readonly bodyEnd: number;
  readonly next: number;
}

/** Mostly printable ASCII: PDF syntax, content streams, XML. Images and font programs are not. */
export function isTextLike(data: Buffer): boolean {
  const sample = data.subarray(0, TEXT_SAMPLE_BYTES);
  if (sample.length === 0) return true;
  let printable = 0;
  for (const byte of sample) if ((byte >= 0x20 && byte < 0x7f) || byte === 0x0a || byte === 0x0d || byte === 0x09) printable += 1;
  return printable / sample.length >= 0.9;
}

const isWhite = (byte: number | undefined): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c || byte === 0x00;

function findStreams(bytes: Buffer): StreamSpan[] {
  const spans: StreamSpan[] = [];
  let from = 0;
  let previousEnd = 0;
  for (;;) {
    const at = bytes.indexOf('stream', from, 'latin1');
    if (at < 0) break;
    from = at + 6;
    if (at >= 3 && bytes.toString('latin1', at - 3, at) === 'end') continue;
    let back = at - 1;
    while (back >= 0 && isWhite(bytes[back])) back -= 1;
    if (back < 1 || bytes[back] !== 0x3e || bytes[back - 1] !== 0x3e) continue;
    let bodyStart = at + 6;
    if (bytes[bodyStart] === 0x0d) bodyStart += 1;
    if (bytes[bodyStart] === 0x0a) bodyStart += 1;
    const dictStart = Math.max(previousEnd, dictionaryStart(bytes, at, previousEnd));
    const dict = bytes.toString('latin1', dictStart, at);
    const bodyEnd = streamEnd(bytes, bodyStart, dict);
    const endKeyword = bytes.indexOf('endstream', bodyEnd, 'latin1');
    const next = endKeyword >= 0 ? endKeyword + 9 : bytes.length;
    spans.push({ dictStart, bodyStart, bodyEnd, next });
    from = next;
    previousEnd = next;
  }
  return spans;
}

function dictionaryStart(bytes: Buffer, streamAt: number, floor: number): number {
  const windowStart = Math.max(floor, streamAt - 64 * 1024);
  const window = bytes.toString('latin1', windowStart, streamAt);
  const objectAt = window.lastIndexOf('obj');
  return objectAt >= 0 ? windowStart + objectAt : windowStart;
}

function streamEnd(bytes: Buffer, bodyStart: number, dict: string): number {
  const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
  if (length) {
    const end = bodyStart + Number(length[1]);
    let after = end;
    while (after < bytes.length && isWhite(bytes[after])) after += 1;
    if (end <= bytes.length && bytes.toString('latin1', after, after + 9) === 'endstream') return end;
  }
  const endKeyword = bytes.indexOf('endstream', bodyStart, 'latin1');
  if (endKeyword < 0) return bytes.length;
  let end = endKeyword;
  if (bytes[end - 1] === 0x0a) end -= 1;
  if (bytes[end - 1] === 0x0d) end -= 1;
  return Math.max(bodyStart, end);
}

function filtersOf(dict: string): string[] {
  const match = /\/Filter\s*(\[[^\]]*\]|\/[^\s/<>[\]()]+)/.exec(dict);
  if (!match) return [];
  return [...match[1].matchAll(/\/([^\s/<>[\]()]+)/g)].map((name) => name[1]);
}

/** "12 0 R" for the last object header in the text, or undefined. */
function lastObjectRef(text: string): string | undefined {
  const headers = [...text.matchAll(/(\d+)\s+(\d+)\s+obj\b/g)];
  const last = headers.at(-1);
  if (!last) return undefined;
  // qpdf's QDF output renumbers objects and notes the original number in a comment just before
  const original = /%% Original object ID: (\d+) (\d+)\s*$/.exec(text.slice(0, last.index));
  return original ? `${original[1]} ${original[2]} R` : `${last[1]} ${last[2]} R`;
}

class FindingSink {
  readonly findings: StringFinding[] = [];
  private readonly seen = new Set<string>();

  add(location: string, stringIndex: number, encoding: string): void {
    const key = `${location}\u0000${stringIndex}\u0000${encoding}`;
    if (this.seen.has(key) || this.findings.length >= MAX_FINDINGS) return;
    this.seen.add(key);
    this.findings.push({ location, stringIndex, encoding });
  }
}

const isDelimiter = (byte: number | undefined): boolean => byte !== undefined && '()<>[]{}/%'.includes(String.fromCharCode(byte));
const isRegular = (byte: number | undefined): boolean => byte !== undefined && !isWhite(byte) && !isDelimiter(byte);

const PDF_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

function isDigits(data: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i += 1) if (data[i] < 0x30 || data[i] > 0x39) return false;
  return true;
}

/** Whether this occurrence is the file's own grammar: a standard name, a keyword or operator, a header or qpdf's comments. */
function isPdfGrammar(data: Buffer, start: number, end: number, qpdfComments: boolean): boolean {
  for (let i = start; i < end; i += 1) if (!isRegular(data[i])) return false;
  let tokenStart = start;
  while (isRegular(data[tokenStart - 1])) tokenStart -= 1;
  let tokenEnd = end;
  while (isRegular(data[tokenEnd])) tokenEnd += 1;
  const token = data.toString('latin1', tokenStart, tokenEnd);
  const before = data[tokenStart - 1];
  // Digits in a number (coordinates, lengths, offsets) or a name (pdf-lib's "F1-4032") show nothing:
  // a number is shown only through a string, and strings are decoded and scanned on their own.
  if (isDigits(data, start, end) && (before === 0x2f || PDF_NUMBER.test(token))) return true;
  if (before === 0x2f) return PDF_NAMES.has(token);
  if (before === 0x25) {
    if (token === 'EOF' || token.startsWith('PDF-')) return true;
  }
  if (qpdfComments) {
    const lineStart = data.lastIndexOf(0x0a, start) + 1;
    if (data.toString('latin1', lineStart, lineStart + 3) === '%% ') return true;
  }
  return PDF_KEYWORDS.has(token);
}

interface RegionKind {
  readonly textLike: boolean;
  /** PDF syntax (objects, content streams), where standard names and keywords are grammar; false for attachments and XML. */
  readonly pdfGrammar: boolean;
  /** qpdf's QDF output annotates objects with "%% …" comment lines of its own. */
  readonly qpdfComments: boolean;
}

function scanRegion(data: Buffer, kind: RegionKind, needles: readonly Needle[], report: (offset: number, needle: Needle, encoding: string) => void): void {
  const folded = foldAscii(data);
  // UTF-16 text matches both byte orders' needles, one byte apart: a byte-order mark decides which to name
  const littleEndian = data[0] === 0xff && data[1] === 0xfe;
  const ordered = littleEndian ? [...needles].sort((a, b) => Number(b.encoding === 'UTF-16LE') - Number(a.encoding === 'UTF-16LE')) : needles;
  const found = new Set<Needle>();
  for (const needle of ordered) {
    if (!kind.textLike && needle.bytes.length < MIN_BINARY_NEEDLE_BYTES) continue;
    const singleByte = needle.encoding === 'plain' || needle.encoding === 'UTF-8';
    for (let at = folded.indexOf(needle.bytes); at >= 0; at = folded.indexOf(needle.bytes, at + 1)) {
      if (kind.textLike && kind.pdfGrammar && singleByte && isPdfGrammar(data, at, at + needle.bytes.length, kind.qpdfComments)) continue;
      // Digits inside a <hex string> are its encoding, not text: the string is decoded and scanned below.
      if (kind.textLike && kind.pdfGrammar && singleByte && insideHexString(data, at, at + needle.bytes.length)) continue;
      found.add(needle);
      report(at, needle, needle.encoding);
      break;
    }
  }
  if (!kind.textLike) return;
  const text = data.toString('latin1');
  for (const needle of needles) {
    if (needle.encoding === 'UTF-16LE') continue;
    const match = hexPattern(needle).exec(text);
    if (match) report(match.index, needle, `hex digits, ${needle.encoding}`);
  }
  // a literal string adds news only when escapes hid the word from the direct search
  const unseen = needles.filter((needle) => !found.has(needle));
  for (const decoded of tokenizePdfSyntax(data).strings) scanString(decoded, decoded.form === 'literal' ? unseen : needles, report);
}

const isHexOrSpace = (byte: number): boolean =>
  (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66) || byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === 0x0c;

/** Whether [start, end) lies within a hex string `<…>` (a single '<', not a dictionary's '<<'). */
function insideHexString(data: Buffer, start: number, end: number): boolean {
  let open = start - 1;
  while (open >= 0 && isHexOrSpace(data[open])) open -= 1;
  if (open < 0 || data[open] !== 0x3c || (open > 0 && data[open - 1] === 0x3c)) return false;
  let close = end;
  while (close < data.length && isHexOrSpace(data[close])) close += 1;
  return close < data.length && data[close] === 0x3e;
}

function scanString(decoded: DecodedString, needles: readonly Needle[], report: (offset: number, needle: Needle, encoding: string) => void): void {
  if (decoded.bytes.length === 0) return;
  const folded = foldAscii(decoded.bytes);
  for (const needle of needles) {
    if (folded.indexOf(needle.bytes) < 0) continue;
    const form = decoded.form === 'TJ-split' ? 'TJ-split' : decoded.form === 'hex' ? 'hex string' : 'literal string';
    report(decoded.offset, needle, `${form}, ${needle.encoding}`);
  }
}

export function scanPdfBytes(bytes: Buffer, needles: readonly Needle[], options: ByteScanOptions = {}): ByteScanResult {
  const sink = new FindingSink();
  const result = scanInto(bytes, needles, sink, { suffix: options.locationSuffix ?? '', prefix: '', depth: options.maxDepth ?? 2, qpdfComments: options.qpdfComments ?? false });
  return { ...result, findings: sink.findings };
}

function scanInto(
  bytes: Buffer,
  needles: readonly Needle[],
  sink: FindingSink,
  place: { suffix: string; prefix: string; depth: number; qpdfComments: boolean },
): Omit<ByteScanResult, 'findings'> {
  const { suffix, prefix, depth, qpdfComments } = place;
  const spans = findStreams(bytes);
  let partlyDecodedStreams = 0;

  // the object syntax: everything outside stream bodies, kept at its own offsets
  const syntaxParts: Buffer[] = [];
  let cursor = 0;
  for (const span of [...spans, { bodyStart: bytes.length, next: bytes.length }]) {
    syntaxParts.push(bytes.subarray(cursor, span.bodyStart), Buffer.from('\n'));
    cursor = span.next;
  }
  const syntax = Buffer.concat(syntaxParts);
  const syntaxText = syntax.toString('latin1');
  const locateSyntax = (offset: number): string => {
    const ref = lastObjectRef(syntaxText.slice(Math.max(0, offset - 64 * 1024), offset + 1));
    return `${prefix}${ref ? `object ${ref}` : 'file structure'}${suffix}`;
  };
  scanRegion(syntax, { textLike: true, pdfGrammar: true, qpdfComments }, needles, (offset, needle, encoding) => sink.add(locateSyntax(offset), needle.stringIndex, encoding));

  for (const span of spans) {
    const dict = bytes.toString('latin1', span.dictStart, span.bodyStart);
    const ref = lastObjectRef(bytes.toString('latin1', Math.max(0, span.dictStart - 200), span.bodyStart));
    const location = `${prefix}stream${ref ? ` ${ref}` : ` at byte ${span.bodyStart}`}${suffix}`;
    const body = bytes.subarray(span.bodyStart, span.bodyEnd);
    const report = (_offset: number, needle: Needle, encoding: string): void => sink.add(location, needle.stringIndex, encoding);
    const filters = filtersOf(dict);
    const pdfGrammar = !NOT_PDF_SYNTAX.test(dict);
    const decoded = filters.length > 0 ? decodeStream(body, filters) : { data: body, complete: true };
    if (!decoded.complete) partlyDecodedStreams += 1;
    const variants = [decoded.data];
    if (decoded.data !== body) variants.push(body);
    const hidden = filters.length === 0 ? inflateIfZlib(body) : undefined;
    if (hidden) variants.push(hidden);
    for (const data of variants) {
      scanRegion(data, { textLike: isTextLike(data), pdfGrammar, qpdfComments }, needles, report);
      if (depth > 0 && data.subarray(0, 1024).includes('%PDF-')) {
        scanInto(data, needles, sink, { suffix, prefix: `${location} > embedded PDF > `, depth: depth - 1, qpdfComments: false });
      }
    }
  }

  let eofMarkers = 0;
  for (let at = syntax.indexOf('%%EOF'); at >= 0; at = syntax.indexOf('%%EOF', at + 5)) eofMarkers += 1;
  const prevKeys = tokenizePdfSyntax(syntax).names.filter((name) => name.name === 'Prev').length;
  return { revisions: { eofMarkers, prevKeys }, streamCount: spans.length, partlyDecodedStreams };
}
