import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { AzureKeyCredential, SearchClient, SearchIndexClient } from '@azure/search-documents';
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import { lineIndexDefinition, type AzureLineDocument } from './azure-search-index.definition.js';
import {
  documentVersionFacet,
  documentVersionKey,
  lineKey,
  parseDocumentVersionFacet,
  toBatchFilter,
  toCaseFilter,
  toDocumentFilter,
  toSecurityFilter,
  toSimpleQuery,
} from './azure-search-query.mapper.js';
import type { DocumentHitCount, IndexedLine, IndexedWord, LineHit, SearchIndex, SearchQuery } from './search-index.port.js';
import { COVERED_TOKEN, hasCoveredWords, liveTokensOf, searchTokensOf } from './search-tokens.js';
import { clampLimit } from './search-limits.js';

export interface AzureAiSearchIndexOptions {
  /** https://<service>.search.windows.net */
  readonly endpoint: string;
  readonly indexName: string;
  /** An admin key (refused in production); without one the adapter uses DefaultAzureCredential (managed identity). */
  readonly apiKey?: string;
  /** Without a key: the user-assigned managed identity to use (its client id); else the system-assigned one. */
  readonly managedIdentityClientId?: string;
  /** How long a write may take to become searchable before it counts as failed (default 30 s). */
  readonly visibilityTimeoutMs?: number;
  /** How often to ask whether it has (default 200 ms). */
  readonly visibilityPollMs?: number;
}

/** The most document versions one count answers (a case has far fewer). */
const MAX_COUNTED_VERSIONS = 100_000;

/** Azure AI Search takes at most 1000 actions per indexing request. */
export const AZURE_BATCH_SIZE = 1000;

const SELECTED = ['caseId', 'documentId', 'versionId', 'pageIndex', 'lineIndex', 'text', 'pageWidth', 'pageHeight', 'words', 'coveredText'] as const;

/**
 * SearchIndex on Azure AI Search: one search document per line. The index is created (or updated) from
 * the definition in code before the first operation. Queries use the simple syntax with every term quoted
 * or escaped, and an OData filter built with the SDK's `odata` tag trims them to the caller's cases.
 *
 * Azure AI Search is near-real-time: a write it acknowledged is searchable a little later. The port promises
 * more (ingestion marks a version indexed when upsertLines resolves), so writes here resolve only once a
 * search sees them: every line of one upsert carries the upsert's batch id, and the adapter counts the lines
 * with that id until all are there (deletes: until none is left), within a bounded wait (ADR 0033).
 */
export class AzureAiSearchIndex implements SearchIndex {
  private indexReady: Promise<void> | null = null;

  constructor(
    private readonly indexClient: SearchIndexClient,
    private readonly client: SearchClient<AzureLineDocument>,
    private readonly indexName: string,
    private readonly visibility: { readonly timeoutMs: number; readonly pollMs: number } = { timeoutMs: 30_000, pollMs: 200 },
  ) {}

  static fromConfig(options: AzureAiSearchIndexOptions, credential?: AzureKeyCredential | TokenCredential): AzureAiSearchIndex {
    const resolved = credential ?? (options.apiKey !== undefined ? new AzureKeyCredential(options.apiKey) : new DefaultAzureCredential(managedIdentityOptions(options)));
    const indexClient = new SearchIndexClient(options.endpoint, resolved);
    const client = new SearchClient<AzureLineDocument>(options.endpoint, options.indexName, resolved);
    return new AzureAiSearchIndex(indexClient, client, options.indexName, { timeoutMs: options.visibilityTimeoutMs ?? 30_000, pollMs: options.visibilityPollMs ?? 200 });
  }

  /** Creates or updates the index definition; called before the first operation, retried after a failure. */
  ensureIndex(): Promise<void> {
    this.indexReady ??= this.indexClient.createOrUpdateIndex(lineIndexDefinition(this.indexName)).then(
      () => undefined,
      (error: unknown) => {
        this.indexReady = null;
        throw error;
      },
    );
    return this.indexReady;
  }

