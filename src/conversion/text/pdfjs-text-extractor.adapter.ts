import { resolve } from 'node:path';
import { SandboxPool } from '../sandbox/index.js';
import type { DocumentText } from '../../common/word-model.js';
import type { PdfjsTextJob } from './pdfjs-text.worker.js';
import { toProcessingFailure } from './sandbox-failure.mapper.js';
import type { TextExtractor } from './text-extractor.port.js';

export interface PdfjsTextExtractorOptions {
  readonly timeoutMs: number;
  readonly maxMemoryMb: number;
  /** Shared pool; when absent the extractor owns one with `concurrency` processes. */
  readonly pool?: SandboxPool;
  readonly concurrency?: number;
}

const WORKER = new URL('./pdfjs-text.worker.js', import.meta.url);

/**
 * pdf.js (pdfjs-dist legacy build) as the pure-JavaScript fallback, one sandboxed child process per
 * document. Word boxes come from the fonts' glyph widths laid out through the operator list
 * (see pdfjs-glyph-layout.ts), so they agree with poppler's to well under a point.
 */
export class PdfjsTextExtractor implements TextExtractor {
  readonly engine = 'pdfjs' as const;
  private readonly pool: SandboxPool;
  private readonly ownsPool: boolean;

  constructor(private readonly options: PdfjsTextExtractorOptions) {
    this.pool = options.pool ?? new SandboxPool({ concurrency: options.concurrency ?? 1 });
    this.ownsPool = options.pool === undefined;
  }

  static fromConfig(options: Partial<PdfjsTextExtractorOptions> = {}): PdfjsTextExtractor {
    return new PdfjsTextExtractor({ timeoutMs: options.timeoutMs ?? 120_000, maxMemoryMb: options.maxMemoryMb ?? 1024, ...options });
  }

  async extract(pdfPath: string): Promise<DocumentText> {
    try {
      return await this.pool.run<PdfjsTextJob, DocumentText>(WORKER, { pdfPath: resolve(pdfPath) }, { timeoutMs: this.options.timeoutMs, maxMemoryMb: this.options.maxMemoryMb });
    } catch (error) {
      throw toProcessingFailure(error, 'EXTRACTION_FAILED', 'pdf.js');
    }
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.close();
  }
}
