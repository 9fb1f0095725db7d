import { resolve } from 'node:path';
import { findProgram, runProgram } from '../sandbox/index.js';

/** An image drawn on a page, as `pdfimages -list` reports it: pixels, and pixels per inch as placed. */
export interface PlacedImage {
  readonly width: number;
  readonly height: number;
  readonly xPpi: number;
  readonly yPpi: number;
}

export interface ResolutionPolicy {
  /** Pages with no image (vector outlines, a blank page): a resolution tesseract reads well. */
  readonly defaultDpi: number;
  /** Images placed with more pixels per inch than this (a thumbnail of a big photo) are not followed. */
  readonly maxDpi: number;
  /** Below this, OCR reads nothing; a low-resolution fax is upscaled to it. */
  readonly minDpi: number;
  /** Pixels of the whole rendered page at most. */
  readonly maxPixels: number;
}

export const DEFAULT_RESOLUTION_POLICY: ResolutionPolicy = { defaultDpi: 300, maxDpi: 600, minDpi: 100, maxPixels: 25_000_000 };

/** An image row of `pdfimages -list`, with the page (0-based) it is drawn on. */
export interface ListedImage extends PlacedImage {
  readonly pageIndex: number;
}

/** The image rows (not masks) of `pdfimages -list` output. */
export function parseImageList(listing: string): ListedImage[] {
  const images: ListedImage[] = [];
  for (const row of listing.split('\n')) {
    const cells = row.trim().split(/\s+/);
    if (cells.length < 14 || cells[2] !== 'image' || !/^\d+$/.test(cells[0])) continue;
    const [page, width, height, xPpi, yPpi] = [cells[0], cells[3], cells[4], cells[12], cells[13]].map(Number);
    if (page >= 1 && [width, height, xPpi, yPpi].every((value) => Number.isFinite(value) && value > 0)) images.push({ pageIndex: page - 1, width, height, xPpi, yPpi });
  }
  return images;
}

/** The listed images grouped by page index; a page with no image has no entry. */
export function imagesByPage(images: readonly ListedImage[]): Map<number, PlacedImage[]> {
  const pages = new Map<number, PlacedImage[]>();
  for (const { pageIndex, ...image } of images) {
    const onPage = pages.get(pageIndex);
    if (onPage) onPage.push(image);
    else pages.set(pageIndex, [image]);
  }
  return pages;
}

/**
 * The resolution to render a page at: the pixels per inch of its largest image (a scan's own
 * resolution), or the default when it has none, then scaled down so the page fits the pixel budget.
 */
export function chooseDpi(images: readonly PlacedImage[], pageSizePt: { width: number; height: number }, policy: ResolutionPolicy): number {
  const largest = [...images].sort((a, b) => b.width * b.height - a.width * a.height)[0];
  const wanted = largest ? Math.min(policy.maxDpi, Math.max(policy.minDpi, Math.max(largest.xPpi, largest.yPpi))) : policy.defaultDpi;
  const squareInches = (pageSizePt.width / 72) * (pageSizePt.height / 72);
  const budgetDpi = Math.sqrt(policy.maxPixels / squareInches);
  return Math.min(wanted, budgetDpi);
}

/** The pixel size pdftoppm gives a page of `pageSizePt` at `dpi`. */
export function rasterSize(pageSizePt: { width: number; height: number }, dpi: number): { width: number; height: number } {
  return { width: Math.ceil((pageSizePt.width * dpi) / 72), height: Math.ceil((pageSizePt.height * dpi) / 72) };
}

/**
 * The images on the pages `pageIndexes` (0-based) by page, from one run of poppler's `pdfimages -list`
 * over the span of those pages; no entries when poppler is absent or the listing fails.
 */
export async function listPageImages(pdfPath: string, pageIndexes: readonly number[], limits: { timeoutMs: number; maxMemoryMb: number }): Promise<Map<number, PlacedImage[]>> {
  if (pageIndexes.length === 0 || !findProgram('pdfimages')) return new Map();
  const first = String(Math.min(...pageIndexes) + 1);
  const last = String(Math.max(...pageIndexes) + 1);
  try {
    const result = await runProgram('pdfimages', ['-list', '-f', first, '-l', last, resolve(pdfPath)], limits);
    return result.code === 0 && !result.timedOut && !result.outputLimitExceeded ? imagesByPage(parseImageList(result.stdout.toString('utf8'))) : new Map();
  } catch {
    return new Map();
  }
}
