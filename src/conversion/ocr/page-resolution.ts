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

/** The image rows (not masks) of `pdfimages -list` output. */
export function parseImageList(listing: string): PlacedImage[] {
  const images: PlacedImage[] = [];
  for (const row of listing.split('\n')) {
    const cells = row.trim().split(/\s+/);
    if (cells.length < 14 || cells[2] !== 'image' || !/^\d+$/.test(cells[0])) continue;
    const [width, height, xPpi, yPpi] = [cells[3], cells[4], cells[12], cells[13]].map(Number);
    if ([width, height, xPpi, yPpi].every((value) => Number.isFinite(value) && value > 0)) images.push({ width, height, xPpi, yPpi });
  }
  return images;
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

/** The images on one page (0-based), from poppler's `pdfimages -list`; none when poppler is absent or the listing fails. */
export async function listPageImages(pdfPath: string, pageIndex: number, limits: { timeoutMs: number; maxMemoryMb: number }): Promise<PlacedImage[]> {
  if (!findProgram('pdfimages')) return [];
  const page = String(pageIndex + 1);
  try {
    const result = await runProgram('pdfimages', ['-list', '-f', page, '-l', page, resolve(pdfPath)], limits);
    return result.code === 0 && !result.timedOut ? parseImageList(result.stdout.toString('utf8')) : [];
  } catch {
    return [];
  }
}
