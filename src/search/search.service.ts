import { Inject, Injectable, Optional } from '@nestjs/common';
import { CaseAccessService } from '../auth/case-access.service.js';
import { isDomainError } from '../common/domain-error.js';
import type { ErrorCode } from '../common/error-codes.js';
import { INGESTED_VERSIONS, type IngestedVersions } from '../ingestion/ingested-versions.port.js';
import { LEGACY_CMS, type CaseDocument, type LegacyCaller, type LegacyCms } from '../legacy/legacy-cms.port.js';
import { nameMatches, type NameField } from './document-name-match.js';
import { mimeFamilyOf, type MimeFamily } from './mime-family.mapper.js';
import { parseSearchQuery } from './query-parser.js';
import { groupHits, type DocumentHits } from './search-hit.mapper.js';
import { SEARCH_INDEX, type SearchIndex, type SearchTerm } from './search-index.port.js';
import { DEFAULT_SEARCH_LIMIT, type SearchCountDto, type SearchDateField, type SearchDocumentDto, type SearchResultDto, type SearchSort, type SearchState } from './search.dto.js';

/** What search asks of ingestion: which version of each document is searchable, and how far a document got. */
export type CurrentVersions = Pick<IngestedVersions, 'currentVersions'> & Partial<Pick<IngestedVersions, 'state'>>;

/** Which documents to search, by what they are (ADR 0033). All optional; absent means any. */
export interface SearchFilters {
  readonly categories?: readonly string[];
  readonly types?: readonly MimeFamily[];
  readonly from?: string;
  readonly to?: string;
  readonly dateField?: SearchDateField;
  readonly states?: readonly SearchState[];
  readonly documentId?: string;
  readonly includeCovered?: boolean;
}

export interface SearchOptions extends SearchFilters {
  readonly limit?: number;
  readonly sort?: SearchSort;
}

/** A document of the list as search sees it. Attachments unpacked from an e-mail carry the e-mail's metadata. */
interface ListedDocument {
  readonly documentId: string;
  readonly versionId: string;
  readonly title?: string;
  readonly fileName?: string;
  readonly category: string;
  readonly type?: MimeFamily;
  readonly documentDate: string | null;
  readonly receivedAt: string | null;
}

/** The documents a query may reach: by id, with the version whose lines count, and those found by name. */
interface Scope {
  readonly documents: ReadonlyMap<string, ListedDocument>;
  /** documentId → versionId to search; undefined: every version (no tracker and no filter). */
  readonly versions?: ReadonlyMap<string, string>;
  readonly named: ReadonlyMap<string, NameField[]>;
  /** The legacy CMS could not list the documents: content only, trimmed by the tracker as before (ADR 0033). */
  readonly listUnavailable: boolean;
}

/** The legacy CMS is down or too slow: search keeps working on content alone (ADR 0014: search outlives an outage). */
const LIST_OUTAGE: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['LEGACY_UNAVAILABLE', 'LEGACY_TIMEOUT', 'LEGACY_RATE_LIMITED', 'LEGACY_BAD_RESPONSE']);
/** Filters only the list can answer: without it they fail rather than silently match everything. */
const needsList = (filters: SearchFilters): boolean => filters.categories !== undefined || filters.types !== undefined || filters.from !== undefined || filters.to !== undefined;

/**
 * Searches one case's documents: their lines in the index, and their titles and file names in the legacy
 * document list (asked as the caller, so it is trimmed as the user's own list is). Access is decided by
 * CaseAccessService, asked again here (the guard's decision, through its short cache) so the service is safe
 * whoever calls it; hits come only from that case, from documents the caller's list has (and their
 * attachments), and, when ingestion tracks it, only from the current version of each document.
 */
@Injectable()
export class SearchService {
  constructor(
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
    private readonly access: CaseAccessService,
    @Optional() @Inject(INGESTED_VERSIONS) private readonly currentVersions?: CurrentVersions,
    @Optional() @Inject(LEGACY_CMS) private readonly legacy?: Pick<LegacyCms, 'listDocuments'>,
  ) {}

