import { describe, expect, it } from '@jest/globals';
import type { DocumentText, Word } from '../../common/word-model.js';
import { removedWordsOf } from './removed-words.js';

const word = (text: string, x: number, y: number): Word => ({ text, box: { x, y, width: 40, height: 10 } });
const text: DocumentText = {
  pageCount: 3,
  pages: [
    { pageIndex: 0, width: 600, height: 800, lines: [{ words: [word('Call', 10, 10), word('07700', 60, 10), word('900123', 110, 10), word('today', 160, 10)] }] },
    { pageIndex: 1, width: 600, height: 800, lines: [{ words: [word('John', 10, 10), word('Smith', 60, 10)] }] },
    { pageIndex: 2, width: 600, height: 800, lines: [{ words: [word('Annex', 10, 10), word(' ', 60, 10)] }] },
  ],
} as unknown as DocumentText;

describe('removedWordsOf', () => {
  it('lists per page the words any box touches, with the first covering box type; deleted pages only counted', () => {
    const removed = removedWordsOf(text, {
      boxes: [
        { pageIndex: 0, box: { x: 55, y: 8, width: 100, height: 14 }, redactionType: 'phone' },
        { pageIndex: 0, box: { x: 100, y: 8, width: 20, height: 14 }, redactionType: 'other' },
        { pageIndex: 1, box: { x: 300, y: 300, width: 10, height: 10 } },
      ],
      pageModifications: [{ pageIndex: 2, action: 'delete' }],
    });
    expect(removed.wordCount).toBe(2);
    expect(removed.pages).toEqual([
      {
        pageIndex: 0,
        words: [
          { text: '07700', redactionType: 'phone', box: { x: 60, y: 10, width: 40, height: 10 } },
          { text: '900123', redactionType: 'phone', box: { x: 110, y: 10, width: 40, height: 10 } },
        ],
      },
    ]);
    expect(removed.deletedPages).toEqual([{ pageIndex: 2, wordCount: 1 }]);
  });

  it('an untyped box gives unspecified words; touching edges remove nothing', () => {
    const removed = removedWordsOf(text, { boxes: [{ pageIndex: 1, box: { x: 45, y: 0, width: 10, height: 30 } }, { pageIndex: 1, box: { x: 0, y: 0, width: 10, height: 10 } }], pageModifications: [] });
    expect(removed.pages).toEqual([{ pageIndex: 1, words: [{ text: 'John', redactionType: 'unspecified', box: { x: 10, y: 10, width: 40, height: 10 } }] }]);
  });
});
