import { RouteStateConflictError, type RouteStateSnapshot, type RouteStateStore } from './route-state-store.port.js';
import type { RouteChangeRecord, RouteState } from './route-state.js';

/** One process's route state (single instance, tests). Several instances need a shared store. */
export class InMemoryRouteStateStore implements RouteStateStore {
  private readonly states = new Map<string, RouteState>();
  private readonly changes: RouteChangeRecord[] = [];
  private revision = 0;

  read(): Promise<RouteStateSnapshot> {
    return Promise.resolve({ revision: String(this.revision), states: new Map(this.states) });
  }

  apply(change: RouteChangeRecord): Promise<void> {
    const current = this.states.get(change.route) ?? null;
    if ((current?.revision ?? 0) !== (change.from?.revision ?? 0)) return Promise.reject(new RouteStateConflictError(change.route));
    this.states.set(change.route, change.to);
    this.changes.push(change);
    this.revision += 1;
    return Promise.resolve();
  }

  history(options: { route?: string; limit?: number } = {}): Promise<readonly RouteChangeRecord[]> {
    const limit = options.limit ?? 100;
    const newestFirst: RouteChangeRecord[] = [];
    for (let i = this.changes.length - 1; i >= 0 && newestFirst.length < limit; i -= 1) {
      const change = this.changes[i];
      if (options.route === undefined || change.route === options.route) newestFirst.push(change);
    }
    return Promise.resolve(newestFirst);
  }

  readiness(): Promise<Record<string, { up: boolean; detail?: string }>> {
    return Promise.resolve({ memory: { up: true } });
  }
}
