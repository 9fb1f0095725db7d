import type { DocumentText } from '../../common/word-model.js';

/**
 * Reads a PDF's text layer into the word model (PDF points, top-left origin, rotation applied,
 * CropBox as the visible page). Throws ProcessingFailure ('ENCRYPTED', 'PASSWORD_PROTECTED',
 * 'CORRUPT', 'TIMEOUT', 'OUT_OF_MEMORY', 'EXTRACTION_FAILED', 'CONVERTER_UNAVAILABLE').
 */
export interface TextExtractor {
  /** Which engine this is, for logs and benchmarks. */
  readonly engine: 'poppler' | 'pdfjs';
  extract(pdfPath: string): Promise<DocumentText>;
}

export const TEXT_EXTRACTOR = Symbol('TEXT_EXTRACTOR');
