import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One file of the hard corpus and what ingesting it must give. */
export interface CorpusEntry {
  /** `<area>/<file>`: the test's name. */
  readonly name: string;
  readonly path: string;
  readonly expect: CorpusExpectation;
}

export type CorpusExpectation =
  | {
      readonly status: 'indexed';
      /** Words (or phrases) that must be in the extracted text, compared NFKC and case-folded. */
      readonly words?: readonly string[];
      /** Words that must not be there (e.g. raw PDF syntax, mojibake). */
      readonly absent?: readonly string[];
      /** Queries, as a user types them, that must find a line of this document in the index. */
      readonly search?: readonly string[];
      readonly pageCount?: number;
      /** Pages the outcome says have no text (default 0). A file with no words must say so. */
      readonly pagesWithoutText?: number;
      readonly detectedType?: string;
    }
  | { readonly status: 'failed'; readonly reason: string; readonly detailMatches?: string };

/** test/fixtures/hard-corpus/<area>/manifest.json: `{ "<file>": <CorpusExpectation>, ... }`, files beside it. */
export const CORPUS_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/hard-corpus');

function loadEntries(): CorpusEntry[] {
  const entries: CorpusEntry[] = [];
  for (const area of readdirSync(CORPUS_ROOT).sort()) {
    const areaDir = path.join(CORPUS_ROOT, area);
    if (!statSync(areaDir).isDirectory()) continue;
    const manifest = JSON.parse(readFileSync(path.join(areaDir, 'manifest.json'), 'utf8')) as Record<string, CorpusExpectation>;
    for (const [file, expectation] of Object.entries(manifest)) {
      const filePath = path.join(areaDir, file);
      statSync(filePath); // a manifest entry without its file fails loudly
      entries.push({ name: `${area}/${file}`, path: filePath, expect: expectation });
    }
  }
  return entries;
}

export const CORPUS_ENTRIES: readonly CorpusEntry[] = loadEntries();
