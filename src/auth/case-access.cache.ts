import type { CaseAccess } from '../legacy/legacy-cms.port.js';
import { isLegacyOutage } from '../legacy/resilience/stale-if-error.legacy-cms.js';
import type { StaleIfErrorService } from '../legacy/resilience/stale-if-error.service.js';

export const DEFAULT_CASE_ACCESS_CACHE_ENTRIES = 10_000;

type CachedDecision = Exclude<CaseAccess, 'not-found'>;

/**
 * A short, bounded, per-user memory of the legacy CMS's access decisions ('not-found' is never kept).
 * With `lastKnown`, every decision the legacy CMS gives is also kept in the state store, and when the
 * legacy CMS cannot answer (an outage code) a last known 'granted' within its bound lets the user in;
 * anything else keeps the original error (ADR 0014).
 */
export class CaseAccessCache {
  private readonly entries = new Map<string, { decision: CachedDecision; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = DEFAULT_CASE_ACCESS_CACHE_ENTRIES,
    private readonly now: () => number = Date.now,
    private readonly lastKnown: Pick<StaleIfErrorService, 'accessDecisions' | 'metrics'> | null = null,
  ) {}

  async decide(username: string, caseId: string, ask: () => Promise<CaseAccess>): Promise<CaseAccess> {
    const key = `${username}\u0000${caseId}`;
    const cached = this.entries.get(key);
    if (cached !== undefined && cached.expiresAt > this.now()) return cached.decision;
    if (cached !== undefined) this.entries.delete(key);
    let decision: CaseAccess;
    try {
      decision = await ask();
    } catch (error) {
      if (isLegacyOutage(error) && (await this.lastKnownGrant(username, caseId))) return 'granted';
      throw error;
    }
    // A denial is always written: skipping it as unchanged could leave another instance's older grant in place.
    this.lastKnown?.accessDecisions?.remember(username, caseId, decision, decision !== 'granted');
    if (this.ttlMs > 0 && decision !== 'not-found') this.remember(key, decision);
    return decision;
  }

  /** Whether the user's last decision the legacy CMS gave, within its bound, was 'granted' (not kept in memory: asked again next time). */
  private async lastKnownGrant(username: string, caseId: string): Promise<boolean> {
    const store = this.lastKnown?.accessDecisions;
    if (store === undefined || store === null) return false;
    const last = await store.recall<CaseAccess>(username, caseId).catch(() => 'store-error' as const);
    const metrics = this.lastKnown?.metrics;
    if (typeof last === 'string') {
      metrics?.missedStale('checkCaseAccess', last);
      return false;
    }
    if (last.value !== 'granted') {
      metrics?.missedStale('checkCaseAccess', 'not-granted');
      return false;
    }
    metrics?.servedStale('checkCaseAccess');
    return true;
  }

  get size(): number {
    return this.entries.size;
  }

  private remember(key: string, decision: CachedDecision): void {
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, { decision, expiresAt: this.now() + this.ttlMs });
  }
}
