import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { PDFDict, PDFName, PDFStream } from 'pdf-lib';
import { extractWithPdfjs } from '../../../src/conversion/text/pdfjs-document-text.js';
import type { Box, DocumentText } from '../../../src/common/word-model.js';
import { DomainError } from '../../../src/common/domain-error.js';
import { CATALOG_CARRIER_KEYS, PAGE_CARRIER_KEYS } from '../../../src/redaction/engine/output-scrubber.js';
import { PdfjsCanvasRedactor } from '../../../src/redaction/engine/pdfjs-canvas-redactor.adapter.js';
import type { RedactionPlan } from '../../../src/redaction/redaction.types.js';
import { buildEngineFixture, extractWords, findWord, loadPdf, popplerText, scratch, wordsOf, writePdf } from './engine-fixtures.js';

const allText = (text: DocumentText): string => text.pages.flatMap((page) => page.lines.map((line) => line.text)).join('\n');
const pageText = (text: DocumentText, pageIndex: number): string => wordsOf(text, pageIndex).map((word) => word.text).join(' ');

function expectNear(actual: Box, expected: Box, tolerance = 2): void {
  expect(Math.abs(actual.x - expected.x)).toBeLessThanOrEqual(tolerance);
  expect(Math.abs(actual.y - expected.y)).toBeLessThanOrEqual(tolerance);
  expect(Math.abs(actual.width - expected.width)).toBeLessThanOrEqual(tolerance);
  expect(Math.abs(actual.height - expected.height)).toBeLessThanOrEqual(tolerance);
}

