import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DocumentText } from '../../common/word-model.js';
import { SqliteFtsSearchIndex } from '../../search/sqlite-fts-search-index.adapter.js';
import { indexVersion, toIndexedLines } from './index.stage.js';

const box = { x: 10, y: 20, width: 30, height: 10 };
const text = (words: string[][]): DocumentText => ({
  pageCount: 1,
  pages: [
    {
      pageIndex: 0,
      width: 595,
      height: 842,
      rotation: 0,
      source: 'text-layer',
      lines: words.map((line) => ({ text: line.join(' '), box, words: line.map((word) => ({ text: word, box })) })),
    },
  ],
});

describe('index stage', () => {
  let dir: string;
  let index: SqliteFtsSearchIndex;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'index-stage-'));
    index = SqliteFtsSearchIndex.fromConfig({ path: join(dir, 'search.sqlite') });
  });
  afterEach(async () => {
    await index.close?.();
    await rm(dir, { recursive: true, force: true });
  });

  it('carries covered: true from the stored words onto the indexed words (ADR 0032), and nothing onto the others', () => {
    const source = text([['Jane', 'Doe']]);
    const page = source.pages[0];
    const marked: DocumentText = { ...source, pages: [{ ...page, lines: [{ ...page.lines[0], words: [page.lines[0].words[0], { ...page.lines[0].words[1], covered: true }] }] }] };
    const [line] = toIndexedLines({ caseId: '1', documentId: '2', versionId: '3' }, marked);
    expect(line.words).toEqual([{ text: 'Jane', box }, { text: 'Doe', box, covered: true }]);
  });

  it('makes one entry per non-empty line with the page size and word boxes', () => {
    const lines = toIndexedLines({ caseId: '1', documentId: '2', versionId: '3' }, text([['knife', 'found'], [], ['07700', '900123']]));
    expect(lines.map((line) => [line.lineIndex, line.text])).toEqual([
      [0, 'knife found'],
      [2, '07700 900123'],
    ]);
    expect(lines[0]).toMatchObject({ pageWidth: 595, pageHeight: 842, words: [{ text: 'knife', box }, { text: 'found', box }] });
  });

  it('re-indexing a version never duplicates, and indexing a new version removes the previous one', async () => {
    const v1 = { caseId: '1', documentId: '2', versionId: '3' };
    await indexVersion(index, v1, text([['alpha'], ['beta']]), null);
    await indexVersion(index, v1, text([['alpha'], ['beta']]), null);
    expect(await index.countLines('1', '2', '3')).toBe(2);
    const v2 = { ...v1, versionId: '4' };
    expect(await indexVersion(index, v2, text([['gamma'], ['delta'], ['epsilon']]), '3')).toBe(3);
    expect(await index.countLines('1', '2', '3')).toBe(0);
    expect(await index.countLines('1', '2', '4')).toBe(3);
  });
});
