import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { DomainError } from '../../src/common/domain-error.js';
import { parseSearchQuery } from '../../src/search/query-parser.js';
import type { IndexedLine, LineHit, SearchIndex, SearchQuery } from '../../src/search/search-index.port.js';

/** A fresh, empty index. */
export interface SearchIndexSubject {
  readonly index: SearchIndex;
  dispose(): Promise<void>;
}

/** A line whose words get boxes 10 pt apart per character, as an extractor would give. */
export function lineOf(caseId: string, documentId: string, versionId: string, pageIndex: number, lineIndex: number, text: string): IndexedLine {
  let x = 72;
  const words = text
    .split(/\s+/)
    .filter((word) => word.length > 0)
    .map((word) => {
      const box = { x, y: 100 + lineIndex * 14, width: word.length * 6, height: 11 };
      x += word.length * 6 + 4;
      return { text: word, box };
    });
  return { caseId, documentId, versionId, pageIndex, lineIndex, text, pageWidth: 595.28, pageHeight: 841.89, words };
}

const query = (q: string, caseIds: readonly string[] = ['42'], extra: Partial<SearchQuery> = {}): SearchQuery => ({ caseIds, terms: parseSearchQuery(q), limit: 50, ...extra });
const keysOf = (hits: readonly LineHit[]): string[] => hits.map(({ line }) => `${line.caseId}/${line.documentId}/${line.versionId}/${line.pageIndex}/${line.lineIndex}`).sort();

const SEED: readonly IndexedLine[] = [
  lineOf('42', '1001', '7001', 0, 0, 'Statement of witness John Smith'),
  lineOf('42', '1001', '7001', 0, 1, 'I saw a knife in his left hand'),
  lineOf('42', '1001', '7001', 1, 0, 'Call me on 07700 900123 after six'),
  lineOf('42', '1002', '7005', 0, 0, 'Exhibit list: kitchen knife, blue jacket'),
  lineOf('42', '1002', '7005', 0, 1, 'The number 900123 was dialled from 07700 exchange'),
  lineOf('42', '1003', '7009', 2, 4, 'Met at the Café Noël in São Paulo'),
  lineOf('43', '2001', '8001', 0, 0, 'Another case: the knife was found in the river'),
];

