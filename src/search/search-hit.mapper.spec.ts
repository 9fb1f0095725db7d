import { describe, expect, it } from '@jest/globals';
import type { Word } from '../conversion/word-model.js';
import { parseSearchQuery } from './query-parser.js';
import { matchingWords } from './search-hit.mapper.js';

const words = (...texts: string[]): Word[] => texts.map((text, index) => ({ text, box: { x: 72 + index * 60, y: 100, width: 50, height: 12 } }));

describe('matchingWords', () => {
  it('marks the word holding a CJK word found inside a longer run, and only that word', () => {
    const line = words('東京地方裁判所判決', '被告人に無罪を言い渡した。');
    expect(matchingWords(line, parseSearchQuery('被告'))).toEqual([line[1]]);
    expect(matchingWords(line, parseSearchQuery('裁判所'))).toEqual([line[0]]);
    expect(matchingWords(line, parseSearchQuery('決'))).toEqual([line[0]]);
    expect(matchingWords(line, parseSearchQuery('判所判決被告'))).toEqual([]);
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
