import { ProcessingFailure } from '../processing-failure.js';
import { findProgram, runProgram, type ProgramResult } from '../sandbox/index.js';
import { toProcessingFailure } from '../text/sandbox-failure.mapper.js';
import type { PageText } from '../word-model.js';
import type { Ocr, OcrPage } from './ocr.port.js';
import { toOcrPageText } from './pixel-words.mapper.js';
import { pngSize } from './png-size.js';
import { parseTesseractTsv } from './tesseract-tsv.mapper.js';

export interface TesseractCliOcrOptions {
  readonly timeoutMs: number;
  readonly maxMemoryMb: number;
  readonly language: string;
}

/**
 * Debian's `tesseract` CLI: the PNG on stdin, TSV on stdout, page segmentation 3 (automatic).
 * OMP_THREAD_LIMIT=1 keeps each process on one core; runProgram's slots (one per core) bound how many run.
 */
export class TesseractCliOcr implements Ocr {
  readonly engine = 'tesseract-cli' as const;

  constructor(private readonly options: TesseractCliOcrOptions) {}

  static fromConfig(options: Partial<TesseractCliOcrOptions> = {}): TesseractCliOcr {
    return new TesseractCliOcr({ timeoutMs: options.timeoutMs ?? 120_000, maxMemoryMb: options.maxMemoryMb ?? 1024, language: options.language ?? 'eng' });
  }

  static isInstalled(): boolean {
    return findProgram('tesseract') !== undefined;
  }

  async recognise(imagePng: Buffer, page: OcrPage): Promise<PageText> {
    if (!TesseractCliOcr.isInstalled()) throw new ProcessingFailure('CONVERTER_UNAVAILABLE', 'tesseract is not installed');
    const image = pngSize(imagePng);
    let result: ProgramResult;
    try {
      result = await runProgram('tesseract', ['stdin', 'stdout', '-l', this.options.language, '--psm', '3', 'tsv'], {
        timeoutMs: this.options.timeoutMs,
        maxMemoryMb: this.options.maxMemoryMb,
        stdin: imagePng,
        env: { OMP_THREAD_LIMIT: '1' },
      });
    } catch (error) {
      throw toProcessingFailure(error, 'OCR_FAILED', 'tesseract');
    }
    if (result.timedOut) throw new ProcessingFailure('TIMEOUT', 'tesseract took too long');
    if (result.code !== 0) {
      const outOfMemory = /alloc|memory/i.test(result.stderr.toString('utf8'));
      throw new ProcessingFailure(outOfMemory ? 'OUT_OF_MEMORY' : 'OCR_FAILED', `tesseract exited with ${result.signal ?? `code ${String(result.code)}`}`);
    }
    return toOcrPageText(parseTesseractTsv(result.stdout.toString('utf8')), image, page);
  }
}
