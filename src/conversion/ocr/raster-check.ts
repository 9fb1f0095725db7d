import { ProcessingFailure } from '../processing-failure.js';
import type { RenderedPage } from './page-rasteriser.js';
import { parsePgmHeader, pngSize } from './png-size.js';

const IEND_CHUNK = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
/** What pdftoppm (poppler/splash) prints when it gave up but still exited 0. */
const OUT_OF_MEMORY = /out of memory|cannot allocate|bad_alloc|alloc(ation)? failed/i;

/** A raster that is not the page; a smaller one may succeed. */
export class RasterFailure extends ProcessingFailure {}

/**
 * Whether a rendered page is the page: a whole image (a PNG that ends with IEND, a PGM with every
 * pixel) of the size the page and the resolution call for (±2 pixels for rounding), with no
 * out-of-memory report on stderr. pdftoppm exits 0 after "Out of memory", having written a 1×1 image
 * or a truncated one. Throws a RasterFailure that says what is wrong.
 */
export function checkRaster(rendered: RenderedPage, expected: { width: number; height: number }): { width: number; height: number } {
  const { image, diagnostics } = rendered;
  if (OUT_OF_MEMORY.test(diagnostics)) throw new RasterFailure('OUT_OF_MEMORY', `the renderer ran out of memory at ${expected.width}×${expected.height} pixels`);
  const size = rendered.format === 'pgm' ? pgmRaster(image) : pngRaster(image);
  if (Math.abs(size.width - expected.width) > 2 || Math.abs(size.height - expected.height) > 2) {
    throw new RasterFailure('OCR_FAILED', `the renderer wrote ${size.width}×${size.height} pixels where the page needs ${expected.width}×${expected.height}`);
  }
  if (!size.complete) throw new RasterFailure('OCR_FAILED', `the renderer wrote a truncated image of ${size.width}×${size.height} pixels`);
  return { width: size.width, height: size.height };
}

/** The PNG's size (png-size) and whether it ends with IEND. */
function pngRaster(png: Buffer): { width: number; height: number; complete: boolean } {
  let size: { width: number; height: number };
  try {
    size = pngSize(png);
  } catch {
    throw new RasterFailure('OCR_FAILED', `the renderer wrote no PNG (${png.length} bytes)`);
  }
  return { ...size, complete: png.subarray(png.length - IEND_CHUNK.length).equals(IEND_CHUNK) };
}

/** The PGM's size (png-size) and whether every pixel is there. */
function pgmRaster(pgm: Buffer): { width: number; height: number; complete: boolean } {
  let header: ReturnType<typeof parsePgmHeader>;
  try {
    header = parsePgmHeader(pgm);
  } catch {
    header = null;
  }
  if (!header) throw new RasterFailure('OCR_FAILED', `the renderer wrote no PGM (${pgm.length} bytes)`);
  const bytesPerPixel = header.maxValue < 256 ? 1 : 2;
  return { width: header.width, height: header.height, complete: pgm.length >= header.dataOffset + header.width * header.height * bytesPerPixel };
}
