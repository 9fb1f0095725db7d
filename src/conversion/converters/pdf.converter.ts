import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ProcessingFailure } from '../processing-failure.js';
import { runProgram, type ProgramResult, type SandboxLimits } from '../sandbox/index.js';
import type { PdfResaveInput, PdfResaveOutput } from '../workers/pdf-resave.worker.js';
import type { ConversionJob, ConversionResult, Converter, ConverterContext } from './converter.js';
import { rethrowForDocument } from './sandbox-errors.js';

/**
 * PDF → the same PDF re-saved clean: with qpdf (decrypted where only an owner password is set,
 * linearized, damaged cross-reference tables rebuilt, incremental updates folded in), or where qpdf
 * is absent with pdf-lib in a sandbox worker.
 */
export class PdfConverter implements Converter {
  async convert(job: ConversionJob, context: ConverterContext): Promise<ConversionResult> {
    const qpdf = context.program('qpdf');
    if (await hasHeader(job.inputPath)) return qpdf ? this.withQpdf(qpdf, job, context) : this.withPdfLib(job, context);
    const copy = await withHeader(job);
    try {
      const input = { ...job, inputPath: copy };
      return await (qpdf ? this.withQpdf(qpdf, input, context) : this.withPdfLib(input, context));
    } finally {
      await rm(copy, { force: true });
    }
  }

  private async withQpdf(qpdf: string, job: ConversionJob, context: ConverterContext): Promise<ConversionResult> {
    const limits = context.options.pdfToolLimits;
    // Only asked when owner-password PDFs are refused: otherwise the rewrite below says "invalid password" itself.
    if (!context.options.decryptOwnerPasswordPdfs) {
      const encryption = await this.run(qpdf, ['--requires-password', job.inputPath], limits);
      // exit codes: 0 needs a user password, 2 not encrypted (or unreadable), 3 encrypted with an empty user password
      if (encryption.code === 0) throw new ProcessingFailure('PASSWORD_PROTECTED', 'the PDF needs a password to open');
      if (encryption.code === 3) throw new ProcessingFailure('ENCRYPTED', 'the PDF is encrypted');
    }

    const rewrite = await this.run(qpdf, ['--decrypt', '--linearize', '--no-warn', job.inputPath, job.pdfPath], limits);
    if (rewrite.code !== 0 && rewrite.code !== 3) {
      const message = rewrite.stderr.toString('utf8');
      if (/invalid password/i.test(message)) throw new ProcessingFailure('PASSWORD_PROTECTED', 'the PDF needs a password to open');
      if (/unsupported|security handler|unknown encryption|encryption dictionary/i.test(message)) throw new ProcessingFailure('ENCRYPTED', 'the PDF uses an encryption qpdf cannot remove');
      if (/bad_alloc|out of memory|cannot allocate/i.test(message)) throw new ProcessingFailure('OUT_OF_MEMORY', 'qpdf ran out of memory');
      throw new ProcessingFailure('CORRUPT', 'the PDF is damaged beyond repair');
    }
    const pageCount = (await linearizedPageCount(job.pdfPath)) ?? (await this.pageCount(qpdf, job.pdfPath, limits));
    if (pageCount < 1) throw new ProcessingFailure('CORRUPT', 'the PDF has no readable pages');
    return { pdfPath: job.pdfPath, pageCount, children: [], converter: 'qpdf' };
  }

  private async pageCount(qpdf: string, pdfPath: string, limits: SandboxLimits): Promise<number> {
    const pages = await this.run(qpdf, ['--show-npages', pdfPath], limits);
    const count = Number.parseInt(pages.stdout.toString('utf8').trim(), 10);
    return pages.code === 0 && Number.isFinite(count) ? count : 0;
  }

  private async run(qpdf: string, args: readonly string[], limits: SandboxLimits): Promise<ProgramResult> {
    const result = await runProgram(qpdf, args, { ...limits, maxOutputBytes: 16 * 1024 * 1024 });
    if (result.timedOut) throw new ProcessingFailure('TIMEOUT', 'qpdf took too long');
    if (result.signal) throw new ProcessingFailure(/bad_alloc/.test(result.stderr.toString('utf8')) ? 'OUT_OF_MEMORY' : 'CORRUPT', `qpdf was stopped by ${result.signal}`);
    return result;
  }

