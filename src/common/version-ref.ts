/** One version of one document of a case: the key ingestion, search, redaction and content share. */
export interface VersionRef {
  readonly caseId: string;
  /** A legacy document id, or `<documentId>-<n>` for an attachment unpacked from an e-mail. */
  readonly documentId: string;
  readonly versionId: string;
}
