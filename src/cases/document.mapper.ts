import type { CaseDocument, DocumentVersion } from '../legacy/legacy-cms.port.js';
import { versionRedactDenial, type DocumentCapabilities } from './capabilities/document-capabilities.js';
import type { DocumentDto, DocumentListDto, DocumentVersionDto } from './document.dto.js';
import { compareIds } from './id-order.js';
import { readKey } from './user-state/read-marks.store.js';

/** What the document resource says for this caller: their capabilities and what they have read. */
export interface CallerView {
  readonly capabilities: DocumentCapabilities;
  /** `documentId:versionId` of the versions the caller has read. */
  readonly read: ReadonlySet<string>;
  /** Who holds the document checked out; null when no one does or no one can say. */
  readonly checkedOutBy: string | null;
}

function toDocumentVersionDto(document: CaseDocument, version: DocumentVersion, view: CallerView): DocumentVersionDto {
  const denial = versionRedactDenial(document, version.versionId, view.capabilities.redact);
  return {
    versionId: version.versionId,
    createdAt: version.createdAt,
    sizeBytes: version.sizeBytes,
    readByMe: view.read.has(readKey(document.documentId, version.versionId)),
    canRedact: denial === null,
    canRedactReason: denial,
  };
}

export function toDocumentDto(document: CaseDocument, childDocumentIds: readonly string[], view: CallerView): DocumentDto {
  const { redact, rename, reclassify } = view.capabilities;
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
    checkedOutBy: view.checkedOutBy,
    sizeBytes: document.sizeBytes,
    versions: document.versions.map((version) => toDocumentVersionDto(document, version, view)),
    readByMe: view.read.has(readKey(document.documentId, document.versionId)),
    canRedact: redact === null,
    canRedactReason: redact,
    canRename: rename === null,
    canRenameReason: rename,
    canReclassify: reclassify === null,
    canReclassifyReason: reclassify,
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

/** Documents in id order, each with its computed childDocumentIds and the caller's view of it. */
export function toDocumentListDto(documents: readonly CaseDocument[], viewOf: (document: CaseDocument) => CallerView): DocumentListDto {
  const children = childrenByParent(documents);
  return {
    documents: [...documents]
      .sort((a, b) => compareIds(a.documentId, b.documentId))
      .map((document) => toDocumentDto(document, children.get(document.documentId) ?? [], viewOf(document))),
  };
}
