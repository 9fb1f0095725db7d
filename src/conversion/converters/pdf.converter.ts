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
    return qpdf ? this.withQpdf(qpdf, job, context) : this.withPdfLib(job, context);
  }

  private async withQpdf(qpdf: string, job: ConversionJob, context: ConverterContext): Promise<ConversionResult> {
    const limits = context.options.pdfToolLimits;
    const encryption = await this.run(qpdf, ['--requires-password', job.inputPath], limits);
    // exit codes: 0 needs a user password, 2 not encrypted (or unreadable), 3 encrypted with an empty user password
    if (encryption.code === 0) throw new ProcessingFailure('PASSWORD_PROTECTED', 'the PDF needs a password to open');
    if (encryption.code === 3 && !context.options.decryptOwnerPasswordPdfs) throw new ProcessingFailure('ENCRYPTED', 'the PDF is encrypted');

    const rewrite = await this.run(qpdf, ['--decrypt', '--linearize', '--no-warn', job.inputPath, job.pdfPath], limits);
    if (rewrite.code !== 0 && rewrite.code !== 3) {
      const message = rewrite.stderr.toString('utf8');
      if (/invalid password/i.test(message)) throw new ProcessingFailure('PASSWORD_PROTECTED', 'the PDF needs a password to open');
      if (/unsupported|security handler|unknown encryption|encryption dictionary/i.test(message)) throw new ProcessingFailure('ENCRYPTED', 'the PDF uses an encryption qpdf cannot remove');
      if (/bad_alloc|out of memory|cannot allocate/i.test(message)) throw new ProcessingFailure('OUT_OF_MEMORY', 'qpdf ran out of memory');
      throw new ProcessingFailure('CORRUPT', 'the PDF is damaged beyond repair');
    }
    const pages = await this.run(qpdf, ['--show-npages', job.pdfPath], limits);
    const pageCount = Number.parseInt(pages.stdout.toString('utf8').trim(), 10);
    if (pages.code !== 0 || !Number.isFinite(pageCount) || pageCount < 1) throw new ProcessingFailure('CORRUPT', 'the PDF has no readable pages');
    return { pdfPath: job.pdfPath, pageCount, children: [], converter: 'qpdf' };
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
