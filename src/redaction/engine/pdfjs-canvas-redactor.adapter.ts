import { resolve } from 'node:path';
import { ProcessingFailure } from '../../conversion/processing-failure.js';
import { SandboxPool } from '../../conversion/sandbox/index.js';
import { toProcessingFailure } from '../../conversion/text/sandbox-failure.mapper.js';
import { createTextExtractor } from '../../conversion/text/text-extractor.factory.js';
import type { TextExtractor } from '../../conversion/text/text-extractor.port.js';
import type { DocumentText } from '../../common/word-model.js';
import type { RedactOptions, RedactionPlan, RedactionResult, Redactor } from '../redaction.types.js';
import { wordsToKeep } from './box-geometry.js';
import type { ImageEncoding } from './redacted-page-image.js';
import { boxesByPage, pageWords, validatePlan } from './redaction-plan.js';
import type { PageToRebuild, RedactionJob, RedactionJobResult } from './redaction.worker.js';

export interface PdfjsCanvasRedactorOptions {
  /** Resolution of rebuilt pages. Default 150. */
  readonly dpi: number;
  /** 'auto' (default): lossless grey for grey pages, JPEG for colour. See redacted-page-image.ts. */
  readonly encoding: ImageEncoding;
  readonly jpegQuality: number;
  /** Per document: the worker's wall clock is this plus `perPageTimeoutMs` for each rebuilt page. */
  readonly timeoutMs: number;
  readonly perPageTimeoutMs: number;
  readonly maxMemoryMb: number;
  /** Shared pool; when absent the redactor owns one with a single process at a time. */
  readonly pool?: SandboxPool;
  /** Where the words of rebuilt pages come from; default `createTextExtractor()` (poppler, else pdf.js). */
  readonly textExtractor?: TextExtractor;
  readonly fallbackFontPath?: string;
}

const WORKER = new URL('./redaction.worker.js', import.meta.url);

export const PDFJS_CANVAS_ENGINE = 'pdfjs-canvas';

/**
 * The default engine (Apache-2.0 / MIT dependencies only). Every page with a box is rebuilt as an
 * image with the boxes burned in (pdf.js on @napi-rs/canvas) and given back an invisible text layer of
 * the words no box touches; every other page is copied into a new document; the output is scrubbed of
 * hidden-content carriers and saved whole. The PDF is parsed and rendered only inside a sandboxed child.
 */
export class PdfjsCanvasRedactor implements Redactor {
  readonly engine = PDFJS_CANVAS_ENGINE;
  private readonly pool: SandboxPool;
  private readonly ownsPool: boolean;
  private readonly textExtractor: TextExtractor;

  constructor(private readonly options: PdfjsCanvasRedactorOptions) {
    this.pool = options.pool ?? new SandboxPool({ concurrency: 1 });
    this.ownsPool = options.pool === undefined;
    this.textExtractor = options.textExtractor ?? createTextExtractor({ timeoutMs: options.timeoutMs, maxMemoryMb: options.maxMemoryMb, pool: this.pool });
  }

  static fromConfig(options: Partial<PdfjsCanvasRedactorOptions> = {}): PdfjsCanvasRedactor {
    return new PdfjsCanvasRedactor({
      dpi: 150,
      encoding: 'auto',
      jpegQuality: 80,
      timeoutMs: 120_000,
      perPageTimeoutMs: 5_000,
      maxMemoryMb: 1_024,
      ...options,
    });
  }

  available(): Promise<boolean> {
    return Promise.resolve(true);
  }

  async redact(inputPdfPath: string, plan: RedactionPlan, outputPath: string, options: RedactOptions = {}): Promise<RedactionResult> {
    const inputPath = resolve(inputPdfPath);
    const text = options.text ?? (await this.textExtractor.extract(inputPath));
    validatePlan(plan, text);
    const pagesToRebuild = rebuildList(plan, text);
    const job: RedactionJob = {
      inputPath,
      outputPath: resolve(outputPath),
      expectedPageCount: text.pageCount,
      pagesToRebuild,
      pageModifications: plan.pageModifications,
      dpi: this.options.dpi,
      encoding: this.options.encoding,
      jpegQuality: this.options.jpegQuality,
      ...(this.options.fallbackFontPath ? { fallbackFontPath: this.options.fallbackFontPath } : {}),
    };
    const limits = { timeoutMs: this.options.timeoutMs + pagesToRebuild.length * this.options.perPageTimeoutMs, maxMemoryMb: this.options.maxMemoryMb };
    let result: RedactionJobResult;
    try {
      result = await this.pool.run<RedactionJob, RedactionJobResult>(WORKER, job, limits);
    } catch (error) {
      throw toProcessingFailure(error, 'EXTRACTION_FAILED', 'redaction');
    }
    if (result.pageCount < 1) throw new ProcessingFailure('EXTRACTION_FAILED', 'the redacted document has no pages');
    return {
      outputPath: job.outputPath,
      pageCount: result.pageCount,
      redactedPages: result.rebuiltPages,
      boxCount: pagesToRebuild.reduce((count, page) => count + page.boxes.length, 0),
      engine: this.engine,
    };
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.close();
  }
}

function rebuildList(plan: RedactionPlan, text: DocumentText): PageToRebuild[] {
  const deleted = new Set(plan.pageModifications.filter((modification) => modification.action === 'delete').map((modification) => modification.pageIndex));
  return [...boxesByPage(plan, text)]
    .filter(([pageIndex]) => !deleted.has(pageIndex))
    .sort(([a], [b]) => a - b)
    .map(([pageIndex, boxes]) => {
      const page = text.pages[pageIndex];
      return { pageIndex, boxes, keptWords: page ? wordsToKeep(pageWords(text, pageIndex), boxes, page) : [], rotation: page?.rotation ?? 0 };
    });
}