  async upsertLines(lines: readonly IndexedLine[]): Promise<void> {
    await this.ensureIndex();
    const batch = randomUUID();
    const documents = lines.map((line) => toDocument(line, batch));
    for (let start = 0; start < documents.length; start += AZURE_BATCH_SIZE) {
      await this.client.mergeOrUploadDocuments(documents.slice(start, start + AZURE_BATCH_SIZE), { throwOnAnyFailure: true });
    }
    const expected = new Set(documents.map((document) => document.id)).size;
    if (expected > 0) await this.waitUntil(toBatchFilter(batch), (count) => count >= expected, `${expected} lines written`);
  }

  /** Counts the filter's lines until `done` holds; fails after the bounded wait (the job is retried). */
  private async waitUntil(filter: string, done: (count: number) => boolean, what: string): Promise<void> {
    const deadline = Date.now() + this.visibility.timeoutMs;
    for (;;) {
      const response = await this.client.search('*', { filter, top: 0, includeTotalCount: true });
      if (done(response.count ?? 0)) return;
      if (Date.now() >= deadline) throw new Error(`Azure AI Search did not make ${what} searchable within ${this.visibility.timeoutMs} ms`);
      await delay(this.visibility.pollMs);
    }
  }

  async deleteDocument(caseId: string, documentId: string, versionId?: string): Promise<number> {
    await this.ensureIndex();
    const filter = toDocumentFilter(caseId, documentId, versionId);
    const deleted = new Set<string>();
    for (;;) {
      const response = await this.client.search('*', { filter, select: ['id'], top: AZURE_BATCH_SIZE });
      const keys: string[] = [];
      for await (const result of response.results) {
        if (!deleted.has(result.document.id)) keys.push(result.document.id);
        if (keys.length === AZURE_BATCH_SIZE) break;
      }
      // The index is near-real-time: rows already deleted may still be listed; stop when nothing new comes back.
      if (keys.length === 0) break;
      await this.client.deleteDocuments('id', keys, { throwOnAnyFailure: true });
      for (const key of keys) deleted.add(key);
      if (keys.length < AZURE_BATCH_SIZE) break;
    }
    if (deleted.size > 0) await this.waitUntil(filter, (count) => count === 0, `the deletion of ${deleted.size} lines`);
    return deleted.size;
  }

  async search(query: SearchQuery): Promise<LineHit[]> {
    if (query.caseIds.length === 0 || query.terms.length === 0 || query.currentVersions?.size === 0) return [];
    const filter = toSecurityFilter(query.caseIds, query.currentVersions);
    await this.ensureIndex();
    const limit = clampLimit(query.limit);
    const response = await this.client.search(toSimpleQuery(query.terms), {
      queryType: 'simple',
      searchMode: 'all',
      searchFields: searchFieldsOf(query),
      filter,
      select: [...SELECTED],
      top: limit,
    });
    const hits: LineHit[] = [];
    for await (const result of response.results) {
      hits.push({ line: toLine(result.document), score: result.score });
      if (hits.length >= limit) break;
    }
    return hits;
  }

  async countHits(query: Omit<SearchQuery, 'limit'>): Promise<DocumentHitCount[]> {
    if (query.caseIds.length === 0 || query.terms.length === 0 || query.currentVersions?.size === 0) return [];
    const filter = toSecurityFilter(query.caseIds, query.currentVersions);
    await this.ensureIndex();
    const response = await this.client.search(toSimpleQuery(query.terms), {
      queryType: 'simple',
      searchMode: 'all',
      searchFields: searchFieldsOf(query),
      filter,
      facets: [`documentVersionFacet,count:${MAX_COUNTED_VERSIONS}`],
      top: 0,
    });
    const counts: DocumentHitCount[] = [];
    for (const facet of response.facets?.['documentVersionFacet'] ?? []) {
      const version = parseDocumentVersionFacet(facet['value']);
      if (version !== null && typeof facet.count === 'number') counts.push({ ...version, lines: facet.count });
    }
    return counts;
  }

