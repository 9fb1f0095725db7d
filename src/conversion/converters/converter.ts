import type { ConversionOptions } from '../conversion-options.js';
import type { SandboxPool } from '../sandbox/index.js';
import type { SniffResult } from '../sniff.js';

/** A document produced by conversion besides the PDF, e.g. an email attachment. */
export interface ConversionChild {
  /** The name the parent gave it (sanitised, never a path). */
  readonly fileName: string;
  /** From its bytes, or what the parent declared when the bytes say nothing. */
  readonly mimeType: string;
  /** Where it was written, inside the output directory. */
  readonly path: string;
}

export interface ConversionResult {
  readonly pdfPath: string;
  readonly pageCount: number;
  readonly children: readonly ConversionChild[];
  /** Which converter produced the PDF (for logs and metrics). */
  readonly converter: 'qpdf' | 'pdf-lib' | 'image' | 'text' | 'email' | 'libreoffice';
}

export interface ConverterContext {
  readonly pool: SandboxPool;
  readonly options: ConversionOptions;
  /** An installed, enabled program's path. */
  program(name: string): string | undefined;
}

export interface ConversionJob {
  readonly inputPath: string;
  readonly sniffed: SniffResult;
  readonly outDir: string;
  readonly pdfPath: string;
}

export interface Converter {
  convert(job: ConversionJob, context: ConverterContext): Promise<ConversionResult>;
}
