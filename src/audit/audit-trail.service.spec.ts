import { describe, expect, it } from '@jest/globals';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test } from '@nestjs/testing';
import { InMemoryStateStore } from '../storage/state/in-memory-state-store.adapter.js';
import type { StateBatchWrite, StateEntity, StateStore } from '../storage/state/state-store.port.js';
import { StorageModule } from '../storage/storage.module.js';
import { GENESIS_HASH, HEAD_KEY, hashOf } from './audit-chain.js';
import { AuditChainVerifier } from './audit-chain-verifier.js';
import { AuditModule } from './audit.module.js';
import { AUDIT_TABLE, AUDIT_TRAIL, AuditTrail } from './audit-trail.service.js';

function trailAt(instants: string[], store: StateStore = new InMemoryStateStore(), writerId = 'w1'): { trail: AuditTrail; store: StateStore } {
  let i = 0;
  return { trail: new AuditTrail(store, { writerId, now: () => new Date(instants[Math.min(i++, instants.length - 1)]) }), store };
}

/** A store whose batches fail while `refusing` is set. */
class RefusingStore extends InMemoryStateStore {
  refusing = false;
  batches = 0;
  override putBatch<T>(table: string, partition: string, writes: readonly StateBatchWrite<T>[]): Promise<StateEntity<T>[]> {
    this.batches += 1;
    if (this.refusing) return Promise.reject(new Error('store refused'));
    return super.putBatch(table, partition, writes);
  }
}