  async searchCase(caller: LegacyCaller, caseId: string, q: string, options: SearchOptions | number = {}): Promise<SearchResultDto> {
    const { limit = DEFAULT_SEARCH_LIMIT, sort = 'relevance', ...filters } = typeof options === 'number' ? { limit: options } : options;
    const terms = parseSearchQuery(q);
    await this.access.assertCanSee(caller, caseId);
    const scope = await this.scopeOf(caller, caseId, terms, filters);
    const hits =
      scope.versions?.size === 0
        ? []
        : await this.index.search({
            caseIds: [caseId],
            terms,
            limit,
            ...(scope.versions !== undefined ? { currentVersions: scope.versions } : {}),
            ...(filters.includeCovered === true ? { includeCovered: true } : {}),
          });
    const byContent = groupHits(hits, terms, filters.includeCovered === true);
    const documents = sortDocuments(withNames(byContent, scope), sort, filters.dateField ?? 'document');
    return { caseId, hitCount: hits.length, documentCount: documents.length, truncated: hits.length >= limit, documents, ...(scope.listUnavailable ? { documentListUnavailable: true as const } : {}) };
  }

  /** Matching lines per document and in all, every match counted, without reading a line. */
  async countCase(caller: LegacyCaller, caseId: string, q: string, filters: SearchFilters = {}): Promise<SearchCountDto> {
    const terms = parseSearchQuery(q);
    await this.access.assertCanSee(caller, caseId);
    const scope = await this.scopeOf(caller, caseId, terms, filters);
    const counts =
      scope.versions?.size === 0
        ? []
        : await this.index.countHits({
            caseIds: [caseId],
            terms,
            ...(scope.versions !== undefined ? { currentVersions: scope.versions } : {}),
            ...(filters.includeCovered === true ? { includeCovered: true } : {}),
          });
    const documents = new Map<string, SearchCountDto['documents'][number]>();
    for (const count of counts) {
      documents.set(count.documentId, { documentId: count.documentId, versionId: count.versionId, hitCount: count.lines, matchedIn: [...(scope.named.get(count.documentId) ?? []), 'content'] });
    }
    for (const [documentId, fields] of scope.named) {
      if (!documents.has(documentId)) documents.set(documentId, { documentId, versionId: versionOf(scope, documentId), hitCount: 0, matchedIn: fields });
    }
    const list = [...documents.values()].sort((a, b) => b.hitCount - a.hitCount || compareIds(a.documentId, b.documentId));
    return {
      caseId,
      hitCount: counts.reduce((sum, count) => sum + count.lines, 0),
      documentCount: list.length,
      documents: list,
      ...(scope.listUnavailable ? { documentListUnavailable: true as const } : {}),
    };
  }