  private async withPdfLib(job: ConversionJob, context: ConverterContext): Promise<ConversionResult> {
    try {
      const output = await context.pool.run<PdfResaveInput, PdfResaveOutput>(
        new URL('../workers/pdf-resave.worker.js', import.meta.url),
        { inputPath: job.inputPath, outputPath: job.pdfPath },
        context.options.workerLimits,
      );
      return { pdfPath: job.pdfPath, pageCount: output.pageCount, children: [], converter: 'pdf-lib' };
    } catch (error) {
      rethrowForDocument(error, 'the PDF reader');
    }
  }
}

const HEADER_WINDOW = 1024;

/**
 * The page count from the linearization dictionary qpdf writes as the file's first object
 * (`<< /Linearized 1 ... /N <pages> ... >>`), which saves a second qpdf run; undefined when it is not there.
 */
export async function linearizedPageCount(path: string): Promise<number | undefined> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(HEADER_WINDOW);
    const { bytesRead } = await handle.read(head, 0, HEADER_WINDOW, 0);
    const dictionary = /<<\s*\/Linearized\s[^>]*>>/.exec(head.subarray(0, bytesRead).toString('latin1'))?.[0];
    const pages = dictionary && /\/N\s+(\d+)/.exec(dictionary)?.[1];
    return pages ? Number.parseInt(pages, 10) : undefined;
  } finally {
    await handle.close();
  }
}

async function hasHeader(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(HEADER_WINDOW);
    const { bytesRead } = await handle.read(head, 0, HEADER_WINDOW, 0);
    return head.subarray(0, bytesRead).includes('%PDF-', 0, 'latin1');
  } finally {
    await handle.close();
  }
}

/**
 * A copy of a header-less PDF (sniffed by its objects and trailer) with a `%PDF-` line in front, padded
 * so the byte offsets in its cross-reference section point where they did before the start was lost.
 * qpdf can rebuild a classic xref table but not a cross-reference stream, and treats offset 0 as lost.
 */
async function withHeader(job: ConversionJob): Promise<string> {
  const target = join(job.outDir, 'with-header.pdf');
  const header = headerFor(await lostBytes(job.inputPath));
  await pipeline(
    Readable.from(
      (async function* () {
        yield Buffer.from(header, 'latin1');
        yield* createReadStream(job.inputPath);
      })(),
    ),
    createWriteStream(target),
  );
  return target;
}

const MIN_HEADER = '%PDF-1.7\n';
const MAX_LOST_BYTES = 64 * 1024;
const TAIL_WINDOW = 256 * 1024;

function headerFor(lost: number | undefined): string {
  if (lost === undefined || lost < MIN_HEADER.length + 2 || lost > MAX_LOST_BYTES) return MIN_HEADER;
  return `${MIN_HEADER}%${' '.repeat(lost - MIN_HEADER.length - 2)}\n`;
}

/** How many bytes were cut from the start: where `startxref` says the xref section is, less where it is. */
async function lostBytes(path: string): Promise<number | undefined> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - TAIL_WINDOW);
    const tail = Buffer.alloc(size - start);
    await handle.read(tail, 0, tail.length, start);
    const text = tail.toString('latin1');
    const declared = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text.slice(-1024));
    if (!declared) return undefined;
    const table = text.lastIndexOf('\nxref');
    let actual = table >= 0 ? table + 1 : -1;
    // a cross-reference stream: the last object header before the last `/XRef` type
    const xrefType = text.lastIndexOf('/XRef');
    if (xrefType > actual) {
      const before = text.slice(Math.max(0, xrefType - 4096), xrefType);
      const objects = [...before.matchAll(/\d+\s+\d+\s+obj\b/g)];
      const last = objects.at(-1);
      if (last?.index !== undefined) actual = xrefType - before.length + last.index;
    }
    return actual < 0 ? undefined : Number(declared[1]) - (start + actual);
  } finally {
    await handle.close();
  }
}
