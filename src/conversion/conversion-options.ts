import type { SandboxLimits } from './sandbox/index.js';

/** Limits and switches for document conversion. Every field has a default (DEFAULT_CONVERSION_OPTIONS). */
export interface ConversionOptions {
  /** Worker processes (JS parsers) at once. */
  readonly workerConcurrency: number;
  /** Text, email, PDF-fallback and ZIP-guard workers. */
  readonly workerLimits: SandboxLimits;
  /** Image decoding workers (a 60 MP RGBA page is 240 MB before it is compressed). */
  readonly imageLimits: SandboxLimits;
  /** qpdf runs (address-space limit). */
  readonly pdfToolLimits: SandboxLimits;
  /** Each LibreOffice job (address-space limit). */
  readonly officeLimits: SandboxLimits;
  /** LibreOffice jobs at once (each has its own profile directory). */
  readonly officeConcurrency: number;
  /** Decompression-bomb guard: the largest image (width × height) decoded. */
  readonly maxImagePixels: number;
  /** ... and the largest sum over the pages of a multi-page TIFF. */
  readonly maxTotalImagePixels: number;
  /** Pages produced for text and email, pages read from a TIFF. */
  readonly maxPages: number;
  readonly maxEmailAttachments: number;
  readonly maxEmailHtmlChars: number;
  readonly maxEmailBodyChars: number;
  /** Zip-bomb guard for OOXML/ODF before LibreOffice opens them. */
  readonly maxZipUncompressedBytes: number;
  readonly maxZipEntries: number;
  /**
   * PDFs encrypted with only an owner password (restrictions, empty user password) open in any viewer:
   * true decrypts and converts them; false fails them as ENCRYPTED. Files that need a user password
   * always fail as PASSWORD_PROTECTED.
   */
  readonly decryptOwnerPasswordPdfs: boolean;
  /** Monospace TrueType fonts for text and email; Courier when absent. */
  readonly monoFontPath?: string;
  readonly monoBoldFontPath?: string;
  /** Treat these programs as not installed (tests, or to force a fallback): e.g. ['qpdf', 'soffice']. */
  readonly disabledPrograms: readonly string[];
}

export const DEFAULT_CONVERSION_OPTIONS: ConversionOptions = {
  workerConcurrency: 2,
  workerLimits: { timeoutMs: 60_000, maxMemoryMb: 768 },
  imageLimits: { timeoutMs: 120_000, maxMemoryMb: 1536 },
  pdfToolLimits: { timeoutMs: 120_000, maxMemoryMb: 1024 },
  officeLimits: { timeoutMs: 180_000, maxMemoryMb: 2048 },
  officeConcurrency: 1,
  maxImagePixels: 60_000_000,
  maxTotalImagePixels: 300_000_000,
  maxPages: 5_000,
  maxEmailAttachments: 200,
  maxEmailHtmlChars: 5_000_000,
  maxEmailBodyChars: 2_000_000,
  maxZipUncompressedBytes: 512 * 1024 * 1024,
  maxZipEntries: 10_000,
  decryptOwnerPasswordPdfs: true,
  disabledPrograms: [],
};

export const CONVERSION_OPTIONS = Symbol('CONVERSION_OPTIONS');
