import { DomainError } from '../common/domain-error.js';
import { compileCompareRules, type CompiledCompareRules } from './comparator.js';
import type { ActiveRouteState } from './mode-resolver.js';
import { ROUTE_FILE_ACTOR, type RouteFile } from './route-file.js';
import { defineRoute, type ModernParts, type RouteDefinition, type RouteInvocation } from './route-definition.js';
import { RouteStateConflictError, type RouteStateStore } from './route-state-store.port.js';
import {
  actorSchema,
  describeIssues,
  LEGACY_SETTINGS,
  reasonSchema,
  routeSettingsSchema,
  sameSettings,
  settingsOf,
  settingsProblem,
  type RouteChangeRecord,
  type RouteSettings,
  type RouteState,
} from './route-state.js';
import type { RouteMeter, StranglerMetrics } from './strangler-metrics.js';

const NEVER_ABORTED = new AbortController().signal;

/** A registered route: its definition and its current effective state (what a call resolves against). */
export class StranglerRoute<TArgs, TResult> {
  /** The effective state; replaced (never mutated) whenever the desired state changes. */
  active: ActiveRouteState;
  /** The desired state from the store, or null when none is stored (legacy by default). */
  desired: RouteState | null = null;
  /** Why the desired state cannot apply (the route then runs in legacy), or null. */
  problem: string | null = null;
  /** Shared by every call that needs no abort signal, so the hot path allocates none. */
  readonly primaryInvocation: RouteInvocation;

  constructor(
    public definition: RouteDefinition<TArgs, TResult>,
    public rules: CompiledCompareRules,
    readonly meter: RouteMeter,
  ) {
    this.active = activeState(definition as RouteDefinition<unknown, unknown>, LEGACY_SETTINGS);
    this.primaryInvocation = Object.freeze({ route: definition.name, purpose: 'primary', signal: NEVER_ABORTED });
  }

  get name(): string {
    return this.definition.name;
  }
}

/** A change refused because the route's state changed since it was read (another admin or instance). */
export class RouteChangeConflict extends DomainError {
  constructor(route: string) {
    super('VALIDATION_FAILED', `The route ${route} was changed meanwhile; read it again and retry.`);
  }
}

type AnyRoute = StranglerRoute<unknown, unknown>;

/** The parts that are set (an explicit undefined must not erase what the port's definition has). */
function definedParts(parts: ModernParts<unknown, unknown>): ModernParts<unknown, unknown> {
  return Object.fromEntries(Object.entries(parts).filter(([, value]) => value !== undefined));
}

function activeState(definition: RouteDefinition<unknown, unknown>, settings: RouteSettings): ActiveRouteState {
  return Object.freeze({
    mode: settings.mode,
    canaryBasisPoints: settings.mode === 'canary' ? Math.round((settings.percent ?? 0) * 100) : 0,
    cohort: settings.mode === 'canary' && (settings.cohort ?? []).length > 0 ? new Set(settings.cohort) : null,
    fallback: settings.fallback === true && definition.kind === 'read',
    modernAllowed: definition.modern !== undefined && (definition.kind === 'read' || settings.allowWrites === true),
  });
}

/**
 * The route table: definitions registered from code, desired states from the store (seeded from
 * config/routes.yaml), and the in-memory snapshot every call resolves against. Changes are validated
 * against the route's definition and audited.
 */
export class RouteTable {
  private readonly routes = new Map<string, AnyRoute>();
  private desired: ReadonlyMap<string, RouteState> = new Map();
  private storeRevision: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  lastRefresh: { readonly at: Date; readonly error: string | null } | null = null;

  constructor(
    private readonly store: RouteStateStore,
    private readonly metrics: StranglerMetrics,
    private readonly now: () => Date = () => new Date(),
  ) {}

  register<TArgs, TResult>(definition: RouteDefinition<TArgs, TResult>): StranglerRoute<TArgs, TResult> {
    if (this.routes.has(definition.name)) throw new Error(`strangler route ${definition.name} is registered twice`);
    const route = new StranglerRoute(definition, compileCompareRules(definition.compare), this.metrics.forRoute(definition.name));
    this.routes.set(definition.name, route as AnyRoute);
    this.activate(route as AnyRoute);
    return route;
  }

  /**
   * Replaces a registered route's frozen definition with one that has the modern parts (ModernRegistry);
   * the route object stays, so callers holding it see the change on their next call.
   */
  attachModern(name: string, parts: ModernParts<unknown, unknown>): AnyRoute {
    const route = this.routes.get(name);
    if (route === undefined) throw new Error(`strangler route ${name} is not registered`);
    if (route.definition.modern !== undefined) throw new Error(`strangler route ${name} has a modern implementation already`);
    const definition = defineRoute({ ...route.definition, ...definedParts(parts) });
    route.rules = compileCompareRules(definition.compare);
    route.definition = definition;
    this.activate(route);
    return route;
  }

  get(name: string): AnyRoute | undefined {
    return this.routes.get(name);
  }

