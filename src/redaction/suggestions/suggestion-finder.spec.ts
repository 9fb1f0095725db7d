import { describe, expect, it } from '@jest/globals';
import type { DocumentText, Line, PageText } from '../../common/word-model.js';
import { findRedactionSuggestions } from './suggestion-finder.js';

/** A page laid out like the stand-in's statements: 6-point-wide characters, one line every 14 points. */
function page(pageIndex: number, lines: string[]): PageText {
  return {
    pageIndex,
    width: 595.28,
    height: 841.89,
    rotation: 0,
    source: 'text-layer',
    lines: lines.map((text, lineIndex): Line => {
      let x = 72;
      const y = 72 + lineIndex * 14;
      const words = text.split(' ').map((word) => {
        const box = { x, y, width: word.length * 6, height: 11 };
        x += (word.length + 1) * 6;
        return { text: word, box };
      });
      return { text, box: { x: 72, y, width: text.length * 6, height: 11 }, words };
    }),
  };
}

const DOCUMENT: DocumentText = {
  pageCount: 2,
  pages: [
    page(1, ['Contact number corrected to 07700 900456.']),
    page(0, [
      'Statement of: Amélie Quillfeather',
      'Date of birth: 07/03/1984',
      'Address: 12 Larkspur Lane, Fictonbury, QX12 3AB',
      'I was with Søren Fenwick-Dunmore when the car AB12 CDE drove off.',
      'Signed: Amélie Quillfeather Dated: 12/06/2024',
    ]),
  ],
};

const PEOPLE = [
  { firstNames: 'Amélie', surname: 'Quillfeather', dateOfBirth: '1984-03-07', address: '12 Larkspur Lane, Fictonbury, QX12 3AB', phone: null },
  { firstNames: 'Søren', surname: 'Fenwick-Dunmore', dateOfBirth: null, address: null, phone: null },
];

describe('findRedactionSuggestions', () => {
  const suggestions = findRedactionSuggestions(DOCUMENT, PEOPLE);

  it('finds case data and patterns, deduplicated, sorted by page and reading order', () => {
    expect(suggestions.map((suggestion) => [suggestion.pageIndex, suggestion.category, suggestion.text, suggestion.source])).toEqual([
      [0, 'name', 'Amélie Quillfeather', 'case-data'],
      [0, 'dob', '07/03/1984', 'case-data'],
      [0, 'address', '12 Larkspur Lane, Fictonbury', 'case-data'],
      [0, 'postcode', 'QX12 3AB', 'case-data'],
      [0, 'name', 'Søren Fenwick-Dunmore', 'case-data'],
      [0, 'vehicle-reg', 'AB12 CDE', 'pattern'],
      [0, 'name', 'Amélie Quillfeather', 'case-data'],
      [1, 'phone', '07700 900456', 'pattern'],
    ]);
  });

  it('gives items found by case data and a pattern a higher confidence than either', () => {
    const dob = suggestions.find((suggestion) => suggestion.category === 'dob')!;
    expect(dob.confidence).toBeGreaterThan(0.95);
  });

  it('boxes the matched words, merged into one box per line', () => {
    const name = suggestions[0];
    expect(name.boxes).toEqual([{ x: 72 + 14 * 6, y: 72, width: (6 + 1 + 12) * 6, height: 11 }]);
    const phone = suggestions[7];
    // "900456." is boxed whole: redaction widens to whole words.
    expect(phone.boxes).toEqual([{ x: 72 + 28 * 6, y: 72, width: (5 + 1 + 7) * 6, height: 11 }]);
  });

  it('boxes a match that spans lines with one box per line', () => {
    const wrapped: DocumentText = { pageCount: 1, pages: [page(0, ['Witness: Amélie', 'Quillfeather lives here'])] };
    const [name] = findRedactionSuggestions(wrapped, PEOPLE);
    expect(name.text).toBe('Amélie Quillfeather');
    expect(name.boxes).toEqual([
      { x: 72 + 9 * 6, y: 72, width: 6 * 6, height: 11 },
      { x: 72, y: 86, width: 12 * 6, height: 11 },
    ]);
  });
});
