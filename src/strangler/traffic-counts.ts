/** Upper bounds (ms) of the fixed latency buckets of the shared counters; one more bucket counts everything slower. */
export const LATENCY_BOUNDS_MS: readonly number[] = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000];

/** Distinct client names counted per route and bucket by one instance; further names count as `$other`. */
export const MAX_CLIENTS_PER_ROUTE = 64;

/** One route's traffic in one time bucket (or in total) as counted by one instance, or summed over many. */
export interface TrafficCounts {
  legacy: number;
  modern: number;
  /** Modern calls that answered the caller with a failure (no fallback). */
  modernFailed: number;
  fallbackError: number;
  fallbackTimeout: number;
  shadowCompared: number;
  shadowMismatches: number;
  shadowAboveNoise: number;
  shadowModernErrors: number;
  shadowModernTimeouts: number;
  shadowSkipped: number;
  noiseCompared: number;
  noiseMismatches: number;
  noiseErrors: number;
  /** Calls per LATENCY_BOUNDS_MS bucket (plus one overflow bucket), by serving side. */
  latencyLegacy: number[];
  latencyModern: number[];
  /** Calls per X-Client-Name. */
  clients: Record<string, number>;
}

const SCALARS = [
  'legacy',
  'modern',
  'modernFailed',
  'fallbackError',
  'fallbackTimeout',
  'shadowCompared',
  'shadowMismatches',
  'shadowAboveNoise',
  'shadowModernErrors',
  'shadowModernTimeouts',
  'shadowSkipped',
  'noiseCompared',
  'noiseMismatches',
  'noiseErrors',
] as const satisfies readonly (keyof TrafficCounts)[];

export function emptyCounts(): TrafficCounts {
  return {
    legacy: 0,
    modern: 0,
    modernFailed: 0,
    fallbackError: 0,
    fallbackTimeout: 0,
    shadowCompared: 0,
    shadowMismatches: 0,
    shadowAboveNoise: 0,
    shadowModernErrors: 0,
    shadowModernTimeouts: 0,
    shadowSkipped: 0,
    noiseCompared: 0,
    noiseMismatches: 0,
    noiseErrors: 0,
    latencyLegacy: new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0),
    latencyModern: new Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0),
    clients: {},
  };
}

/** Adds `from` into `into` (tolerating entities written with fewer fields or buckets). */
export function addCounts(into: TrafficCounts, from: Partial<TrafficCounts>): TrafficCounts {
  for (const key of SCALARS) into[key] += finite(from[key]);
  addArray(into.latencyLegacy, from.latencyLegacy);
  addArray(into.latencyModern, from.latencyModern);
  for (const [name, calls] of Object.entries(from.clients ?? {})) into.clients[name] = (into.clients[name] ?? 0) + finite(calls);
  return into;
}

export function sumCounts(all: Iterable<Partial<TrafficCounts>>): TrafficCounts {
  const total = emptyCounts();
  for (const each of all) addCounts(total, each);
  return total;
}

/** The bucket index of a latency in ms. */
export function latencyBucket(ms: number): number {
  for (let i = 0; i < LATENCY_BOUNDS_MS.length; i += 1) if (ms <= LATENCY_BOUNDS_MS[i]) return i;
  return LATENCY_BOUNDS_MS.length;
}

/**
 * The q-quantile (0–1) of a bucketed latency, interpolated linearly inside its bucket; null without calls.
 * The overflow bucket answers its lower bound (the estimate then says "at least").
 */
export function latencyQuantile(buckets: readonly number[], q: number): number | null {
  const total = buckets.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let before = 0;
  for (let i = 0; i < buckets.length; i += 1) {
    const count = buckets[i];
    if (before + count >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BOUNDS_MS[i - 1];
      if (i >= LATENCY_BOUNDS_MS.length) return lower;
      return lower + ((LATENCY_BOUNDS_MS[i] - lower) * (rank - before)) / count;
    }
    before += count;
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1];
}

/** Optional request header naming the calling app (documented in openapi.yaml), counted per route. */
export const CLIENT_NAME_HEADER = 'x-client-name';

const CLIENT_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** The X-Client-Name of a request as counted: the token itself, `unknown` when malformed, `unnamed` when absent. */
export function clientNameOf(header: string | readonly string[] | undefined): string {
  const value = typeof header === 'string' ? header : header?.[0];
  if (value === undefined || value === '') return 'unnamed';
  return CLIENT_NAME.test(value) ? value : 'unknown';
}

function finite(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

function addArray(into: number[], from: readonly number[] | undefined): void {
  if (from === undefined) return;
  for (let i = 0; i < into.length && i < from.length; i += 1) into[i] += finite(from[i]);
}