  private async scopeOf(caller: LegacyCaller, caseId: string, terms: readonly SearchTerm[], filters: SearchFilters): Promise<Scope> {
    const [tracked, listed] = await Promise.all([this.currentVersions?.currentVersions(caseId) ?? null, this.listOf(caller, caseId, filters)]);
    if (listed === null || listed === 'unavailable') {
      // without the document list: content only, filtered by id at most
      const versions = tracked === null ? (filters.documentId === undefined ? undefined : new Map<string, string>()) : restrict(tracked, filters.documentId);
      return { documents: new Map(), named: new Map(), listUnavailable: listed === 'unavailable', ...(versions !== undefined ? { versions } : {}) };
    }
    const documents = new Map<string, ListedDocument>();
    for (const document of listed) documents.set(document.documentId, toListed(document));
    // attachments unpacked from an e-mail are tracked under `<emailId>-<n>` and listed only through their e-mail
    for (const documentId of tracked?.keys() ?? []) {
      const parent = documents.get(parentIdOf(documentId));
      if (!documents.has(documentId) && parent !== undefined) {
        documents.set(documentId, { documentId, versionId: parent.versionId, category: parent.category, documentDate: parent.documentDate, receivedAt: parent.receivedAt });
      }
    }
    const kept = [...documents.values()].filter((document) => passes(document, filters));
    const states = filters.states === undefined ? null : await this.statesOf(caseId, kept);
    const allowed = new Map(kept.filter((document) => states === null || filters.states!.includes(states.get(document.documentId)!)).map((document) => [document.documentId, document]));
    const versions = filters.states !== undefined || needsList(filters) ? listedScope(tracked, allowed) : unlistedScope(tracked, documents, filters.documentId);
    const named = new Map<string, NameField[]>();
    for (const document of allowed.values()) {
      if (document.title === undefined || document.fileName === undefined) continue;
      const fields = nameMatches(terms, document.title, document.fileName);
      if (fields.length > 0) named.set(document.documentId, fields);
    }
    return { documents: allowed, named, listUnavailable: false, ...(versions !== undefined ? { versions } : {}) };
  }

  private async listOf(caller: LegacyCaller, caseId: string, filters: SearchFilters): Promise<CaseDocument[] | 'unavailable' | null> {
    if (this.legacy === undefined) return null;
    try {
      return await this.legacy.listDocuments(caller, caseId);
    } catch (error) {
      if (isDomainError(error) && LIST_OUTAGE.has(error.code) && !needsList(filters)) return 'unavailable';
      throw error;
    }
  }

  private async statesOf(caseId: string, documents: readonly ListedDocument[]): Promise<Map<string, SearchState>> {
    const states = new Map<string, SearchState>();
    await Promise.all(
      documents.map(async (document) => {
        const state = (await this.currentVersions?.state?.(caseId, document.documentId)) ?? null;
        // a document ingestion has not seen yet, or whose newer version it has not started, is new
        states.set(document.documentId, state === null || (document.title !== undefined && state.versionId !== document.versionId) ? 'new' : state.status);
      }),
    );
    return states;
  }
}

const EMAIL_CHILD = /^(.+)-\d+$/;
const parentIdOf = (documentId: string): string => EMAIL_CHILD.exec(documentId)?.[1] ?? documentId;

function toListed(document: CaseDocument): ListedDocument {
  return {
    documentId: document.documentId,
    versionId: document.versionId,
    title: document.title,
    fileName: document.fileName,
    category: document.category,
    type: mimeFamilyOf(document.mimeType, document.fileName),
    documentDate: document.documentDate,
    receivedAt: document.versions[0]?.createdAt ?? null,
  };
}

/** With a filter that needs the list: the documents it kept (and their attachments), at the tracked version. */
function listedScope(tracked: ReadonlyMap<string, string> | null, allowed: ReadonlyMap<string, ListedDocument>): Map<string, string> {
  const versions = new Map<string, string>();
  for (const [documentId, document] of allowed) {
    const version = tracked === null ? document.versionId : tracked.get(documentId);
    if (version !== undefined) versions.set(documentId, version);
  }
  return versions;
}

/**
 * Without a filter that needs the list, content is trimmed as before this ADR: by case and the tracker's current
 * versions (every version when ingestion does not track the case), and to one document when asked.
 */
function unlistedScope(tracked: ReadonlyMap<string, string> | null, documents: ReadonlyMap<string, ListedDocument>, documentId: string | undefined): Map<string, string> | undefined {
  if (tracked !== null) return new Map(restrict(tracked, documentId));
  if (documentId === undefined) return undefined;
  const listed = documents.get(documentId);
  return new Map(listed === undefined ? [] : [[documentId, listed.versionId]]);
}

function restrict(versions: ReadonlyMap<string, string>, documentId: string | undefined): ReadonlyMap<string, string> {
  if (documentId === undefined) return versions;
  const version = versions.get(documentId);
  return new Map(version === undefined ? [] : [[documentId, version]]);
}

