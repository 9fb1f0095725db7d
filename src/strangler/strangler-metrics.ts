import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ROUTE_MODES, type RouteMode } from './route-state.js';
import type { RouteTraffic, RouteTrafficCounter } from './route-traffic.js';

export type ServedBy = 'legacy' | 'modern';
export type ShadowOutcome = 'match' | 'mismatch' | 'modern-error' | 'modern-timeout' | 'legacy-error' | 'skipped';
export type NoiseOutcome = 'match' | 'mismatch' | 'error';
export type FallbackReason = 'error' | 'timeout';

/** Distinct mismatch paths counted per route; further paths count as `$other` (bounded label cardinality). */
export const MAX_PATHS_PER_ROUTE = 100;

/** Plain per-route tallies since start (this instance), for the migration report. */
export interface RouteTallies {
  servedLegacy: number;
  servedModern: number;
  shadowMatches: number;
  shadowMismatches: number;
  /** Mismatches with a differing path never seen differing in legacy-vs-legacy comparisons. */
  shadowMismatchesAboveNoise: number;
  shadowModernErrors: number;
  shadowModernTimeouts: number;
  shadowSkipped: number;
  noiseMatches: number;
  noiseMismatches: number;
  noiseErrors: number;
  fallbacksOnError: number;
  fallbacksOnTimeout: number;
}

const SERVED_BY: readonly ServedBy[] = ['legacy', 'modern'];

/**
 * The Prometheus series of the strangler, on a registry the module owns (`registry.metrics()` is the /metrics text),
 * per process as Prometheus wants them; with `traffic`, every count also goes to the shared counters (ADR 0025).
 */
export class StranglerMetrics {
  readonly registry: Registry;
  private readonly requests: Counter<'route' | 'mode' | 'served_by'>;
  private readonly duration: Histogram<'route' | 'mode' | 'served_by'>;
  private readonly shadow: Counter<'route' | 'outcome'>;
  private readonly noise: Counter<'route' | 'outcome'>;
  private readonly mismatches: Counter<'route' | 'source' | 'path'>;
  private readonly fallbacks: Counter<'route' | 'reason'>;
  private readonly modeGauge: Gauge<'route' | 'mode'>;
  private readonly meters = new Map<string, RouteMeter>();

