import { describe, expect, it } from '@jest/globals';
import { InMemoryStateStore } from '../storage/state/in-memory-state-store.adapter.js';
import { HEAD_KEY, hashOf, recordKey } from './audit-chain.js';
import { AuditChainVerifier } from './audit-chain-verifier.js';
import type { AuditRecord } from './audit-record.js';
import { AUDIT_TABLE } from './audit-table.js';
import { AuditTrail } from './audit-trail.service.js';

const CHAIN = '2025-03-04~w1';

async function chainOfFive(): Promise<InMemoryStateStore> {
  const store = new InMemoryStateStore();
  const trail = new AuditTrail(store, { writerId: 'w1', now: () => new Date('2025-03-04T10:00:00.000Z') });
  for (let i = 1; i <= 5; i += 1) await trail.record({ action: 'case.summary.read', actor: 'bob', target: `case/${i}`, caseId: String(i) });
  return store;
}

const recordAt = async (store: InMemoryStateStore, seq: number): Promise<AuditRecord> => (await store.get<AuditRecord>(AUDIT_TABLE, CHAIN, recordKey(seq)))!.value;
const verify = (store: InMemoryStateStore) => new AuditChainVerifier(store).verifyAll();

describe('AuditChainVerifier', () => {
  it('finds nothing wrong with an untouched chain', async () => {
    expect(await verify(await chainOfFive())).toEqual({ chains: 1, records: 5, problems: [] });
  });

  it('names an edited record, also when its hash was recomputed', async () => {
    const store = await chainOfFive();
    await store.put(AUDIT_TABLE, CHAIN, recordKey(2), { ...(await recordAt(store, 2)), actor: 'mallory' });
    expect((await verify(store)).problems).toEqual([{ chain: CHAIN, kind: 'edited', key: recordKey(2), detail: expect.any(String) }]);

    const rehashed = { ...(await recordAt(store, 2)), actor: 'mallory' };
    await store.put(AUDIT_TABLE, CHAIN, recordKey(2), { ...rehashed, hash: hashOf(rehashed) });
    expect((await verify(store)).problems).toEqual([{ chain: CHAIN, kind: 'edited', key: recordKey(3), detail: expect.stringMatching(/does not follow/) }]);
  });

  it('names a deleted record, in the middle and at the end', async () => {
    const store = await chainOfFive();
    await store.delete(AUDIT_TABLE, CHAIN, recordKey(3));
    expect((await verify(store)).problems).toEqual([{ chain: CHAIN, kind: 'deleted', key: recordKey(4), detail: 'records 3..3 are missing' }]);

    const tail = await chainOfFive();
    await tail.delete(AUDIT_TABLE, CHAIN, recordKey(5));
    expect((await verify(tail)).problems).toEqual([{ chain: CHAIN, kind: 'deleted', key: HEAD_KEY, detail: expect.stringMatching(/head names record 5/) }]);
  });

  it('names records that swapped places', async () => {
    const store = await chainOfFive();
    const [two, four] = [await recordAt(store, 2), await recordAt(store, 4)];
    await store.put(AUDIT_TABLE, CHAIN, recordKey(2), four);
    await store.put(AUDIT_TABLE, CHAIN, recordKey(4), two);
    const kinds = (await verify(store)).problems.map((problem) => [problem.kind, problem.key]);
    expect(kinds).toEqual([
      ['reordered', recordKey(2)],
      ['reordered', recordKey(4)],
    ]);
  });

  it('names a chain whose head was removed', async () => {
    const store = await chainOfFive();
    await store.delete(AUDIT_TABLE, CHAIN, HEAD_KEY);
    expect((await verify(store)).problems.map((problem) => problem.kind)).toEqual(['edited']);
  });
});
