import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { AuditEvent } from '../audit/audit-record.js';
import { DomainError } from '../common/domain-error.js';
import { StateLease } from '../storage/state/state-lease.js';
import { StateConflictError, type StateEntity, type StateStore } from '../storage/state/state-store.port.js';
import { describeFigures, gateFigures, trippedGates, verdictOf } from './ramp-gates.js';
import { rampPlanSchema, type GateFigures, type GateName, type RampEvaluation, type RampPlan, type RampState } from './ramp-plan.js';
import { actorSchema, describeIssues, LEGACY_SETTINGS, reasonSchema, settingsOf, type RouteSettings } from './route-state.js';
import type { RouteTable } from './route-table.js';
import type { RouteTraffic } from './route-traffic.js';

/** StateStore table of ramp plans and their progress: one entity per route. */
export const ROUTE_RAMP_TABLE = 'routeramps';
const PARTITION = 'ramps';
export const RAMP_LEASE = 'strangler-ramps';

/** Where ramp starts, stops and completions go besides the route history (only `record` is used). */
export interface RampAudit {
  record(event: AuditEvent): Promise<unknown>;
}

export interface RampControllerOptions {
  readonly now: () => Date;
  /** This instance's name in the evaluation lease. Default: a random UUID. */
  readonly instanceId?: string;
  /** How long one evaluation round holds the lease (renewed each round). */
  readonly leaseTtlMs: number;
}

/** A ramp with the figures of its current step's window so far (for the admin API and the CLI). */
export interface RampView extends RampState {
  readonly percent: number;
  readonly current: { readonly figures: GateFigures; readonly tripped: readonly GateName[]; readonly elapsedSeconds: number } | null;
}

/**
 * Ramps that stop themselves (ADR 0025): each round, one instance (holding a StateStore lease) reads every
 * active ramp's current-step window from the shared traffic counters, advances the step when the gates held
 * over the bake time, and rolls the route back to the mode it had when the ramp started when a gate trips.
 * Every step is a RouteTable change, audited with the figures. The clock is injected; tests call `evaluate`.
 */
