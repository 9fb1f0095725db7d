import type { GateFigures, RampPlan, RampState, RampStatus } from './ramp-plan.js';
import { ROUTE_MODES, type RouteMode } from './route-state.js';
import type { RouteTable } from './route-table.js';
import { emptyCounts, latencyQuantile, type TrafficCounts } from './traffic-counts.js';

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
  /** Estimated from the shared latency buckets (ms); null before any call on that side. */
  readonly latency: { readonly legacyP50Ms: number | null; readonly legacyP99Ms: number | null; readonly modernP50Ms: number | null; readonly modernP99Ms: number | null };
  /** Calls per X-Client-Name (`unnamed`: no header; `unknown`: a malformed one), most calls first. */
  readonly clients: readonly ClientCalls[];
  /** The route's latest ramp plan and where it stands, or null when it never had one. */
  readonly ramp: RampReport | null;
  readonly lastChange: { readonly at: string; readonly by: string; readonly reason: string } | null;
}

export interface ClientCalls {
  readonly name: string;
  readonly calls: number;
}

export interface RampReport {
  readonly status: RampStatus;
  readonly steps: readonly number[];
  /** 0-based index into steps. */
  readonly stepIndex: number;
  readonly percent: number;
  readonly stepStartedAt: string;
  readonly bakeSeconds: number;
  readonly minCalls: number;
  readonly gates: RampPlan['gates'];
  readonly safeMode: RouteMode;
  /** The figures of the last evaluation, or null before the first. */
  readonly lastFigures: GateFigures | null;
  readonly lastEvaluatedAt: string | null;
  readonly endReason: string | null;
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

/** What the report is built from besides the route table: every instance's counts and the ramps. */
export interface MigrationReportInputs {
  /** Each route's shared traffic counters (summed over instances); a missing route counts nothing. */
  readonly traffic: ReadonlyMap<string, TrafficCounts>;
  readonly ramps: ReadonlyMap<string, RampState>;
}

/**
 * Counts are every instance's (the shared traffic counters), so every instance answers the same report; modes
 * and changes are the shared table's. Only the differing-path names are this instance's (Prometheus has them all).
 */
export function buildMigrationReport(table: RouteTable, now: Date, inputs: MigrationReportInputs = { traffic: new Map(), ramps: new Map() }): MigrationReport {
  const byMode = Object.fromEntries(ROUTE_MODES.map((mode) => [mode, 0])) as Record<RouteMode, number>;
  let legacyCalls = 0;
  let modernCalls = 0;
  const routes = table.list().map((route): MigrationRouteReport => {
    const t = inputs.traffic.get(route.name) ?? emptyCounts();
    const desired = route.desired;
    byMode[route.active.mode] += 1;
    legacyCalls += t.legacy;
    modernCalls += t.modern;
    const compared = t.shadowCompared;
    const noiseCompared = t.noiseCompared;
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
      calls: { total: t.legacy + t.modern, legacy: t.legacy, modern: t.modern },
      modernShare: rate(t.modern, t.legacy + t.modern),
      shadow: {
        compared,
        mismatches: t.shadowMismatches,
        mismatchRate: rate(t.shadowMismatches, compared),
        noiseFloor: rate(t.noiseMismatches, noiseCompared),
        noiseCompared,
        mismatchRateAboveNoise: rate(t.shadowAboveNoise, compared),
        modernErrors: t.shadowModernErrors,
        modernTimeouts: t.shadowModernTimeouts,
        skipped: t.shadowSkipped,
        topPaths,
      },
      fallbacks: { onError: t.fallbackError, onTimeout: t.fallbackTimeout },
      latency: {
        legacyP50Ms: latencyQuantile(t.latencyLegacy, 0.5),
        legacyP99Ms: latencyQuantile(t.latencyLegacy, 0.99),
        modernP50Ms: latencyQuantile(t.latencyModern, 0.5),
        modernP99Ms: latencyQuantile(t.latencyModern, 0.99),
      },
      clients: Object.entries(t.clients)
        .map(([name, calls]) => ({ name, calls }))
        .sort((a, b) => b.calls - a.calls || a.name.localeCompare(b.name)),
      ramp: rampReport(inputs.ramps.get(route.name)),
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

function rampReport(ramp: RampState | undefined): RampReport | null {
  if (ramp === undefined) return null;
  return {
    status: ramp.status,
    steps: ramp.plan.steps,
    stepIndex: ramp.stepIndex,
    percent: ramp.plan.steps[ramp.stepIndex],
    stepStartedAt: ramp.stepStartedAt,
    bakeSeconds: ramp.plan.bakeSeconds,
    minCalls: ramp.plan.minCalls,
    gates: ramp.plan.gates,
    safeMode: ramp.safeSettings.mode,
    lastFigures: ramp.lastEvaluation?.figures ?? null,
    lastEvaluatedAt: ramp.lastEvaluation?.at ?? null,
    endReason: ramp.endReason,
  };
}