/** A date-only bound covers its whole day: `to=2026-03-31` keeps documents dated that afternoon. */
const lowerBound = (value: string): number => Date.parse(value.length === 10 ? `${value}T00:00:00.000Z` : value);
const upperBound = (value: string): number => Date.parse(value.length === 10 ? `${value}T23:59:59.999Z` : value);

function passes(document: ListedDocument, filters: SearchFilters): boolean {
  if (filters.documentId !== undefined && document.documentId !== filters.documentId) return false;
  if (filters.categories !== undefined && !filters.categories.some((category) => category.toLowerCase() === document.category.toLowerCase())) return false;
  if (filters.types !== undefined && (document.type === undefined || !filters.types.includes(document.type))) return false;
  if (filters.from !== undefined || filters.to !== undefined) {
    const date = dateOf(document, filters.dateField ?? 'document');
    if (date === null) return false;
    if (filters.from !== undefined && date < lowerBound(filters.from)) return false;
    if (filters.to !== undefined && date > upperBound(filters.to)) return false;
  }
  return true;
}

function dateOf(document: ListedDocument, field: SearchDateField): number | null {
  const value = field === 'document' ? document.documentDate : document.receivedAt;
  if (value === null) return null;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

const versionOf = (scope: Scope, documentId: string): string => scope.versions?.get(documentId) ?? scope.documents.get(documentId)?.versionId ?? '';

/** Content hits and name matches, one entry per document, with what the list says of it. */
function withNames(byContent: readonly DocumentHits[], scope: Scope): SearchDocumentDto[] {
  const results: SearchDocumentDto[] = byContent.map((hits) => ({ ...hits, matchedIn: [...(scope.named.get(hits.documentId) ?? []), 'content'], ...metadataOf(scope.documents.get(hits.documentId)) }));
  const found = new Set(byContent.map((hits) => hits.documentId));
  for (const [documentId, fields] of scope.named) {
    if (found.has(documentId)) continue;
    results.push({ documentId, versionId: versionOf(scope, documentId), score: 0, hitCount: 0, pages: [], matchedIn: fields, ...metadataOf(scope.documents.get(documentId)) });
  }
  return results;
}

function metadataOf(document: ListedDocument | undefined): Partial<SearchDocumentDto> {
  if (document === undefined) return {};
  return {
    ...(document.title !== undefined ? { title: document.title } : {}),
    ...(document.fileName !== undefined ? { fileName: document.fileName } : {}),
    category: document.category,
    ...(document.type !== undefined ? { type: document.type } : {}),
    documentDate: document.documentDate,
    receivedAt: document.receivedAt,
  };
}

const byName = (document: SearchDocumentDto): number => (document.matchedIn.some((field) => field !== 'content') ? 1 : 0);

/**
 * relevance: documents found by name first (a lawyer typing a name most often means the document), then by
 * their best line; date: newest first, undated last; hits: most matching lines first. Ties: relevance, then id.
 */
function sortDocuments(documents: SearchDocumentDto[], sort: SearchSort, dateField: SearchDateField): SearchDocumentDto[] {
  const relevance = (a: SearchDocumentDto, b: SearchDocumentDto): number => byName(b) - byName(a) || b.score - a.score || compareIds(a.documentId, b.documentId);
  const time = (document: SearchDocumentDto): number => {
    const value = dateField === 'document' ? document.documentDate : document.receivedAt;
    const parsed = value === null || value === undefined ? Number.NaN : Date.parse(value);
    return Number.isNaN(parsed) ? Number.NEGATIVE_INFINITY : parsed;
  };
  switch (sort) {
    case 'relevance':
      return documents.sort(relevance);
    case 'date':
      return documents.sort((a, b) => time(b) - time(a) || relevance(a, b));
    case 'hits':
      return documents.sort((a, b) => b.hitCount - a.hitCount || relevance(a, b));
  }
}

const compareIds = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
