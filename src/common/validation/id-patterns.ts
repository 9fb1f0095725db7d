/** Facade ids are decimal strings without leading zeros (the adapters strip the legacy zero padding). */
export const ID_PATTERN = /^[1-9][0-9]{0,7}$/;
/** Document ids ingestion tracks: a legacy id, or `<parentDocumentId>-<n>` for an attachment unpacked from an e-mail. */
export const TRACKED_DOCUMENT_ID = /^[1-9][0-9]{0,7}(?:-[1-9][0-9]{0,3})?$/;
/** Case URN, e.g. 45AA2098224; compared upper-cased. */
export const URN_PATTERN = /^[0-9]{2}[A-Z]{2}[0-9]{7}$/;

export const isFacadeId = (value: unknown): value is string => typeof value === 'string' && ID_PATTERN.test(value);

/** The upper-cased URN when it is well-formed, else null. */
export function normalizeUrn(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const urn = value.trim().toUpperCase();
  return URN_PATTERN.test(urn) ? urn : null;
}