export class RampController {
  private readonly logger = new Logger(RampController.name);
  private readonly lease: StateLease;
  readonly instanceId: string;
  private running: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: StateStore,
    private readonly table: RouteTable,
    private readonly traffic: RouteTraffic,
    private readonly options: RampControllerOptions,
    private readonly audit?: RampAudit,
  ) {
    this.lease = new StateLease(store, options.now);
    this.instanceId = options.instanceId ?? randomUUID();
  }

  /** Starts a ramp on a read route with a modern side: the route goes to the first step at once. */
  async start(name: string, plan: unknown, actor: string): Promise<RampView> {
    await this.table.refresh(true);
    const route = this.table.get(name);
    if (route === undefined) throw new DomainError('ROUTE_NOT_FOUND', `There is no strangler route named ${JSON.stringify(name.slice(0, 100))}.`);
    const parsed = rampPlanSchema.safeParse(plan);
    if (!parsed.success) throw new DomainError('VALIDATION_FAILED', `Invalid ramp plan: ${describeIssues(parsed.error)}.`);
    const who = actorSchema.safeParse(actor);
    if (!who.success) throw new DomainError('VALIDATION_FAILED', 'A ramp needs the actor who starts it.');
    if (route.definition.modern === undefined) throw new DomainError('VALIDATION_FAILED', `${name} has no modern implementation to ramp to.`);
    if (route.definition.kind !== 'read') throw new DomainError('VALIDATION_FAILED', `${name} is a write: ramps move reads; a write moves to modern by an explicit change with allowWrites.`);
    const existing = await this.store.get<RampState>(ROUTE_RAMP_TABLE, PARTITION, name);
    if (existing?.value.status === 'active') throw new DomainError('VALIDATION_FAILED', `${name} already has an active ramp; stop it first.`);
    const safe = settingsOf(route.desired ?? LEGACY_SETTINGS);
    if (safe.mode === 'modern' || safe.mode === 'canary') throw new DomainError('VALIDATION_FAILED', `${name} is in ${safe.mode}: a ramp starts from legacy or shadow (its last safe mode).`);
    const at = this.options.now().toISOString();
    const record = await this.table.set(name, stepSettings(parsed.data, 0), rampActor(who.data), `ramp started by ${who.data}: step 1/${parsed.data.steps.length} (${parsed.data.steps[0]}%)`);
    const state: RampState = {
      route: name,
      plan: parsed.data,
      status: 'active',
      stepIndex: 0,
      stepStartedAt: at,
      startedAt: at,
      startedBy: who.data,
      safeSettings: safe,
      appliedRevision: record.to.revision,
      lastEvaluation: null,
      endedAt: null,
      endReason: null,
    };
    await this.store.put(ROUTE_RAMP_TABLE, PARTITION, name, state, existing === null ? { ifAbsent: true } : { ifMatch: existing.etag });
    await this.audit?.record({ action: 'route.ramp.start', actor: who.data, target: name, before: existing?.value ?? null, after: state, reason: `ramp ${parsed.data.steps.join(',')}%, bake ${parsed.data.bakeSeconds} s` });
    return this.view(state);
  }

  /** The ramp of a route with its current window's figures, or ROUTE_NOT_FOUND when it has none. */
  async get(name: string): Promise<RampView> {
    const entity = await this.store.get<RampState>(ROUTE_RAMP_TABLE, PARTITION, name);
    if (entity === null) throw new DomainError('ROUTE_NOT_FOUND', `The route ${JSON.stringify(name.slice(0, 100))} has no ramp.`);
    await this.traffic.flush().catch(() => undefined);
    return this.view(entity.value);
  }

  /** Every stored ramp by route (active and ended). */
  async list(): Promise<Map<string, RampState>> {
    const entities = await this.store.list<RampState>(ROUTE_RAMP_TABLE, PARTITION);
    return new Map(entities.map((entity) => [entity.key, entity.value]));
  }

  /** Stops a ramp where it is (the route keeps its current step); `routes -- kill` returns it to legacy. */
  async stop(name: string, actor: string, reason: string): Promise<RampView> {
    const who = actorSchema.safeParse(actor);
    const why = reasonSchema.safeParse(reason);
    if (!who.success || !why.success) throw new DomainError('VALIDATION_FAILED', 'Stopping a ramp needs the actor and a reason (3 to 500 characters).');
    const entity = await this.store.get<RampState>(ROUTE_RAMP_TABLE, PARTITION, name);
    if (entity === null || entity.value.status !== 'active') throw new DomainError('ROUTE_NOT_FOUND', `The route ${JSON.stringify(name.slice(0, 100))} has no active ramp.`);
    const stopped = await this.end(entity, 'stopped', `stopped by ${who.data}: ${why.data}`, null);
    await this.audit?.record({ action: 'route.ramp.stop', actor: who.data, target: name, before: entity.value, after: stopped, reason: why.data });
    return this.view(stopped);
  }

  /**
   * One evaluation round over every active ramp, if this instance holds the lease; answers what it
   * decided, or null when another instance holds the lease. Rounds on one instance never overlap.
   */
  evaluate(): Promise<RampEvaluation[] | null> {
    const round = this.running.then(() => this.evaluateOnce());
    this.running = round.catch(() => undefined);
    return round;
  }

  startEvaluating(intervalMs: number): void {
    this.clearTimer();
    this.timer = setInterval(() => {
      this.evaluate().catch((error: unknown) => this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'ramp evaluation failed'));
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops the interval, waits for a round in progress and gives up the lease. */
  async stopEvaluating(): Promise<void> {
    this.clearTimer();
    await this.running;
    await this.lease.release(RAMP_LEASE, this.instanceId).catch(() => undefined);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private async evaluateOnce(): Promise<RampEvaluation[] | null> {
    if (!(await this.lease.acquire(RAMP_LEASE, this.instanceId, this.options.leaseTtlMs))) return null;
    await this.traffic.flush().catch(() => undefined);
    await this.table.refresh(true);
    const evaluations: RampEvaluation[] = [];
    for (const entity of await this.store.list<RampState>(ROUTE_RAMP_TABLE, PARTITION)) {
      if (entity.value.status !== 'active') continue;
      const evaluation = await this.evaluateRamp(entity);
      if (evaluation !== null) evaluations.push(evaluation);
    }
    return evaluations;
  }

  private async evaluateRamp(entity: StateEntity<RampState>): Promise<RampEvaluation | null> {
    const state = entity.value;
    const route = this.table.get(state.route);
    if (route === undefined) {
      await this.end(entity, 'stopped', 'the route is no longer registered', null);
      return null;
    }
    const revision = route.desired?.revision ?? 0;
    if (revision !== state.appliedRevision) {
      await this.end(entity, 'stopped', `the route was changed outside the ramp (revision ${revision}, by ${route.desired?.updatedBy ?? 'unknown'})`, null);
      return null;
    }
    const now = this.options.now();
    const stepStarted = Date.parse(state.stepStartedAt);
    const figures = gateFigures(await this.traffic.window(state.route, stepStarted, now.getTime()));
    const tripped = trippedGates(figures, state.plan.gates);
    const verdict = verdictOf(state.plan, figures, tripped, now.getTime() - stepStarted);
    const evaluation: RampEvaluation = { at: now.toISOString(), stepIndex: state.stepIndex, percent: state.plan.steps[state.stepIndex], figures, tripped, verdict };
    const text = describeFigures(figures, state.plan.gates, tripped);
    const steps = state.plan.steps.length;
    try {
      if (verdict === 'trip') {
        const record = await this.table.set(state.route, state.safeSettings, rampActor(state.startedBy), clip(`ramp rolled back to ${state.safeSettings.mode} at step ${state.stepIndex + 1}/${steps} (${evaluation.percent}%): ${text}`));
        await this.put(entity, { ...state, status: 'rolled-back', appliedRevision: record.to.revision, lastEvaluation: evaluation, endedAt: evaluation.at, endReason: `gate tripped: ${tripped.join(', ')}` });
      } else if (verdict === 'advance' && state.stepIndex + 1 >= steps) {
        await this.put(entity, { ...state, status: 'completed', lastEvaluation: evaluation, endedAt: evaluation.at, endReason: 'every step held its gates' });
        await this.audit?.record({ action: 'route.ramp.complete', actor: rampActor(state.startedBy), target: state.route, after: evaluation, reason: clip(`ramp completed: ${text}`) });
      } else if (verdict === 'advance') {
        const next = state.stepIndex + 1;
        const record = await this.table.set(state.route, stepSettings(state.plan, next), rampActor(state.startedBy), clip(`ramp advanced to step ${next + 1}/${steps} (${state.plan.steps[next]}%) after ${state.plan.bakeSeconds} s: ${text}`));
        await this.put(entity, { ...state, stepIndex: next, stepStartedAt: evaluation.at, appliedRevision: record.to.revision, lastEvaluation: evaluation });
      } else {
        await this.put(entity, { ...state, lastEvaluation: evaluation });
      }
    } catch (error) {
      // Stopped or changed meanwhile: the next round sees the new state.
      if (error instanceof StateConflictError || (error instanceof DomainError && error.code === 'VALIDATION_FAILED')) return evaluation;
      throw error;
    }
    return evaluation;
  }

  private async end(entity: StateEntity<RampState>, status: 'stopped' | 'completed', reason: string, evaluation: RampEvaluation | null): Promise<RampState> {
    const ended: RampState = { ...entity.value, status, endedAt: this.options.now().toISOString(), endReason: reason, lastEvaluation: evaluation ?? entity.value.lastEvaluation };
    await this.put(entity, ended);
    return ended;
  }

  private async put(entity: StateEntity<RampState>, state: RampState): Promise<void> {
    await this.store.put(ROUTE_RAMP_TABLE, PARTITION, entity.key, state, { ifMatch: entity.etag });
  }

  private async view(state: RampState): Promise<RampView> {
    const percent = state.plan.steps[state.stepIndex];
    if (state.status !== 'active') return { ...state, percent, current: null };
    const now = this.options.now().getTime();
    const stepStarted = Date.parse(state.stepStartedAt);
    const figures = gateFigures(await this.traffic.window(state.route, stepStarted, now));
    return { ...state, percent, current: { figures, tripped: trippedGates(figures, state.plan.gates), elapsedSeconds: Math.max(0, Math.floor((now - stepStarted) / 1000)) } };
  }
}

/** The route settings of a step: canary at its percent, or modern at 100. */
export function stepSettings(plan: RampPlan, index: number): RouteSettings {
  const percent = plan.steps[index];
  const fallback = plan.fallback === true ? { fallback: true } : {};
  return percent >= 100 ? { mode: 'modern', ...fallback } : { mode: 'canary', percent, ...fallback };
}

const rampActor = (startedBy: string): string => `ramp:${startedBy}`.slice(0, 256);
const clip = (reason: string): string => (reason.length <= 500 ? reason : `${reason.slice(0, 497)}...`);