describe('AuditTrail', () => {
  it('records who did what to what, when and with what outcome, in its writer chain of the UTC day', async () => {
    const { trail, store } = trailAt(['2025-03-04T23:59:59.999Z']);
    const record = await trail.record({ action: 'route.change', actor: 'alice', target: 'cases.getSummary', before: { mode: 'legacy' }, after: { mode: 'shadow' }, reason: 'compare first', correlationId: 'c-1' });
    expect(record).toEqual({
      id: '2025-03-04~w1/1',
      chain: '2025-03-04~w1',
      seq: 1,
      at: '2025-03-04T23:59:59.999Z',
      action: 'route.change',
      actor: 'alice',
      target: 'cases.getSummary',
      outcome: 'allowed',
      before: { mode: 'legacy' },
      after: { mode: 'shadow' },
      reason: 'compare first',
      correlationId: 'c-1',
      prevHash: GENESIS_HASH,
      hash: hashOf(record),
    });
    expect(await store.partitions(AUDIT_TABLE)).toEqual(['2025-03-04~w1']);
    expect((await store.get(AUDIT_TABLE, '2025-03-04~w1', HEAD_KEY))?.value).toEqual({ seq: 1, hash: record.hash });
    expect(await trail.list({ day: '2025-03-04' })).toEqual([record]);
    expect(await trail.days()).toEqual(['2025-03-04']);
  });

  it('links each record to the one before it and writes the records of concurrent callers in one batch', async () => {
    const store = new RefusingStore();
    const { trail } = trailAt(['2025-03-04T10:00:00.000Z'], store);
    const records = await Promise.all(['a', 'b', 'c', 'd'].map((target) => trail.record({ action: 'x.y', actor: 'bob', target })));
    expect(store.batches).toBe(1);
    expect(records.map((record) => record.seq)).toEqual([1, 2, 3, 4]);
    expect(records.map((record) => record.prevHash)).toEqual([GENESIS_HASH, ...records.slice(0, 3).map((record) => record.hash)]);
    expect((await new AuditChainVerifier(store).verifyAll()).problems).toEqual([]);
  });

  it('lets records nobody awaits linger for company, and writes them at once when flushed or joined by one awaited', async () => {
    const store = new RefusingStore();
    const trail = new AuditTrail(store, { writerId: 'w1', lingerMs: 60_000, now: () => new Date('2025-03-04T10:00:00.000Z') });
    const lingering = [trail.record({ action: 'x.y', actor: 'bob', target: 'a' }, { wait: false }), trail.record({ action: 'x.y', actor: 'bob', target: 'b' }, { wait: false })];
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.batches).toBe(0);
    await trail.record({ action: 'x.y', actor: 'bob', target: 'c' });
    expect(store.batches).toBe(1);
    expect((await Promise.all(lingering)).map((record) => record.seq)).toEqual([1, 2]);
    const late = trail.record({ action: 'x.y', actor: 'bob', target: 'd' }, { wait: false });
    await trail.flush();
    expect(store.batches).toBe(2);
    expect((await late).seq).toBe(4);
  });

  it('splits a burst over batches of at most 99 records and the head', async () => {
    const store = new RefusingStore();
    const { trail } = trailAt(['2025-03-04T10:00:00.000Z'], store);
    await Promise.all(Array.from({ length: 250 }, (_, i) => trail.record({ action: 'x.y', actor: 'bob', target: `t${i}` })));
    expect(store.batches).toBe(3);
    expect(await new AuditChainVerifier(store).verifyAll()).toEqual({ chains: 1, records: 250, problems: [] });
  });

  it('keeps records in time order within a day across writers, and starts a new chain each day', async () => {
    const store = new InMemoryStateStore();
    const { trail: one } = trailAt(['2025-03-04T10:00:00.000Z', '2025-03-04T10:00:02.000Z', '2025-03-05T00:00:00.000Z'], store, 'one');
    const { trail: two } = trailAt(['2025-03-04T10:00:01.000Z', '2025-03-04T10:00:03.000Z'], store, 'two');
    await one.record({ action: 'x.y', actor: 'bob', target: 'a' });
    await two.record({ action: 'x.y', actor: 'bob', target: 'b' });
    await one.record({ action: 'x.y', actor: 'bob', target: 'c' });
    await two.record({ action: 'x.y', actor: 'bob', target: 'd' });
    await one.record({ action: 'x.y', actor: 'bob', target: 'e' });
    expect((await one.list({ day: '2025-03-04' })).map((record) => record.target)).toEqual(['a', 'b', 'c', 'd']);
    expect((await two.list({ day: '2025-03-05' })).map((record) => record.target)).toEqual(['e']);
    expect(await one.days()).toEqual(['2025-03-04', '2025-03-05']);
    expect(await store.partitions(AUDIT_TABLE)).toEqual(['2025-03-04~one', '2025-03-04~two', '2025-03-05~one']);
    expect((await new AuditChainVerifier(store).verifyAll()).problems).toEqual([]);
  });

  it('pages through a day with limit and after', async () => {
    const { trail } = trailAt(Array.from({ length: 7 }, (_, i) => `2025-03-04T10:00:0${i}.000Z`));
    for (let i = 0; i < 7; i += 1) await trail.record({ action: 'x.y', actor: 'bob', target: `t${i}` });
    const first = await trail.list({ day: '2025-03-04', limit: 3 });
    const second = await trail.list({ day: '2025-03-04', limit: 3, after: first.at(-1)!.id });
    const third = await trail.list({ day: '2025-03-04', limit: 3, after: second.at(-1)!.id });
    expect([...first, ...second, ...third].map((record) => record.target)).toEqual(['t0', 't1', 't2', 't3', 't4', 't5', 't6']);
  });

  it('rejects the records of a batch the store refuses, then carries on the chain from the store', async () => {
    const store = new RefusingStore();
    const failures: number[] = [];
    const trail = new AuditTrail(store, { writerId: 'w1', now: () => new Date('2025-03-04T10:00:00.000Z'), onWriteFailure: (records) => failures.push(records) });
    await trail.record({ action: 'x.y', actor: 'bob', target: 'kept' });
    store.refusing = true;
    const refused = await Promise.allSettled([trail.record({ action: 'x.y', actor: 'bob', target: 'lost1' }), trail.record({ action: 'x.y', actor: 'bob', target: 'lost2' })]);
    expect(refused.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(failures).toEqual([2]);
    store.refusing = false;
    const next = await trail.record({ action: 'x.y', actor: 'bob', target: 'after' });
    expect(next.seq).toBe(2);
    expect((await trail.list({ day: '2025-03-04' })).map((record) => record.target)).toEqual(['kept', 'after']);
    expect((await new AuditChainVerifier(store).verifyAll()).problems).toEqual([]);
  });

  it('refuses to append when another writer moved its chain (the head etag guards every append)', async () => {
    const store = new InMemoryStateStore();
    const { trail: first } = trailAt(['2025-03-04T10:00:00.000Z'], store, 'same');
    const { trail: impostor } = trailAt(['2025-03-04T10:00:00.000Z'], store, 'same');
    await first.record({ action: 'x.y', actor: 'bob', target: 'a' });
    await impostor.record({ action: 'x.y', actor: 'bob', target: 'b' });
    await expect(first.record({ action: 'x.y', actor: 'bob', target: 'c' })).rejects.toThrow(/changed since it was read/);
    expect((await first.record({ action: 'x.y', actor: 'bob', target: 'd' })).seq).toBe(3);
    expect((await new AuditChainVerifier(store).verifyAll()).problems).toEqual([]);
  });

  it('omits absent optional fields and refuses an event without action, actor or target', async () => {
    const { trail } = trailAt(['2025-03-04T10:00:00.000Z']);
    const record = await trail.record({ action: 'a.b', actor: 'svc', target: 't', reason: undefined });
    expect(Object.keys(record).sort()).toEqual(['action', 'actor', 'at', 'chain', 'hash', 'id', 'outcome', 'prevHash', 'seq', 'target']);
    await expect(trail.record({ action: ' ', actor: 'svc', target: 't' })).rejects.toThrow(/action/);
    await expect(trail.record({ action: 'a.b', actor: '', target: 't' })).rejects.toThrow(/actor/);
    await expect(trail.list({ day: '04/03/2025' })).rejects.toThrow(/yyyy-MM-dd/);
  });

  it('offers no way to change or remove a record', () => {
    const methods = Object.getOwnPropertyNames(AuditTrail.prototype).filter((name) => name !== 'constructor');
    expect(methods.sort()).toEqual(['append', 'beforeApplicationShutdown', 'days', 'drain', 'flush', 'headOf', 'list', 'record', 'recordsOfDay', 'schedule', 'start']);
  });

  it('is injectable from AuditModule over the StorageModule state store', async () => {
    const store = new InMemoryStateStore();
    const moduleRef = await Test.createTestingModule({ imports: [StorageModule.forRoot({ storage: { stateStore: { kind: 'sqlite', path: ':memory:' }, blobStore: { kind: 'fs', root: join(tmpdir(), `audit-spec-${process.pid}`) }, jobQueue: { kind: 'in-process' } } }, { stateStore: store }), AuditModule] }).compile();
    const trail = moduleRef.get(AuditTrail);
    expect(moduleRef.get(AUDIT_TRAIL)).toBe(trail);
    await trail.record({ action: 'a.b', actor: 'svc', target: 't' });
    expect(await store.partitions(AUDIT_TABLE)).toHaveLength(1);
    await moduleRef.close();
  });
});
