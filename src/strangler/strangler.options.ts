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
  readonly maxShadowInFlight: number;
  readonly diffSamplesPerRoute: number;
  readonly differencesPerSample: number;
  /** Role whose holders may force a mode with the X-Strangler-Mode header. */
  readonly overrideRole: string;
  readonly random: () => number;
  readonly now: () => Date;
}

export const DEFAULT_STRANGLER_OPTIONS: StranglerOptions = {
  routesFile: DEFAULT_ROUTE_FILE,
  refreshIntervalMs: 2_000,
  noiseFloorSampleRate: 0.1,
  defaultLatencyBudgetMs: 2_000,
  shadowTimeoutMs: 10_000,
  maxShadowInFlight: 64,
  diffSamplesPerRoute: 20,
  differencesPerSample: 20,
  overrideRole: ROLES.admin,
  random: Math.random,
  now: () => new Date(),
};

export function stranglerOptions(overrides: Partial<StranglerOptions> = {}): StranglerOptions {
  const options = { ...DEFAULT_STRANGLER_OPTIONS, ...overrides };
  if (!(options.noiseFloorSampleRate >= 0 && options.noiseFloorSampleRate <= 1)) throw new Error('noiseFloorSampleRate must be within 0–1');
  for (const key of ['refreshIntervalMs', 'defaultLatencyBudgetMs', 'shadowTimeoutMs', 'maxShadowInFlight', 'diffSamplesPerRoute', 'differencesPerSample'] as const) {
    if (!(options[key] > 0)) throw new Error(`${key} must be positive`);
  }
  return options;
}
