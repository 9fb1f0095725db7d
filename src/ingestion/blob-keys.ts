/** Where a document version's artefacts live in the BlobStore. Ids are facade ids (digits, '-'), safe as key segments. */
export const documentPrefix = (caseId: string, documentId: string): string => `cases/${caseId}/documents/${documentId}/`;

export const versionPrefix = (caseId: string, documentId: string, versionId: string): string => `${documentPrefix(caseId, documentId)}versions/${versionId}/`;

export const blobKeys = (caseId: string, documentId: string, versionId: string) => {
  const prefix = versionPrefix(caseId, documentId, versionId);
  return { original: `${prefix}original`, pdf: `${prefix}document.pdf`, text: `${prefix}text.json` } as const;
};

export const childDocumentId = (parentDocumentId: string, childIndex: number): string => `${parentDocumentId}-${childIndex}`;
