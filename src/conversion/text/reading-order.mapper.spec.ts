import { describe, expect, it } from '@jest/globals';
import type { Line, Word } from '../../common/word-model.js';
import { GlyphWordGrouping } from './glyph-word-grouping.js';
import { reorder, toReadingOrder, wordInReadingOrder } from './reading-order.mapper.js';

/** Words laid out left to right as displayed, 4 pt apart, 6 pt per character. */
function displayedLine(...texts: string[]): Line {
  let x = 50;
  const words: Word[] = texts.map((text) => {
    const box = { x, y: 100, width: [...text].length * 6, height: 12 };
    x += box.width + 4;
    return { text, box };
  });
  return { text: texts.join(' '), box: { x: 50, y: 100, width: x - 54, height: 12 }, words };
}
const textOf = (line: Line): string => line.words.map((word) => word.text).join(' ');

describe('toReadingOrder', () => {
  it('turns an Arabic line from display order to reading order, words and characters', () => {
    // `قررت المحكمة رفض الطعن.` as poppler's -bbox-layout gives it
    const [line] = toReadingOrder([displayedLine('.نعطلا', 'ضفر', 'ةمكحملا', 'تررق')]);
    expect(line.text).toBe('قررت المحكمة رفض الطعن.');
    expect(textOf(line)).toBe(line.text);
  });

  it('keeps each word with its own box', () => {
    const source = displayedLine('טפשמה', 'תיב');
    const [line] = toReadingOrder([source]);
    expect(line.words).toEqual([
      { text: 'בית', box: source.words[1].box },
      { text: 'המשפט', box: source.words[0].box },
    ]);
    expect(line.box).toEqual(source.box);
  });

  it('keeps numbers and Latin runs left to right inside a right-to-left line', () => {
    expect(toReadingOrder([displayedLine('2024/117', 'ةيضقلا', 'مقر')])[0].text).toBe('رقم القضية 2024/117');
    expect(toReadingOrder([displayedLine('District', 'Court', 'ןוילעה', 'טפשמה', 'תיב')])[0].text).toBe('בית המשפט העליון District Court');
  });

  it('reverses only the right-to-left run of a left-to-right line', () => {
    const [line] = toReadingOrder([displayedLine('The', 'witness', 'said:', 'ءارمح', 'تناك', 'ةرايسلا', '(the', 'car', 'was', 'red).')]);
    expect(line.text).toBe('The witness said: السيارة كانت حمراء (the car was red).');
  });

  it("takes a mixed line's direction from its page: an English sentence on a Hebrew page is a run in a right-to-left line", () => {
    const hebrewPage = [displayedLine('טפשמה', 'תיב', 'ינפב', 'רטושה', 'תודע'), displayedLine('.arrived', 'at', 'Cohen', ')רטושה(', 'The', 'officer'), displayedLine('תועש', 'שולש', 'הכשמנ', 'הריקחה')];
    expect(toReadingOrder(hebrewPage)[1].text).toBe('The officer (השוטר) .arrived at Cohen');
    const englishPage = [displayedLine('Witness', 'statement', 'of', 'Omar', 'Haddad'), displayedLine('Inspector', 'Jones', 'ققحملا', 'عيقوت')];
    expect(toReadingOrder(englishPage)[1].text).toBe('Inspector Jones توقيع المحقق');
  });

  it('joins runs of one line given as separate lines (the number at the left end of an Arabic line), not lines apart', () => {
    const arabic = { text: 'ةيضقلا مقر', box: { x: 100, y: 100, width: 60, height: 12 }, words: [] as Word[] };
    arabic.words.push({ text: 'ةيضقلا', box: { x: 100, y: 100, width: 36, height: 12 } }, { text: 'مقر', box: { x: 140, y: 100, width: 20, height: 12 } });
    const number = { text: '2024/117', box: { x: 50, y: 100.5, width: 46, height: 12 }, words: [{ text: '2024/117', box: { x: 50, y: 100.5, width: 46, height: 12 } }] };
    const below = { ...number, box: { ...number.box, y: 130 }, words: [{ text: '2024/117', box: { x: 50, y: 130, width: 46, height: 12 } }] };
    const joined = toReadingOrder([arabic, number, below]);
    expect(joined.map((line) => line.text)).toEqual(['رقم القضية 2024/117', '2024/117']);
    expect(joined[0].box).toEqual({ x: 50, y: 100, width: 110, height: 12.5 });
  });

  it('leaves lines without right-to-left letters exactly as they were', () => {
    const source = displayedLine('Case', '4471/23', 'District', 'Court');
    expect(toReadingOrder([source])[0]).toBe(source);
  });

  it('normalises Arabic presentation forms (NFKC) after reordering, so a lam-alef ligature keeps its order', () => {
    // visual order: ﺔﻤﻜﺤﻤﻟﺍ = final teh marbuta … alef; ﻻ is one lam-alef glyph
    const [line] = toReadingOrder([displayedLine('ﻦﻌﻄﻟﺍ', 'ﺔﻤﻜﺤﻤﻟﺍ'), displayedLine('ﻻ')]);
    expect(line.text).toBe('المحكمة الطعن');
    expect(toReadingOrder([displayedLine('ﻻ')])[0].text).toBe('لا');
  });

  it('joins right-to-left glyphs that touch (drawn one by one) into one word with the union of their boxes', () => {
    const glyphs: Word[] = [...'ﺪﻫﺎﺸﻟﺍ'].map((text, index) => ({ text, box: { x: 100 + index * 5, y: 100, width: 5, height: 12 } }));
    const other = { text: 'ﻊﻣ', box: { x: 60, y: 100, width: 10, height: 12 } };
    const drawn = [...glyphs].reverse().concat(other);
    const [line] = toReadingOrder([{ text: drawn.map((word) => word.text).join(' '), box: { x: 60, y: 100, width: 70, height: 12 }, words: drawn }]);
    expect(line.words).toEqual([
      { text: 'الشاهد', box: { x: 100, y: 100, width: 30, height: 12 } },
      { text: 'مع', box: other.box },
    ]);
  });

  it('undoes the display order of a lam-alef ligature only where alef-lam cannot be meant', () => {
    expect(wordInReadingOrder('فانئتسلاا')).toBe('الاستئناف');
    expect(wordInReadingOrder('لا')).toBe('لا');
    expect(wordInReadingOrder('لاق')).toBe('قال');
    expect(wordInReadingOrder('ىلإ')).toBe('إلى');
  });

  it('keeps a combining mark after its base letter', () => {
    expect(wordInReadingOrder('\u0628\u064e\u062a\u064e\u0643')).toBe('\u0643\u062a\u064e\u0628\u064e');
  });
});

