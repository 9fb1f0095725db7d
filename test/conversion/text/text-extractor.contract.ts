import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessingFailure } from '../../../src/conversion/processing-failure.js';
import { PdfjsTextExtractor } from '../../../src/conversion/text/pdfjs-text-extractor.adapter.js';
import { PopplerTextExtractor } from '../../../src/conversion/text/poppler-text-extractor.adapter.js';
import type { TextExtractor } from '../../../src/conversion/text/text-extractor.port.js';
import type { Box, DocumentText } from '../../../src/common/word-model.js';
import { GENERATED_LINES, REAL_WORLD_PDFS, writeGeneratedPdf } from './text-extractor-fixtures.js';

const POPPLER_HINT = 'poppler-utils (pdftotext, pdfinfo) is required for the text extractor contract: run scripts/install-system-packages.sh or apt-get install poppler-utils';

/**
 * Real-world PDFs from pdf.js's corpus that both engines read: Type 1, TrueType, CID fonts, rotation, forms,
 * annotations. Left out: issue9084.pdf and pdkids.pdf, whose embedded TrueType fonts carry a FontDescriptor
 * Ascent/Descent that disagrees with the font program — poppler uses the descriptor, pdf.js the font's hhea
 * table, so word heights differ by 2–8 pt there (horizontal extents still agree).
 */
const REAL_WORLD = [
  'tracemonkey.pdf',
  'hello_world_rotated.pdf',
  'rotation.pdf',
  'alphatrans.pdf',
  'attachment.pdf',
  'ArabicCIDTrueType.pdf',
  'german-umlaut-r.pdf',
  'mixedfonts.pdf',
  'file_pdfjs_form.pdf',
  'form_two_pages.pdf',
  'annotation-text-widget.pdf',
  'annotation-freetext.pdf',
  'evaljs.pdf',
];

interface PlacedWord {
  readonly pageIndex: number;
  readonly text: string;
  readonly box: Box;
}

const wordsOf = (document: DocumentText): PlacedWord[] =>
  document.pages.flatMap((page) => page.lines.flatMap((line) => line.words.map((word) => ({ pageIndex: page.pageIndex, ...word }))));

const boxDistance = (a: Box, b: Box): number =>
  Math.max(Math.abs(a.x - b.x), Math.abs(a.y - b.y), Math.abs(a.width - b.width), Math.abs(a.height - b.height));

/** Pairs each reference word with the nearest same-text word on the same page. */
function pairWords(reference: readonly PlacedWord[], candidate: readonly PlacedWord[]) {
  const pool = new Map<string, PlacedWord[]>();
  for (const word of candidate) {
    const key = `${word.pageIndex}\u0000${word.text}`;
    const bucket = pool.get(key) ?? [];
    bucket.push(word);
    pool.set(key, bucket);
  }
  const unmatched: PlacedWord[] = [];
  const distances: { word: PlacedWord; distance: number }[] = [];
  for (const word of reference) {
    const bucket = pool.get(`${word.pageIndex}\u0000${word.text}`);
    if (!bucket || bucket.length === 0) {
      unmatched.push(word);
      continue;
    }
    let best = 0;
    for (let index = 1; index < bucket.length; index++) {
      if (boxDistance(bucket[index].box, word.box) < boxDistance(bucket[best].box, word.box)) best = index;
    }
    distances.push({ word, distance: boxDistance(bucket[best].box, word.box) });
    bucket.splice(best, 1);
  }
  return { unmatched, distances, extra: [...pool.values()].flat() };
}

