/**
 * Outlook stores non-Unicode (PT_STRING8) properties and the binary HTML body in a Windows code page the
 * message declares: PR_MESSAGE_CODEPAGE (0x3FFD) for the 8-bit properties, PR_INTERNET_CPID (0x3FDE)
 * for the body as it came off the wire, else the code page of the message's locale (PR_MESSAGE_LOCALE_ID).
 */
import { getLcidToAnsiCodePages } from '@kenjiuno/msgreader/lib/Defs.js';
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
