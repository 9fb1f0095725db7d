import { LEGACY_CMS_METHODS, type LegacyCms } from '../../src/legacy/legacy-cms.port.js';

/**
 * A LegacyCms answering from `overrides` (modern implementations of some port methods) and from `base` (the
 * legacy adapter) for the rest, so the LegacyCms contract suite runs over every modern implementation as it would
 * be routed. Give overrides as functions that need no `this` (arrow functions over the implementation).
 */
export function withModernImplementations(base: LegacyCms, overrides: Partial<LegacyCms>): LegacyCms {
  const combined: Record<string, unknown> = {};
  for (const method of LEGACY_CMS_METHODS) {
    const override = overrides[method];
    combined[method] = override ?? base[method].bind(base);
  }
  for (const method of Object.keys(overrides)) {
    if (!(LEGACY_CMS_METHODS as readonly string[]).includes(method)) throw new Error(`${method} is not a LegacyCms method`);
  }
  return combined as unknown as LegacyCms;
}
