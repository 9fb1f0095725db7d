import type { RouteMode } from './route-state.js';

/** How one call is served. */
export type Serving = 'legacy' | 'shadow' | 'modern' | 'modern-with-fallback';

export type ModeOverride = 'legacy' | 'modern';

export const MODE_OVERRIDE_HEADER = 'x-strangler-mode';

/** A route's effective state, precomputed so that resolving a call allocates nothing. */
export interface ActiveRouteState {
  readonly mode: RouteMode;
  /** Canary share in basis points (percent × 100), 0–10000. */
  readonly canaryBasisPoints: number;
  readonly cohort: ReadonlySet<string> | null;
  readonly fallback: boolean;
  /** Whether this route may be served by modern at all (it has a modern side and, for a write, allowWrites). */
  readonly modernAllowed: boolean;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv1aStep(hash: number, text: string): number {
  let h = hash;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h;
}

/** FNV-1a (32-bit) of `route:userId`, in [0, 10000): a user's stable canary bucket on one route. */
export function canaryBucket(route: string, userId: string): number {
  let h = fnv1aStep(FNV_OFFSET, route);
  h ^= 0x3a; // ':'
  h = Math.imul(h, FNV_PRIME);
  h = fnv1aStep(h, userId);
  return (h >>> 0) % 10_000;
}

export function parseModeOverride(header: string | readonly string[] | undefined): ModeOverride | undefined {
  const value = typeof header === 'string' ? header : header?.[0];
  if (value === undefined) return undefined;
  const normalised = value.trim().toLowerCase();
  return normalised === 'legacy' || normalised === 'modern' ? normalised : undefined;
}

/**
 * Which implementation serves this call. The override header counts only when `overrideAllowed` (the
 * caller holds the role for it) and never sends a call to modern where the route forbids modern.
 */
export function resolveServing(state: ActiveRouteState, route: string, userId: string, override?: ModeOverride, overrideAllowed = false): Serving {
  if (overrideAllowed && override !== undefined) {
    if (override === 'legacy' || !state.modernAllowed) return 'legacy';
    return state.fallback ? 'modern-with-fallback' : 'modern';
  }
  switch (state.mode) {
    case 'legacy':
      return 'legacy';
    case 'shadow':
      return 'shadow';
    case 'modern':
      if (!state.modernAllowed) return 'legacy';
      return state.fallback ? 'modern-with-fallback' : 'modern';
    case 'canary': {
      if (!state.modernAllowed) return 'legacy';
      const chosen = (state.cohort !== null && state.cohort.has(userId)) || canaryBucket(route, userId) < state.canaryBasisPoints;
      if (!chosen) return 'legacy';
      return state.fallback ? 'modern-with-fallback' : 'modern';
    }
  }
}
