import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { renderPage } from '../../../src/conversion/ocr/page-rasteriser.js';
import { pngSize } from '../../../src/conversion/ocr/png-size.js';
import { TesseractCliOcr } from '../../../src/conversion/ocr/tesseract-cli-ocr.adapter.js';
import { SandboxPool } from '../../../src/conversion/sandbox/index.js';

describe('renderPage and OCR of a rendered page', () => {
  let directory: string;
  let pdfPath: string;
  const pool = new SandboxPool({ concurrency: 1 });

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'raster-'));
    const document = await PDFDocument.create();
    const font = await document.embedFont(StandardFonts.Helvetica);
    document.addPage([612, 792]);
    const page = document.addPage([612, 792]);
    page.drawText('KNIFE FOUND 07700 900123', { x: 72, y: 700, size: 28, font });
    for (let line = 0; line < 30; line++) page.drawText('The witness saw the defendant near the premises at night', { x: 72, y: 640 - line * 18, size: 12, font });
    pdfPath = join(directory, 'scan.pdf');
    await writeFile(pdfPath, await document.save());
  });

  afterAll(async () => {
    await pool.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('renders the chosen page at the resolution asked for with pdftoppm', async () => {
    const { image: png } = await renderPage(pdfPath, 1, 200);
    expect(pngSize(png)).toEqual({ width: 1700, height: 2200 });
    expect(pngSize((await renderPage(pdfPath, 1, 137.5)).image)).toEqual({ width: 1169, height: 1513 });
  });

  it('renders with pdf.js and @napi-rs/canvas in the sandbox (the fallback)', async () => {
    const worker = new URL('../../../src/conversion/ocr/pdfjs-page-raster.worker.js', import.meta.url);
    const png = Buffer.from(await pool.run<{ pdfPath: string; pageIndex: number; dpi: number }, Uint8Array>(worker, { pdfPath, pageIndex: 1, dpi: 100 }, { timeoutMs: 300_000, maxMemoryMb: 1024 }));
    expect(pngSize(png)).toEqual({ width: 850, height: 1100 });
  });

  it('OCRs a full rendered page into words with boxes in points', async () => {
    const { image: png } = await renderPage(pdfPath, 1, 200);
    const text = await TesseractCliOcr.fromConfig().recognise(png, { pageIndex: 1, width: 612, height: 792 });
    expect(text.lines[0].text).toBe('KNIFE FOUND 07700 900123');
    const knife = text.lines[0].words[0].box;
    expect(Math.abs(knife.x - 72)).toBeLessThan(3);
    expect(Math.abs(knife.y + knife.height - (792 - 700))).toBeLessThan(3);
    expect(text.lines.filter((line) => line.text.includes('defendant')).length).toBeGreaterThanOrEqual(25);
  }, 300_000);
});
