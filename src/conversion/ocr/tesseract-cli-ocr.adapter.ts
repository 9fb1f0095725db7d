import { spawnSync } from 'node:child_process';
import { ProcessingFailure } from '../processing-failure.js';
import { findProgram, runProgram, SANDBOX_PATH, tesseractPeakMb, type ProgramResult } from '../sandbox/index.js';
import { toProcessingFailure } from '../text/sandbox-failure.mapper.js';
import type { PageText } from '../../common/word-model.js';
import type { Ocr, OcrPage } from './ocr.port.js';
import { toOcrPageText } from './pixel-words.mapper.js';
import { imageSize } from './png-size.js';
import { parseTesseractTsv, type ScoredWord } from './tesseract-tsv.mapper.js';

export interface TesseractCliOcrOptions {
  readonly timeoutMs: number;
  readonly maxMemoryMb: number;
  /** Tesseract's `-l`: installed language codes joined by '+', e.g. eng+cym. */
  readonly language: string;
  /** Re-read a page whose words look unreadable with orientation detection (`--psm 1`, needs osd.traineddata). */
  readonly detectOrientation: boolean;
}

/** A confident word: what tesseract's LSTM scores for real text the right way up. */
const CONFIDENT = 60;
/** Leptonica and tesseract messages that mean the image was not read, whatever the exit code. */
const UNREAD_IMAGE = /Error in pix\w*|Failed to read|Unsupported image type|Image too large|Failed loading language|Could not initialize/i;
const OUT_OF_MEMORY = /out of memory|cannot allocate|bad_alloc/i;

/**
 * Debian's `tesseract` CLI: the PNG or PGM on stdin, TSV on stdout, page segmentation 3 (automatic), told the
 * image's resolution. Tesseract 5 turns sideways text itself; an upside-down page comes back as
 * low-confidence garbage, so only such a page is read again with `--psm 1` (orientation and script
 * detection first), and the better reading is kept. Boxes are in the image as given, i.e. the page as
 * displayed. OMP_THREAD_LIMIT=1 keeps each process on one core; runProgram's slots bound how many run.
 */
export class TesseractCliOcr implements Ocr {
  readonly engine = 'tesseract-cli' as const;
  readonly readsPgm = true;

  constructor(private readonly options: TesseractCliOcrOptions) {}

  static fromConfig(options: Partial<TesseractCliOcrOptions> = {}): TesseractCliOcr {
    return new TesseractCliOcr({
      timeoutMs: options.timeoutMs ?? 120_000,
      maxMemoryMb: options.maxMemoryMb ?? 1024,
      language: options.language ?? 'eng',
      detectOrientation: options.detectOrientation ?? true,
    });
  }

  static isInstalled(): boolean {
    return findProgram('tesseract') !== undefined;
  }

  /** The languages `tesseract --list-langs` finds traineddata for (empty when tesseract is absent). */
  static installedLanguages(): string[] {
    const tesseract = findProgram('tesseract');
    if (!tesseract) return [];
    const listed = spawnSync(tesseract, ['--list-langs'], { env: { PATH: SANDBOX_PATH, LANG: 'C.UTF-8' }, timeout: 30_000, encoding: 'utf8' });
    return `${listed.stdout ?? ''}`
      .split('\n')
      .slice(1)
      .map((line) => line.trim())
      .filter((line) => /^[\w/]+$/.test(line));
  }

  /** Throws a clear error unless every '+'-joined language (and osd, when orientation is wanted) is installed. */
  static checkLanguages(language: string, detectOrientation = true): void {
    const installed = TesseractCliOcr.installedLanguages();
    const wanted = [...language.split('+'), ...(detectOrientation ? ['osd'] : [])];
    const missing = wanted.filter((code) => !installed.includes(code));
    if (missing.length > 0) {
      throw new Error(
        `OCR_LANGUAGES=${language}: tesseract has no traineddata for ${missing.join(', ')} (installed: ${installed.join(', ') || 'none'}); install tesseract-ocr-${missing[0]} or change OCR_LANGUAGES`,
      );
    }
  }

  async recognise(imagePng: Buffer, page: OcrPage): Promise<PageText> {
    if (!TesseractCliOcr.isInstalled()) throw new ProcessingFailure('CONVERTER_UNAVAILABLE', 'tesseract is not installed');
    const image = imageSize(imagePng);
    const dpi = Math.max(1, Math.round((image.width * 72) / page.width));
    // tesseract's expected peak, from the header just read (the budget's table knows no image)
    const reserveMb = Math.min(this.options.maxMemoryMb, tesseractPeakMb(image.width * image.height));
    let words = await this.read(imagePng, dpi, reserveMb, 3);
    if (this.options.detectOrientation && looksUnreadable(words)) {
      const reoriented = await this.read(imagePng, dpi, reserveMb, 1);
      if (confidentCount(reoriented) > confidentCount(words)) words = reoriented;
    }
    return toOcrPageText(words, image, page);
  }

  private async read(imagePng: Buffer, dpi: number, reserveMb: number, psm: 1 | 3): Promise<ScoredWord[]> {
    let result: ProgramResult;
    try {
      result = await runProgram('tesseract', ['stdin', 'stdout', '-l', this.options.language, '--dpi', String(dpi), '--psm', String(psm), 'tsv'], {
        timeoutMs: this.options.timeoutMs,
        maxMemoryMb: this.options.maxMemoryMb,
        stdin: imagePng,
        reserveMb,
        env: { OMP_THREAD_LIMIT: '1' },
      });
    } catch (error) {
      throw toProcessingFailure(error, 'OCR_FAILED', 'tesseract');
    }
    if (result.timedOut) throw new ProcessingFailure('TIMEOUT', 'tesseract took too long');
    const diagnostics = result.stderr.toString('utf8');
    if (OUT_OF_MEMORY.test(diagnostics)) throw new ProcessingFailure('OUT_OF_MEMORY', 'tesseract ran out of memory');
    if (result.code !== 0) {
      const outOfMemory = /alloc|memory/i.test(diagnostics);
      throw new ProcessingFailure(outOfMemory ? 'OUT_OF_MEMORY' : 'OCR_FAILED', `tesseract exited with ${result.signal ?? `code ${String(result.code)}`}`);
    }
    const unread = UNREAD_IMAGE.exec(diagnostics);
    if (unread) throw new ProcessingFailure('OCR_FAILED', `tesseract did not read the page image (${unread[0]})`);
    const tsv = result.stdout.toString('utf8');
    if (!tsv.startsWith('level\t')) throw new ProcessingFailure('OCR_FAILED', 'tesseract wrote no TSV');
    return parseTesseractTsv(tsv);
  }
}

const confidentCount = (words: readonly ScoredWord[]): number => words.filter((word) => word.confidence >= CONFIDENT).length;

/** Most words below the confidence real text gets: upside down, or not text at all. */
const looksUnreadable = (words: readonly ScoredWord[]): boolean => words.length > 0 && confidentCount(words) * 2 < words.length;