  /** Registered routes, by name. */
  list(): AnyRoute[] {
    return [...this.routes.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Desired states stored for names no route in code has registered (typos, removed routes). */
  unregisteredNames(): string[] {
    return [...this.desired.keys()].filter((name) => !this.routes.has(name)).sort();
  }

  /**
   * Seeds the store from the committed file: a route with no stored state, or whose stored state came
   * from the file and differs from it now, gets the file's state. Run-time changes (admin) stay until changed.
   */
  async seed(file: RouteFile): Promise<RouteChangeRecord[]> {
    await this.refresh(true);
    const records: RouteChangeRecord[] = [];
    for (const [name, entry] of file) {
      const stored = this.desired.get(name) ?? null;
      if (stored !== null && (stored.updatedBy !== ROUTE_FILE_ACTOR || sameSettings(stored, entry.settings))) continue;
      const record = this.changeRecord(name, stored, entry.settings, ROUTE_FILE_ACTOR, entry.reason);
      try {
        await this.store.apply(record);
        records.push(record);
      } catch (error) {
        // Another instance seeded it first.
        if (!(error instanceof RouteStateConflictError)) throw error;
      }
    }
    await this.refresh(true);
    return records;
  }

  /** Re-reads the store and rebuilds the snapshot if anything changed. */
  async refresh(force = false): Promise<void> {
    try {
      const snapshot = await this.store.read();
      if (force || snapshot.revision !== this.storeRevision) {
        this.desired = snapshot.states;
        this.storeRevision = snapshot.revision;
        for (const route of this.routes.values()) this.activate(route);
      }
      this.lastRefresh = { at: this.now(), error: null };
    } catch (error) {
      this.lastRefresh = { at: this.now(), error: error instanceof Error ? error.message : 'unknown error' };
      throw error;
    }
  }

  /** Polls the store so that every instance agrees within `intervalMs`; a failed poll keeps the last snapshot. */
  startPolling(intervalMs: number): void {
    this.stopPolling();
    // A read slower than the interval is not overlapped by the next one (reads would pile up on a slow store).
    let polling = false;
    this.timer = setInterval(() => {
      if (polling) return;
      polling = true;
      this.refresh()
        .catch(() => undefined)
        .finally(() => {
          polling = false;
        });
    }, intervalMs);
    this.timer.unref();
  }

  stopPolling(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** Validates and stores a change of one route, effective on this instance at once; returns its audit record. */
  async set(name: string, change: unknown, actor: string, reason: string): Promise<RouteChangeRecord> {
    const route = this.routes.get(name);
    if (route === undefined) throw new DomainError('ROUTE_NOT_FOUND', `There is no strangler route named ${JSON.stringify(name.slice(0, 100))}.`);
    const settings = routeSettingsSchema.safeParse(change);
    if (!settings.success) throw new DomainError('VALIDATION_FAILED', `Invalid route settings: ${describeIssues(settings.error)}.`);
    const who = actorSchema.safeParse(actor);
    const why = reasonSchema.safeParse(reason);
    if (!who.success) throw new DomainError('VALIDATION_FAILED', 'A route change needs the actor who makes it.');
    if (!why.success) throw new DomainError('VALIDATION_FAILED', 'A route change needs a reason (3 to 500 characters).');
    const problem = settingsProblem(route.definition, settings.data);
    if (problem !== null) throw new DomainError('VALIDATION_FAILED', `${problem}.`);
    const record = this.changeRecord(name, this.desired.get(name) ?? null, settings.data, who.data, why.data);
    try {
      await this.store.apply(record);
    } catch (error) {
      if (!(error instanceof RouteStateConflictError)) throw error;
      await this.refresh(true);
      throw new RouteChangeConflict(name);
    }
    await this.refresh(true);
    return record;
  }

  /** Returns a route to legacy at once; retries once if another change raced it. */
  async killSwitch(name: string, actor: string, reason: string): Promise<RouteChangeRecord> {
    try {
      return await this.set(name, { mode: 'legacy' }, actor, reason);
    } catch (error) {
      if (error instanceof RouteChangeConflict) return this.set(name, { mode: 'legacy' }, actor, reason);
      throw error;
    }
  }

  history(options?: { route?: string; limit?: number }): Promise<readonly RouteChangeRecord[]> {
    return this.store.history(options);
  }

  private changeRecord(name: string, from: RouteState | null, settings: RouteSettings, actor: string, reason: string): RouteChangeRecord {
    const at = this.now().toISOString();
    const to: RouteState = { ...settingsOf(settings), revision: (from?.revision ?? 0) + 1, updatedAt: at, updatedBy: actor, reason };
    return { route: name, actor, at, reason, from, to };
  }

  private activate(route: AnyRoute): void {
    const desired = this.desired.get(route.name) ?? null;
    const problem = desired === null ? null : settingsProblem(route.definition, desired);
    route.desired = desired;
    route.problem = problem;
    route.active = activeState(route.definition, desired === null || problem !== null ? LEGACY_SETTINGS : desired);
    route.meter.mode(route.active.mode);
  }
}
