import { createHash } from 'node:crypto';
import { StateConflictError, type StateStore } from '../../storage/state/state-store.port.js';
import type { SigningJwk, SigningKeySet } from './signing-key-provider.port.js';

export const SIGNING_KEY_SETS_TABLE = 'SigningKeySets';
const CURRENT = 'current';
const FETCH_GATE = 'fetch-gate';

interface PersistedKeySet {
  readonly jwksUrl: string;
  readonly keys: SigningJwk[];
  readonly fetchedAt: number;
}

interface FetchGate {
  readonly claimedAt: number;
}

/**
 * The last good key set of one JWKS URL, shared by every instance through the state store, and the gate that
 * lets one instance (of all) fetch outside the refresh schedule once per interval. One partition per JWKS URL.
 */
export class SigningKeySetStore {
  private readonly partition: string;

  constructor(
    private readonly state: StateStore,
    private readonly jwksUrl: string,
  ) {
    this.partition = createHash('sha256').update(jwksUrl).digest('hex').slice(0, 32);
  }

  async load(): Promise<SigningKeySet | null> {
    const entity = await this.state.get<PersistedKeySet>(SIGNING_KEY_SETS_TABLE, this.partition, CURRENT);
    const persisted = entity?.value;
    if (persisted === undefined || persisted.jwksUrl !== this.jwksUrl || !Array.isArray(persisted.keys) || typeof persisted.fetchedAt !== 'number') return null;
    return { keys: persisted.keys, fetchedAt: persisted.fetchedAt };
  }

  /** Keeps the set unless a newer one is stored already (another instance fetched later). */
  async save(set: SigningKeySet): Promise<void> {
    const entity = await this.state.get<PersistedKeySet>(SIGNING_KEY_SETS_TABLE, this.partition, CURRENT);
    if (entity !== null && entity.value.jwksUrl === this.jwksUrl && entity.value.fetchedAt >= set.fetchedAt) return;
    const value: PersistedKeySet = { jwksUrl: this.jwksUrl, keys: [...set.keys], fetchedAt: set.fetchedAt };
    try {
      await this.state.put(SIGNING_KEY_SETS_TABLE, this.partition, CURRENT, value, entity === null ? { ifAbsent: true } : { ifMatch: entity.etag });
    } catch (error) {
      // Another instance saved at the same moment: its set is as good as ours.
      if (!(error instanceof StateConflictError)) throw error;
    }
  }

  /**
   * Claims the one fetch allowed per interval. Answers whether this caller got it, and until when the gate
   * stays shut either way (so the caller need not ask the store again before then).
   */
  async claimFetch(now: number, intervalMs: number): Promise<{ readonly claimed: boolean; readonly shutUntil: number }> {
    const entity = await this.state.get<FetchGate>(SIGNING_KEY_SETS_TABLE, this.partition, FETCH_GATE);
    if (entity !== null && typeof entity.value.claimedAt === 'number' && entity.value.claimedAt + intervalMs > now && entity.value.claimedAt <= now) {
      return { claimed: false, shutUntil: entity.value.claimedAt + intervalMs };
    }
    try {
      await this.state.put<FetchGate>(SIGNING_KEY_SETS_TABLE, this.partition, FETCH_GATE, { claimedAt: now }, entity === null ? { ifAbsent: true } : { ifMatch: entity.etag });
      return { claimed: true, shutUntil: now + intervalMs };
    } catch (error) {
      if (error instanceof StateConflictError) return { claimed: false, shutUntil: now + intervalMs };
      throw error;
    }
  }
}
