import type { LegacyCaller } from '../legacy/legacy-cms.port.js';

/**
 * Who holds a document checked out, for the document list and the tracker (issue 14). The redaction sessions
 * provide it: a facade session's holder is known at once from the state store; a check-out made in the legacy
 * CMS itself is asked of the legacy CMS.
 */
export const CHECK_OUT_HOLDERS = Symbol('CheckOutHolders');

export interface CheckOutCandidate {
  readonly documentId: string;
  readonly versionId: string;
  readonly isCheckedOut: boolean;
}

export interface CheckOutHolders {
  /** documentId → legacy username, for the documents of the case with a redaction session. */
  sessionHolders(caseId: string): Promise<ReadonlyMap<string, string>>;
  /**
   * documentId → who holds it, for every document that is checked out: the session holder, else the legacy
   * CMS's own answer (absent when it cannot say: the document is checked out, by someone unknown).
   */
  checkedOutBy(caller: LegacyCaller, caseId: string, documents: readonly CheckOutCandidate[]): Promise<ReadonlyMap<string, string>>;
}
