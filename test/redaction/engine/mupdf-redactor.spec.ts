import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { PDFName } from 'pdf-lib';
import { findProgram } from '../../../src/conversion/sandbox/index.js';
import { CATALOG_CARRIER_KEYS, PAGE_CARRIER_KEYS } from '../../../src/redaction/engine/output-scrubber.js';
import { MupdfRedactor } from '../../../src/redaction/engine/mupdf-redactor.adapter.js';
import { createRedactor } from '../../../src/redaction/engine/redactor.factory.js';
import { buildEngineFixture, extractWords, findWord, loadPdf, popplerText, scratch, writePdf } from './engine-fixtures.js';

describe('MupdfRedactor (optional, AGPL engine)', () => {
  const redactor = MupdfRedactor.fromConfig();
  let directory: Awaited<ReturnType<typeof scratch>>;
  let input: string;

  beforeAll(async () => {
    directory = await scratch();
    input = await writePdf(directory.path, 'input.pdf', await buildEngineFixture());
  });
  afterAll(async () => {
    await redactor.close();
    await directory.remove();
  });

  test('is chosen only by name; the default is the permissive engine', async () => {
    const byDefault = createRedactor();
    const mupdf = createRedactor({ engine: 'mupdf' });
    expect(byDefault.engine).toBe('pdfjs-canvas');
    expect(mupdf.engine).toBe('mupdf');
    await Promise.all([byDefault.close(), mupdf.close()]);
  });

  test('reports whether mutool is installed, and where it is, removes the redacted words as vectors', async () => {
    const installed = findProgram('mutool') !== undefined;
    expect(await redactor.available()).toBe(installed);
    if (!installed) {
      await expect(redactor.redact(input, { boxes: [], pageModifications: [] }, `${directory.path}/out.pdf`)).rejects.toMatchObject({ reason: 'CONVERTER_UNAVAILABLE' });
      return;
    }
    const original = await extractWords(input);
    // half of the word: MuPDF removes glyph by glyph, so the engine widens to the whole word
    const secret = findWord(original, 0, 'SECRETALPHA');
    const result = await redactor.redact(
      input,
      {
        boxes: [
          { pageIndex: 0, box: { ...secret, width: secret.width / 2 } },
          { pageIndex: 3, box: findWord(original, 3, 'SECRETCROPPED') },
        ],
        pageModifications: [{ pageIndex: 1, action: 'rotate', rotateBy: 180 }],
      },
      `${directory.path}/mupdf.pdf`,
    );
    expect(result).toMatchObject({ pageCount: 4, redactedPages: [0, 3], boxCount: 2, engine: 'mupdf' });
    const text = await popplerText(result.outputPath);
    for (const secretWord of ['SECRETALPHA', 'SECRETCROPPED', 'OUTSIDECROPSECRET']) expect(text).not.toContain(secretWord);
    expect(text).toContain('Delta');
    expect(text).toContain('SECRETROTATED');
    const document = await loadPdf(result.outputPath);
    expect(document.getPage(1).getRotation().angle).toBe(180);
    for (const key of CATALOG_CARRIER_KEYS) expect(document.catalog.has(PDFName.of(key))).toBe(false);
    for (const page of document.getPages()) for (const key of PAGE_CARRIER_KEYS) expect(page.node.has(PDFName.of(key))).toBe(false);
  }, 300_000);
});
