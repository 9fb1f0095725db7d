/**
 * Conversion of documents no one here wrote (test/fixtures/real-world): every file converts to a
 * PDF that pdf-lib opens with at least one page, or fails with its specific reason. The hostile ones
 * (fuzzed PDFs, a page-tree cycle, content-stream cycles, htmllargecallstack.eml, outofmemory.eml) are
 * converted one at a time, each within the sandbox's limits, and never take the test process down.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentConverter } from '../../src/conversion/document-converter.service.js';
import { ProcessingFailure, type ProcessingFailureReason } from '../../src/conversion/processing-failure.js';
import { findProgram } from '../../src/conversion/sandbox/index.js';
import { sniffFile } from '../../src/conversion/sniff.js';
import type { ConversionResult } from '../../src/conversion/converters/converter.js';
import { REAL_WORLD } from './conversion-fixtures.js';
import { openPdf, scratchDirectory } from './conversion-test-helpers.js';

const hasQpdf = findProgram('qpdf') !== undefined;
const hasLibreOffice = findProgram('soffice') !== undefined;
const files = (folder: string) => readdirSync(join(REAL_WORLD, folder)).filter((name) => name !== 'LICENSE');

/** How qpdf judges them: rebuilt where it can be, refused where the structure is gone. */
const QPDF_FAILURES: Readonly<Record<string, ProcessingFailureReason>> = {
  'PDFBOX-3148-2-fuzzed.pdf': 'CORRUPT',
  'poppler-742-0-fuzzed.pdf': 'CORRUPT',
  'Pages-tree-refs.pdf': 'CORRUPT',
  'pr6531_1.pdf': 'PASSWORD_PROTECTED',
  'encrypted-attachment.pdf': 'PASSWORD_PROTECTED',
};
/** The pdf-lib fallback cannot decrypt, and cannot follow a page tree that loops. */
const PDF_LIB_FAILURES: Readonly<Record<string, ProcessingFailureReason>> = {
  'poppler-742-0-fuzzed.pdf': 'CORRUPT',
  'Pages-tree-refs.pdf': 'CORRUPT',
  'pr6531_1.pdf': 'ENCRYPTED',
  'encrypted-attachment.pdf': 'ENCRYPTED',
  'empty_protected.pdf': 'ENCRYPTED',
};
const KNOWN_PAGE_COUNTS: Readonly<Record<string, number>> = { 'tracemonkey.pdf': 14, 'pdkids.pdf': 55, 'hello_world_rotated.pdf': 5, 'evaljs.pdf': 2, 'rotation.pdf': 2 };

type Outcome = { result: ConversionResult } | { reason: ProcessingFailureReason };

describe('real-world documents', () => {
  const converter = DocumentConverter.fromConfig();
  const fallback = DocumentConverter.fromConfig({ disabledPrograms: ['qpdf'] });
  let scratch: Awaited<ReturnType<typeof scratchDirectory>>;
  let jobs = 0;

  beforeAll(async () => {
    scratch = await scratchDirectory();
  });
  afterAll(async () => {
    await converter.close();
    await fallback.close();
    await scratch.remove();
  });

  async function outcome(folder: string, name: string, using = converter): Promise<Outcome> {
    const path = join(REAL_WORLD, folder, name);
    jobs += 1;
    try {
      const result = await using.convert({ path, sniffedType: await sniffFile(path) }, join(scratch.path, `${jobs}`));
      return { result };
    } catch (error) {
      if (error instanceof ProcessingFailure) return { reason: error.reason };
      throw error;
    }
  }

  async function expectConverted(found: Outcome, name: string): Promise<ConversionResult> {
    expect({ name, ...('reason' in found ? { reason: found.reason } : {}) }).toEqual({ name });
    const { result } = found as { result: ConversionResult };
    const document = await openPdf(result.pdfPath);
    expect(document.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(document.getPageCount()).toBe(result.pageCount);
    if (KNOWN_PAGE_COUNTS[name]) expect(result.pageCount).toBe(KNOWN_PAGE_COUNTS[name]);
    return result;
  }

  describe.each([
    ['with qpdf where installed', () => converter, hasQpdf ? QPDF_FAILURES : PDF_LIB_FAILURES, files('pdfjs')],
    // the fallback on the hostile, damaged and encrypted files plus a few ordinary ones
    ['with the pdf-lib fallback', () => fallback, PDF_LIB_FAILURES, [...new Set([...Object.keys(PDF_LIB_FAILURES), ...Object.keys(QPDF_FAILURES), 'ContentStreamCycleType3insideType3.pdf', 'GHOSTSCRIPT-698804-1-fuzzed.pdf', 'helloworld-bad.pdf', 'xref_command_missing.pdf', 'tracemonkey.pdf', 'pdkids.pdf'])]],
  ] as const)('pdf.js corpus %s', (_label, using, failures, names) => {
    it.each(names)('%s', async (name) => {
      const found = await outcome('pdfjs', name, using());
      const expected = failures[name];
      // None of the expected failures is a TIMEOUT: every file is decided on its content, within the tools' limits.
      if (expected) expect({ name, reason: 'reason' in found ? found.reason : 'converted' }).toEqual({ name, reason: expected });
      else await expectConverted(found, name);
    }, 300_000);
  });

  describe('mailparser corpus', () => {
    // htmllargecallstack.eml and outofmemory.eml are the hostile ones: they must render within the worker
    // limits (converted, so neither TIMEOUT nor OUT_OF_MEMORY)
    it.each(files('mailparser'))('%s', async (name) => {
      const found = await outcome('mailparser', name);
      const result = await expectConverted(found, name);
      for (const child of result.children) {
        expect(child.path.startsWith(scratch.path)).toBe(true);
        expect(child.fileName).not.toMatch(/[\\/]/);
      }
    }, 300_000);

    it('returns the attachments as children: the PNG of base64encodedroot.eml, both of nodemailer.eml', async () => {
      const root = await expectConverted(await outcome('mailparser', 'base64encodedroot.eml'), 'base64encodedroot.eml');
      expect(root.children.map(({ fileName, mimeType }) => ({ fileName, mimeType }))).toEqual([{ fileName: 'screenshot.png', mimeType: 'image/png' }]);
      const nodemailer = await expectConverted(await outcome('mailparser', 'nodemailer.eml'), 'nodemailer.eml');
      expect(nodemailer.children).toHaveLength(2);
    });
  });

  describe('mammoth corpus (LibreOffice)', () => {
    it.each(files('mammoth'))('%s', async (name) => {
      const found = await outcome('mammoth', name);
      if (hasLibreOffice) await expectConverted(found, name);
      else expect('reason' in found && found.reason).toBe('CONVERTER_UNAVAILABLE');
    }, 300_000);
  });
});
