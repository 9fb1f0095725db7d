import { Registry } from 'prom-client';
import { DomainError } from '../../common/domain-error.js';
import { requestContext, type RequestContext } from '../../common/request-context.js';
import { staleReadScope } from '../../common/stale-response.js';
import { InMemoryStateStore } from '../../storage/state/in-memory-state-store.adapter.js';
import type { CaseNote, CaseSummary, LegacyCaller, LegacyCms } from '../legacy-cms.port.js';
import { LastGoodAnswerStore, MAX_WRITES_IN_FLIGHT } from './last-good-answer.store.js';
import { StaleAnswerMetrics } from './stale-answer.metrics.js';
import { StaleIfErrorLegacyCms } from './stale-if-error.legacy-cms.js';

const HOUR = 3_600_000;
const alice: LegacyCaller = { username: 'alice', correlationId: 'c-a' };
const bob: LegacyCaller = { username: 'bob', correlationId: 'c-b' };

const summaryOf = (title: string): CaseSummary => ({
  caseId: '7',
  urn: '42AB1234567',
  title,
  unitId: '11',
  unitName: 'North',
  status: 'Charged',
  registeredDate: '2024-01-02',
  isCustody: false,
  nextHearingDate: null,
  court: null,
});

/** A legacy CMS whose answers and failures the test sets per operation. */
class ScriptedLegacy {
  failure: DomainError | null = null;
  title = 'R v Smith';
  readonly calls: string[] = [];

  getCaseSummary(caller: LegacyCaller, caseId: string): Promise<CaseSummary> {
    this.calls.push(`getCaseSummary:${caller.username}:${caseId}`);
    return this.failure ? Promise.reject(this.failure) : Promise.resolve(summaryOf(this.title));
  }

  listNotes(): Promise<CaseNote[]> {
    return this.failure ? Promise.reject(this.failure) : Promise.resolve([{ noteId: '1', text: 'x'.repeat(2_000), createdBy: 'a', createdAt: null }]);
  }

  addNote(): Promise<CaseNote> {
    return Promise.reject(this.failure ?? new Error('unexpected'));
  }
}

function setUp(options: { maxAgeMs?: number; maxEntryBytes?: number; maxEntriesPerUser?: number } = {}) {
  let now = Date.UTC(2026, 11, 4, 9, 0, 0);
  const store = new InMemoryStateStore();
  const answers = new LastGoodAnswerStore(store, 'StaleReads', {
    maxAgeMs: options.maxAgeMs ?? HOUR,
    maxEntryBytes: options.maxEntryBytes ?? 100_000,
    maxEntriesPerUser: options.maxEntriesPerUser ?? 100,
    now: () => now,
  });
  const registry = new Registry();
  const legacy = new ScriptedLegacy();
  const cms = new StaleIfErrorLegacyCms(legacy as unknown as LegacyCms, answers, new StaleAnswerMetrics(registry));
  const context: RequestContext = { correlationId: 'c-1' };
  /** As the strangler runs the legacy side of a read, inside a request. */
  const inRead = <T>(fn: () => Promise<T>): Promise<T> => requestContext.run(context, () => staleReadScope.run(fn));
  const counter = async (name: string): Promise<string> => (await registry.getSingleMetricAsString(name)).split('\n').filter((line) => !line.startsWith('#')).join('\n');
  return { store, answers, legacy, cms, context, inRead, counter, advance: (ms: number) => (now += ms) };
}

const outage = (reason?: string) => new DomainError('LEGACY_UNAVAILABLE', 'down', reason === undefined ? {} : { reason });