describe('PdfjsCanvasRedactor (default engine)', () => {
  let directory: Awaited<ReturnType<typeof scratch>>;
  let input: string;
  let original: DocumentText;
  const redactor = PdfjsCanvasRedactor.fromConfig();

  beforeAll(async () => {
    directory = await scratch();
    input = await writePdf(directory.path, 'input.pdf', await buildEngineFixture());
    original = await extractWords(input);
  });
  afterAll(async () => {
    await redactor.close();
    await directory.remove();
  });

  describe('a box over one word on a plain, a rotated and a cropped page', () => {
    let output: string;
    let redacted: DocumentText;
    let result: Awaited<ReturnType<typeof redactor.redact>>;

    beforeAll(async () => {
      const plan: RedactionPlan = {
        boxes: [
          { pageIndex: 0, box: findWord(original, 0, 'SECRETALPHA') },
          { pageIndex: 2, box: findWord(original, 2, 'SECRETROTATED') },
          { pageIndex: 3, box: findWord(original, 3, 'SECRETCROPPED') },
        ],
        pageModifications: [],
      };
      result = await redactor.redact(input, plan, `${directory.path}/redacted.pdf`);
      output = result.outputPath;
      redacted = await extractWords(output);
    }, 300_000);

    test('reports the rebuilt pages, the page count and the engine', () => {
      expect(result).toMatchObject({ pageCount: 4, redactedPages: [0, 2, 3], boxCount: 3, engine: 'pdfjs-canvas' });
    });

    test('the redacted words are gone from pdftotext and from pdf.js', async () => {
      const poppler = await popplerText(output);
      const pdfjs = allText(await extractWithPdfjs(output));
      for (const secret of ['SECRETALPHA', 'SECRETROTATED', 'SECRETCROPPED', 'OUTSIDECROPSECRET']) {
        expect(poppler).not.toContain(secret);
        expect(pdfjs).not.toContain(secret);
      }
      // the input really had them (the check above could not pass by accident)
      expect(await popplerText(input)).toContain('SECRETALPHA');
    });

    test('neighbouring words stay extractable where they were, on every kind of page', () => {
      for (const [pageIndex, word] of [
        [0, 'Bravo'],
        [0, 'Delta'],
        [0, 'Juliet'],
        [2, 'Papa'],
        [2, 'Quebec'],
        [3, 'Tango'],
        [3, 'Uniform'],
      ] as const) {
        expectNear(findWord(redacted, pageIndex, word), findWord(original, pageIndex, word));
      }
      expect(pageText(redacted, 0)).toContain('Foxtrot Golf Hotel India Juliet');
    });

    test('rebuilt pages keep their displayed size; the untouched page is copied with its text unchanged', async () => {
      expect(redacted.pages.map((page) => [page.width, page.height])).toEqual(original.pages.map((page) => [page.width, page.height]));
      expect(pageText(redacted, 1)).toBe(pageText(original, 1));
      wordsOf(original, 1).forEach((word, index) => expect(wordsOf(redacted, 1)[index]?.box).toEqual(word.box));
      const document = await loadPdf(output);
      const imagesOn = (pageIndex: number): number => document.getPage(pageIndex).node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict)?.keys().length ?? 0;
      expect(imagesOn(1)).toBe(0);
      expect(imagesOn(0)).toBe(1);
    });

    test('the pdf.js text of the kept words is there too (the invisible layer is real text)', async () => {
      const pdfjs = await extractWithPdfjs(output);
      expect(pageText(pdfjs, 0)).toContain('Delta');
      expect(pageText(pdfjs, 3)).toContain('Uniform');
    });

    test('nothing on the scrub list survives: catalog, pages, Info, XMP, attachments, annotations', async () => {
      const document = await loadPdf(output);
      for (const key of CATALOG_CARRIER_KEYS) expect(document.catalog.has(PDFName.of(key))).toBe(false);
      for (const page of document.getPages()) {
        for (const key of PAGE_CARRIER_KEYS) expect(page.node.has(PDFName.of(key))).toBe(false);
      }
      expect(document.getProducer()).toBeUndefined();
      expect(document.getTitle()).toBeUndefined();
      expect(document.getAuthor()).toBeUndefined();
      const types = document.context
        .enumerateIndirectObjects()
        .map(([, object]) => (object instanceof PDFStream ? object.dict : object instanceof PDFDict ? object : undefined)?.get(PDFName.of('Type')))
        .filter((type): type is PDFName => type instanceof PDFName)
        .map((type) => type.decodeText());
      for (const forbidden of ['EmbeddedFile', 'Filespec', 'Annot', 'Metadata', 'Outlines']) expect(types).not.toContain(forbidden);
      const raw = Buffer.from(await import('node:fs/promises').then((fs) => fs.readFile(output))).toString('latin1');
      for (const secret of ['Secret title', 'Secret author', 'annotation secret', 'attached secret', 'piece secret', 'app.alert']) expect(raw).not.toContain(secret);
      expect(raw.match(/%%EOF/g)).toHaveLength(1);
    });
  });

  test('page modifications: delete a page, rotate a copied page and a rebuilt page', async () => {
    const result = await redactor.redact(
      input,
      {
        boxes: [{ pageIndex: 0, box: findWord(original, 0, 'SECRETALPHA') }],
        pageModifications: [
          { pageIndex: 1, action: 'delete' },
          { pageIndex: 0, action: 'rotate', rotateBy: 90 },
          { pageIndex: 2, action: 'rotate', rotateBy: 270 },
        ],
      },
      `${directory.path}/modified.pdf`,
    );
    expect(result.pageCount).toBe(3);
    const document = await loadPdf(result.outputPath);
    expect(document.getPages().map((page) => page.getRotation().angle)).toEqual([90, 0, 0]);
    const text = await popplerText(result.outputPath);
    expect(text).not.toContain('UNTOUCHEDWORD');
    expect(text).not.toContain('SECRETALPHA');
    expect(text).toContain('SECRETROTATED');
  }, 300_000);

  test('a plan with only page modifications copies every page', async () => {
    const result = await redactor.redact(input, { boxes: [], pageModifications: [{ pageIndex: 3, action: 'delete' }] }, `${directory.path}/copied.pdf`);
    expect(result).toMatchObject({ pageCount: 3, redactedPages: [], boxCount: 0 });
    expect(await popplerText(result.outputPath)).toContain('SECRETALPHA');
  }, 300_000);

  test('uses a word model the caller already holds, and refuses one from another PDF', async () => {
    const box = findWord(original, 0, 'SECRETALPHA');
    // a caller-held word model (e.g. OCR words) decides what the invisible layer gets back
    const withOcrWord: DocumentText = {
      ...original,
      pages: original.pages.map((page, index) =>
        index === 0 ? { ...page, lines: [...page.lines, { text: 'OCRONLYWORD', box: { x: 72, y: 300, width: 80, height: 12 }, words: [{ text: 'OCRONLYWORD', box: { x: 72, y: 300, width: 80, height: 12 } }] }] } : page,
      ),
    };
    const result = await redactor.redact(input, { boxes: [{ pageIndex: 0, box }], pageModifications: [] }, `${directory.path}/given-text.pdf`, { text: withOcrWord });
    const text = await popplerText(result.outputPath);
    expect(text).toContain('OCRONLYWORD');
    expect(text).not.toContain('SECRETALPHA');

    const shorter: DocumentText = { pageCount: 3, pages: original.pages.slice(0, 3) };
    await expect(redactor.redact(input, { boxes: [{ pageIndex: 0, box }], pageModifications: [] }, `${directory.path}/mismatch.pdf`, { text: shorter })).rejects.toMatchObject({
      name: 'ProcessingFailure',
    });
  }, 300_000);

  test.each([
    ['a page that does not exist', { boxes: [{ pageIndex: 4, box: { x: 1, y: 1, width: 5, height: 5 } }], pageModifications: [] }],
    ['a NaN box', { boxes: [{ pageIndex: 0, box: { x: Number.NaN, y: 1, width: 5, height: 5 } }], pageModifications: [] }],
    ['a zero-size box', { boxes: [{ pageIndex: 0, box: { x: 1, y: 1, width: 0, height: 5 } }], pageModifications: [] }],
    ['deleting every page', { boxes: [], pageModifications: [0, 1, 2, 3].map((pageIndex) => ({ pageIndex, action: 'delete' as const })) }],
  ])('rejects %s as INVALID_GEOMETRY', async (_name, plan: RedactionPlan) => {
    const failure = await redactor.redact(input, plan, `${directory.path}/invalid.pdf`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DomainError);
    expect((failure as DomainError).code).toBe('INVALID_GEOMETRY');
  });
});
