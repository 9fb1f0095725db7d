import { isDomainError } from '../common/domain-error.js';
import { settle, StranglerTimeoutError, withTimeout, type Settled } from './call-outcome.js';
import { compareAnswers, DEFAULT_MAX_DIFFERENCES, type Difference } from './comparator.js';
import { DiffRedactor } from './diff-redactor.js';
import { DiffSampleRing, type DiffSample } from './diff-sample-ring.js';
import { formatLocation } from './json-path.js';
import type { RouteImplementation } from './route-definition.js';
import type { StranglerRoute } from './route-table.js';
import { latencyBudgetOf } from './strangler.options.js';

export interface ShadowSettings {
  /** Share (0–1) of shadowed read calls that also call legacy a second time, to learn the noise floor. */
  readonly noiseFloorSampleRate: number;
  /** Time limit of a shadow or noise-floor call when the route has no latency budget. */
  readonly shadowTimeoutMs: number;
  /** Latency budgets by route name that replace the routes' own. */
  readonly latencyBudgetOverridesMs: Readonly<Record<string, number>>;
  /** Shadow calls allowed in flight at once; beyond it calls are not shadowed (counted as skipped). */
  readonly maxShadowInFlight: number;
  readonly diffSamplesPerRoute: number;
  /** Differences kept in one sample. */
  readonly differencesPerSample: number;
  readonly random: () => number;
  readonly now: () => Date;
}

/** An answer or the error code of a coded failure, so that legacy and modern failing alike compare equal. */
type Comparable = { readonly value: unknown } | null;

/**
 * Runs the modern side of shadowed calls off the response path and compares it with legacy. Nothing
 * here can reach the caller: every failure is counted and swallowed.
 */
export class ShadowRunner {
  private inFlight = 0;
  private readonly samples = new Map<string, DiffSampleRing>();
  private readonly idle: (() => void)[] = [];

  constructor(
    private readonly settings: ShadowSettings,
    private readonly redactor = new DiffRedactor(),
  ) {}

  /** Starts a shadow comparison for a call whose legacy answer is `legacyAnswer`; returns at once. */
  start<TArgs, TResult>(route: StranglerRoute<TArgs, TResult>, args: TArgs, legacyAnswer: Promise<TResult>, correlationId: string | null): void {
    if (this.inFlight >= this.settings.maxShadowInFlight) {
      route.meter.shadowOutcome('skipped');
      return;
    }
    this.inFlight += 1;
    setImmediate(() => {
      this.run(route, args, legacyAnswer, correlationId)
        .catch(() => route.meter.shadowOutcome('skipped'))
        .finally(() => this.done());
    });
  }

  /** Diff samples of a route, newest first. */
  samplesOf(route: string): DiffSample[] {
    return this.samples.get(route)?.list() ?? [];
  }

  /** Resolves when no shadow work is in flight (tests, graceful shutdown). */
  drain(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  get pending(): number {
    return this.inFlight;
  }

  private done(): void {
    this.inFlight -= 1;
    if (this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
  }

  private async run<TArgs, TResult>(route: StranglerRoute<TArgs, TResult>, args: TArgs, legacyAnswer: Promise<TResult>, correlationId: string | null): Promise<void> {
    const definition = route.definition;
    const modern = definition.kind === 'write' ? definition.modernDryRun : definition.modern;
    if (modern === undefined) return;
    const timeoutMs = latencyBudgetOf(definition, this.settings.latencyBudgetOverridesMs, this.settings.shadowTimeoutMs);
    const sampleNoise = definition.kind === 'read' && this.settings.random() < this.settings.noiseFloorSampleRate;
    const modernCall = settle(this.call(modern, args, route.name, 'shadow', timeoutMs));
    const secondLegacyCall = sampleNoise ? settle(this.call(definition.legacy, args, route.name, 'noise-floor', timeoutMs)) : null;
    const [legacy, modernResult, secondLegacy] = await Promise.all([settle(legacyAnswer), modernCall, secondLegacyCall]);

    const legacyComparable = comparable(legacy, true);
    if (secondLegacy !== null) this.compareNoise(route, legacyComparable, comparable(secondLegacy, true), correlationId);
    if (legacyComparable === null) {
      route.meter.shadowOutcome('legacy-error');
      return;
    }
    if (!modernResult.ok && modernResult.error instanceof StranglerTimeoutError) {
      route.meter.shadowOutcome('modern-timeout');
      return;
    }
    // A coded modern failure only counts as an answer when legacy failed too (e.g. both CASE_NOT_FOUND).
    const legacyFailed = !legacy.ok;
    const modernComparable = comparable(modernResult, legacyFailed);
    if (modernComparable === null) {
      route.meter.shadowOutcome('modern-error');
      return;
    }
    const differences = compareAnswers(legacyComparable.value, modernComparable.value, route.rules, DEFAULT_MAX_DIFFERENCES);
    if (differences.length === 0) {
      route.meter.shadowOutcome('match');
      return;
    }
    this.sample(route.name, 'shadow', differences, correlationId);
    route.meter.shadowOutcome('mismatch', patternsOf(differences));
  }

  private compareNoise<TArgs, TResult>(route: StranglerRoute<TArgs, TResult>, first: Comparable, second: Comparable, correlationId: string | null): void {
    if (first === null || second === null) {
      route.meter.noiseOutcome('error');
      return;
    }
    const differences = compareAnswers(first.value, second.value, route.rules, DEFAULT_MAX_DIFFERENCES);
    if (differences.length === 0) {
      route.meter.noiseOutcome('match');
      return;
    }
    this.sample(route.name, 'noise-floor', differences, correlationId);
    route.meter.noiseOutcome('mismatch', patternsOf(differences));
  }

  private call<TArgs, TResult>(implementation: RouteImplementation<TArgs, TResult>, args: TArgs, route: string, purpose: 'shadow' | 'noise-floor', timeoutMs: number): Promise<TResult> {
    return withTimeout((signal) => implementation(args, { route, purpose, signal }), timeoutMs);
  }

  private sample(route: string, source: DiffSample['source'], differences: readonly Difference[], correlationId: string | null): void {
    const kept = differences.slice(0, this.settings.differencesPerSample);
    const sample: DiffSample = {
      route,
      source,
      at: this.settings.now().toISOString(),
      correlationId,
      differences: kept.map((difference) => this.redactor.redact(difference)),
      truncated: differences.length > kept.length,
    };
    let ring = this.samples.get(route);
    if (ring === undefined) {
      ring = new DiffSampleRing(this.settings.diffSamplesPerRoute);
      this.samples.set(route, ring);
    }
    ring.push(sample);
  }
}

function comparable(result: Settled<unknown>, codedFailureIsAnswer: boolean): Comparable {
  if (result.ok) return { value: result.value };
  if (codedFailureIsAnswer && isDomainError(result.error)) return { value: { error: result.error.code } };
  return null;
}

function patternsOf(differences: readonly Difference[]): string[] {
  return differences.map((difference) => formatLocation(difference.location, true));
}
