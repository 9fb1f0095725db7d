import { afterAll, describe, expect, it } from '@jest/globals';
import { ProcessingFailure } from '../../../src/conversion/processing-failure.js';
import type { Ocr } from '../../../src/conversion/ocr/ocr.port.js';
import { TesseractCliOcr } from '../../../src/conversion/ocr/tesseract-cli-ocr.adapter.js';
import { TesseractJsOcr } from '../../../src/conversion/ocr/tesseract-js-ocr.adapter.js';
import { OCR_TEXT, renderOcrImage } from './ocr-image.fixture.js';

const TESSERACT_HINT = 'the tesseract CLI is required for the OCR contract: run scripts/install-system-packages.sh or apt-get install tesseract-ocr tesseract-ocr-eng';
/** Tesseract's boxes hug the ink; ours were measured from the font: allow a few points. */
const TOLERANCE_POINTS = 3;

const engines: [string, () => Ocr][] = [
  [
    'tesseract CLI',
    () => {
      if (!TesseractCliOcr.isInstalled()) throw new Error(TESSERACT_HINT);
      return TesseractCliOcr.fromConfig({ timeoutMs: 300_000 });
    },
  ],
  ['tesseract.js', () => TesseractJsOcr.fromConfig({ timeoutMs: 300_000 })],
];

describe.each(engines)('Ocr contract: %s', (_name, create) => {
  let ocr: Ocr | undefined;

  afterAll(async () => {
    if (ocr instanceof TesseractJsOcr) await ocr.close();
  });

  it('reads the words of a rendered page and boxes them where they were drawn, in points', async () => {
    ocr = create();
    const { png, page, words } = renderOcrImage();
    const started = performance.now();
    const text = await ocr.recognise(png, page);
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`${ocr.engine}: ${seconds.toFixed(2)} s for one page\n`);

    expect(text).toMatchObject({ pageIndex: 3, width: page.width, height: page.height, rotation: 0, source: 'ocr' });
    expect(text.lines.map((line) => line.text)).toEqual([OCR_TEXT]);
    const found = text.lines[0].words;
    expect(found.map((word) => word.text)).toEqual(words.map((word) => word.text));
    found.forEach((word, index) => {
      const drawn = words[index];
      expect(Math.abs(word.box.x - drawn.x)).toBeLessThanOrEqual(TOLERANCE_POINTS);
      expect(Math.abs(word.box.y - drawn.y)).toBeLessThanOrEqual(TOLERANCE_POINTS);
      expect(Math.abs(word.box.width - drawn.width)).toBeLessThanOrEqual(TOLERANCE_POINTS);
      expect(Math.abs(word.box.height - drawn.height)).toBeLessThanOrEqual(TOLERANCE_POINTS);
    });
  }, 300_000);

  it('fails an image that is not a PNG with OCR_FAILED', async () => {
    ocr ??= create();
    const failure = await ocr.recognise(Buffer.from('GIF89a not a png at all'), { pageIndex: 0, width: 100, height: 100 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProcessingFailure);
    expect((failure as ProcessingFailure).reason).toBe('OCR_FAILED');
  });
});
