/**
 * The hard corpus (issue 12): every file under test/fixtures/hard-corpus/<area>/ runs through the real
 * ingestion tools (sniff, convert, extract, OCR) and a real SQLite FTS index. Each manifest entry names
 * the words that must come back and the searches that must find them, or the exact failure reason.
 * No file may come back with a page that has no words unless the outcome says so.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../src/config/app-config.js';
import { isProcessingFailure } from '../../src/conversion/processing-failure.js';
import { createIngestionTools } from '../../src/ingestion/create-ingestion-tools.js';
import { indexVersion } from '../../src/ingestion/stages/index.stage.js';
import { ocrMissingText } from '../../src/ingestion/stages/ocr.stage.js';
import { parseSearchQuery } from '../../src/search/query-parser.js';
import { SqliteFtsSearchIndex } from '../../src/search/sqlite-fts-search-index.adapter.js';
import { CORPUS_ENTRIES, type CorpusEntry } from './hard-corpus-manifest.js';

interface Outcome {
  readonly status: 'indexed' | 'failed';
  readonly reason?: string;
  readonly detail?: string;
  readonly detectedType?: string;
  readonly text: string;
  readonly pageCount: number;
  readonly pagesWithoutText: number;
  readonly hits: ReadonlyMap<string, number>;
}

const normalise = (text: string): string => text.normalize('NFKC').toLowerCase();

describe('hard corpus: every document is readable and searchable, or says why not', () => {
  let dir: string;
  const tools = createIngestionTools({ ...parseConfig({}).ingestion });
  let index: SqliteFtsSearchIndex;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hard-corpus-'));
    index = SqliteFtsSearchIndex.fromConfig({ path: ':memory:' });
  });
  afterAll(async () => {
    await tools.close?.();
    await index.close?.();
    await rm(dir, { recursive: true, force: true });
  });

  async function ingest(entry: CorpusEntry, position: number): Promise<Outcome> {
    const workDir = path.join(dir, String(position));
    await mkdir(workDir);
    const ref = { caseId: 'corpus', documentId: `doc-${position}`, versionId: 'v1' };
    let detectedType: string | undefined;
    try {
      detectedType = await tools.sniff(entry.path, 'application/octet-stream', path.basename(entry.path));
      const converted = await tools.convert({ path: entry.path, mimeType: detectedType, fileName: path.basename(entry.path), workDir: path.join(workDir, 'convert') });
      const text = await tools.extractText(converted.pdfPath);
      const ocr = await ocrMissingText(tools, converted.pdfPath, text, workDir);
      await indexVersion(index, ref, ocr.text, null);
      const hits = new Map<string, number>();
      for (const query of entry.expect.status === 'indexed' ? (entry.expect.search ?? []) : []) {
        const found = await index.search({ caseIds: ['corpus'], terms: parseSearchQuery(query), limit: 50 });
        hits.set(query, found.filter((hit) => hit.line.documentId === ref.documentId).length);
      }
      const words = ocr.text.pages.flatMap((page) => page.lines.flatMap((line) => line.words.map((word) => word.text)));
      return { status: 'indexed', detectedType, text: words.join(' '), pageCount: ocr.text.pageCount, pagesWithoutText: ocr.pagesWithoutText, hits };
    } catch (error) {
      if (!isProcessingFailure(error)) throw error;
      return { status: 'failed', reason: error.reason, detail: error.message, detectedType, text: '', pageCount: 0, pagesWithoutText: 0, hits: new Map() };
    }
  }

  it('has at least 40 files across the classes of issue 12', () => {
    expect(CORPUS_ENTRIES.length).toBeGreaterThanOrEqual(40);
  });

  it.each(CORPUS_ENTRIES.map((entry, position) => [entry.name, entry, position] as const))('%s', async (_name, entry, position) => {
    const outcome = await ingest(entry, position);
    const { expect: wanted } = entry;
    if (wanted.status === 'failed') {
      expect({ status: outcome.status, reason: outcome.reason }).toEqual({ status: 'failed', reason: wanted.reason });
      if (wanted.detailMatches) expect(outcome.detail).toMatch(new RegExp(wanted.detailMatches, 'i'));
      return;
    }
    expect({ status: outcome.status, reason: outcome.reason, detail: outcome.detail }).toEqual({ status: 'indexed', reason: undefined, detail: undefined });
    if (wanted.detectedType) expect(outcome.detectedType).toBe(wanted.detectedType);
    if (wanted.pageCount !== undefined) expect(outcome.pageCount).toBe(wanted.pageCount);
    expect(outcome.pagesWithoutText).toBe(wanted.pagesWithoutText ?? 0);
    const text = normalise(outcome.text);
    for (const word of wanted.words ?? []) expect({ word, found: text.includes(normalise(word)) }).toEqual({ word, found: true });
    for (const word of wanted.absent ?? []) expect({ word, found: text.includes(normalise(word)) }).toEqual({ word, found: false });
    for (const query of wanted.search ?? []) expect({ query, hits: (outcome.hits.get(query) ?? 0) > 0 }).toEqual({ query, hits: true });
    if (!wanted.words?.length && !wanted.search?.length) expect(outcome.pagesWithoutText).toBeGreaterThan(0);
  }, 600_000);
});
