import { DomainError } from '../common/domain-error.js';
import type { CaseAccess } from '../legacy/legacy-cms.port.js';
import { LastGoodAnswerStore } from '../legacy/resilience/last-good-answer.store.js';
import { StaleAnswerMetrics } from '../legacy/resilience/stale-answer.metrics.js';
import { InMemoryStateStore } from '../storage/state/in-memory-state-store.adapter.js';
import { CaseAccessCache } from './case-access.cache.js';

const HOUR = 3_600_000;

function setUp(ttlMs = 0) {
  let now = Date.UTC(2026, 11, 4, 9, 0, 0);
  const store = new InMemoryStateStore();
  /** One instance's cache over the shared state store. */
  const instance = () => {
    const accessDecisions = new LastGoodAnswerStore(store, 'LastCaseAccess', { maxAgeMs: HOUR, maxEntryBytes: 1_024, maxEntriesPerUser: 10, now: () => now });
    return { accessDecisions, cache: new CaseAccessCache(ttlMs, 100, () => now, { accessDecisions, metrics: new StaleAnswerMetrics() }) };
  };
  const { accessDecisions, cache } = instance();
  const answer = (decision: CaseAccess) => () => Promise.resolve(decision);
  const fail = (error: Error) => () => Promise.reject(error);
  return { cache, accessDecisions, instance, answer, fail, advance: (ms: number) => (now += ms) };
}

const outage = new DomainError('LEGACY_UNAVAILABLE', 'down', { reason: 'circuit-open' });

describe('CaseAccessCache during a legacy outage', () => {
  it('lets a user in on their last known grant within the bound', async () => {
    const t = setUp();
    expect(await t.cache.decide('alice', '1', t.answer('granted'))).toBe('granted');
    t.advance(HOUR);
    expect(await t.cache.decide('alice', '1', t.fail(outage))).toBe('granted');
  });

  it('keeps the original error past the bound, for another user, and for a case never decided', async () => {
    const t = setUp();
    await t.cache.decide('alice', '1', t.answer('granted'));
    await expect(t.cache.decide('bob', '1', t.fail(outage))).rejects.toBe(outage);
    await expect(t.cache.decide('alice', '2', t.fail(outage))).rejects.toBe(outage);
    t.advance(HOUR + 1);
    await expect(t.cache.decide('alice', '1', t.fail(new DomainError('LEGACY_TIMEOUT', 'slow')))).rejects.toMatchObject({ code: 'LEGACY_TIMEOUT' });
  });

  it('lets nobody in on a last known denial or not-found, even after an older grant', async () => {
    const t = setUp();
    await t.cache.decide('alice', '1', t.answer('granted'));
    await t.cache.decide('alice', '1', t.answer('denied'));
    await t.cache.decide('bob', '1', t.answer('not-found'));
    await expect(t.cache.decide('alice', '1', t.fail(outage))).rejects.toBe(outage);
    await expect(t.cache.decide('bob', '1', t.fail(outage))).rejects.toBe(outage);
  });

  it('lets nobody in when another instance kept a grant after this one’s denial, and the denial came again', async () => {
    const t = setUp();
    const other = t.instance();
    await t.cache.decide('alice', '1', t.answer('denied'));
    await t.accessDecisions.settled();
    await other.cache.decide('alice', '1', t.answer('granted'));
    await other.accessDecisions.settled();
    await t.cache.decide('alice', '1', t.answer('denied'));
    await expect(t.cache.decide('alice', '1', t.fail(outage))).rejects.toBe(outage);
  });

  it('never turns another failure into a grant', async () => {
    const t = setUp();
    await t.cache.decide('alice', '1', t.answer('granted'));
    const bad = new DomainError('LEGACY_BAD_RESPONSE', 'garbled');
    await expect(t.cache.decide('alice', '1', t.fail(bad))).rejects.toBe(bad);
  });

  it('without a state store, fails as the legacy CMS did', async () => {
    const cache = new CaseAccessCache(0);
    await cache.decide('alice', '1', () => Promise.resolve('granted'));
    await expect(cache.decide('alice', '1', () => Promise.reject(outage))).rejects.toBe(outage);
  });
});
