import { AzureDocumentIntelligenceOcr, type AzureDocumentIntelligenceOcrOptions } from './azure-document-intelligence-ocr.adapter.js';
import type { Ocr } from './ocr.port.js';
import { TesseractCliOcr } from './tesseract-cli-ocr.adapter.js';
import { TesseractJsOcr } from './tesseract-js-ocr.adapter.js';

export interface OcrOptions {
  /** Set in production: Azure AI Document Intelligence (Read). */
  readonly azure?: AzureDocumentIntelligenceOcrOptions;
  readonly timeoutMs?: number;
  readonly maxMemoryMb?: number;
}

/** Azure when configured; else the tesseract CLI where installed; else tesseract.js with its packaged data. */
export function createOcr(options: OcrOptions = {}): Ocr {
  if (options.azure) return AzureDocumentIntelligenceOcr.fromConfig(options.azure);
  if (TesseractCliOcr.isInstalled()) return TesseractCliOcr.fromConfig(options);
  return TesseractJsOcr.fromConfig(options);
}