  constructor(
    registry: Registry = new Registry(),
    readonly traffic: RouteTraffic | null = null,
  ) {
    this.registry = registry;
    const registers = [registry];
    this.requests = new Counter({ name: 'strangler_requests_total', help: 'Calls of strangled routes by configured mode and serving side', labelNames: ['route', 'mode', 'served_by'], registers });
    this.duration = new Histogram({
      name: 'strangler_request_duration_seconds',
      help: 'Latency of strangled routes as seen by the caller',
      labelNames: ['route', 'mode', 'served_by'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.shadow = new Counter({ name: 'strangler_shadow_calls_total', help: 'Shadowed calls by outcome', labelNames: ['route', 'outcome'], registers });
    this.noise = new Counter({ name: 'strangler_noise_floor_calls_total', help: 'Legacy-vs-legacy comparisons by outcome', labelNames: ['route', 'outcome'], registers });
    this.mismatches = new Counter({ name: 'strangler_mismatches_total', help: 'Differing fields by route, comparison source and path', labelNames: ['route', 'source', 'path'], registers });
    this.fallbacks = new Counter({ name: 'strangler_fallbacks_total', help: 'Modern calls answered from legacy instead', labelNames: ['route', 'reason'], registers });
    this.modeGauge = new Gauge({ name: 'strangler_route_mode', help: '1 for the effective mode of each route', labelNames: ['route', 'mode'], registers });
  }

  /** The meter of a route (children of every series bound once, so that counting allocates nothing). */
  forRoute(route: string): RouteMeter {
    let meter = this.meters.get(route);
    if (meter === undefined) {
      meter = new RouteMeter(route, this.requests, this.duration, this.shadow, this.noise, this.mismatches, this.fallbacks, this.modeGauge, this.traffic?.forRoute(route) ?? null);
      this.meters.set(route, meter);
    }
    return meter;
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

export class RouteMeter {
  readonly tallies: RouteTallies = {
    servedLegacy: 0,
    servedModern: 0,
    shadowMatches: 0,
    shadowMismatches: 0,
    shadowMismatchesAboveNoise: 0,
    shadowModernErrors: 0,
    shadowModernTimeouts: 0,
    shadowSkipped: 0,
    noiseMatches: 0,
    noiseMismatches: 0,
    noiseErrors: 0,
    fallbacksOnError: 0,
    fallbacksOnTimeout: 0,
  };
  /** Differing path patterns seen in shadow comparisons, with counts. */
  readonly shadowPaths = new Map<string, number>();
  /** Differing path patterns seen in legacy-vs-legacy comparisons (the noise), with counts. */
  readonly noisePaths = new Map<string, number>();
  private readonly requestChildren: Counter.Internal[];
  private readonly durationChildren: Histogram.Internal<'route' | 'mode' | 'served_by'>[];

  constructor(
    readonly route: string,
    requests: Counter<'route' | 'mode' | 'served_by'>,
    duration: Histogram<'route' | 'mode' | 'served_by'>,
    private readonly shadow: Counter<'route' | 'outcome'>,
    private readonly noise: Counter<'route' | 'outcome'>,
    private readonly mismatches: Counter<'route' | 'source' | 'path'>,
    private readonly fallbacks: Counter<'route' | 'reason'>,
    private readonly modeGauge: Gauge<'route' | 'mode'>,
    private readonly traffic: RouteTrafficCounter | null = null,
  ) {
    this.requestChildren = [];
    this.durationChildren = [];
    for (const mode of ROUTE_MODES) {
      for (const servedBy of SERVED_BY) {
        this.requestChildren.push(requests.labels(route, mode, servedBy));
        this.durationChildren.push(duration.labels(route, mode, servedBy));
      }
    }
  }

  /**
   * A call answered by `servedBy`; `client` is its X-Client-Name as counted (clientNameOf), `failed` whether a
   * modern answer was a failure that reached the caller (the modern error-rate gate of ramps counts it).
   */
  served(mode: RouteMode, servedBy: ServedBy, seconds: number, client = 'unnamed', failed = false): void {
    const slot = modeIndex(mode) * 2 + (servedBy === 'legacy' ? 0 : 1);
    this.requestChildren[slot].inc();
    this.durationChildren[slot].observe(seconds);
    if (servedBy === 'legacy') this.tallies.servedLegacy += 1;
    else this.tallies.servedModern += 1;
    this.traffic?.served(servedBy, seconds, client, failed);
  }

  shadowOutcome(outcome: ShadowOutcome, patterns: readonly string[] = []): void {
    this.shadow.labels(this.route, outcome).inc();
    switch (outcome) {
      case 'match':
        this.tallies.shadowMatches += 1;
        this.traffic?.count('shadowCompared');
        break;
      case 'mismatch': {
        this.tallies.shadowMismatches += 1;
        const aboveNoise = patterns.some((pattern) => !this.noisePaths.has(pattern));
        if (aboveNoise) this.tallies.shadowMismatchesAboveNoise += 1;
        this.countPaths('shadow', this.shadowPaths, patterns);
        this.traffic?.count('shadowCompared');
        this.traffic?.count('shadowMismatches', aboveNoise);
        break;
      }
      case 'modern-error':
        this.tallies.shadowModernErrors += 1;
        this.traffic?.count('shadowModernErrors');
        break;
      case 'modern-timeout':
        this.tallies.shadowModernTimeouts += 1;
        this.traffic?.count('shadowModernTimeouts');
        break;
      case 'legacy-error':
      case 'skipped':
        this.tallies.shadowSkipped += 1;
        this.traffic?.count('shadowSkipped');
        break;
    }
  }

  noiseOutcome(outcome: NoiseOutcome, patterns: readonly string[] = []): void {
    this.noise.labels(this.route, outcome).inc();
    switch (outcome) {
      case 'match':
        this.tallies.noiseMatches += 1;
        this.traffic?.count('noiseCompared');
        break;
      case 'mismatch':
        this.tallies.noiseMismatches += 1;
        this.countPaths('noise-floor', this.noisePaths, patterns);
        this.traffic?.count('noiseCompared');
        this.traffic?.count('noiseMismatches');
        break;
      case 'error':
        this.tallies.noiseErrors += 1;
        this.traffic?.count('noiseErrors');
        break;
    }
  }

  fallback(reason: FallbackReason): void {
    this.fallbacks.labels(this.route, reason).inc();
    if (reason === 'error') this.tallies.fallbacksOnError += 1;
    else this.tallies.fallbacksOnTimeout += 1;
    this.traffic?.count(reason === 'error' ? 'fallbackError' : 'fallbackTimeout');
  }

  mode(mode: RouteMode): void {
    for (const candidate of ROUTE_MODES) this.modeGauge.labels(this.route, candidate).set(candidate === mode ? 1 : 0);
  }

  private countPaths(source: 'shadow' | 'noise-floor', seen: Map<string, number>, patterns: readonly string[]): void {
    for (const pattern of new Set(patterns)) {
      const label = seen.has(pattern) || seen.size < MAX_PATHS_PER_ROUTE ? pattern : '$other';
      seen.set(label, (seen.get(label) ?? 0) + 1);
      this.mismatches.labels(this.route, source, label).inc();
    }
  }
}

function modeIndex(mode: RouteMode): number {
  switch (mode) {
    case 'legacy':
      return 0;
    case 'shadow':
      return 1;
    case 'canary':
      return 2;
    case 'modern':
      return 3;
  }
}