describe('reorder', () => {
  const kind = (unit: string): 'rtl' | 'ltr' | 'neutral' => (/[a-z0-9]/.test(unit) ? 'ltr' : /[A-Z]/.test(unit) ? 'rtl' : 'neutral');
  it('reverses the runs of a right-to-left paragraph and keeps left-to-right runs in order', () => {
    expect(reorder(['1', '/', '2', 'B', 'A'], kind, 'rtl')).toEqual(['A', 'B', '1', '/', '2']);
    expect(reorder(['x', 'C', '-', 'B', 'A', 'y'], kind, 'ltr')).toEqual(['x', 'A', 'B', '-', 'C', 'y']);
  });
});

describe('GlyphWordGrouping with right-to-left glyphs drawn leftwards', () => {
  it('keeps them on one line, and the reading-order pass makes words of them', () => {
    const grouping = new GlyphWordGrouping({ width: 600, height: 800 });
    let right = 500;
    for (const glyph of ['ﻣ', 'ﻊ', ' ', 'ﺍ', 'ﻟ', 'ﺸ', 'ﺎ', 'ﻫ', 'ﺪ']) {
      if (glyph === ' ') {
        right -= 4;
        grouping.space();
        continue;
      }
      const width = 7;
      // each glyph advances rightwards from its own origin; the next one starts further left
      grouping.glyph(glyph, right - width, 700, right, 712, right - width, 710, right, 710, 1, 0, 12);
      right -= width;
    }
    const lines = grouping.finish();
    expect(lines).toHaveLength(1);
    expect(toReadingOrder(lines)[0].text).toBe('مع الشاهد');
  });
});
