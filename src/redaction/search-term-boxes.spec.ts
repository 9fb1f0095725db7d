import { describe, expect, it } from '@jest/globals';
import type { DocumentText, Line, Word } from '../common/word-model.js';
import { searchTermBoxes } from './search-term-boxes.js';

/** Words laid out left to right, 10 pt per character plus a 5 pt gap; one line per array. */
function lineOf(y: number, texts: string[]): Line {
  let x = 72;
  const words: Word[] = texts.map((text) => {
    const word = { text, box: { x, y, width: text.length * 10, height: 12 } };
    x += text.length * 10 + 5;
    return word;
  });
  return { text: texts.join(' '), box: { x: 72, y, width: x - 77, height: 12 }, words };
}

const text: DocumentText = {
  pageCount: 2,
  pages: [
    { pageIndex: 0, width: 595, height: 842, rotation: 0, source: 'text-layer', lines: [lineOf(100, ['Call', 'me', 'on', '07700']), lineOf(120, ['900123', 'or', 'at', '07700-900123.'])] },
    { pageIndex: 1, width: 595, height: 842, rotation: 0, source: 'ocr', lines: [lineOf(100, ['Café', 'JONES', 'met', 'Jones,', 'jonesy'])] },
  ],
};

describe('searchTermBoxes', () => {
  it('finds a phrase across a line break and inside one punctuated word, widened to whole words', () => {
    const { boxes, occurrences } = searchTermBoxes(text, ['07700 900123']);
    expect(occurrences).toEqual([2]);
    expect(boxes.map((box) => [box.pageIndex, Math.round(box.box.x), Math.round(box.box.y)])).toEqual([
      [0, 167, 99],
      [0, 72, 119],
      [0, 187, 119],
    ]);
    // The punctuated word is boxed whole (13 characters), with a small margin.
    expect(boxes[2].box.width).toBeCloseTo(131, 5);
    expect(boxes[2].box.height).toBeGreaterThan(12);
    expect(boxes[2].box.height).toBeLessThan(15);
  });

  it('matches whole tokens only, case- and accent-folded, on every page', () => {
    const { boxes, occurrences } = searchTermBoxes(text, ['jones', 'cafe', 'nowhere']);
    expect(occurrences).toEqual([2, 1, 0]);
    expect(boxes.map((box) => box.pageIndex)).toEqual([1, 1, 1]);
    // "jonesy" is a different word and stays.
    expect(boxes.map((box) => Math.round(box.box.x))).toEqual([72, 117, 207]);
  });

  it('a part of a word widens to the whole word; terms without letters or digits match nothing', () => {
    expect(searchTermBoxes(text, ['900123']).boxes).toHaveLength(2);
    expect(searchTermBoxes(text, ['--', ' ']).boxes).toEqual([]);
  });

  it('finds a CJK word inside a longer run and an Arabic word drawn in presentation forms, boxing the word that holds it', () => {
    const scripts: DocumentText = {
      pageCount: 1,
      pages: [{ pageIndex: 0, width: 595, height: 842, rotation: 0, source: 'text-layer', lines: [lineOf(100, ['最高人民法院判决书', 'ﺍﻟﻤﺤﻜﻤﺔ'])] }],
    };
    const { boxes, occurrences } = searchTermBoxes(scripts, ['法院', 'المحكمة', '法庭']);
    expect(occurrences).toEqual([1, 1, 0]);
    expect(boxes.map((box) => Math.round(box.box.x))).toEqual([72, 167]);
  });

  it('a lone CJK character is a prefix, as in search: found anywhere in a run, and the whole run is boxed', () => {
    const scripts: DocumentText = {
      pageCount: 1,
      pages: [{ pageIndex: 0, width: 595, height: 842, rotation: 0, source: 'text-layer', lines: [lineOf(100, ['人民法院', '法', '立法'])] }],
    };
    // Indexed as `人民 民法 法院 院`, `法`, `立法 法`: `法` starts one token of each word (not `民法`), `院` only the run's last.
    const { boxes, occurrences } = searchTermBoxes(scripts, ['法', '院', '民']);
    expect(occurrences).toEqual([3, 1, 1]);
    expect(boxes.map((box) => Math.round(box.box.x))).toEqual([72, 117, 132]);
    // The run is one word (as poppler gives it) and is boxed whole: the engine widens every box to the words it
    // touches and verifies word by word, so a box over part of a word would redact the whole word anyway.
    expect(boxes[0].box.width).toBeCloseTo(41, 5);
    expect(searchTermBoxes(scripts, ['庭']).boxes).toEqual([]);
  });

  it('boxes a word once even when several terms cover it', () => {
    const { boxes, occurrences } = searchTermBoxes(text, ['07700', '07700 900123']);
    expect(occurrences).toEqual([2, 2]);
    expect(boxes).toHaveLength(3);
  });
});
