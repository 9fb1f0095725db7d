import { odata } from '@azure/search-documents';
import { DomainError } from '../common/domain-error.js';
import { isFacadeId } from '../common/validation/id-patterns.js';
import type { SearchTerm } from './search-index.port.js';

/**
 * One id part of a document key. Azure AI Search keys allow only letters, digits, `_`, `-` and `=`:
 * anything else (including `_`, our separator, and `-`, our escape) becomes `-` and four hex digits,
 * so distinct parts always give distinct keys.
 */
export const safeKeyPart = (part: string): string => part.replace(/[^A-Za-z0-9]/g, (char) => `-${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** `${caseId}_${documentId}_${versionId}_${page}_${line}`, each part safe-encoded. */
export const lineKey = (caseId: string, documentId: string, versionId: string, pageIndex: number, lineIndex: number): string =>
  [caseId, documentId, versionId, String(pageIndex), String(lineIndex)].map(safeKeyPart).join('_');

/** The filterable pair used for the current-versions filter (safe-encoded: no `,` or `'` can occur). */
export const documentVersionKey = (documentId: string, versionId: string): string => `${safeKeyPart(documentId)}_${safeKeyPart(versionId)}`;

// Simple-syntax operators and the escape character; our terms are letters and digits only, so this is belt and braces.
const SIMPLE_SPECIAL = /[+|\-"*()~\\&!{}[\]^:/?'<>=]/g;
const escapeSimple = (text: string): string => text.replace(SIMPLE_SPECIAL, (char) => `\\${char}`);

/**
 * Terms → search text for `queryType: 'simple'` with `searchMode: 'all'` (every term required).
 * Simple syntax, not full Lucene, because it has no word operators (AND/OR/NOT), no field scoping
 * (`field:`), no regex (`/…/`) and no fuzzy/boost syntax: the smallest surface that still has what we
 * need, phrases (`"a b"`) and prefixes (`term*`). Words and phrases are quoted; a prefix is the escaped
 * token followed by `*`.
 */
export function toSimpleQuery(terms: readonly SearchTerm[]): string {
  return terms
    .map((term) => {
      switch (term.kind) {
        case 'word':
          return `"${escapeSimple(term.text)}"`;
        case 'prefix':
          return `${escapeSimple(term.text)}*`;
        case 'phrase':
          return `"${term.words.map(escapeSimple).join(' ')}"`;
      }
    })
    .join(' ');
}

/**
 * The security filter: the caller's cases, and when given only the current document versions.
 * Case ids are checked digits-only first, so the `search.in` delimiter cannot be smuggled in; every value
 * goes through the SDK's `odata` tag, which quotes it and doubles embedded quotes.
 */
export function toSecurityFilter(caseIds: readonly string[], currentVersions?: ReadonlyMap<string, string>): string {
  for (const caseId of caseIds) {
    if (!isFacadeId(caseId)) throw new DomainError('VALIDATION_FAILED', 'case ids must be decimal ids.', { field: 'caseIds' });
  }
  const cases = odata`search.in(caseId, ${caseIds.join(',')}, ',')`;
  if (currentVersions === undefined) return cases;
  const versions = [...currentVersions.entries()].map(([documentId, versionId]) => documentVersionKey(documentId, versionId));
  return `${cases} and ${odata`search.in(documentVersion, ${versions.join(',')}, ',')`}`;
}

/** The filter selecting one document's lines (one version's, when given). */
/** The filter selecting every line of one case. */
export const toCaseFilter = (caseId: string): string => odata`caseId eq ${caseId}`;

export function toDocumentFilter(caseId: string, documentId: string, versionId?: string): string {
  const document = odata`caseId eq ${caseId} and documentId eq ${documentId}`;
  return versionId === undefined ? document : `${document} and ${odata`versionId eq ${versionId}`}`;
}

/** The filter selecting the lines one upsert wrote (its batch id is ours: a UUID, quoted all the same). */
export const toBatchFilter = (batch: string): string => odata`indexBatch eq ${batch}`;

/** The facet value counting a document version's lines: `["documentId","versionId"]`. */
export const documentVersionFacet = (documentId: string, versionId: string): string => JSON.stringify([documentId, versionId]);

/** A facet value back to its document version; null for anything this adapter did not write. */
export function parseDocumentVersionFacet(value: unknown): { documentId: string; versionId: string } | null {
  if (typeof value !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') return { documentId: parsed[0], versionId: parsed[1] };
  } catch {
    return null;
  }
  return null;
}
