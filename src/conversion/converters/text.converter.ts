import type { TextToPdfInput, TextToPdfOutput } from '../workers/text-to-pdf.worker.js';
import type { ConversionJob, ConversionResult, Converter, ConverterContext } from './converter.js';
import { rethrowForDocument } from './sandbox-errors.js';

/** Plain text → paginated monospace PDF in a sandbox worker. */
export class TextConverter implements Converter {
  async convert(job: ConversionJob, context: ConverterContext): Promise<ConversionResult> {
    const { options } = context;
    try {
      const output = await context.pool.run<TextToPdfInput, TextToPdfOutput>(
        new URL('../workers/text-to-pdf.worker.js', import.meta.url),
        {
          inputPath: job.inputPath,
          outputPath: job.pdfPath,
          encoding: job.sniffed.textEncoding ?? 'utf-8',
          maxPages: options.maxPages,
          fontPath: options.monoFontPath,
          boldFontPath: options.monoBoldFontPath,
        },
        options.workerLimits,
      );
      return { pdfPath: job.pdfPath, pageCount: output.pageCount, children: [], converter: 'text' };
    } catch (error) {
      rethrowForDocument(error, 'the text renderer');
    }
  }
}
