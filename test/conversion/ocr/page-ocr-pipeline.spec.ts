/**
 * The page-OCR pipeline with the real tools (pdfimages, pdftoppm, tesseract): the resolution comes
 * from the page's image within the pixel budget, a bad raster is retried then fails with a reason,
 * a page with no words says so, sideways and upside-down scans are read with boxes on the page as
 * displayed, and Welsh comes back with OCR_LANGUAGES=eng+cym.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createTesseractCliOcr } from '../../../src/conversion/ocr/ocr.factory.js';
import { PageOcrPipeline } from '../../../src/conversion/ocr/page-ocr-pipeline.js';
import { TesseractCliOcr } from '../../../src/conversion/ocr/tesseract-cli-ocr.adapter.js';
import type { PageText, Word } from '../../../src/common/word-model.js';

const CORPUS = new URL('../../fixtures/hard-corpus/ocr/', import.meta.url);
const LIMITS = { timeoutMs: 300_000, maxMemoryMb: 1024 };
const A4 = { width: 595.3, height: 841.9 };

const words = (page: PageText): Word[] => page.lines.flatMap((line) => line.words);
const textOf = (page: PageText): string => page.lines.map((line) => line.text).join('\n');

describe('PageOcrPipeline', () => {
  let directory: string;
  const ocr = TesseractCliOcr.fromConfig(LIMITS);
  const pipeline = new PageOcrPipeline(ocr, { ...LIMITS, maxMegapixels: 25 });

  /** A one-page PDF showing `image` (a corpus PNG or JPEG) over `size` points. */
  async function imagePdf(file: string, size: { width: number; height: number }): Promise<string> {
    const document = await PDFDocument.create();
    const bytes = await readFile(new URL(file, CORPUS));
    const image = file.endsWith('.png') ? await document.embedPng(bytes) : await document.embedJpg(bytes);
    document.addPage([size.width, size.height]).drawImage(image, { x: 0, y: 0, ...size });
    const path = join(directory, `${file}.pdf`);
    await writeFile(path, await document.save());
    return path;
  }

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'page-ocr-'));
  });
  afterAll(async () => {
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('reads a 300 dpi scan at 300 dpi and a 150 dpi scan at 150 dpi', async () => {
    const fine = await pipeline.recognise(join(CORPUS.pathname, 'scan-300dpi-statement.pdf'), { pageIndex: 0, ...A4 });
    expect(fine.ocr).toEqual({ status: 'text', dpi: 300 });
    expect(textOf(fine)).toContain('pharmacy on Kingsway');
    const coarse = await pipeline.recognise(join(CORPUS.pathname, 'scan-150dpi-invoice-schedule.pdf'), { pageIndex: 0, width: 612, height: 792 });
    expect(coarse.ocr).toEqual({ status: 'text', dpi: 150 });
    expect(textOf(coarse)).toContain('Drainage inspection');
  }, 300_000);

  it('keeps a 6000×8000 px resolution-less image within the pixel budget and reads it', async () => {
    const page = { pageIndex: 0, width: 6000, height: 8000 };
    const text = await pipeline.recognise(await imagePdf('huge-resolution-less-custody-record.png', page), page);
    const dpi = text.ocr?.dpi ?? 0;
    expect(((6000 * dpi) / 72) * ((8000 * dpi) / 72)).toBeLessThanOrEqual(25_500_000);
    expect(textOf(text)).toContain('duty solicitor');
    const solicitor = words(text).find((word) => word.text === 'solicitor')!;
    expect(solicitor.box.x).toBeGreaterThan(0);
    expect(solicitor.box.x + solicitor.box.width).toBeLessThan(6000);
  }, 300_000);

  it('retries a page whose raster ran out of memory at half the resolution', async () => {
    const document = await PDFDocument.create();
    const font = await document.embedFont(StandardFonts.Helvetica);
    document.addPage([3000, 3000]).drawText('RETRIED AT HALF RESOLUTION', { x: 150, y: 2700, size: 110, font });
    const path = join(directory, 'big-page.pdf');
    await writeFile(path, await document.save());
    // 8334² pixels do not fit in 128 MB of address space: pdftoppm prints "Out of memory" and exits 0.
    const tight = new PageOcrPipeline(ocr, { timeoutMs: 300_000, maxMemoryMb: 128, maxMegapixels: 100, policy: { defaultDpi: 200 } });
    const text = await tight.recognise(path, { pageIndex: 0, width: 3000, height: 3000 });
    expect(text.ocr).toEqual({ status: 'text', dpi: 100 });
    expect(textOf(text)).toContain('RETRIED AT HALF RESOLUTION');
  }, 300_000);

  it('fails a page whose raster is bad at both resolutions, saying why', async () => {
    const document = await PDFDocument.create();
    document.addPage([3000, 3000]);
    const path = join(directory, 'too-big.pdf');
    await writeFile(path, await document.save());
    const starved = new PageOcrPipeline(ocr, { timeoutMs: 300_000, maxMemoryMb: 128, maxMegapixels: 400, policy: { defaultDpi: 400 } });
    const text = await starved.recognise(path, { pageIndex: 0, width: 3000, height: 3000 });
    expect(text.ocr).toMatchObject({ status: 'failed', reason: 'OUT_OF_MEMORY', dpi: 200 });
    expect(text.ocr?.detail).toMatch(/out of memory at 8334×8334 pixels/);
    expect(text.lines).toEqual([]);
  }, 300_000);

  it('says a photograph has no text rather than failing or indexing noise', async () => {
    const page = { pageIndex: 0, width: 1200, height: 900 };
    const text = await pipeline.recognise(await imagePdf('photo-no-text.jpg', page), page);
    expect(text.ocr?.status).toBe('no-text');
    expect(words(text)).toEqual([]);
  }, 300_000);

  it('reads a sideways scan with word boxes on the page as displayed', async () => {
    const page = { pageIndex: 0, width: 841.9, height: 595.3 };
    const text = await pipeline.recognise(await imagePdf('sideways-exhibit-list.jpg', page), page);
    expect(textOf(text)).toContain('hardware store on Station Road');
    // Turned 90° clockwise, the heading runs down the right-hand edge, one inch from the top.
    const heading = words(text).find((word) => word.text === 'Exhibit')!;
    expect(heading.box.height).toBeGreaterThan(heading.box.width);
    expect(heading.box.x).toBeGreaterThan(page.width - 160);
    expect(heading.box.y).toBeGreaterThan(60);
    expect(heading.box.y).toBeLessThan(90);
  }, 300_000);

  it('reads an upside-down scan (orientation detection) with word boxes where the words are on the page', async () => {
    const text = await pipeline.recognise(join(CORPUS.pathname, 'upside-down-tenancy.pdf'), { pageIndex: 0, ...A4 });
    expect(textOf(text)).toContain('fourteen days of written notice');
    // Turned 180°, the heading drawn one inch from the top left sits one inch from the bottom right.
    const heading = words(text).find((word) => word.text === 'Tenancy')!;
    expect(heading.box.x + heading.box.width).toBeGreaterThan(A4.width - 90);
    expect(heading.box.x + heading.box.width).toBeLessThan(A4.width - 60);
    expect(heading.box.y + heading.box.height).toBeGreaterThan(A4.height - 110);
  }, 300_000);

  it('reads Welsh with OCR_LANGUAGES=eng+cym, circumflexes and all', async () => {
    const welsh = new PageOcrPipeline(createTesseractCliOcr({ ...LIMITS, language: 'eng+cym' }), { ...LIMITS, maxMegapixels: 25 });
    const page = { pageIndex: 0, width: 595.44, height: 841.68 };
    const text = textOf(await welsh.recognise(await imagePdf('welsh-court-notice.png', page), page));
    for (const phrase of ['Hysbysiad o wrandawiad', 'Llys Ynadon Caerdydd', 'gadael y tŷ am hanner nos', 'Roedd ei ŵyr yn aros', 'ddod â']) expect(text).toContain(phrase);
  }, 300_000);

  it('refuses a language whose traineddata is not installed, naming it and what is', () => {
    expect(() => createTesseractCliOcr({ language: 'eng+xyz' })).toThrow(/OCR_LANGUAGES=eng\+xyz: tesseract has no traineddata for xyz \(installed: .*cym.*eng/);
  });
});