describe('StaleIfErrorLegacyCms', () => {
  it('serves the user’s last good answer when the legacy CMS is down, and marks the request with its age', async () => {
    const t = setUp();
    await expect(t.inRead(() => t.cms.getCaseSummary(alice, '7'))).resolves.toMatchObject({ title: 'R v Smith' });
    await t.answers.settled();
    t.advance(90_000);
    t.legacy.failure = outage('circuit-open');
    await expect(t.inRead(() => t.cms.getCaseSummary(alice, '7'))).resolves.toEqual(summaryOf('R v Smith'));
    expect(t.context.staleAgeMs).toBe(90_000);
    expect(await t.counter('legacy_stale_answers_served_total')).toContain('legacy_stale_answers_served_total{operation="getCaseSummary"} 1');
  });

  it.each(['LEGACY_TIMEOUT', 'LEGACY_RATE_LIMITED'] as const)('serves it on %s too', async (code) => {
    const t = setUp();
    await t.inRead(() => t.cms.getCaseSummary(alice, '7'));
    t.legacy.failure = new DomainError(code, 'no');
    await expect(t.inRead(() => t.cms.getCaseSummary(alice, '7'))).resolves.toMatchObject({ title: 'R v Smith' });
  });

  it('keeps the newest good answer', async () => {
    const t = setUp();
    await t.inRead(() => t.cms.getCaseSummary(alice, '7'));
    t.legacy.title = 'R v Smith and Jones';
    t.advance(1_000);
    await t.inRead(() => t.cms.getCaseSummary(alice, '7'));
    t.legacy.failure = outage();
    await expect(t.inRead(() => t.cms.getCaseSummary(alice, '7'))).resolves.toMatchObject({ title: 'R v Smith and Jones' });
    expect(t.context.staleAgeMs).toBe(0);
  });

  it('never serves one user’s answer to another', async () => {
    const t = setUp();
    await t.inRead(() => t.cms.getCaseSummary(alice, '7'));
    t.legacy.failure = outage();
    await expect(t.inRead(() => t.cms.getCaseSummary(bob, '7'))).rejects.toMatchObject({ code: 'LEGACY_UNAVAILABLE' });
    expect(t.context.staleAgeMs).toBeUndefined();
    expect(await t.counter('legacy_stale_answers_missed_total')).toContain('legacy_stale_answers_missed_total{operation="getCaseSummary",reason="none"} 1');
  });

  it('never serves an answer older than the bound', async () => {
    const t = setUp({ maxAgeMs: HOUR });
    await t.inRead(() => t.cms.getCaseSummary(alice, '7'));
    t.legacy.failure = outage();
    t.advance(HOUR);
    await expect(t.inRead(() => t.cms.getCaseSummary(alice, '7'))).resolves.toMatchObject({ title: 'R v Smith' });
    t.advance(1);
    await expect(t.inRead(() => t.cms.getCaseSummary(alice, '7'))).rejects.toMatchObject({ code: 'LEGACY_UNAVAILABLE' });
    await t.answers.settled();
    expect(await t.store.get('StaleReads', 'alice', '7.getCaseSummary')).toBeNull();
  });

  it('serves nothing stale outside a stale-read scope (shadow, modern, background work)', async () => {
    const t = setUp();
    await t.inRead(() => t.cms.getCaseSummary(alice, '7'));
    t.legacy.failure = outage();
    await expect(requestContext.run(t.context, () => t.cms.getCaseSummary(alice, '7'))).rejects.toMatchObject({ code: 'LEGACY_UNAVAILABLE' });
    expect(t.context.staleAgeMs).toBeUndefined();
  });

  it('never masks a decision, and forgets the answer after one', async () => {
    const t = setUp();
    await t.inRead(() => t.cms.getCaseSummary(alice, '7'));
    t.legacy.failure = new DomainError('CASE_ACCESS_DENIED', 'no');
    await expect(t.inRead(() => t.cms.getCaseSummary(alice, '7'))).rejects.toMatchObject({ code: 'CASE_ACCESS_DENIED' });
    t.legacy.failure = outage();
    await expect(t.inRead(() => t.cms.getCaseSummary(alice, '7'))).rejects.toMatchObject({ code: 'LEGACY_UNAVAILABLE' });
  });

  it('passes writes straight through, failing as the legacy CMS did', async () => {
    const t = setUp();
    await t.inRead(() => t.cms.listNotes(alice, '7'));
    t.legacy.failure = outage();
    await expect(t.inRead(() => t.cms.addNote(alice, '7', 'hello'))).rejects.toMatchObject({ code: 'LEGACY_UNAVAILABLE' });
    expect(t.context.staleAgeMs).toBeUndefined();
  });

  it('does not keep an answer larger than the entry bound (and drops the older one of that key)', async () => {
    const t = setUp({ maxEntryBytes: 1_024 });
    await t.inRead(() => t.cms.getCaseSummary(alice, '7'));
    await t.inRead(() => t.cms.listNotes(alice, '7'));
    await t.answers.settled();
    expect(await t.store.get('StaleReads', 'alice', '7.listNotes')).toBeNull();
    expect(await t.store.get('StaleReads', 'alice', '7.getCaseSummary')).not.toBeNull();
  });
});

