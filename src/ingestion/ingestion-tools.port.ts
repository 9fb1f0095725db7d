import type { CoveredTextResult } from '../conversion/covered-text/pdftoppm-covered-text.detector.js';
import type { DocumentText, PageText } from '../common/word-model.js';

/**
 * What the pipeline needs from conversion, text extraction and OCR, in its own terms, so each stage
 * can be tested alone. `createIngestionTools` builds the real one from the conversion modules.
 * Failures are ProcessingFailure with a reason; anything else is retried.
 */
export const INGESTION_TOOLS = Symbol('IngestionTools');

export interface UnpackedAttachment {
  readonly fileName: string;
  readonly mimeType: string;
  /** A local file holding the attachment's bytes. */
  readonly path: string;
}

export interface ConvertedPdf {
  readonly pdfPath: string;
  /** Attachments of an e-mail, in order; empty for anything else. */
  readonly attachments: readonly UnpackedAttachment[];
}

export interface IngestionTools {
  /** The real type from the bytes (magic numbers, not the file name), as a MIME type. */
  sniff(path: string, declaredMimeType: string, fileName: string): Promise<string>;
  /** Converts to PDF in `workDir` (a directory of its own). */
  convert(input: { readonly path: string; readonly mimeType: string; readonly fileName: string; readonly workDir: string }): Promise<ConvertedPdf>;
  /** The PDF's text layer with word boxes. */
  extractText(pdfPath: string): Promise<DocumentText>;
  /** Which pages have no usable text layer. */
  pagesNeedingOcr(pdfPath: string, text: DocumentText): Promise<number[]>;
  /** OCR of those pages, sized as displayed (empty when OCR is off). */
  ocrPages(pdfPath: string, pages: readonly { readonly pageIndex: number; readonly width: number; readonly height: number }[], workDir: string): Promise<PageText[]>;
  /** Words hidden under dark boxes, images or annotations on the text-layer pages (ADR 0032); absent when switched off. */
  detectCoveredText?(pdfPath: string, text: DocumentText): Promise<CoveredTextResult>;
  /** Stops sandbox workers (called on shutdown for the tools the module built). */
  close?(): Promise<void>;
  /** Names of the engines in use, for the tracker and benchmarks. */
  readonly engines: { readonly text: string; readonly ocr: string };
}
