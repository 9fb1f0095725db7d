import type { Readable } from 'node:stream';

/**
 * The legacy CMS, in the facade's own vocabulary. Adapters hide SOAP, GraphQL, the file
 * store, legacy sessions and every legacy quirk (dd/MM/yyyy dates, Y/N flags, zero-padded
 * ids, Windows-1252 text) behind it. Ids here are canonical decimal strings ("1234").
 * Failures are thrown as DomainError with a coded reason.
 */
export const LEGACY_CMS = Symbol('LegacyCms');

/** Who the legacy CMS is asked on behalf of. The adapter turns this into a legacy session. */
export interface LegacyCaller {
  /** The user's legacy username (from the validated token). */
  readonly username: string;
  /**
   * The user's token subject, when known: the strangler's canary hash and cohorts use it. Background
   * jobs carry it so that they run as the user who asked for them; without it the username stands in.
   */
  readonly subject?: string;
  readonly correlationId: string;
}

export interface CaseRef {
  readonly caseId: string;
  readonly urn: string;
}

export type CaseAccess = 'granted' | 'denied' | 'not-found';

export interface CaseSummary {
  readonly caseId: string;
  readonly urn: string;
  readonly title: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly status: string;
  /** ISO-8601 date (yyyy-MM-dd). */
  readonly registeredDate: string | null;
  readonly isCustody: boolean;
  readonly nextHearingDate: string | null;
  readonly court: string | null;
}

export interface Charge {
  readonly chargeId: string;
  readonly code: string;
  readonly description: string;
  readonly offenceDate: string | null;
  readonly plea: string | null;
  readonly status: string;
}

export interface Defendant {
  readonly defendantId: string;
  readonly firstNames: string;
  readonly surname: string;
  readonly dateOfBirth: string | null;
  readonly isYouth: boolean;
  readonly charges: readonly Charge[];
}

export interface Witness {
  readonly witnessId: string;
  readonly firstNames: string;
  readonly surname: string;
  /** Null when the legacy CMS withholds it (partial data). */
  readonly dateOfBirth: string | null;
  readonly address: string | null;
  readonly phone: string | null;
  readonly isVulnerable: boolean;
  readonly isIntimidated: boolean;
}

export interface DocumentVersion {
  readonly versionId: string;
  /** ISO-8601 date-time. */
  readonly createdAt: string | null;
  readonly sizeBytes: number;
}

export interface CaseDocument {
  readonly documentId: string;
  /** The current version. */
  readonly versionId: string;
  readonly title: string;
  readonly fileName: string;
  readonly mimeType: string;
  readonly category: string;
  readonly documentDate: string | null;
  /** Set for email attachments: the email they came from. */
  readonly parentDocumentId: string | null;
  readonly isUsed: boolean;
  readonly isCheckedOut: boolean;
  readonly sizeBytes: number;
  /** Oldest first; the last is the current version. */
  readonly versions: readonly DocumentVersion[];
}

export interface CaseNote {
  readonly noteId: string;
  readonly text: string;
  readonly createdBy: string;
  readonly createdAt: string | null;
}

export interface DocumentInfo {
  readonly documentId: string;
  readonly versionId: string;
  readonly fileName: string;
  readonly mimeType: string;
  readonly sizeBytes: number;
  readonly isCheckedOut: boolean;
  readonly checkedOutBy: string | null;
}

export interface ByteRange {
  /** Inclusive. */
  readonly start: number;
  /** Inclusive. */
  readonly end: number;
}

export interface DocumentContent {
  readonly stream: Readable;
  readonly mimeType: string;
  readonly fileName: string;
  /** Size of the whole version. */
  readonly totalBytes: number;
  /** The range served, when a range was asked for. */
  readonly range: ByteRange | null;
}

export interface CheckInRequest {
  readonly caseId: string;
  readonly documentId: string;
  readonly fileName: string;
  readonly mimeType: string;
  readonly sizeBytes: number;
  readonly content: Readable;
}

export interface PartialResult<T> {
  readonly value: T;
  /** Field paths the legacy CMS withheld or failed to produce. */
  readonly warnings: readonly string[];
}

export interface LegacyCms {
  findCasesByUrn(caller: LegacyCaller, urn: string): Promise<CaseRef[]>;
  getCaseSummary(caller: LegacyCaller, caseId: string): Promise<CaseSummary>;
  /** The legacy CMS's decision on whether the caller may see the case. */
  checkCaseAccess(caller: LegacyCaller, caseId: string): Promise<CaseAccess>;
  getDefendants(caller: LegacyCaller, caseId: string): Promise<Defendant[]>;
  getWitnesses(caller: LegacyCaller, caseId: string): Promise<PartialResult<Witness[]>>;
  listDocuments(caller: LegacyCaller, caseId: string): Promise<CaseDocument[]>;
  getDocumentInfo(caller: LegacyCaller, caseId: string, documentId: string, versionId: string): Promise<DocumentInfo>;
  openDocumentContent(
    caller: LegacyCaller,
    caseId: string,
    documentId: string,
    versionId: string,
    range: ByteRange | null,
  ): Promise<DocumentContent>;
  renameDocument(caller: LegacyCaller, caseId: string, documentId: string, title: string): Promise<CaseDocument>;
  reclassifyDocument(caller: LegacyCaller, caseId: string, documentId: string, category: string): Promise<CaseDocument>;
  setDocumentUsed(caller: LegacyCaller, caseId: string, documentId: string, isUsed: boolean): Promise<CaseDocument>;
  listNotes(caller: LegacyCaller, caseId: string): Promise<CaseNote[]>;
  addNote(caller: LegacyCaller, caseId: string, text: string): Promise<CaseNote>;
  checkOutDocument(caller: LegacyCaller, caseId: string, documentId: string, versionId: string): Promise<void>;
  cancelCheckOut(caller: LegacyCaller, caseId: string, documentId: string): Promise<void>;
  /** Chunked upload of a new version of a checked-out document; answers the new version id. */
  checkInDocument(caller: LegacyCaller, request: CheckInRequest): Promise<string>;
  /** Readiness of each legacy interface, for /health/ready. */
  readiness(): Promise<Record<string, { up: boolean; detail?: string }>>;
}

/** Every LegacyCms method, readiness() included; a method added to the port fails to compile until it is listed here. */
const METHODS: { readonly [M in keyof LegacyCms]-?: true } = {
  findCasesByUrn: true,
  getCaseSummary: true,
  checkCaseAccess: true,
  getDefendants: true,
  getWitnesses: true,
  listDocuments: true,
  getDocumentInfo: true,
  openDocumentContent: true,
  renameDocument: true,
  reclassifyDocument: true,
  setDocumentUsed: true,
  listNotes: true,
  addNote: true,
  checkOutDocument: true,
  cancelCheckOut: true,
  checkInDocument: true,
  readiness: true,
};

export const LEGACY_CMS_METHODS = Object.keys(METHODS) as readonly (keyof LegacyCms)[];
