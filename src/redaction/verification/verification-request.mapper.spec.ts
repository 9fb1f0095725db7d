import { describe, expect, it } from '@jest/globals';
import type { DocumentText, PageText, Word } from '../../common/word-model.js';
import { boxesInOutput, redactedStringsFor, rotateBox } from './verification-request.mapper.js';

const word = (text: string, x: number, y: number): Word => ({ text, box: { x, y, width: 40, height: 10 } });
const page = (pageIndex: number, words: Word[]): PageText => ({
  pageIndex,
  width: 600,
  height: 800,
  rotation: 0,
  source: 'text-layer',
  lines: [{ text: words.map((w) => w.text).join(' '), box: { x: 0, y: 0, width: 600, height: 10 }, words }],
});
const documentText = (...pages: PageText[]): DocumentText => ({ pageCount: pages.length, pages });

describe('rotateBox', () => {
  const box = { x: 10, y: 20, width: 30, height: 40 };
  const size = { width: 600, height: 800 };
  it('turns a box with its page, clockwise', () => {
    expect(rotateBox(box, size, 0)).toEqual(box);
    expect(rotateBox(box, size, 90)).toEqual({ x: 740, y: 10, width: 40, height: 30 });
    expect(rotateBox(box, size, 180)).toEqual({ x: 560, y: 740, width: 30, height: 40 });
    expect(rotateBox(box, size, 270)).toEqual({ x: 20, y: 560, width: 40, height: 30 });
    expect(rotateBox(rotateBox(box, size, 90), { width: 800, height: 600 }, 270)).toEqual(box);
  });
});

describe('boxesInOutput', () => {
  it('drops boxes on deleted pages, renumbers later pages and applies rotations', () => {
    const text = documentText(page(0, []), page(1, []), page(2, []));
    const box = { x: 10, y: 20, width: 30, height: 40 };
    const boxes = boxesInOutput(
      {
        boxes: [
          { pageIndex: 0, box },
          { pageIndex: 1, box },
          { pageIndex: 2, box },
        ],
        pageModifications: [
          { pageIndex: 1, action: 'delete' },
          { pageIndex: 2, action: 'rotate', rotateBy: 90 },
        ],
      },
      text,
    );
    expect(boxes).toEqual([
      { pageIndex: 0, box },
      { pageIndex: 1, box: { x: 740, y: 10, width: 40, height: 30 } },
    ]);
  });
});

describe('redactedStringsFor', () => {
  it('lists the words under the boxes, except those that stay visible elsewhere', () => {
    const text = documentText(
      page(0, [word('Quarrington,', 100, 100), word('Smith', 200, 100), word('Ann', 300, 100), word('statement', 100, 300)]),
      page(1, [word('Smith', 100, 100), word('Annual', 200, 100)]),
      page(2, [word('Quarrington', 100, 100)]),
    );
    const plan = {
      boxes: [
        { pageIndex: 0, box: { x: 95, y: 95, width: 250, height: 20 } },
      ],
      pageModifications: [{ pageIndex: 2, action: 'delete' as const }],
    };
    // Smith stays on page 2, Ann inside "Annual"; the other Quarrington goes with its deleted page
    expect(redactedStringsFor(plan, text)).toEqual(['Quarrington,']);
  });
});
