export const DISPOSITION_TYPES = ['attachment', 'inline'] as const;
export type DispositionType = (typeof DISPOSITION_TYPES)[number];

const CONTROL = /\p{Cc}/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const COMBINING_MARK = /\p{M}/gu;
/** Printable ASCII other than the quote, backslash and percent sign (which some agents decode). */
const NOT_SAFE_ASCII = /[^\x20-\x21\x23-\x24\x26-\x5b\x5d-\x7e]/g;

/** The file name with control characters and path separators removed; never empty. */
export function sanitizeFileName(fileName: string): string {
  const cleaned = fileName.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, '').replace(/[/\\]/g, '_').trim();
  return cleaned === '' ? 'download' : cleaned;
}

/** RFC 5987 ext-value: UTF-8, percent-encoding everything outside attr-char. */
export function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function asciiFallback(fileName: string): string {
  const fallback = fileName.normalize('NFKD').replace(COMBINING_MARK, '').replace(NOT_SAFE_ASCII, '_').trim();
  return fallback === '' ? 'download' : fallback;
}

/** A Content-Disposition value safe for any file name (RFC 6266 with an RFC 5987 filename*). */
export function contentDisposition(type: DispositionType, fileName: string): string {
  const name = sanitizeFileName(fileName);
  return `${type}; filename="${asciiFallback(name)}"; filename*=UTF-8''${encodeRfc5987(name)}`;
}
