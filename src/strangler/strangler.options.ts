import { ROLES } from '../auth/roles.js';
import { DEFAULT_ROUTE_FILE } from './route-file.js';

export const STRANGLER_OPTIONS = Symbol('StranglerOptions');

export interface StranglerOptions {
  /** The committed desired state; null for none (every route starts in legacy). Default `config/routes.yaml`. */
  readonly routesFile: string | null;
  /** How often each instance re-reads the state store. */
  readonly refreshIntervalMs: number;
  readonly noiseFloorSampleRate: number;
  /** Latency budget of a modern call with fallback when its route sets none. */
  readonly defaultLatencyBudgetMs: number;
  /** Time limit of a shadow call when its route has no latency budget. */
  readonly shadowTimeoutMs: number;
  /**
   * Latency budgets by route name that replace the routes' own (tuning a deployment without a release;
   * tests give their routes a ceiling a loaded machine never reaches).
   */
  readonly latencyBudgetOverridesMs: Readonly<Record<string, number>>;
  readonly maxShadowInFlight: number;
  readonly diffSamplesPerRoute: number;
  readonly differencesPerSample: number;
  /** Role whose holders may force a mode with the X-Strangler-Mode header. */
  readonly overrideRole: string;
  /** How often this instance writes its shared traffic counters (and at shutdown). */
  readonly trafficFlushMs: number;
  /** Width of a traffic counter time bucket; a ramp step's window is made of whole buckets. */
  readonly trafficBucketMs: number;
  /** How often active ramps are evaluated (one instance at a time, under a lease). */
  readonly rampIntervalMs: number;
  readonly random: () => number;
  readonly now: () => Date;
}

export const DEFAULT_STRANGLER_OPTIONS: StranglerOptions = {
  routesFile: DEFAULT_ROUTE_FILE,
  refreshIntervalMs: 2_000,
  noiseFloorSampleRate: 0.1,
  defaultLatencyBudgetMs: 2_000,
  shadowTimeoutMs: 10_000,
  latencyBudgetOverridesMs: {},
  maxShadowInFlight: 64,
  diffSamplesPerRoute: 20,
  differencesPerSample: 20,
  overrideRole: ROLES.admin,
  trafficFlushMs: 2_000,
  trafficBucketMs: 60_000,
  rampIntervalMs: 15_000,
  random: Math.random,
  now: () => new Date(),
};

export function stranglerOptions(overrides: Partial<StranglerOptions> = {}): StranglerOptions {
  const options = { ...DEFAULT_STRANGLER_OPTIONS, ...overrides };
  if (!(options.noiseFloorSampleRate >= 0 && options.noiseFloorSampleRate <= 1)) throw new Error('noiseFloorSampleRate must be within 0–1');
  for (const key of ['refreshIntervalMs', 'defaultLatencyBudgetMs', 'shadowTimeoutMs', 'maxShadowInFlight', 'diffSamplesPerRoute', 'differencesPerSample', 'trafficFlushMs', 'trafficBucketMs', 'rampIntervalMs'] as const) {
    if (!(options[key] > 0)) throw new Error(`${key} must be positive`);
  }
  for (const [route, budgetMs] of Object.entries(options.latencyBudgetOverridesMs)) {
    if (!(budgetMs > 0)) throw new Error(`latencyBudgetOverridesMs.${route} must be positive`);
  }
  return options;
}

/** How long modern may take on a route: the override, else the route's own budget, else `fallback`. */
export function latencyBudgetOf(definition: { readonly name: string; readonly latencyBudgetMs?: number }, overrides: Readonly<Record<string, number>>, fallback: number): number {
  return (Object.hasOwn(overrides, definition.name) ? overrides[definition.name] : undefined) ?? definition.latencyBudgetMs ?? fallback;
}
