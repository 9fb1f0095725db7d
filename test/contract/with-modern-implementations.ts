import type { LegacyCms } from '../../src/legacy/legacy-cms.port.js';

/** Every method of the port, so a method added to LegacyCms fails to compile here until it is listed. */
const PORT_METHODS: { readonly [K in keyof LegacyCms]-?: true } = {
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

/**
 * A LegacyCms answering from `overrides` (modern implementations of some port methods) and from `base` (the
 * legacy adapter) for the rest, so the LegacyCms contract suite runs over every modern implementation as it would
 * be routed. Give overrides as functions that need no `this` (arrow functions over the implementation).
 */
export function withModernImplementations(base: LegacyCms, overrides: Partial<LegacyCms>): LegacyCms {
  const combined: Record<string, unknown> = {};
  for (const method of Object.keys(PORT_METHODS) as (keyof LegacyCms)[]) {
    const override = overrides[method];
    combined[method] = override ?? base[method].bind(base);
  }
  for (const method of Object.keys(overrides)) {
    if (!(method in PORT_METHODS)) throw new Error(`${method} is not a LegacyCms method`);
  }
  return combined as unknown as LegacyCms;
}
