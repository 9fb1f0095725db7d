import { Inject, Injectable, Optional, type OnModuleDestroy } from '@nestjs/common';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CONVERSION_OPTIONS, DEFAULT_CONVERSION_OPTIONS, type ConversionOptions } from './conversion-options.js';
import type { ConversionResult, Converter, ConverterContext } from './converters/converter.js';
import { EmailConverter } from './converters/email.converter.js';
import { ImageConverter } from './converters/image.converter.js';
import { OfficeConverter } from './converters/office.converter.js';
import { PdfConverter } from './converters/pdf.converter.js';
import { TextConverter } from './converters/text.converter.js';
import { ProcessingFailure } from './processing-failure.js';
import { findProgram, SandboxPool, Semaphore } from './sandbox/index.js';
import { MIME_TYPES, sniffFile, type SniffedType, type SniffResult } from './sniff.js';

export type { ConversionChild, ConversionResult } from './converters/converter.js';

export interface ConversionInput {
  /** The original document on local disk. */
  readonly path: string;
  /** From sniffFile; a bare type is accepted, text encodings are then sniffed again. */
  readonly sniffedType: SniffedType | SniffResult;
}

/** Which optional external converters this machine has (for readiness and the tracker's messages). */
export interface ConverterAvailability {
  readonly qpdf: boolean;
  readonly libreOffice: boolean;
  readonly prlimit: boolean;
}

/**
 * Turns any supported document into a PDF. Every parser of the document's bytes runs in a sandbox
 * (a forked worker or an external program with limits); this class only routes and maps failures.
 * Throws ProcessingFailure for anything about the document; other errors (disk, bugs) pass through.
 */
@Injectable()
export class DocumentConverter implements OnModuleDestroy {
  private readonly options: ConversionOptions;
  private readonly pool: SandboxPool;
  private readonly converters: Partial<Record<SniffedType, Converter>>;
  private readonly context: ConverterContext;

  constructor(@Optional() @Inject(CONVERSION_OPTIONS) options?: Partial<ConversionOptions>) {
    this.options = { ...DEFAULT_CONVERSION_OPTIONS, ...options };
    this.pool = new SandboxPool({ concurrency: this.options.workerConcurrency });
    const disabled = new Set(this.options.disabledPrograms);
    this.context = {
      pool: this.pool,
      options: this.options,
      program: (name) => (disabled.has(name) ? undefined : findProgram(name)),
    };
    const office = new Semaphore(this.options.officeConcurrency);
    this.converters = {
      pdf: new PdfConverter(),
      png: new ImageConverter('png'),
      jpeg: new ImageConverter('jpeg'),
      gif: new ImageConverter('gif'),
      tiff: new ImageConverter('tiff'),
      text: new TextConverter(),
      eml: new EmailConverter('eml'),
      msg: new EmailConverter('msg'),
      docx: new OfficeConverter('docx', office),
      doc: new OfficeConverter('doc', office),
      odt: new OfficeConverter('odt', office),
      rtf: new OfficeConverter('rtf', office),
      xlsx: new OfficeConverter('xlsx', office),
      xls: new OfficeConverter('xls', office),
      ods: new OfficeConverter('ods', office),
      pptx: new OfficeConverter('pptx', office),
      ppt: new OfficeConverter('ppt', office),
      odp: new OfficeConverter('odp', office),
    };
  }

  static fromConfig(options: Partial<ConversionOptions> = {}): DocumentConverter {
    return new DocumentConverter(options);
  }

  /**
   * Writes `<outDir>/document.pdf` (and, for emails, `<outDir>/attachments/attachment-<n>.bin`).
   * The caller owns outDir and commits the files to blob storage.
   */
  async convert(input: ConversionInput, outDir: string): Promise<ConversionResult> {
    const sniffed = await this.resolveSniff(input);
    if (sniffed.type === 'encrypted-office') throw new ProcessingFailure('PASSWORD_PROTECTED', 'the office document is encrypted with a password');
    const converter = this.converters[sniffed.type];
    if (!converter) throw new ProcessingFailure('UNSUPPORTED_TYPE', `documents of type ${sniffed.type} (${sniffed.mimeType}) cannot be converted`);
    await mkdir(outDir, { recursive: true });
    return converter.convert({ inputPath: input.path, sniffed, outDir, pdfPath: join(outDir, 'document.pdf') }, this.context);
  }

  availability(): ConverterAvailability {
    return {
      qpdf: this.context.program('qpdf') !== undefined,
      libreOffice: this.context.program('soffice') !== undefined,
      prlimit: findProgram('prlimit') !== undefined,
    };
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  async onModuleDestroy(): Promise<void> {
    await this.close();
  }

  private async resolveSniff(input: ConversionInput): Promise<SniffResult> {
    if (typeof input.sniffedType !== 'string') return input.sniffedType;
    if (input.sniffedType === 'text' || input.sniffedType === 'eml') {
      const again = await sniffFile(input.path);
      if (again.type === input.sniffedType) return again;
    }
    return { type: input.sniffedType, mimeType: MIME_TYPES[input.sniffedType] };
  }
}
