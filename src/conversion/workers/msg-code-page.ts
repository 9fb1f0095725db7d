/**
 * Outlook stores non-Unicode (PT_STRING8) properties and the binary HTML body in a Windows code page the
 * message declares: PR_MESSAGE_CODEPAGE (0x3FFD) for the 8-bit properties, PR_INTERNET_CPID (0x3FDE)
 * for the body as it came off the wire, else the code page of the message's locale (PR_MESSAGE_LOCALE_ID).
 */
import type { FieldsData } from '@kenjiuno/msgreader';
import { getLcidToAnsiCodePages } from '@kenjiuno/msgreader/lib/Defs.js';
import type { ParserConfig } from '@kenjiuno/msgreader/lib/MsgReader.js';
import iconv from 'iconv-lite';

export interface DeclaredCodePages {
  readonly messageCodepage?: number;
  readonly internetCodepage?: number;
  readonly messageLocaleId?: number;
}

/** Windows code page numbers whose iconv-lite name is not `cp<number>`. */
const NAMED: Readonly<Record<number, string>> = {
  65001: 'utf8',
  1200: 'utf16le',
  1201: 'utf16be',
  20127: 'ascii',
  20866: 'koi8-r',
  21866: 'koi8-u',
  28591: 'iso-8859-1',
  28592: 'iso-8859-2',
  28595: 'iso-8859-5',
  28596: 'iso-8859-6',
  28597: 'iso-8859-7',
  28598: 'iso-8859-8',
  28599: 'iso-8859-9',
  28603: 'iso-8859-13',
  28605: 'iso-8859-15',
  38598: 'iso-8859-8',
  932: 'shift_jis',
  936: 'gbk',
  949: 'cp949',
  950: 'big5',
  51932: 'euc-jp',
  51936: 'gbk',
  51949: 'euc-kr',
  52936: 'gbk',
  54936: 'gb18030',
};

/** The iconv-lite name of a Windows code page, or undefined when iconv-lite cannot decode it. */
export function iconvNameOfCodePage(codePage: number | undefined): string | undefined {
  if (codePage === undefined || !Number.isInteger(codePage) || codePage <= 0) return undefined;
  const name = NAMED[codePage] ?? `cp${codePage}`;
  return iconv.encodingExists(name) ? name : undefined;
}

let lcidTable: Record<number, number[]> | undefined;

function codePageOfLocale(lcid: number | undefined): number | undefined {
  if (lcid === undefined) return undefined;
  lcidTable ??= getLcidToAnsiCodePages();
  return (lcidTable[lcid] ?? lcidTable[lcid & 0x3ff])?.[0];
}

/** The code page the 8-bit string properties are in. */
export function stringCodePage(declared: DeclaredCodePages): string | undefined {
  return iconvNameOfCodePage(declared.messageCodepage) ?? iconvNameOfCodePage(declared.internetCodepage) ?? iconvNameOfCodePage(codePageOfLocale(declared.messageLocaleId));
}

/** The code page of the binary HTML body (PR_HTML), which follows the internet code page. */
export function htmlCodePage(declared: DeclaredCodePages, html: Uint8Array): string {
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(Buffer.from(html.subarray(0, 4096)).toString('latin1'))?.[1];
  return iconvNameOfCodePage(declared.internetCodepage) ?? (meta && iconv.encodingExists(meta) ? meta : undefined) ?? stringCodePage(declared) ?? 'utf8';
}

export function decodeCodePage(bytes: Uint8Array, name: string): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), name);
}

/** PT_STRING8: the property type of an 8-bit string, the low word of its tag. */
const PT_STRING8 = 0x001e;
const ASCII = Buffer.from(Array.from({ length: 0x80 }, (_, byte) => byte));

/** Whether `name` reads 7-bit bytes as ASCII, as msgreader does when it is given no code page. */
function keepsAscii(name: string): boolean {
  return iconv.decode(ASCII, name) === ASCII.toString('latin1');
}

export interface MsgFields<Reader> {
  /** The reader the fields came from: its attachments are read through it. */
  readonly reader: Reader;
  readonly fields: FieldsData;
  /** The code page the 8-bit strings were decoded in, when a second parse was needed for them. */
  readonly ansiEncoding?: string;
  /** 1, or 2 when the message holds 8-bit strings that only its code page decodes. */
  readonly parses: 1 | 2;
}

/**
 * The fields of a message. The code page properties are integers, readable before we know how to decode
 * the 8-bit strings, so a message is parsed a second time in its code page only when the first parse met
 * a PT_STRING8 string that the code page reads differently from msgreader's byte-per-character default
 * (one with a byte above 0x7F, or any when the code page is not ASCII-compatible). A Unicode message,
 * whose strings are all PT_UNICODE, is parsed once. `open` makes a fresh reader over the message with
 * the given parser configuration.
 */
export function readMsgFields<Reader extends { getFileData(): FieldsData }>(open: (config: ParserConfig) => Reader): MsgFields<Reader> {
  // msgreader shows each PT_STRING8 property twice: its entry in the folder's property stream, and its stream
  const string8 = new Map<FieldsData, Map<number, Uint8Array[]>>();
  const observe: NonNullable<ParserConfig['propertyObserver']> = (fields, tag, raw) => {
    if ((tag & 0xffff) !== PT_STRING8 || raw === null) return;
    const folder = string8.get(fields) ?? new Map<number, Uint8Array[]>();
    string8.set(fields, folder);
    folder.set(tag, [...(folder.get(tag) ?? []), raw]);
  };
  const first = open({ propertyObserver: observe });
  const fields = first.getFileData();
  if (fields.error || string8.size === 0) return { reader: first, fields, parses: 1 };
  const ansiEncoding = stringCodePage(fields);
  if (!ansiEncoding || (!hasHighByteString(string8) && keepsAscii(ansiEncoding))) return { reader: first, fields, parses: 1 };
  const second = open({ ansiEncoding });
  return { reader: second, fields: second.getFileData(), ansiEncoding, parses: 2 };
}

/** A property-stream entry of a variable-length property: its size, then four reserved zero bytes. */
function looksLikeEntry(raw: Uint8Array): boolean {
  return raw.length === 8 && raw[4] === 0 && raw[5] === 0 && raw[6] === 0 && raw[7] === 0;
}

/**
 * Whether any 8-bit string holds a byte above 0x7F. Of the values seen for one property, those shaped like a
 * property-stream entry are its entry, not its text, unless all are (a stream of eight bytes ending in four
 * NULs): then all are read, and the entry, whose size is then 8 or 9, has no high byte to count.
 */
function hasHighByteString(string8: ReadonlyMap<FieldsData, ReadonlyMap<number, readonly Uint8Array[]>>): boolean {
  for (const folder of string8.values()) {
    for (const raws of folder.values()) {
      const texts = raws.length > 1 && !raws.every(looksLikeEntry) ? raws.filter((raw) => !looksLikeEntry(raw)) : raws;
      if (texts.some((raw) => raw.some((byte) => byte >= 0x80))) return true;
    }
  }
  return false;
}
