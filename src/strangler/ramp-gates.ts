import type { GateFigures, GateName, RampPlan, RampVerdict } from './ramp-plan.js';
import { latencyQuantile, type TrafficCounts } from './traffic-counts.js';

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** The gate figures of a window of traffic. */
export function gateFigures(counts: TrafficCounts): GateFigures {
  const fallbacks = counts.fallbackError + counts.fallbackTimeout;
  const shadowAttempts = counts.shadowCompared + counts.shadowModernErrors + counts.shadowModernTimeouts;
  // A fallback is a modern attempt that failed; its call was then served (and counted) by legacy.
  const primaryAttempts = counts.modern + fallbacks;
  const modernAttempts = primaryAttempts + shadowAttempts;
  const modernErrors = counts.modernFailed + fallbacks + counts.shadowModernErrors + counts.shadowModernTimeouts;
  const legacyP99Ms = latencyQuantile(counts.latencyLegacy, 0.99);
  const modernP99Ms = latencyQuantile(counts.latencyModern, 0.99);
  return {
    calls: counts.legacy + counts.modern,
    modernAttempts,
    shadowCompared: counts.shadowCompared,
    mismatchAboveNoise: rate(counts.shadowAboveNoise, counts.shadowCompared),
    fallbackRate: rate(fallbacks, primaryAttempts),
    modernErrorRate: rate(modernErrors, modernAttempts),
    legacyP99Ms,
    modernP99Ms,
    modernP50Ms: latencyQuantile(counts.latencyModern, 0.5),
    p99Ratio: legacyP99Ms === null || modernP99Ms === null || legacyP99Ms === 0 ? null : modernP99Ms / legacyP99Ms,
  };
}

/** Gates whose figure is above its limit; a figure without data (null) holds. */
export function trippedGates(figures: GateFigures, gates: RampPlan['gates']): GateName[] {
  const tripped: GateName[] = [];
  const over = (value: number | null, limit: number): boolean => value !== null && value > limit;
  if (over(figures.mismatchAboveNoise, gates.maxMismatchAboveNoise)) tripped.push('mismatchAboveNoise');
  if (over(figures.fallbackRate, gates.maxFallbackRate)) tripped.push('fallbackRate');
  if (over(figures.modernErrorRate, gates.maxModernErrorRate)) tripped.push('modernErrorRate');
  if (over(figures.p99Ratio, gates.maxP99Ratio)) tripped.push('p99Ratio');
  return tripped;
}

/**
 * What a step's window says: nothing before `minCalls` calls; then a trip as soon as a gate is over its
 * limit, or an advance once the bake time has passed with every gate holding.
 */
export function verdictOf(plan: RampPlan, figures: GateFigures, tripped: readonly GateName[], elapsedMs: number): RampVerdict {
  if (figures.calls < plan.minCalls) return 'wait';
  if (tripped.length > 0) return 'trip';
  return elapsedMs >= plan.bakeSeconds * 1000 ? 'advance' : 'wait';
}

const LIMIT_OF: Record<GateName, keyof RampPlan['gates']> = {
  mismatchAboveNoise: 'maxMismatchAboveNoise',
  fallbackRate: 'maxFallbackRate',
  modernErrorRate: 'maxModernErrorRate',
  p99Ratio: 'maxP99Ratio',
};

const figure = (value: number | null, digits = 3): string => (value === null ? '-' : value.toFixed(digits));

/** The figures in one line for an audit reason, e.g. `calls 40; fallbackRate 1.000 > 0.050 TRIPPED; ...`. */
export function describeFigures(figures: GateFigures, gates: RampPlan['gates'], tripped: readonly GateName[]): string {
  const parts = [`calls ${figures.calls}`, `modern attempts ${figures.modernAttempts}`];
  for (const name of Object.keys(LIMIT_OF) as GateName[]) {
    const mark = tripped.includes(name) ? ' TRIPPED' : '';
    parts.push(`${name} ${figure(figures[name])} (max ${figure(gates[LIMIT_OF[name]])})${mark}`);
  }
  parts.push(`p99 ms modern ${figure(figures.modernP99Ms, 1)} / legacy ${figure(figures.legacyP99Ms, 1)}`);
  return parts.join('; ');
}
