import { describe, expect, it } from '@jest/globals';
import type { Word } from '../common/word-model.js';
import { parseSearchQuery } from './query-parser.js';
import { matchingWords } from './search-hit.mapper.js';

const words = (...texts: string[]): Word[] => texts.map((text, index) => ({ text, box: { x: 72 + index * 60, y: 100, width: 50, height: 12 } }));

describe('matchingWords', () => {
  it('marks only the characters of a CJK word found inside a longer run, with their share of the box of the run', () => {
    const line: Word[] = [
      { text: '東京地方裁判所判決', box: { x: 100, y: 100, width: 90, height: 10 } },
      { text: '被告人に無罪を言い渡した。', box: { x: 100, y: 120, width: 130, height: 10 } },
    ];
    expect(matchingWords(line, parseSearchQuery('被告'))).toEqual([{ text: '被告', box: { x: 100, y: 120, width: 20, height: 10 } }]);
    expect(matchingWords(line, parseSearchQuery('裁判所'))).toEqual([{ text: '裁判所', box: { x: 140, y: 100, width: 30, height: 10 } }]);
    expect(matchingWords(line, parseSearchQuery('判'))).toEqual([
      { text: '判', box: { x: 150, y: 100, width: 10, height: 10 } },
      { text: '判', box: { x: 170, y: 100, width: 10, height: 10 } },
    ]);
    expect(matchingWords(line, parseSearchQuery('"地方 裁判所"'))).toEqual([]);
    expect(matchingWords(line, parseSearchQuery('判所判決被告'))).toEqual([]);
  });

  it('splits a vertical CJK word along its height, and marks a mixed-script word whole', () => {
    const vertical: Word = { text: '最高人民法院', box: { x: 500, y: 100, width: 12, height: 72 } };
    expect(matchingWords([vertical], parseSearchQuery('法院'))).toEqual([{ text: '法院', box: { x: 500, y: 148, width: 12, height: 24 } }]);
    const mixed: Word = { text: 'iPhone手机', box: { x: 10, y: 10, width: 80, height: 10 } };
    expect(matchingWords([mixed], parseSearchQuery('手机'))).toEqual([mixed]);
  });

  it('marks Arabic words stored in presentation forms when the query is typed in plain letters', () => {
    const line = words('ﻗﺮﺭﺕ', 'ﺍﻟﻤﺤﻜﻤﺔ', 'ﺭﻓﺾ', 'ﺍﻟﻄﻌﻦ');
    expect(matchingWords(line, parseSearchQuery('المحكمة'))).toEqual([line[1]]);
    expect(matchingWords(line, parseSearchQuery('"رفض الطعن"'))).toEqual([line[2], line[3]]);
  });

  it('marks Hebrew words in reading order as a phrase', () => {
    const line = words('בית', 'המשפט', 'המחוזי');
    expect(matchingWords(line, parseSearchQuery('"בית המשפט"'))).toEqual([line[0], line[1]]);
    expect(matchingWords(line, parseSearchQuery('"המשפט בית"'))).toEqual([]);
  });
});
