import { resolve } from 'node:path';
import type { DocumentText, PageText } from '../../common/word-model.js';
import { findProgram, runProgram } from '../sandbox/index.js';
import { DEFAULT_COVER_THRESHOLDS, findCoveredWords, type CoveredPage, type CoverThresholds, type GreyRaster } from './covered-words.js';

export interface CoveredTextDetectorOptions {
  readonly timeoutMs: number;
  readonly maxMemoryMb: number;
  /** First look: 36 dpi (two points a pixel) is cheap and finds every cover, with small dense words among them. */
  readonly dpi?: number;
  /** Pages with a candidate are rendered again at this resolution and only what it confirms is kept. */
  readonly confirmDpi?: number;
  readonly thresholds?: CoverThresholds;
}

/** What detection made of a document: `checked` with the pages that have covered words, or why it could not look. */
export type CoveredTextResult =
  | { readonly status: 'checked'; readonly pages: readonly CoveredPage[] }
  | { readonly status: 'unavailable' | 'failed'; readonly detail: string };

export const DEFAULT_COVER_DPI = 36;
export const DEFAULT_CONFIRM_DPI = 96;
/** Pixels one pdftoppm run may write to stdout (pages are rendered in runs of consecutive pages). */
const MAX_PIXELS_PER_RUN = 48 * 1024 * 1024;

/**
 * Under-redaction detection (ADR 0032): renders the pages that have a text layer with poppler's pdftoppm (greyscale,
 * low resolution, in the sandbox like every other program) and asks of each extracted word whether it can be seen.
 * Pages read by OCR are skipped: OCR only reads what is visible.
 */
export class PdftoppmCoveredTextDetector {
  constructor(private readonly options: CoveredTextDetectorOptions) {}

  static isInstalled(): boolean {
    return findProgram('pdftoppm') !== undefined;
  }

  async detect(pdfPath: string, text: DocumentText): Promise<CoveredTextResult> {
    if (!PdftoppmCoveredTextDetector.isInstalled()) return { status: 'unavailable', detail: 'pdftoppm (poppler-utils) is not installed' };
    const path = resolve(pdfPath);
    const candidates = await this.look(path, text.pages, this.options.dpi ?? DEFAULT_COVER_DPI);
    if (!Array.isArray(candidates)) return candidates;
    const wanted = new Set(candidates.map((page) => page.pageIndex));
    const confirmed = await this.look(
      path,
      text.pages.filter((page) => wanted.has(page.pageIndex)),
      this.options.confirmDpi ?? DEFAULT_CONFIRM_DPI,
    );
    return Array.isArray(confirmed) ? { status: 'checked', pages: confirmed } : confirmed;
  }

  /** The pages with covered words at one resolution. */
  private async look(path: string, pages: readonly PageText[], dpi: number): Promise<CoveredPage[] | CoveredTextResult> {
    const found: CoveredPage[] = [];
    for (const run of pageRuns(pages, dpi)) {
      const rasters = await this.render(path, run[0].pageIndex, run.at(-1)!.pageIndex, dpi);
      if (!Array.isArray(rasters)) return rasters;
      if (rasters.length !== run.length) return { status: 'failed', detail: `pdftoppm rendered ${rasters.length} of ${run.length} pages` };
      run.forEach((page, index) => {
        const covered = findCoveredWords(page, rasters[index], this.options.thresholds ?? DEFAULT_COVER_THRESHOLDS);
        if (covered.words.length > 0) found.push(covered);
      });
    }
    return found;
  }

  private async render(path: string, first: number, last: number, dpi: number): Promise<GreyRaster[] | CoveredTextResult> {
    // the first look needs no antialiasing (a cover is solid either way) and saves a quarter of the render; the confirming one does
    const antialias = dpi < (this.options.confirmDpi ?? DEFAULT_CONFIRM_DPI) ? ['-aa', 'no', '-aaVector', 'no'] : [];
    const args = ['-r', String(dpi), '-gray', ...antialias, '-cropbox', '-q', '-f', String(first + 1), '-l', String(last + 1), path];
    let result;
    try {
      result = await runProgram('pdftoppm', args, { timeoutMs: this.options.timeoutMs, maxMemoryMb: this.options.maxMemoryMb, maxOutputBytes: MAX_PIXELS_PER_RUN * 2 });
    } catch (error) {
      return { status: 'failed', detail: `pdftoppm could not run: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (result.timedOut) return { status: 'failed', detail: 'pdftoppm took too long' };
    if (result.outputLimitExceeded) return { status: 'failed', detail: 'pdftoppm wrote more than expected' };
    if (result.code !== 0) return { status: 'failed', detail: `pdftoppm exited with ${result.signal ?? `code ${String(result.code)}`}` };
    const rasters = parsePgmSequence(result.stdout);
    return rasters ?? { status: 'failed', detail: 'pdftoppm wrote something other than greyscale PGM' };
  }
}

/** Consecutive pages with text-layer words, split where a page needs no look and where a run would grow too large. */
export function pageRuns(pages: readonly PageText[], dpi: number): PageText[][] {
  const runs: PageText[][] = [];
  let run: PageText[] = [];
  let pixels = 0;
  const scale = dpi / 72;
  for (const page of pages) {
    const wanted = page.source === 'text-layer' && page.lines.some((line) => line.words.length > 0);
    const size = Math.ceil(page.width * scale) * Math.ceil(page.height * scale);
    const previous = run.at(-1);
    if (run.length > 0 && (!wanted || previous === undefined || page.pageIndex !== previous.pageIndex + 1 || pixels + size > MAX_PIXELS_PER_RUN)) {
      runs.push(run);
      run = [];
      pixels = 0;
    }
    if (!wanted || !(page.width > 0 && page.height > 0)) continue;
    run.push(page);
    pixels += size;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** Binary greyscale PGMs (P5, 8 bits) one after another, as pdftoppm -gray writes pages to stdout; null when malformed. */
export function parsePgmSequence(bytes: Buffer): GreyRaster[] | null {
  const rasters: GreyRaster[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const header = /^P5\s+(?:#[^\n]*\s+)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.toString('latin1', offset, Math.min(bytes.length, offset + 128)));
    if (!header) return null;
    const [width, height, maxValue] = header.slice(1, 4).map(Number);
    if (!(width > 0 && height > 0) || maxValue !== 255) return null;
    const start = offset + header[0].length;
    const end = start + width * height;
    if (end > bytes.length) return null;
    rasters.push({ width, height, pixels: bytes.subarray(start, end) });
    offset = end;
  }
  return rasters;
}
