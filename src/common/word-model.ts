import type { ProcessingFailureReason } from '../conversion/processing-failure.js';

/**
 * The word model every text source produces (poppler, pdf.js, OCR) and every consumer reads
 * (search index, hit highlighting, redaction). Units are PDF points with a top-left origin on
 * the page as displayed: the page's rotation is applied and the CropBox is the visible page.
 */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Word {
  readonly text: string;
  readonly box: Box;
  /** Live text under a dark box, image or annotation drawn to hide it (an under-redaction found at ingestion, ADR 0032); search hides it unless asked (ADR 0033). */
  readonly covered?: true;
}

export interface Line {
  readonly text: string;
  readonly box: Box;
  readonly words: readonly Word[];
}

export interface PageText {
  /** 0-based. */
  readonly pageIndex: number;
  /** Displayed size, rotation applied. */
  readonly width: number;
  readonly height: number;
  /** 0, 90, 180 or 270: the page's /Rotate. */
  readonly rotation: number;
  /** Where the words came from: the PDF's text layer or OCR. */
  readonly source: 'text-layer' | 'ocr';
  readonly lines: readonly Line[];
  /** Set on pages that had no text layer: what OCR made of them (absent on text that predates it). */
  readonly ocr?: PageOcrStatus;
}

/**
 * What OCR made of a page with no text layer: `text` it read words; `no-text` it read the page image
 * and found no words (a photo, a blank page); `failed` it could not read the page (`reason`, `detail`);
 * `off` OCR is switched off.
 */
export interface PageOcrStatus {
  readonly status: 'text' | 'no-text' | 'failed' | 'off';
  readonly reason?: ProcessingFailureReason;
  /** Why, in words that never quote the document. */
  readonly detail?: string;
  /** The resolution the page was read at. */
  readonly dpi?: number;
}

export interface DocumentText {
  readonly pageCount: number;
  readonly pages: readonly PageText[];
}
