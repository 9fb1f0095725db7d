import type { RouteChangeRecord, RouteState } from './route-state.js';

export const ROUTE_STATE_STORE = Symbol('RouteStateStore');

export interface RouteStateSnapshot {
  /** Changes whenever any route's state changes; a poller compares it to skip unchanged snapshots. */
  readonly revision: string;
  readonly states: ReadonlyMap<string, RouteState>;
}

/** Thrown by `apply` when the route's stored state is no longer the change's `from`. */
export class RouteStateConflictError extends Error {
  constructor(readonly route: string) {
    super(`the state of ${route} changed meanwhile`);
    this.name = 'RouteStateConflictError';
  }
}

/**
 * Where the route table's desired state lives, so that every instance agrees. Instances poll `read`;
 * `apply` stores a change and its audit record together.
 */
export interface RouteStateStore {
  read(): Promise<RouteStateSnapshot>;
  /** Stores `change.to` if the route's current state is still `change.from` (by revision); else throws RouteStateConflictError. */
  apply(change: RouteChangeRecord): Promise<void>;
  /** Audit records, newest first; of one route when `route` is given. */
  history(options?: { route?: string; limit?: number }): Promise<readonly RouteChangeRecord[]>;
  readiness(): Promise<Record<string, { up: boolean; detail?: string }>>;
}
