import type { DocumentText } from '../common/word-model.js';
import type { RedactionPlan, VerificationReport } from './redaction.types.js';

/** Checks a redacted PDF before anything is saved (re-extraction, stream scan, scrub list). Never skipped. */
export const REDACTION_VERIFIER = Symbol('RedactionVerifier');

export interface RedactionVerificationInput {
  readonly originalPdfPath: string;
  readonly redactedPdfPath: string;
  readonly plan: RedactionPlan;
  /** The word index of the original version: the words under the boxes are what must be gone. */
  readonly originalText: DocumentText;
}

export interface RedactionVerifier {
  verify(input: RedactionVerificationInput): Promise<VerificationReport>;
}
