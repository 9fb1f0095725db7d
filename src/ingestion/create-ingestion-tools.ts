import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProcessingFailure } from '../conversion/processing-failure.js';
import { sniffFile } from '../conversion/sniff.js';
import { createTextExtractor } from '../conversion/text/text-extractor.factory.js';
import type { DocumentText } from '../conversion/word-model.js';
import type { IngestionConfig } from '../config/app-config.js';
import type { ConvertedPdf, IngestionTools } from './ingestion-tools.port.js';

/** Pages with no words at all are the ones OCR can help. */
export const pagesWithoutWords = (text: DocumentText): number[] =>
  text.pages.filter((page) => page.lines.every((line) => line.words.length === 0)).map((page) => page.pageIndex);

/** The real tools, from the conversion, text and OCR modules, with the config's sandbox limits. */
export function createIngestionTools(config: Pick<IngestionConfig, 'sandbox' | 'ocr'>, options: { textEngine?: 'poppler' | 'pdfjs' } = {}): IngestionTools {
  const extractor = createTextExtractor({ ...config.sandbox, engine: options.textEngine });
  return {
    engines: { text: extractor.engine, ocr: 'off' },
    async sniff(path) {
      return (await sniffFile(path)).mimeType;
    },
    async convert({ path, mimeType, workDir }): Promise<ConvertedPdf> {
      if (mimeType !== 'application/pdf') throw new ProcessingFailure('CONVERTER_UNAVAILABLE', `no converter for ${mimeType}`);
      const pdfPath = join(workDir, 'document.pdf');
      await copyFile(path, pdfPath);
      return { pdfPath, attachments: [] };
    },
    extractText: (pdfPath) => extractor.extract(pdfPath),
    pagesNeedingOcr: (_pdfPath, text) => Promise.resolve(pagesWithoutWords(text)),
    ocrPages: () => Promise.resolve([]),
  };
}
