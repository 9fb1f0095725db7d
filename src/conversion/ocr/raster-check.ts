import { ProcessingFailure } from '../processing-failure.js';
import type { RenderedPage } from './page-rasteriser.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const IEND_CHUNK = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
/** What pdftoppm (poppler/splash) and leptonica print when they gave up but still exited 0. */
const OUT_OF_MEMORY = /out of memory|cannot allocate|bad_alloc|alloc(ation)? failed/i;

/**
 * Whether a rendered page is the page: a whole PNG (ends with IEND) of the size the page and the
 * resolution call for (±2 pixels for rounding), with no out-of-memory report on stderr. Throws the
 * RasterFailure (a ProcessingFailure) that says what is wrong; a smaller raster may still work.
 */
export function checkRaster(rendered: RenderedPage, expected: { width: number; height: number }): { width: number; height: number } {
  const { png, diagnostics } = rendered;
  if (OUT_OF_MEMORY.test(diagnostics)) throw new RasterFailure('OUT_OF_MEMORY', `the renderer ran out of memory at ${expected.width}×${expected.height} pixels`);
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new RasterFailure('OCR_FAILED', `the renderer wrote no PNG (${png.length} bytes)`);
  }
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  if (Math.abs(width - expected.width) > 2 || Math.abs(height - expected.height) > 2) {
    throw new RasterFailure('OCR_FAILED', `the renderer wrote ${width}×${height} pixels where the page needs ${expected.width}×${expected.height}`);
  }
  if (!png.subarray(png.length - IEND_CHUNK.length).equals(IEND_CHUNK)) throw new RasterFailure('OCR_FAILED', `the renderer wrote a truncated PNG of ${width}×${height} pixels`);
  return { width, height };
}

/** A raster that is not the page; a smaller one may succeed. */
export class RasterFailure extends ProcessingFailure {}
