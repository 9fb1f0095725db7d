import { StateConflictError, type StateStore } from './state-store.port.js';

/** StateStore table of named leases (one entity per lease). */
export const STATE_LEASE_TABLE = 'leases';
const PARTITION = 'leases';

interface StoredLease {
  readonly holder: string;
  /** Epoch ms after which anyone may take the lease. */
  readonly expiresAt: number;
}

/**
 * Named, expiring leases in the shared StateStore, so that periodic work runs on one instance at a time.
 * Taking or renewing is a compare-and-set on the lease's etag: when two instances race, one wins.
 */
export class StateLease {
  constructor(
    private readonly store: StateStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Takes (or renews, when `holder` has it) the lease for `ttlMs`; answers whether `holder` now holds it. */
  async acquire(name: string, holder: string, ttlMs: number): Promise<boolean> {
    const nowMs = this.now().getTime();
    const current = await this.store.get<StoredLease>(STATE_LEASE_TABLE, PARTITION, name);
    if (current !== null && current.value.holder !== holder && current.value.expiresAt > nowMs) return false;
    const lease: StoredLease = { holder, expiresAt: nowMs + ttlMs };
    try {
      await this.store.put(STATE_LEASE_TABLE, PARTITION, name, lease, current === null ? { ifAbsent: true } : { ifMatch: current.etag });
      return true;
    } catch (error) {
      if (error instanceof StateConflictError) return false;
      throw error;
    }
  }

  /** Gives the lease up if `holder` has it (a no-op otherwise). */
  async release(name: string, holder: string): Promise<void> {
    const current = await this.store.get<StoredLease>(STATE_LEASE_TABLE, PARTITION, name);
    if (current === null || current.value.holder !== holder) return;
    try {
      await this.store.delete(STATE_LEASE_TABLE, PARTITION, name, { ifMatch: current.etag });
    } catch (error) {
      if (!(error instanceof StateConflictError)) throw error;
    }
  }
}
