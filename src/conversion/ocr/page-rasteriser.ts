import { resolve } from 'node:path';
import { ProcessingFailure } from '../processing-failure.js';
import { findProgram, runProgram, type SandboxPool } from '../sandbox/index.js';
import { toProcessingFailure } from '../text/sandbox-failure.mapper.js';
import type { RasteriseJob } from './pdfjs-page-raster.worker.js';

export interface PageRasterOptions {
  readonly timeoutMs?: number;
  readonly maxMemoryMb?: number;
  /** For the pdf.js fallback when poppler's pdftoppm is absent. */
  readonly pool?: SandboxPool;
  /** PGM where the OCR engine reads it (pdftoppm only; pdf.js writes PNG). Default PNG. */
  readonly format?: 'png' | 'pgm';
}

/** A rendered page and what the renderer said while making it (pdftoppm exits 0 after "Out of memory"). */
export interface RenderedPage {
  readonly format: 'png' | 'pgm';
  readonly image: Buffer;
  readonly diagnostics: string;
}

const WORKER = new URL('./pdfjs-page-raster.worker.js', import.meta.url);

/**
 * Renders one PDF page (0-based) at `dpi` to a greyscale PNG or PGM for OCR: poppler's `pdftoppm` where
 * installed, else pdf.js with @napi-rs/canvas in a sandboxed child process. Both honour /Rotate and
 * the CropBox. The caller checks the raster (see raster-check.ts): a renderer can exit 0 with nothing.
 */
export async function renderPage(pdfPath: string, pageIndex: number, dpi: number, options: PageRasterOptions = {}): Promise<RenderedPage> {
  const limits = { timeoutMs: options.timeoutMs ?? 60_000, maxMemoryMb: options.maxMemoryMb ?? 1024 };
  const path = resolve(pdfPath);
  const pageNumber = String(pageIndex + 1);
  if (findProgram('pdftoppm')) {
    const format = options.format ?? 'png';
    const args = ['-r', dpi.toFixed(3), '-gray', ...(format === 'png' ? ['-png'] : []), '-cropbox', '-f', pageNumber, '-l', pageNumber, '-singlefile', path];
    const result = await runProgram('pdftoppm', args, limits).catch((error: unknown) => {
      throw toProcessingFailure(error, 'OCR_FAILED', 'pdftoppm');
    });
    if (result.timedOut) throw new ProcessingFailure('TIMEOUT', 'pdftoppm took too long');
    const diagnostics = result.stderr.toString('utf8');
    if (result.code !== 0) {
      const reason = /out of memory|alloc/i.test(diagnostics) ? 'OUT_OF_MEMORY' : 'OCR_FAILED';
      throw new ProcessingFailure(reason, `pdftoppm exited with ${result.signal ?? `code ${String(result.code)}`}`);
    }
    return { format, image: result.stdout, diagnostics };
  }
  if (!options.pool) throw new ProcessingFailure('CONVERTER_UNAVAILABLE', 'pdftoppm is not installed and no sandbox pool was given for pdf.js');
  try {
    const png = await options.pool.run<RasteriseJob, Uint8Array>(WORKER, { pdfPath: path, pageIndex, dpi }, limits);
    return { format: 'png', image: Buffer.from(png.buffer, png.byteOffset, png.byteLength), diagnostics: '' };
  } catch (error) {
    throw toProcessingFailure(error, 'OCR_FAILED', 'pdf.js rendering');
  }
}
