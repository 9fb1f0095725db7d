/** Sandbox worker, used where qpdf is not installed: load a PDF with pdf-lib and save it afresh. */
import { readFile, writeFile } from 'node:fs/promises';
import { EncryptedPDFError, PDFDocument } from 'pdf-lib';
import { ProcessingFailure } from '../processing-failure.js';

export interface PdfResaveInput {
  readonly inputPath: string;
  readonly outputPath: string;
}

export interface PdfResaveOutput {
  readonly pageCount: number;
}

export default async function resavePdf(input: PdfResaveInput): Promise<PdfResaveOutput> {
  const bytes = await readFile(input.inputPath);
  let document: PDFDocument;
  try {
    document = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: false });
  } catch (error) {
    // pdf-lib cannot tell an owner-only file from one needing a user password: both are ENCRYPTED here
    // (an encrypted file with encrypted object streams fails to parse before pdf-lib sees /Encrypt)
    if (error instanceof EncryptedPDFError || bytes.includes('/Encrypt')) throw new ProcessingFailure('ENCRYPTED', 'the PDF is encrypted');
    throw new ProcessingFailure('CORRUPT', `the PDF could not be parsed: ${error instanceof Error ? error.message.slice(0, 200) : 'unknown error'}`);
  }
  let pageCount: number;
  try {
    pageCount = document.getPageCount();
  } catch {
    throw new ProcessingFailure('CORRUPT', 'the page tree could not be read');
  }
  if (pageCount < 1) throw new ProcessingFailure('CORRUPT', 'the PDF has no pages');
  await writeFile(input.outputPath, await document.save({ useObjectStreams: false }));
  return { pageCount };
}
