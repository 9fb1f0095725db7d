import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { MAX_STATE_BATCH, StateConflictError, StateStoreUsageError, type StateEntity, type StateStore } from '../../src/storage/state/state-store.port.js';

/** A fresh, empty store, and a second instance over the same data (another facade instance, in production). */
export interface StateStoreSubject {
  readonly store: StateStore;
  readonly peer: StateStore;
  dispose(): Promise<void>;
}

const T = 'contract';

/** The behaviour every StateStore adapter must have. Jest does not match this file; *.contract.ts files run it. */
export function stateStoreContract(name: string, open: () => Promise<StateStoreSubject>): void {
  describe(`StateStore contract: ${name}`, () => {
    let subject: StateStoreSubject;
    let store: StateStore;

    beforeEach(async () => {
      subject = await open();
      store = subject.store;
    });
    afterEach(async () => {
      await subject.dispose();
    });

    const keysOf = (entities: StateEntity<unknown>[]): string[] => entities.map((entity) => entity.key);
    const conflictOf = async (promise: Promise<unknown>): Promise<unknown> => {
      try {
        await promise;
      } catch (error) {
        return error;
      }
      throw new Error('expected a StateConflictError');
    };

    it('round-trips get, put and delete, with a new etag on every write', async () => {
      expect(await store.get(T, 'p', 'k')).toBeNull();
      const first = await store.put(T, 'p', 'k', { n: 1, nested: { list: [1, 'two', null, true] } });
      expect(first).toMatchObject({ partition: 'p', key: 'k', value: { n: 1, nested: { list: [1, 'two', null, true] } } });
      expect(typeof first.etag).toBe('string');
      expect(Date.parse(first.updatedAt)).not.toBeNaN();
      expect(await store.get(T, 'p', 'k')).toEqual(first);

      const second = await store.put(T, 'p', 'k', { n: 2 });
      expect(second.etag).not.toBe(first.etag);
      expect((await store.get<{ n: number }>(T, 'p', 'k'))?.value).toEqual({ n: 2 });
      expect(await subject.peer.get(T, 'p', 'k')).toEqual(second);

      expect(await store.delete(T, 'p', 'k')).toBe(true);
      expect(await store.get(T, 'p', 'k')).toBeNull();
      expect(await store.delete(T, 'p', 'k')).toBe(false);
    });

    it('stores scalars and hands out copies, never shared objects', async () => {
      await store.put(T, 'p', 'string', 'text');
      await store.put(T, 'p', 'number', 42.5);
      await store.put(T, 'p', 'null', null);
      expect((await store.get(T, 'p', 'string'))?.value).toBe('text');
      expect((await store.get(T, 'p', 'number'))?.value).toBe(42.5);
      expect((await store.get(T, 'p', 'null'))?.value).toBeNull();

      const value = { list: [1] };
      await store.put(T, 'p', 'object', value);
      value.list.push(2);
      const read = await store.get<{ list: number[] }>(T, 'p', 'object');
      read!.value.list.push(3);
      expect((await store.get(T, 'p', 'object'))?.value).toEqual({ list: [1] });
    });

    it('ifAbsent creates once and then conflicts without changing anything', async () => {
      const created = await store.put(T, 'p', 'k', 'first', { ifAbsent: true });
      const error = await conflictOf(store.put(T, 'p', 'k', 'second', { ifAbsent: true }));
      expect(error).toBeInstanceOf(StateConflictError);
      expect(error).toMatchObject({ table: T, partition: 'p', key: 'k' });
      expect(await store.get(T, 'p', 'k')).toEqual(created);
    });

    it('ifMatch replaces only the version read, and conflicts on a stale etag or a vanished entity', async () => {
      const first = await store.put(T, 'p', 'k', 'v1');
      const second = await store.put(T, 'p', 'k', 'v2', { ifMatch: first.etag });
      expect(second.value).toBe('v2');
      expect(await conflictOf(store.put(T, 'p', 'k', 'v3', { ifMatch: first.etag }))).toBeInstanceOf(StateConflictError);
      expect(await store.get(T, 'p', 'k')).toEqual(second);

      expect(await conflictOf(store.put(T, 'p', 'absent', 'v', { ifMatch: second.etag }))).toBeInstanceOf(StateConflictError);
      expect(await store.get(T, 'p', 'absent')).toBeNull();
      expect(await store.partitions(T)).toEqual(['p']);
    });

    it('deletes with ifMatch only the version read', async () => {
      const first = await store.put(T, 'p', 'k', 'v1');
      const second = await store.put(T, 'p', 'k', 'v2');
      expect(await conflictOf(store.delete(T, 'p', 'k', { ifMatch: first.etag }))).toBeInstanceOf(StateConflictError);
      expect(await store.get(T, 'p', 'k')).toEqual(second);
      expect(await store.delete(T, 'p', 'k', { ifMatch: second.etag })).toBe(true);
      expect(await conflictOf(store.delete(T, 'p', 'k', { ifMatch: second.etag }))).toBeInstanceOf(StateConflictError);
    });

    it('lists one partition in key order, with keyPrefix, afterKey and limit', async () => {
      const keys = ['b', 'a/2', 'a', 'c', 'a/10', 'a/1', 'ab', 'B', 'a 1'];
      for (const key of keys) await store.put(T, 'p', key, { key });
      await store.put(T, 'other', 'a/3', { key: 'a/3' });

      const sorted = [...keys].sort();
      expect(keysOf(await store.list(T, 'p'))).toEqual(sorted);
      expect((await store.list<{ key: string }>(T, 'p')).every((entity) => entity.value.key === entity.key && entity.partition === 'p')).toBe(true);
      expect(keysOf(await store.list(T, 'p', { keyPrefix: 'a/' }))).toEqual(['a/1', 'a/10', 'a/2']);
      expect(keysOf(await store.list(T, 'p', { keyPrefix: 'a' }))).toEqual(['a', 'a 1', 'a/1', 'a/10', 'a/2', 'ab']);
      expect(keysOf(await store.list(T, 'p', { afterKey: 'a/2' }))).toEqual(['ab', 'b', 'c']);
      expect(keysOf(await store.list(T, 'p', { afterKey: 'a/1', keyPrefix: 'a/' }))).toEqual(['a/10', 'a/2']);
      expect(keysOf(await store.list(T, 'p', { limit: 2 }))).toEqual(['B', 'a']);
      expect(await store.list(T, 'p', { limit: 0 })).toEqual([]);
      expect(await store.list(T, 'p', { keyPrefix: 'zz' })).toEqual([]);
      expect(await store.list(T, 'nobody')).toEqual([]);

      // Paging with afterKey visits every key once, in order.
      const paged: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.list(T, 'p', { limit: 4, afterKey: after });
        if (page.length === 0) break;
        paged.push(...keysOf(page));
        after = page.at(-1)!.key;
      }
      expect(paged).toEqual(sorted);
    });

    it('answers the partitions that hold entities, ascending, per table', async () => {
      expect(await store.partitions(T)).toEqual([]);
      for (const partition of ['2025-01-02', '2025-01-01', 'case-7', '2025-01-01']) await store.put(T, partition, 'k', 1);
      await store.put(T, '2025-01-01', 'k2', 2);
      await store.put('othertable', 'elsewhere', 'k', 1);
      expect(await store.partitions(T)).toEqual(['2025-01-01', '2025-01-02', 'case-7']);
      await store.delete(T, 'case-7', 'k');
      expect(await store.partitions(T)).toEqual(['2025-01-01', '2025-01-02']);
      expect(await store.partitions('othertable')).toEqual(['elsewhere']);
    });

    it('deletes a whole partition and nothing else', async () => {
      for (let i = 0; i < 25; i += 1) await store.put(T, 'doomed', `k${String(i).padStart(2, '0')}`, i);
      await store.put(T, 'kept', 'k00', 'stays');
      await store.put('othertable', 'doomed', 'k00', 'stays');
      expect(await store.deletePartition(T, 'doomed')).toBe(25);
      expect(await store.list(T, 'doomed')).toEqual([]);
      expect(await store.partitions(T)).toEqual(['kept']);
      expect((await store.get(T, 'kept', 'k00'))?.value).toBe('stays');
      expect((await store.get('othertable', 'doomed', 'k00'))?.value).toBe('stays');
      expect(await store.deletePartition(T, 'doomed')).toBe(0);
    });

    it('round-trips awkward partitions and keys, and never lets one widen a list', async () => {
      const awkward = ['a/b', 'a\\b', 'hash#tag', 'what?', '100%', '%25', 'two words', 'tab\there', 'ünïcødé 中文 🙂', "o'brien", "x' or PartitionKey ne '", "' or RowKey ne '", '.', '~', '$', '[', '>'];
      for (const value of awkward) {
        await store.put(T, value, value, { value });
        await store.put(T, 'keys', value, { value });
      }
      for (const value of awkward) {
        expect((await store.get<{ value: string }>(T, value, value))?.value.value).toBe(value);
        expect(keysOf(await store.list(T, value))).toEqual([value]);
      }
      expect([...(await store.partitions(T))].sort()).toEqual([...awkward, 'keys'].sort());
      expect(new Set(keysOf(await store.list(T, 'keys')))).toEqual(new Set(awkward));
      const asciiKeys = keysOf(await store.list(T, 'keys')).filter((key) => /^[\x20-\x7e\t]*$/.test(key));
      expect(asciiKeys).toEqual(awkward.filter((key) => /^[\x20-\x7e\t]*$/.test(key)).sort());

      expect(await store.list(T, "x' or PartitionKey ne '")).toHaveLength(1);
      expect(await store.list(T, 'keys', { keyPrefix: "' or RowKey ne '" })).toHaveLength(1);
      expect(await store.list(T, 'keys', { keyPrefix: "' or RowKey ne 'zz" })).toEqual([]);
      expect(keysOf(await store.list(T, 'keys', { keyPrefix: 'a' }))).toEqual(['a/b', 'a\\b']);
      expect(await store.list(T, "' or PartitionKey ne '")).toEqual([]);
      expect(await store.get(T, "' or PartitionKey ne '", 'a/b')).toBeNull();
      expect(await store.deletePartition(T, "x' or PartitionKey ne '")).toBe(1);
      expect(await store.partitions(T)).toHaveLength(awkward.length);
    });

    it('round-trips a value of about 500 KB, multi-byte characters included', async () => {
      const value = { text: 'lorem ipsum '.repeat(35_000), wide: 'é中🙂'.repeat(10_000), list: Array.from({ length: 2000 }, (_, i) => i) };
      const written = await store.put(T, 'big', 'k', value);
      expect(Buffer.byteLength(JSON.stringify(value))).toBeGreaterThan(500_000);
      expect(written.value).toEqual(value);
      expect((await store.get(T, 'big', 'k'))?.value).toEqual(value);
      const smaller = await store.put(T, 'big', 'k', { text: 'short' }, { ifMatch: written.etag });
      expect((await store.get(T, 'big', 'k'))?.value).toEqual(smaller.value);
    });

    it('lets exactly one of several concurrent conditional writers win', async () => {
      const base = await store.put(T, 'race', 'k', { writer: 'none' });
      const writers = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? store : subject.peer).put(T, 'race', 'k', { writer: `w${i}` }, { ifMatch: base.etag }));
      const outcomes = await Promise.allSettled(writers);
      const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.status === 'rejected' && outcome.reason instanceof StateConflictError)).toHaveLength(7);
      const winner = (winners[0] as PromiseFulfilledResult<StateEntity<{ writer: string }>>).value;
      expect(await store.get(T, 'race', 'k')).toEqual(winner);

      const creators = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? store : subject.peer).put(T, 'race', 'new', i, { ifAbsent: true })));
      expect(creators.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      expect(creators.filter((outcome) => outcome.status === 'rejected' && outcome.reason instanceof StateConflictError)).toHaveLength(7);
    });

    it('writes a batch of one partition atomically, in input order, each entity with its own etag', async () => {
      const existing = await store.put(T, 'batch', 'k1', 'old');
      const written = await store.putBatch<unknown>(T, 'batch', [
        { key: 'k1', value: 'replaced', condition: { ifMatch: existing.etag } },
        { key: 'k2', value: { n: 2 }, condition: { ifAbsent: true } },
        { key: 'k0', value: 'upserted' },
      ]);
      expect(written.map((entity) => [entity.key, entity.value])).toEqual([
        ['k1', 'replaced'],
        ['k2', { n: 2 }],
        ['k0', 'upserted'],
      ]);
      expect(new Set(written.map((entity) => entity.etag)).size).toBe(3);
      for (const entity of written) expect(await subject.peer.get(T, 'batch', entity.key)).toEqual(entity);
      expect(keysOf(await store.list(T, 'batch'))).toEqual(['k0', 'k1', 'k2']);
      expect(await store.putBatch(T, 'batch', [])).toEqual([]);
    });

    it('writes nothing of a batch when one condition fails', async () => {
      const k1 = await store.put(T, 'batch', 'k1', 'v1');
      const error = await conflictOf(
        store.putBatch(T, 'batch', [
          { key: 'a-new', value: 'x', condition: { ifAbsent: true } },
          { key: 'k1', value: 'clobbered', condition: { ifAbsent: true } },
          { key: 'z-new', value: 'y' },
        ]),
      );
      expect(error).toBeInstanceOf(StateConflictError);
      expect(error).toMatchObject({ table: T, partition: 'batch' });
      expect(keysOf(await store.list(T, 'batch'))).toEqual(['k1']);
      expect(await store.get(T, 'batch', 'k1')).toEqual(k1);
      const k1Again = await store.put(T, 'batch', 'k1', 'v2');
      expect(await conflictOf(store.putBatch(T, 'batch', [{ key: 'k1', value: 'stale', condition: { ifMatch: k1.etag } }]))).toBeInstanceOf(StateConflictError);
      expect(await store.get(T, 'batch', 'k1')).toEqual(k1Again);
    });

    it(`takes ${MAX_STATE_BATCH} writes in one batch, refuses more and a key named twice`, async () => {
      const full = Array.from({ length: MAX_STATE_BATCH }, (_, i) => ({ key: `k${String(i).padStart(3, '0')}`, value: i, condition: { ifAbsent: true } as const }));
      expect(await store.putBatch(T, 'full', full)).toHaveLength(MAX_STATE_BATCH);
      expect(await store.list(T, 'full')).toHaveLength(MAX_STATE_BATCH);
      await expect(store.putBatch(T, 'over', [...full, { key: 'k999', value: 0, condition: { ifAbsent: true } }])).rejects.toBeInstanceOf(StateStoreUsageError);
      await expect(store.putBatch(T, 'twice', [{ key: 'k', value: 1 }, { key: 'k', value: 2 }])).rejects.toBeInstanceOf(StateStoreUsageError);
      expect(await store.partitions(T)).toEqual(['full']);
    });

    it('lets exactly one of several concurrent conditional batches win', async () => {
      const batches = Array.from({ length: 6 }, (_, i) =>
        (i % 2 === 0 ? store : subject.peer).putBatch(T, 'race', [
          { key: `own-${i}`, value: i, condition: { ifAbsent: true } },
          { key: 'head', value: i, condition: { ifAbsent: true } },
        ]),
      );
      const outcomes = await Promise.allSettled(batches);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.status === 'rejected' && outcome.reason instanceof StateConflictError)).toHaveLength(5);
      expect(await store.list(T, 'race')).toHaveLength(2);
    });

    it('refuses invalid table names and values JSON cannot hold', async () => {
      await expect(store.get('no', 'p', 'k')).rejects.toBeInstanceOf(StateStoreUsageError);
      await expect(store.put('bad-name', 'p', 'k', 1)).rejects.toBeInstanceOf(StateStoreUsageError);
      await expect(store.put(T, 'p', 'k', undefined)).rejects.toBeInstanceOf(StateStoreUsageError);
      await expect(store.list(T, 'p', { limit: -1 })).rejects.toBeInstanceOf(StateStoreUsageError);
      expect(await store.get(T, 'p', 'k')).toBeNull();
    });

    it('reports readiness', async () => {
      const readiness = await store.readiness();
      expect(Object.values(readiness).length).toBeGreaterThan(0);
      expect(Object.values(readiness).every((part) => part.up)).toBe(true);
    });
  });
}
