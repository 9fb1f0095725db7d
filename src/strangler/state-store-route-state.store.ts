import { createHash, randomBytes } from 'node:crypto';
import type { FactoryProvider } from '@nestjs/common';
import { AuditTrail, type AuditEvent } from '../audit/audit-trail.service.js';
import { StateConflictError, STATE_STORE, type StateStore } from '../storage/state/state-store.port.js';
import { ROUTE_STATE_STORE, RouteStateConflictError, type RouteStateSnapshot, type RouteStateStore } from './route-state-store.port.js';
import type { RouteChangeRecord, RouteState } from './route-state.js';

/** StateStore tables: the current state of each route, and the change history. */
export const ROUTE_STATE_TABLE = 'routestate';
export const ROUTE_HISTORY_TABLE = 'routehistory';
const STATES_PARTITION = 'routes';
const ALL_CHANGES_PARTITION = 'all';
const routePartition = (route: string): string => `route:${route}`;

/** What is stored per route: its state and the change that produced it, written together in one entity. */
interface StoredRouteState {
  readonly state: RouteState;
  readonly change: RouteChangeRecord;
}

/** Where changes go besides the history: the audit trail (only its `record` is used). */
export type RouteChangeAudit = Pick<AuditTrail, 'record'>;

/** Keys that sort newest first: 10^15 minus the epoch milliseconds, then a falling per-process sequence. */
const INVERT_MS = 1_000_000_000_000_000;

/**
 * The route table's desired state in the shared StateStore (SQLite or Azure Table Storage), so that every
 * facade instance agrees. One entity per route; `apply` is a compare-and-set on that entity's etag, so a
 * stale change loses even when instances race. The snapshot revision is a digest of every route's etag.
 */
export class StateStoreRouteStateStore implements RouteStateStore {
  private sequence = 0;

  constructor(
    private readonly store: StateStore,
    private readonly audit?: RouteChangeAudit,
  ) {}

  async read(): Promise<RouteStateSnapshot> {
    const entities = await this.store.list<StoredRouteState>(ROUTE_STATE_TABLE, STATES_PARTITION);
    const states = new Map<string, RouteState>();
    const digest = createHash('sha256');
    for (const entity of entities) {
      states.set(entity.key, entity.value.state);
      digest.update(`${entity.key.length}:${entity.key}${entity.etag.length}:${entity.etag}`);
    }
    return { revision: entities.length === 0 ? '0' : digest.digest('base64url').slice(0, 22), states };
  }

  async apply(change: RouteChangeRecord): Promise<void> {
    const current = await this.store.get<StoredRouteState>(ROUTE_STATE_TABLE, STATES_PARTITION, change.route);
    if ((current?.value.state.revision ?? 0) !== (change.from?.revision ?? 0)) throw new RouteStateConflictError(change.route);
    const stored: StoredRouteState = { state: change.to, change };
    try {
      await this.store.put(ROUTE_STATE_TABLE, STATES_PARTITION, change.route, stored, current === null ? { ifAbsent: true } : { ifMatch: current.etag });
    } catch (error) {
      if (error instanceof StateConflictError) throw new RouteStateConflictError(change.route);
      throw error;
    }
    const id = this.historyId(change.at);
    await Promise.all([
      this.store.put(ROUTE_HISTORY_TABLE, ALL_CHANGES_PARTITION, id, change),
      this.store.put(ROUTE_HISTORY_TABLE, routePartition(change.route), id, change),
    ]);
    if (this.audit !== undefined) await this.audit.record(auditEvent(change));
  }

  async history(options: { route?: string; limit?: number } = {}): Promise<readonly RouteChangeRecord[]> {
    const partition = options.route === undefined ? ALL_CHANGES_PARTITION : routePartition(options.route);
    const entities = await this.store.list<RouteChangeRecord>(ROUTE_HISTORY_TABLE, partition, { limit: Math.max(0, Math.trunc(options.limit ?? 100)) });
    return entities.map((entity) => entity.value);
  }

  readiness(): Promise<Record<string, { up: boolean; detail?: string }>> {
    return this.store.readiness();
  }

  private historyId(at: string): string {
    const ms = Number.isNaN(Date.parse(at)) ? Date.now() : Date.parse(at);
    this.sequence = (this.sequence + 1) % 1_000_000;
    return `${String(INVERT_MS - ms).padStart(16, '0')}-${String(999_999 - this.sequence).padStart(6, '0')}-${randomBytes(4).toString('hex')}`;
  }
}

function auditEvent(change: RouteChangeRecord): AuditEvent {
  return { action: 'route.change', actor: change.actor, target: change.route, before: change.from, after: change.to, reason: change.reason };
}

/**
 * Provides ROUTE_STATE_STORE on the app's STATE_STORE, auditing to AuditTrail when AuditModule is loaded.
 * For StranglerModule's providers, in place of the in-memory store.
 */
export const stateStoreRouteStateProvider: FactoryProvider<RouteStateStore> = {
  provide: ROUTE_STATE_STORE,
  useFactory: (store: StateStore, audit?: AuditTrail) => new StateStoreRouteStateStore(store, audit),
  inject: [STATE_STORE, { token: AuditTrail, optional: true }],
};