describe('TextExtractor contract: pdf.js fallback against poppler', () => {
  let directory: string;
  let generated: string;
  let poppler: PopplerTextExtractor;
  let pdfjs: PdfjsTextExtractor;

  beforeAll(async () => {
    if (!PopplerTextExtractor.isInstalled()) throw new Error(POPPLER_HINT);
    directory = await mkdtemp(join(tmpdir(), 'text-contract-'));
    generated = await writeGeneratedPdf(directory);
    poppler = PopplerTextExtractor.fromConfig({ timeoutMs: 300_000 });
    pdfjs = PdfjsTextExtractor.fromConfig({ timeoutMs: 300_000, concurrency: 2 });
  });

  afterAll(async () => {
    await pdfjs?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('gives the very same words, in order, with boxes within 1 pt on generated PDFs (fonts, sizes, rotation, CropBox)', async () => {
    const [reference, fallback] = await Promise.all([poppler.extract(generated), pdfjs.extract(generated)]);
    const referenceWords = wordsOf(reference);
    const fallbackWords = wordsOf(fallback);
    expect(fallbackWords.map((word) => `${word.pageIndex}:${word.text}`)).toEqual(referenceWords.map((word) => `${word.pageIndex}:${word.text}`));
    expect(referenceWords.map((word) => word.text)).toEqual(GENERATED_LINES.flatMap((line) => line.text.split(' ')));
    referenceWords.forEach((word, index) => expect(boxDistance(word.box, fallbackWords[index].box)).toBeLessThanOrEqual(1));
    expect(fallback.pages.map(({ width, height, rotation }) => ({ width, height, rotation }))).toEqual(
      reference.pages.map(({ width, height, rotation }) => ({ width, height, rotation })),
    );
  });

  it.each(REAL_WORLD)('agrees with poppler on %s: every word found, every box within 1 pt', async (name) => {
    const path = join(REAL_WORLD_PDFS, name);
    const [reference, fallback] = await Promise.all([poppler.extract(path), pdfjs.extract(path)]);
    expect(fallback.pageCount).toBe(reference.pageCount);
    for (const [index, page] of reference.pages.entries()) {
      expect(fallback.pages[index].rotation).toBe(page.rotation);
      expect(Math.abs(fallback.pages[index].width - page.width)).toBeLessThan(0.01);
      expect(Math.abs(fallback.pages[index].height - page.height)).toBeLessThan(0.01);
    }
    const referenceWords = wordsOf(reference);
    expect(referenceWords.length).toBeGreaterThan(0);
    const { unmatched, distances, extra } = pairWords(referenceWords, wordsOf(fallback));
    expect(unmatched).toEqual([]);
    const far = distances.filter(({ distance }) => distance > 1);
    expect(far).toEqual([]);
    // pdf.js maps a few glyphs poppler has no Unicode for (e.g. TeX's copyright circle): at most 0.1 %
    expect(extra.length).toBeLessThanOrEqual(Math.ceil(referenceWords.length * 0.001));
  });
});

describe.each([
  ['poppler', () => PopplerTextExtractor.fromConfig({ timeoutMs: 300_000 })],
  ['pdfjs', () => PdfjsTextExtractor.fromConfig({ timeoutMs: 300_000 })],
] as const)('TextExtractor contract: %s', (engine, create) => {
  let directory: string;
  let generated: string;
  let extractor: TextExtractor;

  beforeAll(async () => {
    if (!PopplerTextExtractor.isInstalled()) throw new Error(POPPLER_HINT);
    directory = await mkdtemp(join(tmpdir(), `text-${engine}-`));
    generated = await writeGeneratedPdf(directory);
    extractor = create();
  });

  afterAll(async () => {
    if (extractor instanceof PdfjsTextExtractor) await extractor.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it('reports displayed page sizes and rotation, and words in points from the top-left of the visible page', async () => {
    const text = await extractor.extract(generated);
    expect(extractor.engine).toBe(engine);
    expect(text.pageCount).toBe(5);
    expect(text.pages.map(({ width, height, rotation, source }) => ({ width, height, rotation, source }))).toEqual([
      { width: 612, height: 792, rotation: 0, source: 'text-layer' },
      { width: 792, height: 612, rotation: 90, source: 'text-layer' },
      { width: 400, height: 500, rotation: 0, source: 'text-layer' },
      { width: 612, height: 792, rotation: 180, source: 'text-layer' },
      { width: 400, height: 300, rotation: 270, source: 'text-layer' },
    ]);
    const first = text.pages[0].lines[0];
    expect(first.text).toBe('Hello Helvetica world');
    // Helvetica 12 pt drawn at (72, 700): ascent 0.718, descent 0.207, "Hello" is 2278/1000 em wide
    expect(first.words[0].box.x).toBeCloseTo(72, 1);
    expect(first.words[0].box.y).toBeCloseTo(792 - 700 - 0.718 * 12, 1);
    expect(first.words[0].box.width).toBeCloseTo(2.278 * 12, 1);
    expect(first.words[0].box.height).toBeCloseTo((0.718 + 0.207) * 12, 1);
    // /Rotate 90: user (x, y) is displayed at (y, x); the baseline at y = 700 runs down the page
    const rotated = text.pages[1].lines[0].words[0];
    expect(rotated.text).toBe('Rotated');
    expect(rotated.box.x).toBeCloseTo(700 - 0.207 * 14, 1);
    expect(rotated.box.y).toBeCloseTo(100, 1);
    expect(rotated.box.height).toBeGreaterThan(rotated.box.width);
    // CropBox [50 100 450 600]: origin moves to (50, 600) in user space
    const cropped = text.pages[2].lines[0].words[0];
    expect(cropped.text).toBe('Cropped');
    expect(cropped.box.x).toBeCloseTo(100 - 50, 1);
    expect(cropped.box.y).toBeCloseTo(600 - 400 - 0.683 * 14, 1);
    // /Rotate 180: user (x, y) is displayed at (612 - x, y); the text reads right to left, upside down
    const upsideDown = text.pages[3].lines[0].words[0];
    expect(upsideDown.text).toBe('Upside');
    expect(upsideDown.box.x + upsideDown.box.width).toBeCloseTo(612 - 120, 1);
  });

  it('fails a password-protected PDF with PASSWORD_PROTECTED', async () => {
    await expect(extractor.extract(join(REAL_WORLD_PDFS, 'pr6531_1.pdf'))).rejects.toMatchObject({ name: 'ProcessingFailure', reason: 'PASSWORD_PROTECTED' });
  });

  it('fails a file that is not a PDF with CORRUPT', async () => {
    const path = join(directory, 'not-a.pdf');
    await writeFile(path, Buffer.from('this is plain text, not a PDF at all\n'.repeat(50)));
    const failure = await extractor.extract(path).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProcessingFailure);
    expect((failure as ProcessingFailure).reason).toBe('CORRUPT');
  });

  it('fails cleanly, one document at a time, on hostile real-world files', async () => {
    for (const name of ['GHOSTSCRIPT-698804-1-fuzzed.pdf', 'PDFBOX-3148-2-fuzzed.pdf', 'poppler-742-0-fuzzed.pdf', 'Pages-tree-refs.pdf', 'ContentStreamCycleType3insideType3.pdf', 'xref_command_missing.pdf']) {
      const outcome = await extractor.extract(join(REAL_WORLD_PDFS, name)).then(
        (text) => ({ pages: text.pageCount }),
        (error: unknown) => ({ reason: (error as ProcessingFailure).reason }),
      );
      expect(outcome).toEqual(expect.objectContaining('pages' in outcome ? { pages: expect.any(Number) } : { reason: expect.any(String) }));
    }
    const afterwards = await extractor.extract(generated);
    expect(afterwards.pageCount).toBe(5);
  });
});
