import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ProcessingFailure } from '../../conversion/processing-failure.js';
import { SandboxPool, findProgram, runProgram } from '../../conversion/sandbox/index.js';
import { toProcessingFailure } from '../../conversion/text/sandbox-failure.mapper.js';
import { createTextExtractor } from '../../conversion/text/text-extractor.factory.js';
import type { TextExtractor } from '../../conversion/text/text-extractor.port.js';
import type { PdfRedactionBox, RedactOptions, RedactionPlan, RedactionResult, Redactor } from '../redaction.types.js';
import { widenToWords } from './box-geometry.js';
import { boxesByPage, pageWords, validatePlan } from './redaction-plan.js';
import type { RedactionJob, RedactionJobResult } from './redaction.worker.js';

export interface MupdfRedactorOptions {
  readonly timeoutMs: number;
  readonly maxMemoryMb: number;
  readonly pool?: SandboxPool;
  readonly textExtractor?: TextExtractor;
}

export const MUPDF_ENGINE = 'mupdf';

const WORKER = new URL('./redaction.worker.js', import.meta.url);

/**
 * `mutool run` script: a Redact annotation per box, plus four around the visible page so content
 * outside the CropBox goes too; `applyRedactions` removes the glyphs, vector paths and image pixels
 * under them and paints black boxes; saved with garbage=4 (the `mutool clean -gggg` pass: unreferenced
 * objects and older revisions dropped), compressed, never incremental.
 */
const SCRIPT = `
var input = scriptArgs[0], output = scriptArgs[1];
var boxes = JSON.parse(read(scriptArgs[2]));
var doc = new PDFDocument(input);
var byPage = {};
boxes.forEach(function (entry) { (byPage[entry.pageIndex] = byPage[entry.pageIndex] || []).push(entry.box); });
function redact(page, rect) { var annot = page.createAnnotation('Redact'); annot.setRect(rect); annot.update(); }
for (var key in byPage) {
  var page = doc.loadPage(Number(key));
  byPage[key].forEach(function (box) { redact(page, [box.x, box.y, box.x + box.width, box.y + box.height]); });
  var b = page.bound(), far = 14400;
  redact(page, [b[0] - far, b[1] - far, b[0], b[3] + far]);
  redact(page, [b[2], b[1] - far, b[2] + far, b[3] + far]);
  redact(page, [b[0], b[1] - far, b[2], b[1]]);
  redact(page, [b[0], b[3], b[2], b[3] + far]);
  page.applyRedactions(true, 2);
}
doc.save(output, 'garbage=4,compress');
`;

/**
 * Optional engine: MuPDF's true vector redaction through Debian's `mutool` (AGPL — off unless
 * REDACTION_ENGINE=mupdf; see docs/adr/0006-redaction-engine-licence.md). Boxes are first widened to
 * the whole words they touch (MuPDF removes glyph by glyph; the verification rule is per word). The
 * result then goes through the default engine's copy-and-scrub pass (no page is rasterised): page
 * modifications, hidden-content carriers and metadata are handled exactly as for the default engine.
 */
export class MupdfRedactor implements Redactor {
  readonly engine = MUPDF_ENGINE;
  private readonly pool: SandboxPool;
  private readonly ownsPool: boolean;
  private readonly textExtractor: TextExtractor;

  constructor(private readonly options: MupdfRedactorOptions) {
    this.pool = options.pool ?? new SandboxPool({ concurrency: 1 });
    this.ownsPool = options.pool === undefined;
    this.textExtractor = options.textExtractor ?? createTextExtractor({ timeoutMs: options.timeoutMs, maxMemoryMb: options.maxMemoryMb, pool: this.pool });
  }

  static fromConfig(options: Partial<MupdfRedactorOptions> = {}): MupdfRedactor {
    return new MupdfRedactor({ timeoutMs: 120_000, maxMemoryMb: 1_024, ...options });
  }

  static isInstalled(): boolean {
    return findProgram('mutool') !== undefined;
  }

  available(): Promise<boolean> {
    return Promise.resolve(MupdfRedactor.isInstalled());
  }

  async redact(inputPdfPath: string, plan: RedactionPlan, outputPath: string, options: RedactOptions = {}): Promise<RedactionResult> {
    if (!MupdfRedactor.isInstalled()) throw new ProcessingFailure('CONVERTER_UNAVAILABLE', 'mutool (mupdf-tools) is not installed');
    const inputPath = resolve(inputPdfPath);
    const target = resolve(outputPath);
    const text = options.text ?? (await this.textExtractor.extract(inputPath));
    validatePlan(plan, text);
    const deleted = new Set(plan.pageModifications.filter((modification) => modification.action === 'delete').map((modification) => modification.pageIndex));
    const boxes: PdfRedactionBox[] = [...boxesByPage(plan, text)]
      .filter(([pageIndex]) => !deleted.has(pageIndex))
      .flatMap(([pageIndex, pageBoxes]) => widenToWords(pageBoxes, pageWords(text, pageIndex)).map((box) => ({ pageIndex, box })));
    const redactedPages = [...new Set(boxes.map((entry) => entry.pageIndex))].sort((a, b) => a - b);

    const work = await mkdtemp(join(dirname(target), '.mupdf-'));
    try {
      let source = inputPath;
      if (boxes.length > 0) {
        source = join(work, 'vector-redacted.pdf');
        await writeFile(join(work, 'redact.js'), SCRIPT, { mode: 0o600 });
        await writeFile(join(work, 'boxes.json'), JSON.stringify(boxes), { mode: 0o600 });
        await this.runMutool(['run', join(work, 'redact.js'), inputPath, source, join(work, 'boxes.json')]);
      }
      const job: RedactionJob = { inputPath: source, outputPath: target, expectedPageCount: text.pageCount, pagesToRebuild: [], pageModifications: plan.pageModifications, dpi: 150, encoding: 'auto', jpegQuality: 80 };
      let result: RedactionJobResult;
      try {
        result = await this.pool.run<RedactionJob, RedactionJobResult>(WORKER, job, { timeoutMs: this.options.timeoutMs, maxMemoryMb: this.options.maxMemoryMb });
      } catch (error) {
        throw toProcessingFailure(error, 'EXTRACTION_FAILED', 'redaction clean-up');
      }
      return { outputPath: target, pageCount: result.pageCount, redactedPages, boxCount: boxes.length, engine: this.engine };
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.close();
  }

  private async runMutool(args: string[]): Promise<void> {
    let result;
    try {
      result = await runProgram('mutool', args, { timeoutMs: this.options.timeoutMs, maxMemoryMb: this.options.maxMemoryMb, maxOutputBytes: 1024 * 1024 });
    } catch (error) {
      throw toProcessingFailure(error, 'EXTRACTION_FAILED', 'mutool');
    }
    if (result.timedOut) throw new ProcessingFailure('TIMEOUT', 'mutool took too long');
    if (result.code !== 0) {
      const stderr = result.stderr.toString('utf8');
      if (/password|encrypt/i.test(stderr)) throw new ProcessingFailure('ENCRYPTED', 'the PDF is encrypted');
      if (/out of memory|cannot allocate/i.test(stderr)) throw new ProcessingFailure('OUT_OF_MEMORY', 'mutool ran out of memory');
      throw new ProcessingFailure('EXTRACTION_FAILED', `mutool exited with ${result.signal ?? `code ${String(result.code)}`}`);
    }
  }
}
