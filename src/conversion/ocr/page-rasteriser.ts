import { resolve } from 'node:path';
import { ProcessingFailure } from '../processing-failure.js';
import { findProgram, runProgram, type SandboxPool } from '../sandbox/index.js';
import { toProcessingFailure } from '../text/sandbox-failure.mapper.js';
import type { RasteriseJob } from './pdfjs-page-raster.worker.js';

export interface PageRasterOptions {
  readonly dpi?: number;
  readonly timeoutMs?: number;
  readonly maxMemoryMb?: number;
  /** For the pdf.js fallback when poppler's pdftoppm is absent. */
  readonly pool?: SandboxPool;
}

const WORKER = new URL('./pdfjs-page-raster.worker.js', import.meta.url);

/**
 * Renders one PDF page (0-based) to PNG for OCR: poppler's `pdftoppm -r 200 -png` where installed,
 * else pdf.js with @napi-rs/canvas in a sandboxed child process. Both honour /Rotate and the CropBox.
 */
export async function renderPageToPng(pdfPath: string, pageIndex: number, options: PageRasterOptions = {}): Promise<Buffer> {
  const dpi = options.dpi ?? 200;
  const limits = { timeoutMs: options.timeoutMs ?? 60_000, maxMemoryMb: options.maxMemoryMb ?? 1024 };
  const path = resolve(pdfPath);
  const pageNumber = String(pageIndex + 1);
  if (findProgram('pdftoppm')) {
    const result = await runProgram('pdftoppm', ['-r', String(dpi), '-png', '-cropbox', '-f', pageNumber, '-l', pageNumber, '-singlefile', path], limits).catch((error: unknown) => {
      throw toProcessingFailure(error, 'OCR_FAILED', 'pdftoppm');
    });
    if (result.timedOut) throw new ProcessingFailure('TIMEOUT', 'pdftoppm took too long');
    if (result.code !== 0 || result.stdout.length === 0) throw new ProcessingFailure('OCR_FAILED', `pdftoppm exited with ${result.signal ?? `code ${String(result.code)}`}`);
    return result.stdout;
  }
  if (!options.pool) throw new ProcessingFailure('CONVERTER_UNAVAILABLE', 'pdftoppm is not installed and no sandbox pool was given for pdf.js');
  try {
    const png = await options.pool.run<RasteriseJob, Uint8Array>(WORKER, { pdfPath: path, pageIndex, dpi }, limits);
    return Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  } catch (error) {
    throw toProcessingFailure(error, 'OCR_FAILED', 'pdf.js rendering');
  }
}
