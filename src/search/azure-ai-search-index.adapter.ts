import { AzureKeyCredential, SearchClient, SearchIndexClient } from '@azure/search-documents';
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import type { Box } from '../common/word-model.js';
import { lineIndexDefinition, type AzureLineDocument } from './azure-search-index.definition.js';
import { documentVersionKey, lineKey, toDocumentFilter, toSecurityFilter, toSimpleQuery } from './azure-search-query.mapper.js';
import type { IndexedLine, LineHit, SearchIndex, SearchQuery } from './search-index.port.js';
import { searchTokensOf } from './search-tokens.js';
import { clampLimit } from './search-limits.js';

export interface AzureAiSearchIndexOptions {
  /** https://<service>.search.windows.net */
  readonly endpoint: string;
  readonly indexName: string;
  /** An admin key; without one the adapter uses DefaultAzureCredential (managed identity). */
  readonly apiKey?: string;
}

/** Azure AI Search takes at most 1000 actions per indexing request. */
export const AZURE_BATCH_SIZE = 1000;

const SELECTED = ['caseId', 'documentId', 'versionId', 'pageIndex', 'lineIndex', 'text', 'pageWidth', 'pageHeight', 'words'] as const;

/**
 * SearchIndex on Azure AI Search: one search document per line. The index is created (or updated) from
 * the definition in code before the first operation. Queries use the simple syntax with every term quoted
 * or escaped, and an OData filter built with the SDK's `odata` tag trims them to the caller's cases.
 */
export class AzureAiSearchIndex implements SearchIndex {
  private indexReady: Promise<void> | null = null;

  constructor(
    private readonly indexClient: SearchIndexClient,
    private readonly client: SearchClient<AzureLineDocument>,
    private readonly indexName: string,
  ) {}

  static fromConfig(options: AzureAiSearchIndexOptions, credential?: AzureKeyCredential | TokenCredential): AzureAiSearchIndex {
    const resolved = credential ?? (options.apiKey !== undefined ? new AzureKeyCredential(options.apiKey) : new DefaultAzureCredential());
    const indexClient = new SearchIndexClient(options.endpoint, resolved);
    const client = new SearchClient<AzureLineDocument>(options.endpoint, options.indexName, resolved);
    return new AzureAiSearchIndex(indexClient, client, options.indexName);
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
    const documents = lines.map(toDocument);
    for (let start = 0; start < documents.length; start += AZURE_BATCH_SIZE) {
      await this.client.mergeOrUploadDocuments(documents.slice(start, start + AZURE_BATCH_SIZE), { throwOnAnyFailure: true });
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
      searchFields: ['terms', 'text'],
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

  async countLines(caseId: string, documentId: string, versionId: string): Promise<number> {
    await this.ensureIndex();
    const response = await this.client.search('*', { filter: toDocumentFilter(caseId, documentId, versionId), top: 0, includeTotalCount: true });
    return response.count ?? 0;
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

function toDocument(line: IndexedLine): AzureLineDocument {
  return {
    id: lineKey(line.caseId, line.documentId, line.versionId, line.pageIndex, line.lineIndex),
    caseId: line.caseId,
    documentId: line.documentId,
    versionId: line.versionId,
    documentVersion: documentVersionKey(line.documentId, line.versionId),
    pageIndex: line.pageIndex,
    lineIndex: line.lineIndex,
    text: line.text,
    // always our tokens, even for ASCII: the `whitespace` analyzer neither lower-cases nor drops punctuation
    terms: searchTokensOf(line.text).join(' '),
    pageWidth: line.pageWidth,
    pageHeight: line.pageHeight,
    words: JSON.stringify(line.words.map((word) => ({ text: word.text, box: word.box }))),
  };
}

function toLine(document: Pick<AzureLineDocument, (typeof SELECTED)[number]>): IndexedLine {
  return {
    caseId: document.caseId,
    documentId: document.documentId,
    versionId: document.versionId,
    pageIndex: document.pageIndex,
    lineIndex: document.lineIndex,
    text: document.text,
    pageWidth: document.pageWidth,
    pageHeight: document.pageHeight,
    words: JSON.parse(document.words) as { text: string; box: Box }[],
  };
}
