import type { CaseDocument, DocumentVersion } from '../legacy/legacy-cms.port.js';
import type { DocumentDto, DocumentListDto, DocumentVersionDto } from './document.dto.js';
import { compareIds } from './id-order.js';

function toDocumentVersionDto(version: DocumentVersion): DocumentVersionDto {
  return { versionId: version.versionId, createdAt: version.createdAt, sizeBytes: version.sizeBytes };
}

export function toDocumentDto(document: CaseDocument, childDocumentIds: readonly string[], checkedOutBy: string | null = null): DocumentDto {
  return {
    documentId: document.documentId,
    versionId: document.versionId,
    title: document.title,
    fileName: document.fileName,
    mimeType: document.mimeType,
    category: document.category,
    documentDate: document.documentDate,
    parentDocumentId: document.parentDocumentId,
    childDocumentIds: [...childDocumentIds],
    isUsed: document.isUsed,
    isCheckedOut: document.isCheckedOut,
    checkedOutBy,
    sizeBytes: document.sizeBytes,
    versions: document.versions.map(toDocumentVersionDto),
  };
}

/** Parent id → its children's ids, each list in id order. */
export function childrenByParent(documents: readonly CaseDocument[]): ReadonlyMap<string, readonly string[]> {
  const children = new Map<string, string[]>();
  for (const document of documents) {
    if (document.parentDocumentId === null || document.parentDocumentId === document.documentId) continue;
    const siblings = children.get(document.parentDocumentId) ?? [];
    siblings.push(document.documentId);
    children.set(document.parentDocumentId, siblings);
  }
  for (const siblings of children.values()) siblings.sort(compareIds);
  return children;
}

/** Documents in id order, each with its computed childDocumentIds and who holds it checked out (documentId → username). */
export function toDocumentListDto(documents: readonly CaseDocument[], checkedOutBy: ReadonlyMap<string, string> = new Map()): DocumentListDto {
  const children = childrenByParent(documents);
  return {
    documents: [...documents]
      .sort((a, b) => compareIds(a.documentId, b.documentId))
      .map((document) => toDocumentDto(document, children.get(document.documentId) ?? [], checkedOutBy.get(document.documentId) ?? null)),
  };
}
