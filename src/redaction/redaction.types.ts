import { DomainError } from '../common/domain-error.js';
import type { Box, DocumentText } from '../common/word-model.js';

/** A rectangle in the units of the page as the client rendered it (top-left origin). */
export interface RedactionRect {
  x: number;
  y: number;
  width: number;
  height: number;
  /** One of the configured redaction types (ADR 0029); absent on requests from clients that predate them. */
  redactionType?: string;
  /** Short free-text reason, only for type `other`. Stored in the redaction log: never document text. */
  otherReason?: string;
}

/** Page size as the client rendered it (displayed orientation) and the rectangles drawn on it. */
export interface PageRedaction {
  pageIndex: number;
  pageWidth: number;
  pageHeight: number;
  rects: RedactionRect[];
}

export interface PageModification {
  pageIndex: number;
  action: 'delete' | 'rotate';
  rotateBy?: 90 | 180 | 270;
}

/** Box from the word model: PDF points, top-left origin of the displayed page. */
export interface PdfRedactionBox {
  pageIndex: number;
  box: Box;
  /** What the box redacts (counted in the redaction log); engines and the verifier ignore it. */
  redactionType?: string;
}

export interface RedactionPlan {
  boxes: PdfRedactionBox[];
  pageModifications: PageModification[];
}

export interface RedactionResult {
  outputPath: string;
  pageCount: number;
  redactedPages: number[];
  boxCount: number;
  engine: string;
}

/** Optional facts a caller already holds. */
export interface RedactOptions {
  /**
   * The input PDF's word model (e.g. the version's ingested text.json, OCR words included): the engine
   * then does not re-extract it, and OCR words become the rebuilt pages' invisible text. Its page count
   * must match the PDF's.
   */
  text?: DocumentText;
}

export interface Redactor {
  readonly engine: string;
  available(): Promise<boolean>;
  redact(inputPdfPath: string, plan: RedactionPlan, outputPath: string, options?: RedactOptions): Promise<RedactionResult>;
}

export const REDACTOR = Symbol('Redactor');

/** `detail` never contains the redacted text itself. */
export interface VerificationReport {
  ok: boolean;
  failures: { check: string; pageIndex?: number; detail: string }[];
  /**
   * The checks that ran and how many items each examined (no text), for the redaction log (ADR 0029).
   * Optional: a verifier that does not say is logged with the checks unknown.
   */
  checks?: { check: string; items: number }[];
}

/** Upper bounds that keep a request from turning into a denial of service. */
export const MAX_RECTS_PER_PAGE = 2_000;
export const MAX_RECTS_PER_REQUEST = 20_000;
/** Client page sizes beyond this are not a rendering, they are an attack or a bug. */
export const MAX_CLIENT_PAGE_UNITS = 1_000_000;

export const geometryError = (message: string, details: Record<string, string | number | boolean> = {}): DomainError =>
  new DomainError('INVALID_GEOMETRY', message, details);

const isPositiveFinite = (value: number): boolean => Number.isFinite(value) && value > 0;

/**
 * Scales client rectangles (in the units of the page as the client rendered it) to PDF points
 * on the displayed page (rotation applied, CropBox = visible page; top-left origin), and clips
 * them to the page (a rectangle dragged past an edge is kept, cut at the edge). Rejects NaN,
 * non-positive sizes, rectangles wholly outside the page, unknown pages and absurd counts.
 */
export function toPdfBoxes(
  pages: PageRedaction[],
  pageSizes: { width: number; height: number }[],
): PdfRedactionBox[] {
  if (!Array.isArray(pages)) throw geometryError('Redactions must be a list of pages.');
  let total = 0;
  const boxes: PdfRedactionBox[] = [];
  for (const page of pages) {
    const { pageIndex, pageWidth, pageHeight, rects } = page;
    if (!Number.isInteger(pageIndex) || pageIndex < 0 || pageIndex >= pageSizes.length) {
      throw geometryError(`Page ${String(pageIndex)} does not exist in this document.`, Number.isInteger(pageIndex) ? { pageIndex } : {});
    }
    if (
      !isPositiveFinite(pageWidth) ||
      !isPositiveFinite(pageHeight) ||
      pageWidth > MAX_CLIENT_PAGE_UNITS ||
      pageHeight > MAX_CLIENT_PAGE_UNITS
    ) {
      throw geometryError(`Page ${pageIndex}: the rendered page size must be positive and finite.`, { pageIndex });
    }
    if (!Array.isArray(rects)) throw geometryError(`Page ${pageIndex}: rects must be a list.`, { pageIndex });
    if (rects.length > MAX_RECTS_PER_PAGE) {
      throw geometryError(`Page ${pageIndex}: more than ${MAX_RECTS_PER_PAGE} rectangles.`, { pageIndex });
    }
    total += rects.length;
    if (total > MAX_RECTS_PER_REQUEST) {
      throw geometryError(`More than ${MAX_RECTS_PER_REQUEST} rectangles in one request.`);
    }
    const target = pageSizes[pageIndex];
    if (!target || !isPositiveFinite(target.width) || !isPositiveFinite(target.height)) {
      throw geometryError(`Page ${pageIndex} has no usable size.`, { pageIndex });
    }
    const sx = target.width / pageWidth;
    const sy = target.height / pageHeight;
    rects.forEach((rect, rectIndex) => {
      const { x, y, width, height } = rect;
      if (![x, y, width, height].every((v) => typeof v === 'number' && Number.isFinite(v))) {
        throw geometryError(`Page ${pageIndex}, rect ${rectIndex}: coordinates must be finite numbers.`, { pageIndex, rectIndex });
      }
      if (width <= 0 || height <= 0) {
        throw geometryError(`Page ${pageIndex}, rect ${rectIndex}: width and height must be positive.`, { pageIndex, rectIndex });
      }
      const left = Math.max(x, 0);
      const top = Math.max(y, 0);
      const right = Math.min(x + width, pageWidth);
      const bottom = Math.min(y + height, pageHeight);
      if (right <= left || bottom <= top) {
        throw geometryError(`Page ${pageIndex}, rect ${rectIndex}: the rectangle lies outside the page.`, { pageIndex, rectIndex });
      }
      boxes.push({
        pageIndex,
        box: { x: left * sx, y: top * sy, width: (right - left) * sx, height: (bottom - top) * sy },
        ...(rect.redactionType === undefined ? {} : { redactionType: rect.redactionType }),
      });
    });
  }
  return boxes;
}
