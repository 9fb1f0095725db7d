import { Logger } from '@nestjs/common';
import { DomainError } from '../../common/domain-error.js';
import type { SigningKeySetConfig } from '../../config/app-config.js';
import type { SigningKeyFetcher, SigningKeyProvider, SigningKeySet, SigningKeyStatus } from './signing-key-provider.port.js';
import type { SigningKeySetStore } from './signing-key-set.store.js';

const logger = new Logger('SigningKeys');

type Need = (set: SigningKeySet | null) => boolean;

/**
 * The identity provider's key set, kept so that an IdP outage locks nobody out:
 * - refresh-ahead: a set older than `refreshAheadMs` is refetched in the background when used, one fetch at a time;
 * - stale-if-error: the last good set is kept in the state store and loaded at start-up, and used up to
 *   `maxStaleMs` old while the IdP fails (a restarted or new instance verifies as the others do);
 * - every fetch (scheduled, unknown kid, retry after a failure) first adopts a newer set another instance stored,
 *   then passes a gate in the state store that lets one fetch through per `refetchIntervalMs` across instances;
 *   a local copy of the gate means the store is asked at most once per interval too.
 * Without the store (it fails), the gate and the set fall back to this instance alone.
 */
export class SigningKeySetService implements SigningKeyProvider {
  private current: SigningKeySet | null = null;
  private lastFetchFailure: string | null = null;
  private lastFetchFailedAt = Number.NEGATIVE_INFINITY;
  private gateShutUntil = Number.NEGATIVE_INFINITY;
  private lastShutAdoptAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | null = null;
  private started: Promise<void> | null = null;

  constructor(
    private readonly fetcher: SigningKeyFetcher,
    private readonly store: SigningKeySetStore,
    private readonly config: SigningKeySetConfig,
    private readonly now: () => number = Date.now,
  ) {}

  /** Loads the persisted set, then refreshes it in the background if due. Never rejects. */
  start(): Promise<void> {
    this.started ??= this.loadPersisted().then(() => this.refreshIfDue());
    return this.started;
  }

  async keySetFor(kid: string | undefined): Promise<SigningKeySet> {
    await this.start();
    const hasKid = (set: SigningKeySet | null): boolean => set !== null && this.usable(set) && (kid === undefined || set.keys.some((key) => key.kid === kid));
    if (!hasKid(this.current)) await this.obtain(hasKid);
    const set = this.current;
    if (set === null || !this.usable(set)) {
      throw new DomainError(
        'IDENTITY_PROVIDER_UNAVAILABLE',
        "No signing keys are held and the identity provider's key set cannot be fetched, so the token cannot be checked. Retry later; there is no need to sign in again.",
        { retryAfterSeconds: this.retryAfterSeconds() },
      );
    }
    if (!hasKid(set) && this.lastFetchFailure !== null) {
      throw new DomainError(
        'IDENTITY_PROVIDER_UNAVAILABLE',
        "The token was signed with a key the facade does not hold, and the identity provider's key set cannot be fetched to learn it. Retry later.",
        { retryAfterSeconds: this.retryAfterSeconds() },
      );
    }
    this.refreshIfDue();
    // A set without the kid: jose answers that no key matches (401), the refetch having been tried or rate-limited.
    return set;
  }

  status(): SigningKeyStatus {
    const set = this.current;
    if (set === null) return { source: 'none', ageMs: null, keyCount: 0, lastFetchFailure: this.lastFetchFailure };
    const ageMs = Math.max(0, this.now() - set.fetchedAt);
    const source = ageMs > this.config.maxStaleMs ? 'none' : ageMs > this.config.staleAfterMs ? 'stale' : 'fresh';
    return { source, ageMs, keyCount: set.keys.length, lastFetchFailure: this.lastFetchFailure };
  }

  /** Starts a background refresh when the held set is old enough (or missing); single-flight. */
  refreshIfDue(): void {
    if (this.inFlight !== null) return;
    const recent = (set: SigningKeySet | null): boolean => set !== null && this.now() - set.fetchedAt < this.config.refreshAheadMs;
    if (recent(this.current)) return;
    void this.obtain(recent);
  }

  /** Settles when no fetch is in flight (tests; shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight !== null) await this.inFlight;
  }

  private usable(set: SigningKeySet): boolean {
    return this.now() - set.fetchedAt <= this.config.maxStaleMs;
  }

  private retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.gateShutUntil - this.now()) / 1000));
  }

  /** Tries to meet `need`: waits for a fetch in flight, else runs one (through the gate). Never rejects. */
  private async obtain(need: Need): Promise<void> {
    if (this.inFlight !== null) {
      await this.inFlight;
      if (need(this.current)) return;
    }
    if (this.inFlight === null) {
      this.inFlight = this.fetchThroughGate(need).finally(() => {
        this.inFlight = null;
      });
    }
    await this.inFlight;
  }

  private async fetchThroughGate(need: Need): Promise<void> {
    const now = this.now();
    if (now < this.gateShutUntil) {
      // Holding nothing usable (a cold start while another instance holds the gate): look for its set, once a second.
      if (this.current === null || !this.usable(this.current)) await this.adoptWhileGateShut(now);
      return;
    }
    let claimed: boolean;
    try {
      await this.adoptPersisted();
      if (need(this.current)) return;
      const gate = await this.store.claimFetch(now, this.config.refetchIntervalMs);
      this.gateShutUntil = gate.shutUntil;
      claimed = gate.claimed;
    } catch (error) {
      logger.warn(`the state store could not be asked for signing keys; deciding locally: ${messageOf(error)}`);
      this.gateShutUntil = now + this.config.refetchIntervalMs;
      claimed = true;
    }
    if (!claimed) return;
    let fetched: SigningKeySet;
    try {
      fetched = { keys: await this.fetcher(), fetchedAt: this.now() };
    } catch (error) {
      this.lastFetchFailure = messageOf(error);
      this.lastFetchFailedAt = this.now();
      logger.warn(`the identity provider's key set could not be fetched: ${this.lastFetchFailure}`);
      return;
    }
    this.current = fetched;
    this.lastFetchFailure = null;
    try {
      await this.store.save(fetched);
    } catch (error) {
      logger.warn(`the signing keys could not be kept in the state store: ${messageOf(error)}`);
    }
  }

  private async adoptWhileGateShut(now: number): Promise<void> {
    if (now - this.lastShutAdoptAt < 1_000) return;
    this.lastShutAdoptAt = now;
    try {
      await this.adoptPersisted();
    } catch {
      // The state store is down too: nothing to adopt.
    }
  }

  private async loadPersisted(): Promise<void> {
    try {
      await this.adoptPersisted();
    } catch (error) {
      logger.warn(`the persisted signing keys could not be loaded: ${messageOf(error)}`);
    }
  }

  private async adoptPersisted(): Promise<void> {
    const persisted = await this.store.load();
    if (persisted === null || (this.current !== null && persisted.fetchedAt <= this.current.fetchedAt)) return;
    this.current = persisted;
    // Another instance reached the identity provider after this one last failed to.
    if (persisted.fetchedAt > this.lastFetchFailedAt) this.lastFetchFailure = null;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
