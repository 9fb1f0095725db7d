/** Types for encoding-builders.mjs (plain Node ESM, shared by the corpus generator and the medium tests). */
export interface MsgInCodePageOptions {
  readonly codePage: number;
  /** Which code page properties to write: PR_MESSAGE_CODEPAGE ('message'), PR_INTERNET_CPID ('internet'). */
  readonly declare?: ReadonlyArray<'message' | 'internet'>;
  readonly subject: string;
  readonly from: string;
  readonly fromEmail: string;
  readonly to: string;
  readonly toEmail: string;
  readonly body?: string;
  readonly html?: string;
  readonly attachments?: ReadonlyArray<{ fileName: string; bytes: Uint8Array; mimeType?: string }>;
  readonly sent?: number;
  /** Write the strings as PT_UNICODE (UTF-16LE), the code page still declared, as Outlook writes Unicode messages. */
  readonly unicode?: boolean;
  /** List each string property in its folder's property stream too, as Outlook does. */
  readonly stringEntries?: boolean;
}
export function msgInCodePage(options: MsgInCodePageOptions): Uint8Array;

export interface EmlInCharsetOptions {
  readonly charset: string;
  readonly transferEncoding?: '8bit' | '7bit' | 'quoted-printable' | 'base64';
  readonly headerMode?: 'B' | 'Q';
  readonly subject: string;
  readonly from: string;
  readonly fromEmail: string;
  readonly to: string;
  readonly toEmail: string;
  readonly body: string;
  readonly html?: string;
  readonly attachment?: { fileName: string; contentType: string; bytes: Uint8Array };
  readonly date?: string;
}
export function emlInCharset(options: EmlInCharsetOptions): Buffer;
export function encodedWords(text: string, charset: string, mode?: 'B' | 'Q'): string;
export function rfc2231(text: string, charset: string): string;
export function encodeIso2022Jp(text: string): Buffer;
export function encodeCharset(text: string, charset: string): Buffer;

export interface RtfInCodePageOptions {
  readonly codePage: number;
  /** \ansicpg, when it differs from the code page of the font's \'xx bytes. */
  readonly documentCodePage?: number;
  readonly fontCharset: number;
  readonly fontName: string;
  readonly paragraphs: readonly string[];
  readonly unicodeParagraphs?: readonly string[];
}
export function rtfInCodePage(options: RtfInCodePageOptions): Buffer;
export function textInEncoding(text: string, encoding: string): Buffer;
