import { explainFailure } from '../../ingestion/failure-explanation.js';
import type { IngestionState } from '../../ingestion/ingested-versions.port.js';
import type { CaseDocument } from '../../legacy/legacy-cms.port.js';

/** Why a document cannot be redacted, renamed or reclassified (after Polaris's presentation write flags, ADR 0034). */
export const CAPABILITY_DENIALS = ['CHECKED_OUT_BY_OTHER', 'CONVERTED_FORM_ONLY', 'UNSUPPORTED_TYPE', 'INGESTION_FAILED', 'NOT_INGESTED', 'VERSION_NOT_CURRENT'] as const;
export type CapabilityDenialCode = (typeof CAPABILITY_DENIALS)[number];

export const CAPABILITY_DENIAL_MESSAGES: { readonly [Code in CapabilityDenialCode]: string } = {
  CHECKED_OUT_BY_OTHER: 'Another user has the document checked out in the legacy CMS.',
  CONVERTED_FORM_ONLY: 'The facade holds this document only as a PDF rendering; saving a redaction would replace the original in the legacy CMS. Redact it in the legacy CMS.',
  UNSUPPORTED_TYPE: 'This kind of file cannot be turned into pages, so it cannot be redacted here.',
  INGESTION_FAILED: 'The document could not be processed, so it cannot be redacted here.',
  NOT_INGESTED: 'The document has not been processed yet; refresh the case and try again when the tracker shows it indexed.',
  VERSION_NOT_CURRENT: 'This is not the current version of the document; only the current version can be redacted.',
};

/** Originals whose PDF rendering is not the document: a redaction saved back would lose what the rendering leaves out. */
export const CONVERTED_FORM_ONLY_TYPES: ReadonlySet<string> = new Set(['message/rfc822', 'application/vnd.ms-outlook']);

export interface CapabilityDenial {
  readonly code: CapabilityDenialCode;
  readonly message: string;
  /** CHECKED_OUT_BY_OTHER: who holds it, when the legacy CMS says. */
  readonly checkedOutBy?: string | null;
  /** INGESTION_FAILED / UNSUPPORTED_TYPE: the tracker's failure, in words. */
  readonly ingestionFailure?: { code: string; message: string; action: string };
  /** VERSION_NOT_CURRENT: the version to use instead. */
  readonly currentVersionId?: string;
}

export interface DocumentCapabilities {
  readonly redact: CapabilityDenial | null;
  readonly rename: CapabilityDenial | null;
  readonly reclassify: CapabilityDenial | null;
}

export interface CapabilityFacts {
  readonly document: CaseDocument;
  /** The caller's legacy username. */
  readonly username: string;
  /** Who holds the check-out (null when the legacy CMS did not say); only read when isCheckedOut. */
  readonly checkedOutBy: string | null;
  /** The ingestion tracker's state of the document; null when never ingested. */
  readonly ingestion: IngestionState | null;
}

const denial = (code: CapabilityDenialCode, extra: Omit<CapabilityDenial, 'code' | 'message'> = {}): CapabilityDenial => ({
  code,
  message: CAPABILITY_DENIAL_MESSAGES[code],
  ...extra,
});

/** Ingested far enough to redact: the PDF and its words are stored. */
const REDACTABLE_STATUSES: ReadonlySet<string> = new Set(['extracted', 'indexed']);

/** What the caller may do with the current version of a document, and why not; the first reason that applies wins. */
export function capabilitiesOf(facts: CapabilityFacts): DocumentCapabilities {
  const { document, username, checkedOutBy, ingestion } = facts;
  const heldByOther = document.isCheckedOut && checkedOutBy !== username ? denial('CHECKED_OUT_BY_OTHER', { checkedOutBy }) : null;
  return { redact: heldByOther ?? redactDenial(document, ingestion), rename: heldByOther, reclassify: heldByOther };
}

function redactDenial(document: CaseDocument, ingestion: IngestionState | null): CapabilityDenial | null {
  if (CONVERTED_FORM_ONLY_TYPES.has(document.mimeType.toLowerCase())) return denial('CONVERTED_FORM_ONLY');
  if (ingestion === null || ingestion.versionId !== document.versionId) return denial('NOT_INGESTED');
  if (ingestion.status === 'failed') {
    const ingestionFailure = explainFailure(ingestion.reason ?? 'UNKNOWN');
    return denial(ingestion.reason === 'UNSUPPORTED_TYPE' ? 'UNSUPPORTED_TYPE' : 'INGESTION_FAILED', { ingestionFailure });
  }
  return REDACTABLE_STATUSES.has(ingestion.status) ? null : denial('NOT_INGESTED');
}

/** For a version other than the current one: it cannot be redacted; otherwise the document's answer. */
export function versionRedactDenial(document: CaseDocument, versionId: string, current: CapabilityDenial | null): CapabilityDenial | null {
  return versionId === document.versionId ? current : denial('VERSION_NOT_CURRENT', { currentVersionId: document.versionId });
}
