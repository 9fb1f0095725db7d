import { describe, expect, it } from '@jest/globals';
import { queryTokensOf, searchTextOf, searchTokensOf } from './search-tokens.js';

describe('search tokens', () => {
  it('indexes a CJK run as overlapping bigrams and its last character; a query run as its bigrams', () => {
    expect(searchTokensOf('人民法院')).toEqual(['人民', '民法', '法院', '院']);
    expect(queryTokensOf('人民法院')).toEqual(['人民', '民法', '法院']);
    expect(queryTokensOf('院')).toEqual(['院']);
    expect(searchTokensOf('被告人に無罪')).toEqual(['被告', '告人', '人に', 'に無', '無罪', '罪']);
    expect(searchTokensOf('서울중앙지방법원은')).toContain('법원');
  });

  it('splits CJK from Latin letters and digits in one chunk, and marks where a query run ends before more text', () => {
    expect(searchTokensOf('iPhone手机2台')).toEqual(['iphone', '手机', '机', '2', '台']);
    expect(queryTokensOf('iPhone手机2台')).toEqual(['iphone', '手机', '机', '2', '台']);
    expect(queryTokensOf('人民 日报')).toEqual(['人民', '民', '日报']);
  });

  it('keeps kana voicing (が is not か) and half-width kana the same as full-width', () => {
    expect(searchTokensOf('ガス')).toEqual(['ガス', 'ス']);
    expect(searchTokensOf('ｶﾞｽ')).toEqual(['ガス', 'ス']);
    expect(searchTokensOf('カス')).not.toEqual(searchTokensOf('ガス'));
  });

  it('normalises compatibility forms (NFKC): Arabic presentation forms, full-width Latin, ligatures', () => {
    expect(searchTokensOf('ﺍﻟﻤﺤﻜﻤﺔ ﻻ')).toEqual(['المحكمة', 'لا']);
    expect(searchTokensOf('Ｅｘｈｉｂｉｔ ＫＮ／１')).toEqual(['exhibit', 'kn', '1']);
    expect(searchTokensOf('ﬁle')).toEqual(['file']);
  });

  it('folds Latin diacritics and Arabic vowel marks, as before', () => {
    expect(searchTokensOf('Café Noël')).toEqual(['cafe', 'noel']);
    expect(searchTokensOf('كَتَبَ')).toEqual(['كتب']);
  });

  it('gives SQLite ASCII text untouched and other text as tokens joined by spaces', () => {
    expect(searchTextOf("O'Brien, 07700-900123")).toBe("O'Brien, 07700-900123");
    expect(searchTextOf('最高人民法院 Café')).toBe('最高 高人 人民 民法 法院 院 cafe');
  });
});
