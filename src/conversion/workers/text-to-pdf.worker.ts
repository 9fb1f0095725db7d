/** Sandbox worker: a plain-text file (UTF-8, UTF-16 or the legacy code page sniffing found) → paginated monospace PDF. */
import { readFile, writeFile } from 'node:fs/promises';
import type { TextEncodingName } from '../sniff.js';
import { renderTextPdf } from '../render/text-pdf.js';

export interface TextToPdfInput {
  readonly inputPath: string;
  readonly outputPath: string;
  readonly encoding: TextEncodingName;
  readonly maxPages: number;
  readonly fontPath?: string;
  readonly boldFontPath?: string;
}

export interface TextToPdfOutput {
  readonly pageCount: number;
}

export default async function textToPdf(input: TextToPdfInput): Promise<TextToPdfOutput> {
  const text = new TextDecoder(input.encoding).decode(await readFile(input.inputPath)).replace(/^\uFEFF/, '');
  const { bytes, pageCount } = await renderTextPdf([{ text }], { maxPages: input.maxPages, fontPath: input.fontPath, boldFontPath: input.boldFontPath });
  await writeFile(input.outputPath, bytes);
  return { pageCount };
}
