import type { PageText } from '../../common/word-model.js';

/** The page an image shows: its index and its displayed size in PDF points. */
export interface OcrPage {
  readonly pageIndex: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Reads the words of a page image. Boxes come back in PDF points on the page (top-left origin),
 * scaled from the image's pixels to `page.width` × `page.height`; `source` is 'ocr'.
 * Throws ProcessingFailure('OCR_FAILED' | 'TIMEOUT' | 'OUT_OF_MEMORY' | 'CONVERTER_UNAVAILABLE').
 */
export interface Ocr {
  readonly engine: 'tesseract-cli' | 'tesseract-js' | 'azure-document-intelligence';
  /**
   * Set when the engine also reads binary PGM (P5): a renderer writes it ~10× faster than PNG, and
   * a photograph's PNG can take poppler seconds to encode. `recognise` is then given PNG or PGM.
   */
  readonly readsPgm?: boolean;
  recognise(imagePng: Buffer, page: OcrPage): Promise<PageText>;
}

export const OCR = Symbol('OCR');