/** The behaviour every SearchIndex adapter must have. Jest does not match this file; *.contract.ts files run it. */
export function searchIndexContract(name: string, open: () => Promise<SearchIndexSubject>): void {
  describe(`SearchIndex contract: ${name}`, () => {
    let subject: SearchIndexSubject;
    let index: SearchIndex;

    beforeEach(async () => {
      subject = await open();
      index = subject.index;
      await index.upsertLines(SEED);
    });
    afterEach(async () => {
      await subject.dispose();
    });

    it('indexes lines and finds a word, returning the whole line with its words, boxes and page size', async () => {
      const hits = await index.search(query('knife'));
      expect(keysOf(hits)).toEqual(['42/1001/7001/0/1', '42/1002/7005/0/0']);
      const hit = hits.find(({ line }) => line.documentId === '1001')!;
      expect(hit.line).toEqual(SEED[1]);
      expect(typeof hit.score).toBe('number');
      expect(await index.countLines('42', '1001', '7001')).toBe(3);
    });

    it('ANDs words: a line needs every one, in any order', async () => {
      expect(keysOf(await index.search(query('knife hand')))).toEqual(['42/1001/7001/0/1']);
      expect(keysOf(await index.search(query('07700 900123')))).toEqual(['42/1001/7001/1/0', '42/1002/7005/0/1']);
      expect(await index.search(query('knife river'))).toEqual([]);
    });

    it('finds a quoted phrase only where its words are adjacent and in order', async () => {
      expect(keysOf(await index.search(query('"07700 900123"')))).toEqual(['42/1001/7001/1/0']);
      expect(keysOf(await index.search(query('07700-900123')))).toEqual(['42/1001/7001/1/0']);
      expect(await index.search(query('"900123 07700"'))).toEqual([]);
    });

    it('finds prefix terms', async () => {
      expect(keysOf(await index.search(query('kni*')))).toEqual(['42/1001/7001/0/1', '42/1002/7005/0/0']);
      expect(keysOf(await index.search(query('kit*')))).toEqual(['42/1002/7005/0/0']);
      expect(await index.search(query('knives*'))).toEqual([]);
    });

    it('folds case and diacritics both ways', async () => {
      expect(keysOf(await index.search(query('cafe noel sao')))).toEqual(['42/1003/7009/2/4']);
      expect(keysOf(await index.search(query('"SÃO PAULO"')))).toEqual(['42/1003/7009/2/4']);
      await index.upsertLines([lineOf('42', '1004', '7010', 0, 0, 'naive resume of events')]);
      expect(keysOf(await index.search(query('naïve résumé')))).toEqual(['42/1004/7010/0/0']);
    });

    it('finds a word of two or more CJK characters inside a longer run, and one character alone', async () => {
      await index.upsertLines([
        lineOf('42', '1005', '7011', 0, 0, '中华人民共和国最高人民法院判决书'),
        lineOf('42', '1005', '7011', 0, 1, '被告人に無罪を言い渡した'),
        lineOf('42', '1005', '7011', 0, 2, '서울중앙지방법원은 피고인에게'),
        lineOf('42', '1005', '7011', 0, 3, '人民 日报'),
      ]);
      expect(keysOf(await index.search(query('法院')))).toEqual(['42/1005/7011/0/0']);
      expect(keysOf(await index.search(query('"人民法院"')))).toEqual(['42/1005/7011/0/0']);
      expect(keysOf(await index.search(query('被告')))).toEqual(['42/1005/7011/0/1']);
      expect(keysOf(await index.search(query('言い渡した')))).toEqual(['42/1005/7011/0/1']);
      expect(keysOf(await index.search(query('법원')))).toEqual(['42/1005/7011/0/2']);
      expect(keysOf(await index.search(query('书')))).toEqual(['42/1005/7011/0/0']);
      expect(keysOf(await index.search(query('人民')))).toEqual(['42/1005/7011/0/0', '42/1005/7011/0/3']);
      expect(keysOf(await index.search(query('"人民 日报"')))).toEqual(['42/1005/7011/0/3']);
      expect(await index.search(query('法庭'))).toEqual([]);
      expect(await index.search(query('判决法院'))).toEqual([]);
    });

    it('finds Arabic drawn in presentation forms, and full-width Latin, by the plain letters a user types', async () => {
      await index.upsertLines([lineOf('42', '1006', '7012', 0, 0, 'ﻗﺮﺭﺕ ﺍﻟﻤﺤﻜﻤﺔ ﺭﻓﺾ ﺍﻟﻄﻌﻦ'), lineOf('42', '1006', '7012', 0, 1, 'Ｅｘｈｉｂｉｔ ＫＮ／１')]);
      expect(keysOf(await index.search(query('المحكمة')))).toEqual(['42/1006/7012/0/0']);
      expect(keysOf(await index.search(query('"رفض الطعن"')))).toEqual(['42/1006/7012/0/0']);
      expect(keysOf(await index.search(query('ﺍﻟﻤﺤﻜﻤﺔ')))).toEqual(['42/1006/7012/0/0']);
      expect(keysOf(await index.search(query('exhibit kn')))).toEqual(['42/1006/7012/0/1']);
    });

    it('trims by case ids: only the cases asked for, nothing for none', async () => {
      expect(keysOf(await index.search(query('river', ['42'])))).toEqual([]);
      expect(keysOf(await index.search(query('knife', ['43'])))).toEqual(['43/2001/8001/0/0']);
      expect(keysOf(await index.search(query('knife', ['42', '43'])))).toHaveLength(3);
      expect(await index.search(query('knife', []))).toEqual([]);
    });

    it('returns only current versions when they are given', async () => {
      await index.upsertLines([lineOf('42', '1001', '7002', 0, 1, 'I saw a knife in his right hand')]);
      expect(keysOf(await index.search(query('knife')))).toHaveLength(3);
      const current = new Map([['1001', '7002']]);
      expect(keysOf(await index.search(query('knife', ['42'], { currentVersions: current })))).toEqual(['42/1001/7002/0/1']);
      expect(await index.search(query('knife', ['42'], { currentVersions: new Map() }))).toEqual([]);
    });

    it('re-indexing a version replaces its lines and never duplicates them', async () => {
      const version = SEED.filter((line) => line.documentId === '1001');
      await index.upsertLines(version);
      await index.upsertLines(version);
      expect(await index.countLines('42', '1001', '7001')).toBe(3);
      await index.upsertLines([lineOf('42', '1001', '7001', 0, 1, 'I saw a hammer in his left hand')]);
      expect(await index.countLines('42', '1001', '7001')).toBe(3);
      expect(keysOf(await index.search(query('knife')))).toEqual(['42/1002/7005/0/0']);
      expect(keysOf(await index.search(query('hammer')))).toEqual(['42/1001/7001/0/1']);
    });

    it('deletes one version, or every version of a document', async () => {
      await index.upsertLines([lineOf('42', '1001', '7002', 0, 0, 'Revised statement: knife')]);
      expect(await index.deleteDocument('42', '1001', '7001')).toBe(3);
      expect(await index.countLines('42', '1001', '7001')).toBe(0);
      expect(keysOf(await index.search(query('statement')))).toEqual(['42/1001/7002/0/0']);
      await index.upsertLines([lineOf('42', '1001', '7001', 0, 0, 'Statement again')]);
      expect(await index.deleteDocument('42', '1001')).toBe(2);
      expect(await index.search(query('statement'))).toEqual([]);
      expect(await index.deleteDocument('42', '1001')).toBe(0);
      expect(keysOf(await index.search(query('knife', ['43'])))).toEqual(['43/2001/8001/0/0']);
    });

    it('lists every indexed version of a case with its line count, one case only, and none once deleted', async () => {
      expect(await index.indexedVersions('42')).toEqual([
        { documentId: '1001', versionId: '7001', lines: 3 },
        { documentId: '1002', versionId: '7005', lines: 2 },
        { documentId: '1003', versionId: '7009', lines: 1 },
      ]);
      expect(await index.indexedVersions('43')).toEqual([{ documentId: '2001', versionId: '8001', lines: 1 }]);
      expect(await index.indexedVersions('44')).toEqual([]);
      await index.upsertLines([lineOf('42', '1001', '7002', 0, 0, 'The redacted statement')]);
      await index.deleteDocument('42', '1002');
      expect(await index.indexedVersions('42')).toEqual([
        { documentId: '1001', versionId: '7001', lines: 3 },
        { documentId: '1001', versionId: '7002', lines: 1 },
        { documentId: '1003', versionId: '7009', lines: 1 },
      ]);
    });

    it('ranks the more relevant line first and honours the limit', async () => {
      await index.upsertLines([
        lineOf('42', '1005', '7020', 0, 0, 'knife knife knife'),
        lineOf('42', '1005', '7020', 0, 1, 'among many other words in this long line there is one knife mentioned once only'),
      ]);
      const hits = await index.search(query('knife'));
      expect(hits[0].line.text).toBe('knife knife knife');
      expect(hits.at(-1)!.line.text).toMatch(/^among many/);
      for (let i = 1; i < hits.length; i += 1) expect(hits[i - 1].score).toBeGreaterThanOrEqual(hits[i].score);
      expect(await index.search({ ...query('knife'), limit: 2 })).toHaveLength(2);
    });

    it('an injection attempt returns nothing extra', async () => {
      for (const attack of ['knife") OR caseId:43 OR ("', 'knife OR river', 'knife NOT hand', '* OR river', 'text:river', 'NEAR(knife river)', 'knife" OR "river']) {
        const hits = await index.search(query(attack));
        expect(hits.filter(({ line }) => line.caseId !== '42' || /river/.test(line.text))).toEqual([]);
      }
      // A case id carrying filter syntax is refused or matches nothing; it never widens the filter.
      for (const caseId of ["42') or caseId ne ('", "42' or '1' eq '1", '42,43']) {
        const outcome = await index.search(query('knife', [caseId])).catch((error: unknown) => error);
        if (Array.isArray(outcome)) expect(outcome).toEqual([]);
        else expect(outcome).toBeInstanceOf(DomainError);
      }
    });

    it('counts every matching line per document version, without a limit, trimmed like search', async () => {
      const byVersion = async (q: string, extra: Partial<SearchQuery> = {}): Promise<string[]> =>
        (await index.countHits({ ...query(q), ...extra })).map((count) => `${count.documentId}/${count.versionId}:${count.lines}`).sort();
      await index.upsertLines([lineOf('42', '1002', '7005', 1, 0, 'another knife'), lineOf('42', '1002', '7005', 1, 1, 'and a knife again')]);
      expect(await byVersion('knife')).toEqual(['1001/7001:1', '1002/7005:3']);
      expect(await byVersion('knife', { caseIds: ['42', '43'] })).toEqual(['1001/7001:1', '1002/7005:3', '2001/8001:1']);
      expect(await byVersion('knife', { currentVersions: new Map([['1002', '7005']]) })).toEqual(['1002/7005:3']);
      expect(await byVersion('knife', { currentVersions: new Map() })).toEqual([]);
      expect(await byVersion('"07700 900123"')).toEqual(['1001/7001:1']);
      expect(await byVersion('knife', { caseIds: [] })).toEqual([]);
      expect(await byVersion('knife") OR river OR ("')).toEqual([]);
    });

    it('matches a covered word only when asked, keeps the flag on its word, and never lets a phrase jump it', async () => {
      const covered: IndexedLine = {
        ...lineOf('42', '1007', '7030', 0, 3, 'Witness Olaf Quimby lives at Elm Road'),
      };
      const words = covered.words.map((word) => (word.text === 'Quimby' || word.text === 'Elm' ? { ...word, covered: true as const } : word));
      await index.upsertLines([{ ...covered, words }]);
      expect(await index.search(query('quimby'))).toEqual([]);
      expect(await index.search(query('"at road"'))).toEqual([]);
      expect(await index.search(query('"olaf lives"'))).toEqual([]);
      expect(await index.countHits(query('quimby'))).toEqual([]);
      const live = await index.search(query('olaf'));
      expect(keysOf(live)).toEqual(['42/1007/7030/0/3']);
      expect(live[0].line.words).toEqual(words);
      expect(live[0].line.text).toBe('Witness Olaf Quimby lives at Elm Road');
      const asked = await index.search(query('quimby', ['42'], { includeCovered: true }));
      expect(keysOf(asked)).toEqual(['42/1007/7030/0/3']);
      expect(asked[0].line.words.filter((word) => word.covered === true).map((word) => word.text)).toEqual(['Quimby', 'Elm']);
      expect(keysOf(await index.search(query('"olaf quimby" "elm road"', ['42'], { includeCovered: true })))).toEqual(['42/1007/7030/0/3']);
      expect(await index.countHits(query('quimby', ['42'], { includeCovered: true }))).toEqual([{ documentId: '1007', versionId: '7030', lines: 1 }]);
      // lines without covered words are found alike either way
      expect(keysOf(await index.search(query('knife', ['42'], { includeCovered: true })))).toEqual(['42/1001/7001/0/1', '42/1002/7005/0/0']);
      // re-indexed without the flag (the box was removed), the word is an ordinary word again
      await index.upsertLines([lineOf('42', '1007', '7030', 0, 3, 'Witness Olaf Quimby lives at Elm Road')]);
      expect(keysOf(await index.search(query('quimby')))).toEqual(['42/1007/7030/0/3']);
      await index.deleteDocument('42', '1007');
      expect(await index.search(query('quimby', ['42'], { includeCovered: true }))).toEqual([]);
    });

    it('finds lines as soon as upsertLines resolves and stops as soon as deleteDocument resolves', async () => {
      for (let round = 0; round < 3; round += 1) {
        await index.upsertLines([lineOf('42', '1008', `80${round}`, 0, 0, `fresh marker${round} line`)]);
        expect(keysOf(await index.search(query(`marker${round}`)))).toEqual([`42/1008/80${round}/0/0`]);
        expect(await index.deleteDocument('42', '1008', `80${round}`)).toBe(1);
        expect(await index.search(query(`marker${round}`))).toEqual([]);
      }
    });

    it('reports itself ready', async () => {
      const readiness = await index.readiness();
      expect(Object.values(readiness).every((part) => part.up)).toBe(true);
    });
  });
}
