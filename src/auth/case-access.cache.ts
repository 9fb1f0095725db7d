import type { CaseAccess } from '../legacy/legacy-cms.port.js';

export const DEFAULT_CASE_ACCESS_CACHE_ENTRIES = 10_000;

type CachedDecision = Exclude<CaseAccess, 'not-found'>;

/** A short, bounded, per-user memory of the legacy CMS's access decisions ('not-found' is never kept). */
export class CaseAccessCache {
  private readonly entries = new Map<string, { decision: CachedDecision; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = DEFAULT_CASE_ACCESS_CACHE_ENTRIES,
    private readonly now: () => number = Date.now,
  ) {}

  async decide(username: string, caseId: string, ask: () => Promise<CaseAccess>): Promise<CaseAccess> {
    const key = `${username}\u0000${caseId}`;
    const cached = this.entries.get(key);
    if (cached !== undefined && cached.expiresAt > this.now()) return cached.decision;
    if (cached !== undefined) this.entries.delete(key);
    const decision = await ask();
    if (this.ttlMs > 0 && decision !== 'not-found') this.remember(key, decision);
    return decision;
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