  async countLines(caseId: string, documentId: string, versionId: string): Promise<number> {
    await this.ensureIndex();
    const response = await this.client.search('*', { filter: toDocumentFilter(caseId, documentId, versionId), top: 0, includeTotalCount: true });
    return response.count ?? 0;
  }

  async indexedVersions(caseId: string): Promise<DocumentHitCount[]> {
    await this.ensureIndex();
    const response = await this.client.search('*', { filter: toCaseFilter(caseId), facets: [`documentVersionFacet,count:${MAX_COUNTED_VERSIONS}`], top: 0 });
    const versions: DocumentHitCount[] = [];
    for (const facet of response.facets?.['documentVersionFacet'] ?? []) {
      const version = parseDocumentVersionFacet(facet['value']);
      if (version !== null && typeof facet.count === 'number') versions.push({ ...version, lines: facet.count });
    }
    return versions.sort((a, b) => compareText(a.documentId, b.documentId) || compareText(a.versionId, b.versionId));
  }

  async readiness(): Promise<Record<string, { up: boolean; detail?: string }>> {
    try {
      await this.ensureIndex();
      return { azureSearch: { up: true } };
    } catch (error) {
      return { azureSearch: { up: false, detail: error instanceof Error ? error.message : 'unavailable' } };
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** `terms` (and `text`, for lines indexed before ADR 0020); covered words only when asked for. */
const searchFieldsOf = (query: Pick<SearchQuery, 'includeCovered'>): ('terms' | 'text' | 'coveredTerms')[] =>
  query.includeCovered === true ? ['terms', 'text', 'coveredTerms'] : ['terms', 'text'];

function toDocument(line: IndexedLine, batch: string): AzureLineDocument {
  const covered = hasCoveredWords(line.words);
  return {
    id: lineKey(line.caseId, line.documentId, line.versionId, line.pageIndex, line.lineIndex),
    caseId: line.caseId,
    documentId: line.documentId,
    versionId: line.versionId,
    documentVersion: documentVersionKey(line.documentId, line.versionId),
    pageIndex: line.pageIndex,
    lineIndex: line.lineIndex,
    // `text` is searchable too (lines from before ADR 0020): a covered word must not be found through it
    text: covered ? blankCovered(line.words) : line.text,
    // always our tokens, even for ASCII: the `whitespace` analyzer neither lower-cases nor drops punctuation
    terms: covered ? liveTokensOf(line.words).join(' ') : searchTokensOf(line.text).join(' '),
    pageWidth: line.pageWidth,
    pageHeight: line.pageHeight,
    words: JSON.stringify(line.words.map((word) => ({ text: word.text, box: word.box, ...(word.covered === true ? { covered: true } : {}) }))),
    ...(covered ? { coveredTerms: searchTokensOf(line.text).join(' '), coveredText: line.text } : {}),
    documentVersionFacet: documentVersionFacet(line.documentId, line.versionId),
    indexBatch: batch,
  };
}

/** The line's words with each covered one replaced by COVERED_TOKEN: nothing to find there, and no phrase jumps it. */
const blankCovered = (words: readonly IndexedWord[]): string => words.map((word) => (word.covered === true ? COVERED_TOKEN : word.text)).join(' ');

function toLine(document: Pick<AzureLineDocument, (typeof SELECTED)[number]>): IndexedLine {
  return {
    caseId: document.caseId,
    documentId: document.documentId,
    versionId: document.versionId,
    pageIndex: document.pageIndex,
    lineIndex: document.lineIndex,
    text: document.coveredText ?? document.text,
    pageWidth: document.pageWidth,
    pageHeight: document.pageHeight,
    words: JSON.parse(document.words) as IndexedWord[],
  };
}

function managedIdentityOptions(options: AzureAiSearchIndexOptions): { managedIdentityClientId?: string } {
  return options.managedIdentityClientId === undefined ? {} : { managedIdentityClientId: options.managedIdentityClientId };
}

/** Code-unit order, as SQLite's BINARY collation sorts (the contract lists versions in one order for both). */
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
