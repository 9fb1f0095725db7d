import { describe, expect, it } from '@jest/globals';
import { Test } from '@nestjs/testing';
import { InMemoryStateStore } from '../storage/state/in-memory-state-store.adapter.js';
import { StorageModule } from '../storage/storage.module.js';
import { AuditModule } from './audit.module.js';
import { AUDIT_TABLE, AUDIT_TRAIL, AuditTrail } from './audit-trail.service.js';

function trailAt(instants: string[], store = new InMemoryStateStore()): { trail: AuditTrail; store: InMemoryStateStore } {
  let i = 0;
  return { trail: new AuditTrail(store, () => new Date(instants[Math.min(i++, instants.length - 1)])), store };
}

describe('AuditTrail', () => {
  it('records who did what to what, when and why, under the UTC day', async () => {
    const { trail, store } = trailAt(['2025-03-04T23:59:59.999Z']);
    const record = await trail.record({ action: 'route.change', actor: 'alice', target: 'cases.getSummary', before: { mode: 'legacy' }, after: { mode: 'shadow' }, reason: 'compare first', correlationId: 'c-1' });
    expect(record).toEqual({
      id: expect.stringMatching(/^2025-03-04T23:59:59\.999Z-\d{6}-[0-9a-f]{10}$/),
      at: '2025-03-04T23:59:59.999Z',
      action: 'route.change',
      actor: 'alice',
      target: 'cases.getSummary',
      before: { mode: 'legacy' },
      after: { mode: 'shadow' },
      reason: 'compare first',
      correlationId: 'c-1',
    });
    expect(await store.partitions(AUDIT_TABLE)).toEqual(['2025-03-04']);
    expect(await trail.list({ day: '2025-03-04' })).toEqual([record]);
    expect(await trail.days()).toEqual(['2025-03-04']);
  });

  it('keeps records in time order within a day, never overwriting one, even within one millisecond', async () => {
    const { trail } = trailAt(['2025-03-04T10:00:00.000Z', '2025-03-04T10:00:00.000Z', '2025-03-04T10:00:00.000Z', '2025-03-04T10:00:01.000Z', '2025-03-05T00:00:00.000Z']);
    const targets = ['a', 'b', 'c', 'd', 'e'];
    for (const target of targets) await trail.record({ action: 'x.y', actor: 'bob', target });
    expect((await trail.list({ day: '2025-03-04' })).map((record) => record.target)).toEqual(['a', 'b', 'c', 'd']);
    expect((await trail.list({ day: '2025-03-05' })).map((record) => record.target)).toEqual(['e']);
    expect(await trail.days()).toEqual(['2025-03-04', '2025-03-05']);
  });

  it('pages through a day with limit and after', async () => {
    const { trail } = trailAt(Array.from({ length: 7 }, (_, i) => `2025-03-04T10:00:0${i}.000Z`));
    for (let i = 0; i < 7; i += 1) await trail.record({ action: 'x.y', actor: 'bob', target: `t${i}` });
    const first = await trail.list({ day: '2025-03-04', limit: 3 });
    const second = await trail.list({ day: '2025-03-04', limit: 3, after: first.at(-1)!.id });
    const third = await trail.list({ day: '2025-03-04', limit: 3, after: second.at(-1)!.id });
    expect([...first, ...second, ...third].map((record) => record.target)).toEqual(['t0', 't1', 't2', 't3', 't4', 't5', 't6']);
  });

  it('omits absent optional fields and refuses an event without action, actor or target', async () => {
    const { trail } = trailAt(['2025-03-04T10:00:00.000Z']);
    const record = await trail.record({ action: 'a.b', actor: 'svc', target: 't', reason: undefined });
    expect(Object.keys(record).sort()).toEqual(['action', 'actor', 'at', 'id', 'target']);
    await expect(trail.record({ action: ' ', actor: 'svc', target: 't' })).rejects.toThrow(/action/);
    await expect(trail.record({ action: 'a.b', actor: '', target: 't' })).rejects.toThrow(/actor/);
    await expect(trail.list({ day: '04/03/2025' })).rejects.toThrow(/yyyy-MM-dd/);
  });

  it('offers no way to change or remove a record', () => {
    const methods = Object.getOwnPropertyNames(AuditTrail.prototype).filter((name) => name !== 'constructor');
    expect(methods.sort()).toEqual(['days', 'list', 'nextId', 'record']);
  });

  it('is injectable from AuditModule over the StorageModule state store', async () => {
    const store = new InMemoryStateStore();
    const moduleRef = await Test.createTestingModule({ imports: [StorageModule.forRoot({ stateStore: { kind: 'sqlite', path: ':memory:' } }, { stateStore: store }), AuditModule] }).compile();
    const trail = moduleRef.get(AuditTrail);
    expect(moduleRef.get(AUDIT_TRAIL)).toBe(trail);
    await trail.record({ action: 'a.b', actor: 'svc', target: 't' });
    expect(await store.partitions(AUDIT_TABLE)).toHaveLength(1);
    await moduleRef.close();
  });
});
