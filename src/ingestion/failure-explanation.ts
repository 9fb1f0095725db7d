import type { TrackerFailureReason } from './tracker/tracker.model.js';

/** What a failure code means to a lawyer, and what they can do about it. */
export interface FailureExplanation {
  readonly message: string;
  readonly action: string;
}

/** One sentence per code; a code added to the union fails to compile until it is explained here. */
export const FAILURE_EXPLANATIONS: { readonly [Code in TrackerFailureReason]: FailureExplanation } = {
  ENCRYPTED: {
    message: 'The file is encrypted, so its pages cannot be read.',
    action: 'Ask the sender for an unencrypted copy and add it to the case as a new version.',
  },
  PASSWORD_PROTECTED: {
    message: 'The file is protected by a password, so its pages cannot be read.',
    action: 'Ask the sender for the password or an unprotected copy, and add that as a new version.',
  },
  CORRUPT: {
    message: 'The file is damaged or is not the kind of file its name says.',
    action: 'Open it in the legacy CMS to check it; if it is damaged, ask the sender for a new copy.',
  },
  UNSUPPORTED_TYPE: {
    message: 'This kind of file cannot be turned into pages to read, search or redact.',
    action: 'Open it in the legacy CMS, or save it as PDF or Word and add that as a new version.',
  },
  CONVERTER_UNAVAILABLE: {
    message: 'The converter for this kind of file was not available when the document was processed.',
    action: 'Refresh the case later; if it keeps failing, report it to the service desk.',
  },
  TIMEOUT: {
    message: 'Processing the file took too long and was stopped.',
    action: 'Refresh the case to try again; a very large file may need splitting into parts.',
  },
  OUT_OF_MEMORY: {
    message: 'The file needed more memory than processing is allowed.',
    action: 'Refresh the case to try again; if it keeps failing, split the file into smaller parts.',
  },
  TOO_LARGE: {
    message: 'The file is larger than the facade processes.',
    action: 'Open it in the legacy CMS, or split it into smaller files and add those.',
  },
  EXTRACTION_FAILED: {
    message: 'The text of the pages could not be read.',
    action: 'Refresh the case to try again; the document can still be opened in the legacy CMS.',
  },
  OCR_FAILED: {
    message: 'The scanned pages could not be read by text recognition.',
    action: 'Refresh the case to try again; words on scanned pages will not be found by search until it succeeds.',
  },
  FETCH_FAILED: {
    message: 'The legacy CMS would not give the facade this file.',
    action: 'Check that the document still exists in the legacy CMS, then refresh the case.',
  },
};

export const FAILURE_CODES = Object.keys(FAILURE_EXPLANATIONS) as TrackerFailureReason[];

/** `{ code, message, action }` for a code; an unknown code (a record from an older release) gets a generic sentence. */
export function explainFailure(code: string): { code: string; message: string; action: string } {
  const known = (FAILURE_EXPLANATIONS as Readonly<Record<string, FailureExplanation>>)[code];
  return known === undefined
    ? { code, message: 'The document could not be processed.', action: 'Refresh the case to try again; if it keeps failing, report it to the service desk.' }
    : { code, ...known };
}
