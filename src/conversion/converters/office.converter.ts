import { existsSync, realpathSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ProcessingFailure } from '../processing-failure.js';
import { runProgram, Semaphore } from '../sandbox/index.js';
import type { SniffedType } from '../sniff.js';
import { guardArchive } from './archive-guard.js';
import type { ConversionJob, ConversionResult, Converter, ConverterContext } from './converter.js';
import { rethrowForDocument } from './sandbox-errors.js';

export type OfficeType = Extract<SniffedType, 'docx' | 'doc' | 'xlsx' | 'xls' | 'pptx' | 'ppt' | 'odt' | 'ods' | 'odp' | 'rtf' | 'pub' | 'vsd' | 'vsdx' | 'encrypted-office'>;

const ZIP_BASED: ReadonlySet<OfficeType> = new Set(['docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp', 'vsdx']);

/**
 * The LibreOffice module each type needs (Debian splits them into writer, calc, impress and draw
 * packages; Publisher and Visio are imported by Draw). An encrypted OOXML package could be any of them.
 */
const MODULE_LIBRARY: Readonly<Record<Exclude<OfficeType, 'encrypted-office'>, string>> = {
  docx: 'libswlo.so',
  doc: 'libswlo.so',
  odt: 'libswlo.so',
  rtf: 'libswlo.so',
  xlsx: 'libsclo.so',
  xls: 'libsclo.so',
  ods: 'libsclo.so',
  pptx: 'libsdlo.so',
  ppt: 'libsdlo.so',
  odp: 'libsdlo.so',
  pub: 'libwpftdrawlo.so',
  vsd: 'libwpftdrawlo.so',
  vsdx: 'libwpftdrawlo.so',
};

/** The extension LibreOffice's filter detection expects; an encrypted package is detected by content. */
const extensionOf = (type: OfficeType): string => (type === 'encrypted-office' ? 'bin' : type);

/**
 * Office documents → PDF through LibreOffice headless, one process per job with a fresh profile
 * directory (so jobs never share state or lock each other out), under runProgram's timeout and
 * address-space limit. ZIP-based formats pass the zip-bomb guard first.
 */
export class OfficeConverter implements Converter {
  private readonly slots: Semaphore;

  constructor(
    private readonly officeType: OfficeType,
    slots: Semaphore,
  ) {
    this.slots = slots;
  }

  async convert(job: ConversionJob, context: ConverterContext): Promise<ConversionResult> {
    const soffice = context.program('soffice');
    if (!soffice && isEncrypted(job, this.officeType)) throw new ProcessingFailure('PASSWORD_PROTECTED', 'the document is encrypted (and LibreOffice, which could try the default password, is not installed)');
    if (!soffice) throw new ProcessingFailure('CONVERTER_UNAVAILABLE', 'LibreOffice is not installed');
    if (!hasModule(soffice, this.officeType)) throw new ProcessingFailure('CONVERTER_UNAVAILABLE', `the LibreOffice module for ${this.officeType} is not installed`);
    if (ZIP_BASED.has(this.officeType)) await guardArchive(job.inputPath, context);
    return this.slots.use(() => this.runLibreOffice(soffice, job, context));
  }

  private async runLibreOffice(soffice: string, job: ConversionJob, context: ConverterContext): Promise<ConversionResult> {
    const workDirectory = await mkdtemp(join(tmpdir(), 'casework-office-'));
    try {
      const profile = join(workDirectory, 'profile');
      const output = join(workDirectory, 'out');
      await mkdir(output);
      // LibreOffice picks its import filter partly by extension: name the copy after the sniffed type
      const input = join(workDirectory, `document.${extensionOf(this.officeType)}`);
      await copyFile(job.inputPath, input);
      const result = await runProgram(
        soffice,
        ['--headless', '--norestore', '--nologo', '--nodefault', '--nolockcheck', `-env:UserInstallation=${pathToFileURL(profile).href}`, '--convert-to', 'pdf', '--outdir', output, input],
        { ...context.options.officeLimits, cwd: workDirectory, env: { HOME: workDirectory, TMPDIR: workDirectory, SAL_USE_VCLPLUGIN: 'svp' }, maxOutputBytes: 1024 * 1024 },
      );
      if (result.timedOut) throw new ProcessingFailure('TIMEOUT', 'LibreOffice took too long');
      const produced = (await readdir(output)).find((name) => name.endsWith('.pdf'));
      if (!produced) {
        const message = `${result.stdout.toString('utf8')}\n${result.stderr.toString('utf8')}`;
        if (/bad_alloc|out of memory|cannot allocate/i.test(message)) throw new ProcessingFailure('OUT_OF_MEMORY', 'LibreOffice ran out of memory');
        // an encrypted file LibreOffice could not open with the default password (Excel's "VelvetSweatshop") needs the user's
        if (/password/i.test(message) || isEncrypted(job, this.officeType)) {
          throw new ProcessingFailure('PASSWORD_PROTECTED', 'the document is encrypted and needs a password to open');
        }
        throw new ProcessingFailure('CORRUPT', `LibreOffice could not convert the document (${result.signal ?? `exit ${result.code}`})`);
      }
      await copyFile(join(output, produced), job.pdfPath);
      const pageCount = await countPages(job.pdfPath, context);
      return { pdfPath: job.pdfPath, pageCount, children: [], converter: 'libreoffice' };
    } finally {
      await rm(workDirectory, { recursive: true, force: true });
    }
  }
}

const isEncrypted = (job: ConversionJob, type: OfficeType): boolean => job.sniffed.encrypted === true || type === 'encrypted-office';

async function countPages(pdfPath: string, context: ConverterContext): Promise<number> {
  const qpdf = context.program('qpdf');
  if (qpdf) {
    const result = await runProgram(qpdf, ['--show-npages', pdfPath], context.options.pdfToolLimits);
    const pages = Number.parseInt(result.stdout.toString('utf8').trim(), 10);
    if (result.code === 0 && pages >= 1) return pages;
    throw new ProcessingFailure('CORRUPT', 'LibreOffice produced no readable pages');
  }
  try {
    const output = await context.pool.run<{ inputPath: string; outputPath: string }, { pageCount: number }>(
      new URL('../workers/pdf-resave.worker.js', import.meta.url),
      { inputPath: pdfPath, outputPath: pdfPath },
      context.options.workerLimits,
    );
    return output.pageCount;
  } catch (error) {
    rethrowForDocument(error, 'the PDF reader');
  }
}

const moduleCache = new Map<string, boolean>();

function hasModule(soffice: string, type: OfficeType): boolean {
  if (type === 'encrypted-office') return true;
  const library = MODULE_LIBRARY[type];
  const key = `${soffice}:${library}`;
  let present = moduleCache.get(key);
  if (present === undefined) {
    try {
      const programDirectory = dirname(realpathSync(soffice));
      const known = new Set(Object.values(MODULE_LIBRARY));
      // a layout we do not recognise (no module library at all): let LibreOffice decide
      present = existsSync(join(programDirectory, library)) || ![...known].some((name) => existsSync(join(programDirectory, name)));
    } catch {
      present = false;
    }
    moduleCache.set(key, present);
  }
  return present;
}
