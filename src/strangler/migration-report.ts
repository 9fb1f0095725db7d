import { ROUTE_MODES, type RouteMode } from './route-state.js';
import type { RouteTable } from './route-table.js';

export interface MismatchPathCount {
  readonly path: string;
  readonly count: number;
  /** The path also differs when legacy is compared with itself. */
  readonly alsoInNoise: boolean;
}

export interface MigrationRouteReport {
  readonly name: string;
  readonly kind: 'read' | 'write';
  readonly hasModern: boolean;
  readonly supportsDryRun: boolean;
  /** The mode calls resolve against (legacy when the desired state cannot apply). */
  readonly mode: RouteMode;
  readonly desiredMode: RouteMode;
  /** Why the desired mode does not apply, or null. */
  readonly problem: string | null;
  readonly canary: { readonly percent: number; readonly cohortSize: number } | null;
  readonly fallback: boolean;
  readonly allowWrites: boolean;
  readonly calls: { readonly total: number; readonly legacy: number; readonly modern: number };
  /** Share of calls served by modern (0–1), null before any call. */
  readonly modernShare: number | null;
  readonly shadow: {
    readonly compared: number;
    readonly mismatches: number;
    readonly mismatchRate: number | null;
    /** Mismatch rate of legacy compared with itself. */
    readonly noiseFloor: number | null;
    readonly noiseCompared: number;
    /** Share of compared calls with a differing path never seen in the noise. */
    readonly mismatchRateAboveNoise: number | null;
    readonly modernErrors: number;
    readonly modernTimeouts: number;
    readonly skipped: number;
    readonly topPaths: readonly MismatchPathCount[];
  };
  readonly fallbacks: { readonly onError: number; readonly onTimeout: number };
  readonly lastChange: { readonly at: string; readonly by: string; readonly reason: string } | null;
}

export interface MigrationReport {
  readonly generatedAt: string;
  readonly progress: {
    readonly routes: number;
    readonly byMode: Readonly<Record<RouteMode, number>>;
    /** Share of routes (0–1) fully on modern. */
    readonly modernRouteShare: number;
    /** Share of all calls (0–1) served by modern, null before any call. */
    readonly modernCallShare: number | null;
  };
  readonly routes: readonly MigrationRouteReport[];
  /** Desired states stored for routes no code registers (typos or removed routes). */
  readonly unregisteredRoutes: readonly string[];
}

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
const TOP_PATHS = 10;

/** Counts are this instance's since it started; modes and changes are the shared table's. */
export function buildMigrationReport(table: RouteTable, now: Date): MigrationReport {
  const byMode = Object.fromEntries(ROUTE_MODES.map((mode) => [mode, 0])) as Record<RouteMode, number>;
  let legacyCalls = 0;
  let modernCalls = 0;
  const routes = table.list().map((route): MigrationRouteReport => {
    const t = route.meter.tallies;
    const desired = route.desired;
    byMode[route.active.mode] += 1;
    legacyCalls += t.servedLegacy;
    modernCalls += t.servedModern;
    const compared = t.shadowMatches + t.shadowMismatches;
    const noiseCompared = t.noiseMatches + t.noiseMismatches;
    const topPaths = [...route.meter.shadowPaths.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, TOP_PATHS)
      .map(([path, count]) => ({ path, count, alsoInNoise: route.meter.noisePaths.has(path) }));
    return {
      name: route.name,
      kind: route.definition.kind,
      hasModern: route.definition.modern !== undefined,
      supportsDryRun: route.definition.modernDryRun !== undefined,
      mode: route.active.mode,
      desiredMode: desired?.mode ?? 'legacy',
      problem: route.problem,
      canary: route.active.mode === 'canary' ? { percent: route.active.canaryBasisPoints / 100, cohortSize: route.active.cohort?.size ?? 0 } : null,
      fallback: route.active.fallback,
      allowWrites: desired?.allowWrites === true,
      calls: { total: t.servedLegacy + t.servedModern, legacy: t.servedLegacy, modern: t.servedModern },
      modernShare: rate(t.servedModern, t.servedLegacy + t.servedModern),
      shadow: {
        compared,
        mismatches: t.shadowMismatches,
        mismatchRate: rate(t.shadowMismatches, compared),
        noiseFloor: rate(t.noiseMismatches, noiseCompared),
        noiseCompared,
        mismatchRateAboveNoise: rate(t.shadowMismatchesAboveNoise, compared),
        modernErrors: t.shadowModernErrors,
        modernTimeouts: t.shadowModernTimeouts,
        skipped: t.shadowSkipped,
        topPaths,
      },
      fallbacks: { onError: t.fallbacksOnError, onTimeout: t.fallbacksOnTimeout },
      lastChange: desired === null ? null : { at: desired.updatedAt, by: desired.updatedBy, reason: desired.reason },
    };
  });
  return {
    generatedAt: now.toISOString(),
    progress: {
      routes: routes.length,
      byMode,
      modernRouteShare: routes.length === 0 ? 0 : byMode.modern / routes.length,
      modernCallShare: rate(modernCalls, legacyCalls + modernCalls),
    },
    routes,
    unregisteredRoutes: table.unregisteredNames(),
  };
}