describe('LastGoodAnswerStore.sweep', () => {
  it('deletes answers past the bound and, per user, all but the newest', async () => {
    const t = setUp({ maxAgeMs: HOUR, maxEntriesPerUser: 2 });
    t.answers.remember('alice', 'old', 1);
    t.advance(HOUR);
    for (const key of ['a', 'b', 'c']) {
      t.answers.remember('alice', key, key);
      t.advance(1);
    }
    t.answers.remember('bob', 'a', 'a');
    await t.answers.settled();
    expect(await t.answers.sweep()).toBe(2);
    expect((await t.store.list('StaleReads', 'alice')).map((entity) => entity.key)).toEqual(['b', 'c']);
    expect((await t.store.list('StaleReads', 'bob')).map((entity) => entity.key)).toEqual(['a']);
  });
});

describe('LastGoodAnswerStore writes', () => {
  it('does not write an unchanged answer again within a tenth of the bound (its age then errs older)', async () => {
    const t = setUp({ maxAgeMs: 10 * 60_000 });
    const puts: string[] = [];
    const put = t.store.put.bind(t.store);
    t.store.put = (table, partition, key, value, condition) => {
      puts.push(`${partition}/${key}`);
      return put(table, partition, key, value, condition);
    };
    await t.inRead(() => t.cms.getCaseSummary(alice, '7'));
    t.advance(59_999);
    await t.inRead(() => t.cms.getCaseSummary(alice, '7'));
    await t.inRead(() => t.cms.getCaseSummary(bob, '7'));
    await t.answers.settled();
    expect(puts).toEqual(['alice/7.getCaseSummary', 'bob/7.getCaseSummary']);
    t.advance(1);
    await t.inRead(() => t.cms.getCaseSummary(alice, '7'));
    t.legacy.title = 'changed';
    await t.inRead(() => t.cms.getCaseSummary(alice, '7'));
    await t.answers.settled();
    expect(puts).toHaveLength(4);
    t.legacy.failure = outage();
    await expect(t.inRead(() => t.cms.getCaseSummary(alice, '7'))).resolves.toMatchObject({ title: 'changed' });
  });
});

describe('LastGoodAnswerStore under a slow store', () => {
  it('drops good answers beyond the writes it lets wait, never a forced write or a forget', async () => {
    const t = setUp();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const put = t.store.put.bind(t.store);
    t.store.put = async (table, partition, key, value, condition) => {
      await gate;
      return put(table, partition, key, value, condition);
    };
    for (let n = 0; n < MAX_WRITES_IN_FLIGHT; n += 1) t.answers.remember('alice', `case${n}`, n);
    t.answers.remember('alice', 'dropped', 'x');
    t.answers.remember('alice', 'forced', 'denied', true);
    release();
    await t.answers.settled();
    expect(await t.store.get('StaleReads', 'alice', 'dropped')).toBeNull();
    expect(await t.store.get('StaleReads', 'alice', 'forced')).toMatchObject({ value: { value: 'denied' } });
    expect(await t.store.get('StaleReads', 'alice', `case${MAX_WRITES_IN_FLIGHT - 1}`)).not.toBeNull();
  });
});
