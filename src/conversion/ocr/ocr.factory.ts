import { AzureDocumentIntelligenceOcr, type AzureDocumentIntelligenceOcrOptions } from './azure-document-intelligence-ocr.adapter.js';
import type { Ocr } from './ocr.port.js';
import { TesseractCliOcr } from './tesseract-cli-ocr.adapter.js';
import { TesseractJsOcr } from './tesseract-js-ocr.adapter.js';

export interface OcrOptions {
  /** Set in production: Azure AI Document Intelligence (Read). */
  readonly azure?: AzureDocumentIntelligenceOcrOptions;
  readonly timeoutMs?: number;
  readonly maxMemoryMb?: number;
  /** Tesseract languages, '+'-joined (default eng); checked against the installed traineddata. */
  readonly language?: string;
}

/**
 * Azure when configured (it detects the language itself); else the tesseract CLI where installed;
 * else tesseract.js with its packaged English data. Throws a clear error when a language is missing.
 */
export function createOcr(options: OcrOptions = {}): Ocr {
  if (options.azure) return AzureDocumentIntelligenceOcr.fromConfig(options.azure);
  if (TesseractCliOcr.isInstalled()) return createTesseractCliOcr(options);
  return createTesseractJsOcr(options);
}

export function createTesseractCliOcr(options: OcrOptions = {}): TesseractCliOcr {
  TesseractCliOcr.checkLanguages(options.language ?? 'eng');
  return TesseractCliOcr.fromConfig(options);
}

export function createTesseractJsOcr(options: OcrOptions = {}): TesseractJsOcr {
  if ((options.language ?? 'eng') !== 'eng') throw new Error(`OCR_LANGUAGES=${options.language}: tesseract.js has English data only; install the tesseract CLI and its language data`);
  return TesseractJsOcr.fromConfig(options);
}
