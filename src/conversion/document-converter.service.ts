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
import { guardArchive } from './converters/archive-guard.js';
import { ProcessingFailure } from './processing-failure.js';
import { findProgram, SandboxPool, Semaphore } from './sandbox/index.js';
import { MIME_TYPES, sniffFile, type SniffedType, type SniffResult } from './sniff.js';

export type { ConversionChild, ConversionResult } from './converters/converter.js';

/** Types whose sniff result says more than the type (a text encoding, an encryption flag). */
const RESNIFFED: ReadonlySet<SniffedType> = new Set(['text', 'eml', 'doc', 'xls', 'ppt']);

/** Documents refused before any converter runs, each with what the user can do about it. */
function refuseUnreadable(sniffed: SniffResult): void {
  if (sniffed.type === 'heic') {
    throw new ProcessingFailure('UNSUPPORTED_TYPE', 'HEIC/HEIF photos cannot be read here (no decoder is installed): export the photo as JPEG or PNG and upload that instead');
  }
  // Word and PowerPoint have no default password (Excel's FILEPASS may use one: LibreOffice tries it)
  if (sniffed.encrypted && (sniffed.type === 'doc' || sniffed.type === 'ppt')) {
    throw new ProcessingFailure('PASSWORD_PROTECTED', `the ${sniffed.type === 'doc' ? 'Word' : 'PowerPoint'} document is encrypted with a password`);
  }
}

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
      bmp: new ImageConverter('bmp'),
      webp: new ImageConverter('webp'),
      avif: new ImageConverter('avif'),
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
      pub: new OfficeConverter('pub', office),
      vsd: new OfficeConverter('vsd', office),
      vsdx: new OfficeConverter('vsdx', office),
      // LibreOffice opens packages encrypted with the default password; any other is PASSWORD_PROTECTED
      'encrypted-office': new OfficeConverter('encrypted-office', office),
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
    refuseUnreadable(sniffed);
    const converter = this.converters[sniffed.type];
    if (!converter) {
      // a damaged archive is CORRUPT, a sound one of no known kind UNSUPPORTED_TYPE
      if (sniffed.type === 'zip') await guardArchive(input.path, this.context);
      throw new ProcessingFailure('UNSUPPORTED_TYPE', `documents of type ${sniffed.type} (${sniffed.mimeType}) cannot be converted`);
    }
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
    if (RESNIFFED.has(input.sniffedType)) {
      const again = await sniffFile(input.path);
      if (again.type === input.sniffedType) return again;
    }
    return { type: input.sniffedType, mimeType: MIME_TYPES[input.sniffedType] };
  }
}
