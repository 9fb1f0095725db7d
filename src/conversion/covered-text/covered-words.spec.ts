import { describe, expect, it } from '@jest/globals';
import type { PageText } from '../../common/word-model.js';
import { findCoveredWords, markCoveredWords, type GreyRaster } from './covered-words.js';
import { pageRuns, parsePgmSequence } from './pdftoppm-covered-text.detector.js';

/** A 100 × 50 pt page rendered at one pixel a point. */
function raster(paint: (x: number, y: number) => number): GreyRaster {
  const pixels = new Uint8Array(100 * 50);
  for (let y = 0; y < 50; y++) for (let x = 0; x < 100; x++) pixels[y * 100 + x] = paint(x, y);
  return { width: 100, height: 50, pixels };
}

const page: PageText = {
  pageIndex: 3,
  width: 100,
  height: 50,
  rotation: 0,
  source: 'text-layer',
  lines: [
    {
      text: 'Jane Doe ████',
      box: { x: 10, y: 10, width: 80, height: 10 },
      words: [
        { text: 'Jane', box: { x: 10, y: 10, width: 20, height: 10 } },
        { text: 'Doe', box: { x: 40, y: 10, width: 20, height: 10 } },
        { text: '████', box: { x: 70, y: 10, width: 20, height: 10 } },
      ],
    },
  ],
};

/** Glyph-like ink: vertical strokes every third column on white. */
const ink = (x: number) => (x % 3 === 0 ? 0 : 255);

describe('findCoveredWords', () => {
  it('marks a word under a flat dark box and reports the box in points', () => {
    const found = findCoveredWords(page, raster((x, y) => (x >= 8 && x < 32 && y >= 8 && y < 22 ? 10 : ink(x))));
    expect(found.words).toEqual([[0, 0]]);
    expect(found.boxes).toEqual([{ x: 8, y: 8, width: 24, height: 14 }]);
  });

  it('leaves visible ink alone: black on white, white strokes on black, a box that grazes a word', () => {
    expect(findCoveredWords(page, raster((x) => ink(x))).words).toEqual([]);
    expect(findCoveredWords(page, raster((x) => (x % 3 === 0 ? 240 : 20))).words).toEqual([]);
    expect(findCoveredWords(page, raster((x, y) => (x >= 40 && x < 46 && y >= 8 && y < 22 ? 0 : ink(x)))).words).toEqual([]);
  });

  it('needs the fill flat: black glyphs on a dark grey band stay readable', () => {
    expect(findCoveredWords(page, raster((x) => (x % 3 === 0 ? 0 : 90))).words).toEqual([]);
  });

  it('never counts a word without letters or digits (a █ mark is a redaction, not a leak)', () => {
    expect(findCoveredWords(page, raster(() => 0)).words).toEqual([[0, 0], [0, 1]]);
  });
});

describe('markCoveredWords', () => {
  it('sets covered on the words found and nothing else', () => {
    const marked = markCoveredWords(page, { pageIndex: 3, boxes: [], words: [[0, 1]] });
    expect(marked.lines[0].words.map((word) => word.covered ?? false)).toEqual([false, true, false]);
    expect(page.lines[0].words[1].covered).toBeUndefined();
  });
});

describe('pageRuns and parsePgmSequence', () => {
  it('renders consecutive text-layer pages together and skips OCR and empty pages', () => {
    const of = (pageIndex: number, source: PageText['source'], words = 1): PageText => ({ ...page, pageIndex, source, lines: words ? page.lines : [] });
    const runs = pageRuns([of(0, 'text-layer'), of(1, 'text-layer'), of(2, 'ocr'), of(3, 'text-layer', 0), of(4, 'text-layer')], 36);
    expect(runs.map((run) => run.map((p) => p.pageIndex))).toEqual([[0, 1], [4]]);
  });

  it('splits concatenated PGMs and refuses anything else', () => {
    const one = Buffer.concat([Buffer.from('P5\n2 1\n255\n'), Buffer.from([0, 255])]);
    expect(parsePgmSequence(Buffer.concat([one, one]))?.map((r) => [r.width, r.height, [...r.pixels]])).toEqual([
      [2, 1, [0, 255]],
      [2, 1, [0, 255]],
    ]);
    expect(parsePgmSequence(Buffer.from('P6\n2 1\n255\nxxxxxx'))).toBeNull();
    expect(parsePgmSequence(one.subarray(0, one.length - 1))).toBeNull();
  });
});
