import type { Box } from '../common/word-model.js';

/**
 * Full-text index of case documents: one entry per line, carrying its words with boxes so
 * hits can be highlighted on the page. Every query is scoped to case ids the caller may see.
 */
export const SEARCH_INDEX = Symbol('SearchIndex');

export interface IndexedLine {
  readonly caseId: string;
  readonly documentId: string;
  readonly versionId: string;
  readonly pageIndex: number;
  readonly lineIndex: number;
  readonly text: string;
  readonly pageWidth: number;
  readonly pageHeight: number;
  readonly words: readonly IndexedWord[];
}

/** A word with its box; `covered` when it is live text under a box drawn to hide it (searched only when asked). */
export interface IndexedWord {
  readonly text: string;
  readonly box: Box;
  readonly covered?: true;
}

/** A parsed query: terms, "phrases" and prefix* terms, all ANDed. Never raw engine syntax. */
export interface SearchQuery {
  readonly caseIds: readonly string[];
  readonly terms: readonly SearchTerm[];
  /** Only these (documentId → versionId) are current; others are ignored. Omit to accept all. */
  readonly currentVersions?: ReadonlyMap<string, string>;
  readonly limit: number;
  /** Match covered words too (their lines are found through them); by default a covered word matches nothing. */
  readonly includeCovered?: boolean;
}

/** Matching lines of one document version. */
export interface DocumentHitCount {
  readonly documentId: string;
  readonly versionId: string;
  readonly lines: number;
}

export type SearchTerm = { readonly kind: 'word'; readonly text: string } | { readonly kind: 'prefix'; readonly text: string } | { readonly kind: 'phrase'; readonly words: readonly string[] };

export interface LineHit {
  readonly line: IndexedLine;
  /** Higher is better. */
  readonly score: number;
}

export interface SearchIndex {
  /** Adds or replaces lines by (caseId, documentId, versionId, pageIndex, lineIndex): re-indexing never duplicates. */
  upsertLines(lines: readonly IndexedLine[]): Promise<void>;
  /** Removes one version's lines, or every version's when versionId is omitted. */
  deleteDocument(caseId: string, documentId: string, versionId?: string): Promise<number>;
  /**
   * The best `limit` matching lines. Once upsertLines has resolved its lines are found here (and deleteDocument's
   * are gone): ingestion marks a version indexed on that promise, so "indexed" in the tracker means searchable.
   */
  search(query: SearchQuery): Promise<LineHit[]>;
  /** Matching lines per document version, every match counted (no limit), without fetching lines. */
  countHits(query: Omit<SearchQuery, 'limit'>): Promise<DocumentHitCount[]>;
  /** Line count of one version (used to check idempotent re-indexing). */
  countLines(caseId: string, documentId: string, versionId: string): Promise<number>;
  /**
   * Every document version of the case with lines in the index, and how many (the index clean-up compares them with
   * the tracker). Azure AI Search lists versions through the `documentVersionFacet` field: lines indexed before it
   * existed (ADR 0033) are not listed.
   */
  indexedVersions(caseId: string): Promise<DocumentHitCount[]>;
  readiness(): Promise<Record<string, { up: boolean; detail?: string }>>;
  /** Releases connections (optional; the module calls it on shutdown when it built the index). */
  close?(): Promise<void>;
}
