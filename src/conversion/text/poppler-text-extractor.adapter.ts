import { resolve } from 'node:path';
import { ProcessingFailure } from '../processing-failure.js';
import { findProgram, runProgram, type ProgramResult } from '../sandbox/index.js';
import type { DocumentText, PageText } from '../../common/word-model.js';
import { displayedSize, roundPoints } from './page-geometry.js';
import { parsePdfInfo } from './pdfinfo-page-boxes.mapper.js';
import { parseBboxLayout, type PopplerBboxPage } from './poppler-bbox-layout.mapper.js';
import { toReadingOrder } from './reading-order.mapper.js';
import type { TextExtractor } from './text-extractor.port.js';
import { toProcessingFailure } from './sandbox-failure.mapper.js';

export interface PopplerTextExtractorOptions {
  readonly timeoutMs: number;
  readonly maxMemoryMb: number;
}

const LAST_PAGE = String(2 ** 31 - 1);

/**
 * Debian poppler-utils as the text engine. `pdftotext -bbox-layout -cropbox` writes every word's box in
 * points relative to the CropBox, top-left origin, already turned to the displayed orientation (checked
 * with /Rotate 90 pages: the words come out in the rotated frame), but its `<page width height>` stay
 * unrotated — so the displayed size and /Rotate come from `pdfinfo -box`, run alongside.
 */
export class PopplerTextExtractor implements TextExtractor {
  readonly engine = 'poppler' as const;

  constructor(private readonly options: PopplerTextExtractorOptions) {}

  static fromConfig(options: Partial<PopplerTextExtractorOptions> = {}): PopplerTextExtractor {
    return new PopplerTextExtractor({ timeoutMs: options.timeoutMs ?? 120_000, maxMemoryMb: options.maxMemoryMb ?? 1024 });
  }

  static isInstalled(): boolean {
    return findProgram('pdftotext') !== undefined && findProgram('pdfinfo') !== undefined;
  }

  async extract(pdfPath: string): Promise<DocumentText> {
    if (!PopplerTextExtractor.isInstalled()) throw new ProcessingFailure('CONVERTER_UNAVAILABLE', 'poppler-utils (pdftotext, pdfinfo) is not installed');
    // absolute, so a file name can never be read as an option
    const path = resolve(pdfPath);
    const limits = { timeoutMs: this.options.timeoutMs, maxMemoryMb: this.options.maxMemoryMb };
    let info: ProgramResult;
    let layout: ProgramResult;
    try {
      [info, layout] = await Promise.all([
        runProgram('pdfinfo', ['-f', '1', '-l', LAST_PAGE, '-box', path], limits),
        runProgram('pdftotext', ['-bbox-layout', '-cropbox', '-enc', 'UTF-8', '-q', path, '-'], limits),
      ]);
    } catch (error) {
      throw toProcessingFailure(error, 'EXTRACTION_FAILED', 'pdftotext');
    }
    checkExit(info, 'pdfinfo');
    checkExit(layout, 'pdftotext');
    return toDocumentText(parseBboxLayout(layout.stdout.toString('utf8')), parsePdfInfo(info.stdout.toString('utf8')));
  }
}

function checkExit(result: ProgramResult, program: string): void {
  if (result.timedOut) throw new ProcessingFailure('TIMEOUT', `${program} took too long`);
  if (result.outputLimitExceeded) throw new ProcessingFailure('TOO_LARGE', `${program} wrote too much text`);
  if (result.code === 0) return;
  const stderr = result.stderr.toString('utf8');
  if (/incorrect password/i.test(stderr)) throw new ProcessingFailure('PASSWORD_PROTECTED', 'the PDF needs a password');
  if (result.code === 3 || /permission error/i.test(stderr)) throw new ProcessingFailure('ENCRYPTED', 'the PDF forbids text extraction');
  if (/out of memory|bad_alloc|cannot allocate/i.test(stderr) || result.signal === 'SIGABRT' || result.signal === 'SIGSEGV') {
    throw new ProcessingFailure(/memory|alloc/i.test(stderr) ? 'OUT_OF_MEMORY' : 'CORRUPT', `${program} failed on the PDF`);
  }
  if (result.code === 1) throw new ProcessingFailure('CORRUPT', `${program} could not open the PDF`);
  throw new ProcessingFailure('EXTRACTION_FAILED', `${program} exited with ${result.signal ?? `code ${String(result.code)}`}`);
}

function toDocumentText(layoutPages: readonly PopplerBboxPage[], info: ReturnType<typeof parsePdfInfo>): DocumentText {
  const pages: PageText[] = layoutPages.map((page, pageIndex) => {
    const geometry = info.pages.get(pageIndex);
    const rotation = geometry?.rotation ?? 0;
    // pdftotext's own sizes have six decimals (pdfinfo's two); they are the CropBox, unrotated
    const size =
      Number.isFinite(page.width) && Number.isFinite(page.height)
        ? rotation === 90 || rotation === 270
          ? { width: page.height, height: page.width }
          : { width: page.width, height: page.height }
        : geometry
          ? displayedSize(geometry)
          : { width: 0, height: 0 };
    return {
      pageIndex,
      width: roundPoints(size.width),
      height: roundPoints(size.height),
      rotation,
      source: 'text-layer',
      lines: toReadingOrder(page.lines),
    };
  });
  return { pageCount: Math.max(info.pageCount, pages.length), pages };
}
