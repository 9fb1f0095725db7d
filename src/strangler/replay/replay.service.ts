import { randomUUID } from 'node:crypto';
import { DomainError } from '../../common/domain-error.js';
import { StranglerTimeoutError, withTimeout } from '../call-outcome.js';
import { compareAnswers, DEFAULT_MAX_DIFFERENCES, type CompiledCompareRules, type Difference } from '../comparator.js';
import { DiffRedactor } from '../diff-redactor.js';
import { formatLocation } from '../json-path.js';
import type { RouteTable } from '../route-table.js';
import type { Recorder, RecordedCall } from '../recording/recorder.service.js';
import { CALLER_MARK, type RecordingSanitiser } from '../recording/recording-sanitiser.js';
import type { ReplayReport, ReplaySample } from './replay-report.js';

export const MAX_REPLAY_LIMIT = 1_000;
const TOP_PATHS = 10;
const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;

export interface ReplayOptions {
  /** Time limit of one modern call of a route (its latency budget, else the shadow timeout). */
  readonly timeoutFor: (definition: { readonly name: string; readonly latencyBudgetMs?: number }) => number;
  readonly samplesKept: number;
  readonly differencesPerSample: number;
  readonly now: () => Date;
}

export interface ReplayRequest {
  readonly route: string;
  /** The legacy username the modern side is called as. */
  readonly as: string;
  readonly limit?: number;
}

/**
 * Runs recorded legacy calls through a route's modern implementation (a read) or its dry run (a write), as
 * the named user, and compares the sanitised answers under the route's rules. Only the modern implementation
 * is called, directly: no route's mode changes, so no user traffic reaches modern because of a replay.
 */
export class ReplayService {
  private readonly redactor = new DiffRedactor();

  constructor(
    private readonly table: RouteTable,
    private readonly recorder: Recorder,
    private readonly sanitiser: RecordingSanitiser,
    private readonly options: ReplayOptions,
  ) {}

  async replay(request: ReplayRequest): Promise<ReplayReport> {
    const route = this.table.get(request.route);
    if (route === undefined) throw new DomainError('ROUTE_NOT_FOUND', `There is no strangler route named ${JSON.stringify(request.route.slice(0, 100))}.`);
    if (!USERNAME.test(request.as)) throw new DomainError('VALIDATION_FAILED', 'as must be the legacy username to replay as.', { field: 'as' });
    const limit = request.limit ?? MAX_REPLAY_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_REPLAY_LIMIT) throw new DomainError('VALIDATION_FAILED', `limit must be an integer from 1 to ${MAX_REPLAY_LIMIT}.`, { field: 'limit' });
    const definition = route.definition;
    const implementation = definition.kind === 'write' ? definition.modernDryRun : definition.modern;
    if (implementation === undefined) {
      throw new DomainError(
        'VALIDATION_FAILED',
        definition.kind === 'write' ? `The write route ${route.name} has no dry-run plan; a write is never replayed for real.` : `The route ${route.name} has no modern implementation to replay against.`,
      );
    }
    const rules = comparedRules(route.rules);
    const timeoutMs = this.options.timeoutFor(definition);
    const calls = await this.recorder.recorded(route.name, limit);
    let matches = 0;
    let mismatches = 0;
    let modernErrors = 0;
    let modernTimeouts = 0;
    const paths = new Map<string, number>();
    const samples: ReplaySample[] = [];
    for (const call of calls) {
      const args = withCaller(call.args, { username: request.as, correlationId: `replay-${randomUUID()}` });
      let modern: unknown;
      try {
        modern = this.sanitiser.answer(await withTimeout((signal) => implementation(args as never, { route: route.name, purpose: 'shadow', signal }), timeoutMs), route.rules);
      } catch (error) {
        if (error instanceof StranglerTimeoutError) modernTimeouts += 1;
        else modernErrors += 1;
        continue;
      }
      const differences = compareAnswers(call.answer, modern, rules, DEFAULT_MAX_DIFFERENCES);
      if (differences.length === 0) {
        matches += 1;
        continue;
      }
      mismatches += 1;
      for (const pattern of new Set(differences.map((difference) => formatLocation(difference.location, true)))) paths.set(pattern, (paths.get(pattern) ?? 0) + 1);
      if (samples.length < this.options.samplesKept) samples.push(this.sample(route.name, call, differences));
    }
    const compared = matches + mismatches;
    return {
      route: route.name,
      kind: definition.kind,
      implementation: definition.kind === 'write' ? 'modernDryRun' : 'modern',
      as: request.as,
      generatedAt: this.options.now().toISOString(),
      recorded: calls.length,
      replayed: calls.length,
      compared,
      matches,
      mismatches,
      mismatchRate: compared === 0 ? null : mismatches / compared,
      modernErrors,
      modernTimeouts,
      topPaths: [...paths.entries()]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, TOP_PATHS)
        .map(([path, count]) => ({ path, count })),
      samples,
    };
  }

  private sample(route: string, call: RecordedCall, differences: readonly Difference[]): ReplaySample {
    const kept = differences.slice(0, this.options.differencesPerSample);
    return {
      route,
      source: 'replay',
      at: call.at,
      differences: kept.map((difference) => this.redactor.redact(difference)),
      truncated: differences.length > kept.length,
    };
  }
}

/** Recorded answers are normalised and stripped of ignored paths already; what is left to apply is the pairing of arrays. */
function comparedRules(rules: CompiledCompareRules): CompiledCompareRules {
  return { ignore: rules.ignore, unordered: rules.unordered, normalise: null, normalisers: [] };
}

/** Puts the replaying user where the recorded caller stood (the subject, hashed away with the username, is not kept). */
function withCaller(args: unknown, caller: { username: string; correlationId: string }): unknown {
  const replace = (value: unknown): unknown =>
    value !== null && typeof value === 'object' && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, CALLER_MARK) ? caller : value;
  if (Array.isArray(args)) return args.map(replace);
  if (args !== null && typeof args === 'object' && !Object.prototype.hasOwnProperty.call(args, CALLER_MARK)) {
    return Object.fromEntries(Object.entries(args as Record<string, unknown>).map(([key, value]) => [key, replace(value)]));
  }
  return replace(args);
}
