import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ProcessingFailure } from '../processing-failure.js';
import type { PageText } from '../../common/word-model.js';
import type { Ocr, OcrPage } from './ocr.port.js';
import { toOcrPageText } from './pixel-words.mapper.js';
import { pngSize } from './png-size.js';
import { parseTesseractTsv } from './tesseract-tsv.mapper.js';

export interface TesseractJsOcrOptions {
  readonly timeoutMs: number;
}

interface TesseractWorker {
  recognize(image: Buffer, options: Record<string, never>, output: { tsv: true; text: false; blocks: false }): Promise<{ data: { tsv: string | null } }>;
  terminate(): Promise<unknown>;
}

/** The packaged English data (node_modules/@tesseract.js-data/eng/4.0.0): never a CDN. */
function localLanguagePath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0');
}

/**
 * tesseract.js 7 (WebAssembly) as the fallback when the tesseract CLI is absent. It runs in
 * tesseract.js's own worker thread with local paths only (language data gzip from node_modules, core
 * from tesseract.js-core, no cache written to the working directory). One job at a time per worker;
 * a job over its time limit terminates the worker and the next job starts a fresh one.
 */
export class TesseractJsOcr implements Ocr {
  readonly engine = 'tesseract-js' as const;
  private worker: Promise<TesseractWorker> | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: TesseractJsOcrOptions) {}

  static fromConfig(options: Partial<TesseractJsOcrOptions> = {}): TesseractJsOcr {
    return new TesseractJsOcr({ timeoutMs: options.timeoutMs ?? 120_000 });
  }

  recognise(imagePng: Buffer, page: OcrPage): Promise<PageText> {
    const job = this.queue.then(() => this.recogniseNow(imagePng, page));
    this.queue = job.catch(() => undefined);
    return job;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await (await worker).terminate();
  }

  private async recogniseNow(imagePng: Buffer, page: OcrPage): Promise<PageText> {
    const image = pngSize(imagePng);
    let timer: NodeJS.Timeout | undefined;
    try {
      const worker = await (this.worker ??= this.startWorker());
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new ProcessingFailure('TIMEOUT', 'tesseract.js took too long')), this.options.timeoutMs);
      });
      const result = await Promise.race([worker.recognize(imagePng, {}, { tsv: true, text: false, blocks: false }), timeout]);
      return toOcrPageText(parseTesseractTsv(result.data.tsv ?? ''), image, page);
    } catch (error) {
      await this.close().catch(() => undefined);
      if (error instanceof ProcessingFailure) throw error;
      throw new ProcessingFailure('OCR_FAILED', 'tesseract.js could not read the page image', { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  private async startWorker(): Promise<TesseractWorker> {
    type CreateWorker = (langs: string, oem: number, options: Record<string, unknown>) => Promise<TesseractWorker>;
    const tesseract = (await import('tesseract.js')) as unknown as { createWorker?: CreateWorker; default?: { createWorker?: CreateWorker } };
    const createWorker = tesseract.createWorker ?? tesseract.default?.createWorker;
    if (!createWorker) throw new ProcessingFailure('CONVERTER_UNAVAILABLE', 'tesseract.js is not installed');
    // OEM 1: LSTM only, which is what the packaged 4.0.0 data holds
    return createWorker('eng', 1, { langPath: localLanguagePath(), gzip: true, cacheMethod: 'none' });
  }
}
