import { basename } from 'node:path';

/**
 * Expected peak resident memory (MB) of each kind of child, for reservations from the shared budget.
 * Measured max RSS (`/usr/bin/time -f %M`, and the bench's /proc sampling of the process tree), rounded up
 * with headroom for larger documents:
 *   pdftotext -bbox-layout (14-page paper): 12 MB; pdfinfo: 9 MB; qpdf rewrite: 12 MB;
 *   pdftoppm: 26 MB for 3.7 MP, 45 MB for 8.4 MP (~10 MB + 4 bytes per pixel);
 *   tesseract, one thread: 87 MB at 3.7 MP, 136 MB at 8.4 MP (~50 MB + 10 bytes per pixel; 730 MB was seen
 *   on an 88 MP page); LibreOffice (soffice.bin) converting the stand-in's DOCX: 200–210 MB; a sandboxed Node
 *   worker: ~95–105 MB.
 * Not the address-space limits given to prlimit (`--as`): those bound virtual memory, which is far
 * larger than what a program keeps resident, and would reserve the budget several times over.
 */
const PROGRAM_PEAK_MB: Readonly<Record<string, number>> = {
  pdftotext: 128,
  pdfinfo: 32,
  pdftoppm: 192,
  pdfimages: 96,
  qpdf: 160,
  tesseract: 400,
  soffice: 512,
  'soffice.bin': 512,
  mutool: 256,
  convert: 384,
};

const UNKNOWN_PROGRAM_MB = 128;

/** Tesseract's peak for an image of `pixels` pixels (one thread), from the measurements above. */
export function tesseractPeakMb(pixels: number): number {
  return Math.ceil(64 + (pixels * 12) / (1024 * 1024));
}

/**
 * What a run of `program` is expected to hold at its peak, from the table, never more than the program's
 * own memory limit. A caller that knows the input passes its own `reserveMb` instead (the tesseract
 * adapter sizes each page with tesseractPeakMb).
 */
export function expectedProgramPeakMb(program: string, options: { readonly maxMemoryMb: number }): number {
  return Math.min(PROGRAM_PEAK_MB[basename(program)] ?? UNKNOWN_PROGRAM_MB, options.maxMemoryMb);
}

const WORKER_PEAK_MB: Readonly<Record<string, number>> = {
  'image-to-pdf.worker': 512,
  'pdfjs-page-raster.worker': 384,
  'pdfjs-text.worker': 320,
  'pdf-resave.worker': 320,
  'email-to-pdf.worker': 256,
  'text-to-pdf.worker': 192,
  'zip-guard.worker': 128,
};

const UNKNOWN_WORKER_MB = 256;

/** What a sandboxed Node worker (by its module's file name) is expected to hold, at most its limit. */
export function expectedWorkerPeakMb(moduleUrl: URL, maxMemoryMb: number): number {
  const name = basename(moduleUrl.pathname).replace(/\.(m?js|ts)$/, '');
  return Math.min(WORKER_PEAK_MB[name] ?? UNKNOWN_WORKER_MB, maxMemoryMb);
}
