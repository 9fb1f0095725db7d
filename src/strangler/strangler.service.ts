import { performance } from 'node:perf_hooks';
import { staleReadScope } from '../common/stale-response.js';
import { StranglerTimeoutError, withTimeout } from './call-outcome.js';
import type { DiffSample } from './diff-sample-ring.js';
import { resolveServing, type Serving } from './mode-resolver.js';
import { loadRouteFile } from './route-file.js';
import type { RouteDefinition, RouteInvocation } from './route-definition.js';
import type { RouteChangeRecord } from './route-state.js';
import { RouteTable, type StranglerRoute } from './route-table.js';
import { ShadowRunner } from './shadow-runner.js';
import type { StranglerCallContext } from './strangler-call-context.js';
import type { ServedBy, StranglerMetrics } from './strangler-metrics.js';
import { latencyBudgetOf, type StranglerOptions } from './strangler.options.js';

/** Told of each primary legacy answer that succeeded (record and replay); must return at once and never throw. */
export type LegacyAnswerListener = (route: string, args: unknown, answer: unknown) => void;

/**
 * Serves strangled routes: resolves each call against the in-memory route table and runs legacy,
 * modern, or legacy with modern in the shadow. Register each route once (e.g. in the constructor of
 * the service that owns it) and call `execute` per request.
 */
export class StranglerService {
  readonly shadow: ShadowRunner;
  private legacyAnswerListeners: readonly LegacyAnswerListener[] = [];

  constructor(
    readonly table: RouteTable,
    readonly metrics: StranglerMetrics,
    private readonly options: StranglerOptions,
  ) {
    this.shadow = new ShadowRunner(options);
  }

  register<TArgs, TResult>(definition: RouteDefinition<TArgs, TResult>): StranglerRoute<TArgs, TResult> {
    return this.table.register(definition);
  }

  addLegacyAnswerListener(listener: LegacyAnswerListener): void {
    this.legacyAnswerListeners = [...this.legacyAnswerListeners, listener];
  }

  /** Loads the route file into the store, reads the snapshot and starts polling the store. */
  async start(): Promise<RouteChangeRecord[]> {
    const file = this.options.routesFile === null ? new Map() : await loadRouteFile(this.options.routesFile);
    const seeded = await this.table.seed(file);
    this.table.startPolling(this.options.refreshIntervalMs);
    return seeded;
  }

  /** Stops polling and waits for shadow work in flight. */
  async stop(): Promise<void> {
    this.table.stopPolling();
    await this.shadow.drain();
  }

  /** How this call would be served (for diagnostics and tests). */
  servingFor<TArgs, TResult>(route: StranglerRoute<TArgs, TResult>, context: StranglerCallContext): Serving {
    return resolveServing(route.active, route.name, context.userId, context.override, context.overrideAllowed === true);
  }

  execute<TArgs, TResult>(route: StranglerRoute<TArgs, TResult>, args: TArgs, context: StranglerCallContext): Promise<TResult> {
    const active = route.active;
    switch (resolveServing(active, route.name, context.userId, context.override, context.overrideAllowed === true)) {
      case 'legacy':
        context.onServed?.('legacy');
        return this.legacy(route, args, context.freshOnly === true, context.clientName);
      case 'shadow': {
        context.onServed?.('legacy');
        const answer = this.legacy(route, args, context.freshOnly === true, context.clientName);
        this.shadow.start(route, args, answer, context.correlationId ?? null);
        return answer;
      }
      case 'modern':
        context.onServed?.('modern');
        return this.modern(route, args, context.clientName);
      case 'modern-with-fallback':
        return this.modernWithFallback(route, args, context.onServed, context.freshOnly === true, context.clientName);
    }
  }

  diffSamples(route: string): DiffSample[] {
    return this.shadow.samplesOf(route);
  }

  private async legacy<TArgs, TResult>(route: StranglerRoute<TArgs, TResult>, args: TArgs, freshOnly: boolean, client?: string): Promise<TResult> {
    const mode = route.active.mode;
    const started = performance.now();
    try {
      const answer = await legacySide(route.definition, args, route.primaryInvocation, freshOnly);
      for (const listener of this.legacyAnswerListeners) listener(route.name, args, answer);
      return answer;
    } finally {
      route.meter.served(mode, 'legacy', (performance.now() - started) / 1000, client);
    }
  }

  private async modern<TArgs, TResult>(route: StranglerRoute<TArgs, TResult>, args: TArgs, client?: string): Promise<TResult> {
    const mode = route.active.mode;
    const started = performance.now();
    let failed = true;
    try {
      const answer = await route.definition.modern!(args, route.primaryInvocation);
      failed = false;
      return answer;
    } finally {
      route.meter.served(mode, 'modern', (performance.now() - started) / 1000, client, failed);
    }
  }

  /** Modern within the route's latency budget; on an error or a blown budget, legacy answers (counted). */
  private async modernWithFallback<TArgs, TResult>(
    route: StranglerRoute<TArgs, TResult>,
    args: TArgs,
    onServed: ((side: ServedBy) => void) | undefined,
    freshOnly: boolean,
    client?: string,
  ): Promise<TResult> {
    const mode = route.active.mode;
    const definition = route.definition;
    const budgetMs = latencyBudgetOf(definition, this.options.latencyBudgetOverridesMs, this.options.defaultLatencyBudgetMs);
    const started = performance.now();
    let answer: TResult;
    try {
      answer = await withTimeout((signal) => definition.modern!(args, { route: route.name, purpose: 'primary', signal }), budgetMs);
    } catch (error) {
      route.meter.fallback(error instanceof StranglerTimeoutError ? 'timeout' : 'error');
      onServed?.('legacy');
      try {
        return await legacySide(definition, args, { route: route.name, purpose: 'fallback', signal: route.primaryInvocation.signal }, freshOnly);
      } finally {
        route.meter.served(mode, 'legacy', (performance.now() - started) / 1000, client);
      }
    }
    route.meter.served(mode, 'modern', (performance.now() - started) / 1000, client);
    onServed?.('modern');
    return answer;
  }
}

/**
 * The legacy side of a call that answers the caller. A read may then be answered from the user's last
 * good answer when the legacy CMS is down (ADR 0014), unless the caller needs a fresh one; shadow,
 * noise-floor and modern calls never are.
 */
function legacySide<TArgs, TResult>(definition: RouteDefinition<TArgs, TResult>, args: TArgs, invocation: RouteInvocation, freshOnly: boolean): Promise<TResult> {
  return definition.kind === 'read' && !freshOnly ? staleReadScope.run(() => definition.legacy(args, invocation)) : definition.legacy(args, invocation);
}
