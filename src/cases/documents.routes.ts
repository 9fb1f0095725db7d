import { DomainError } from '../common/domain-error.js';
import type { CaseDocument, DocumentContent, LegacyCaller, LegacyCms } from '../legacy/legacy-cms.port.js';
import { defineRoute } from '../strangler/route-definition.js';
import type { DocumentListDto } from './document.dto.js';
import { parseRangeHeader } from '../common/http-content/range-header.js';
import { toDocumentListDto } from './document.mapper.js';

/** Strangler routes of the documents controller. */
export interface DocumentListArgs {
  readonly caller: LegacyCaller;
  readonly caseId: string;
}

export interface DocumentContentArgs {
  readonly caller: LegacyCaller;
  readonly caseId: string;
  readonly documentId: string;
  readonly versionId: string;
  /** The raw Range header, if any. */
  readonly rangeHeader: string | undefined;
}

export interface DocumentChangeArgs<TValue> {
  readonly caller: LegacyCaller;
  readonly caseId: string;
  readonly documentId: string;
  readonly value: TValue;
}

/** What a modern document-list implementation offers (src/modern). */
export interface DocumentListReader {
  listDocuments(caller: LegacyCaller, caseId: string): Promise<CaseDocument[]>;
}

export interface DocumentModernImplementations {
  readonly list?: DocumentListReader;
}

export const DOCUMENT_LIST_LATENCY_BUDGET_MS = 2_000;

export function documentRoutes(legacy: LegacyCms, modern: DocumentModernImplementations = {}) {
  const list = modern.list;
  return {
    list: defineRoute<DocumentListArgs, DocumentListDto>({
      name: 'documents.list',
      kind: 'read',
      legacy: async ({ caller, caseId }) => toDocumentListDto(await legacy.listDocuments(caller, caseId)),
      ...(list === undefined ? {} : { modern: async ({ caller, caseId }: DocumentListArgs) => toDocumentListDto(await list.listDocuments(caller, caseId)) }),
      // The list's order is the facade's (by id), not part of what the legacy CMS promises.
      compare: { unordered: [{ path: '$.documents', key: 'documentId' }] },
      latencyBudgetMs: DOCUMENT_LIST_LATENCY_BUDGET_MS,
    }),
    rename: defineRoute<DocumentChangeArgs<string>, CaseDocument>({
      name: 'documents.rename',
      kind: 'write',
      legacy: ({ caller, caseId, documentId, value }) => legacy.renameDocument(caller, caseId, documentId, value),
    }),
    reclassify: defineRoute<DocumentChangeArgs<string>, CaseDocument>({
      name: 'documents.reclassify',
      kind: 'write',
      legacy: ({ caller, caseId, documentId, value }) => legacy.reclassifyDocument(caller, caseId, documentId, value),
    }),
    setUsed: defineRoute<DocumentChangeArgs<boolean>, CaseDocument>({
      name: 'documents.setUsed',
      kind: 'write',
      legacy: ({ caller, caseId, documentId, value }) => legacy.setDocumentUsed(caller, caseId, documentId, value),
    }),
  };
}

/** Streams: legacy only, never compared (a shadow would read the bytes twice). Served by DocumentContentService. */
export function documentContentRoute(legacy: LegacyCms) {
  return defineRoute<DocumentContentArgs, DocumentContent>({
    name: 'documents.getContent',
    kind: 'read',
    legacy: (args) => openLegacyContent(legacy, args),
  });
}

/**
 * Opens the version's bytes, or the one range the Range header asks for. The caller owns the
 * returned stream and must consume or destroy it. An unsatisfiable range throws
 * RANGE_NOT_SATISFIABLE carrying `totalBytes`.
 */
async function openLegacyContent(legacy: LegacyCms, { caller, caseId, documentId, versionId, rangeHeader }: DocumentContentArgs): Promise<DocumentContent> {
  const info = await legacy.getDocumentInfo(caller, caseId, documentId, versionId);
  const request = parseRangeHeader(rangeHeader, info.sizeBytes);
  switch (request.kind) {
    case 'unsatisfiable':
      throw new DomainError('RANGE_NOT_SATISFIABLE', `The range is outside the ${info.sizeBytes} bytes of this version.`, { totalBytes: info.sizeBytes });
    case 'full':
      return legacy.openDocumentContent(caller, caseId, documentId, versionId, null);
    case 'partial':
      return legacy.openDocumentContent(caller, caseId, documentId, versionId, request.range);
  }
}
