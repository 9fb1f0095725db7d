import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CaseHistoryStore } from '../../src/cases/user-state/case-history.store.js';
import type { CaseDocument } from '../../src/legacy/legacy-cms.port.js';
import { SqliteStateStore } from '../../src/storage/state/sqlite-state-store.adapter.js';

const doc = (documentId: string, versionIds: string[], title = `Doc ${documentId}`): CaseDocument => ({
  documentId,
  versionId: versionIds.at(-1)!,
  title,
  fileName: `${documentId}.pdf`,
  mimeType: 'application/pdf',
  category: 'Exhibit',
  documentDate: null,
  parentDocumentId: null,
  isUsed: true,
  isCheckedOut: false,
  sizeBytes: 1,
  versions: versionIds.map((versionId) => ({ versionId, createdAt: null, sizeBytes: 1 })),
});

/** The case history over a real SQLite state store, shared by two "instances" (two connections to one file). */
describe('case history across instances (SQLite state store)', () => {
  let dir: string;
  let stores: SqliteStateStore[];
  // A clock that never moves: seen times must still increase.
  const frozen = () => new Date('2026-12-05T06:00:00.000Z');

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'case-history-'));
    const file = path.join(dir, 'state.db');
    stores = [SqliteStateStore.fromConfig({ path: file }), SqliteStateStore.fromConfig({ path: file })];
  });

  afterEach(async () => {
    for (const store of stores) await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('records a change once when two instances see the same new list at once', async () => {
    const [a, b] = stores.map((store) => new CaseHistoryStore(store, frozen));
    const baseline = await a.observe('7', [doc('1', ['10']), doc('2', ['20'])]);
    expect(baseline.generation).toBe(0);
    const next = [doc('1', ['10', '11'], 'Doc 1 (amended)'), doc('3', ['30'])];
    const [left, right] = await Promise.all([a.observe('7', next), b.observe('7', next)]);
    expect(left).toEqual(right);
    expect(left.generation).toBe(1);
    const changes = await b.changesAfterGeneration('7', baseline.generation);
    expect(changes.map((change) => `${change.kind}:${change.documentId}`)).toEqual(['newVersion:1', 'renamed:1', 'removed:2', 'added:3']);
    expect(new Set(changes.map((change) => change.seenAt)).size).toBe(1);
    expect(Date.parse(left.seenAt)).toBeGreaterThan(Date.parse(baseline.seenAt));
  });

  it('answers by instant and by generation alike, and records nothing for an unchanged list', async () => {
    const history = new CaseHistoryStore(stores[0], frozen);
    const start = await history.observe('8', [doc('1', ['10'])]);
    const first = await history.observe('8', [doc('1', ['10']), doc('2', ['20'])]);
    expect(await history.observe('8', [doc('2', ['20']), doc('1', ['10'])])).toEqual(first);
    const second = await history.observe('8', [doc('2', ['20'])]);
    expect(second.generation).toBe(2);
    expect((await history.changesSince('8', new Date(start.seenAt))).map((change) => change.kind)).toEqual(['added', 'removed']);
    expect((await history.changesSince('8', new Date(first.seenAt))).map((change) => change.kind)).toEqual(['removed']);
    expect((await history.changesAfterGeneration('8', first.generation)).map((change) => change.kind)).toEqual(['removed']);
    expect(await history.position('9')).toBeNull();
  });
});
