import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sniffFile } from '../sniff.js';
import type { EmailToPdfInput, EmailToPdfOutput } from '../workers/email-to-pdf.worker.js';
import type { ConversionChild, ConversionJob, ConversionResult, Converter, ConverterContext } from './converter.js';
import { rethrowForDocument } from './sandbox-errors.js';

/** EML/MSG → PDF of headers and body; attachments written to `<outDir>/attachments/` as child documents. */
export class EmailConverter implements Converter {
  constructor(private readonly emailType: EmailToPdfInput['emailType']) {}

  async convert(job: ConversionJob, context: ConverterContext): Promise<ConversionResult> {
    const { options } = context;
    const attachmentDirectory = join(job.outDir, 'attachments');
    await mkdir(attachmentDirectory, { recursive: true });
    let output: EmailToPdfOutput;
    try {
      output = await context.pool.run<EmailToPdfInput, EmailToPdfOutput>(
        new URL('../workers/email-to-pdf.worker.js', import.meta.url),
        {
          inputPath: job.inputPath,
          outputPath: job.pdfPath,
          attachmentDirectory,
          emailType: this.emailType,
          maxPages: options.maxPages,
          maxAttachments: options.maxEmailAttachments,
          maxHtmlChars: options.maxEmailHtmlChars,
          maxBodyChars: options.maxEmailBodyChars,
          fontPath: options.monoFontPath,
          boldFontPath: options.monoBoldFontPath,
        },
        options.workerLimits,
      );
    } catch (error) {
      rethrowForDocument(error, 'the email reader');
    }
    const children: ConversionChild[] = [];
    for (const attachment of output.attachments) {
      const sniffed = await sniffFile(attachment.path);
      const declared = attachment.declaredType.toLowerCase();
      const mimeType = sniffed.type === 'unknown' && /^[a-z0-9.+-]{1,60}\/[a-z0-9.+-]{1,80}$/.test(declared) ? declared : sniffed.mimeType;
      children.push({ fileName: attachment.fileName, mimeType, path: attachment.path });
    }
    return { pdfPath: job.pdfPath, pageCount: output.pageCount, children, converter: 'email' };
  }
}
