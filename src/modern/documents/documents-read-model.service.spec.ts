import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../../common/domain-error.js';
import type { CaseDocument, LegacyCaller, LegacyCms } from '../../legacy/legacy-cms.port.js';
import { InMemoryStateStore } from '../../storage/state/in-memory-state-store.adapter.js';
import { CASE_DOCUMENTS_TABLE, CASE_ENTITY_KEY, DocumentsReadModel, type CaseDocumentsState } from './documents-read-model.service.js';

const alice: LegacyCaller = { username: 'alice.admin', correlationId: 'unit-1' };
const bob: LegacyCaller = { username: 'bob.north', correlationId: 'unit-2' };

const documentOf = (documentId: string, title = `Document ${documentId}`): CaseDocument => ({
  documentId,
  versionId: String(Number(documentId) + 1000),
  title,
  fileName: `${documentId}.pdf`,
  mimeType: 'application/pdf',
  category: 'MG11',
  documentDate: '2024-03-07',
  parentDocumentId: null,
  isUsed: true,
  isCheckedOut: false,
  sizeBytes: 1234,
  versions: [{ versionId: String(Number(documentId) + 1000), createdAt: '2024-03-07T10:00:00.000Z', sizeBytes: 1234 }],
});

/** A legacy CMS that knows one list per case, counts its calls and can be held or made to fail. */
class FakeLegacyCms {
  readonly lists = new Map<string, CaseDocument[]>();
  readonly calls: { username: string; caseId: string }[] = [];
  refuse = new Map<string, DomainError>();
  private gate: Promise<void> | null = null;
  private openGate: (() => void) | null = null;

  hold(): void {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  release(): void {
    this.openGate?.();
    this.gate = null;
  }

  async listDocuments(caller: LegacyCaller, caseId: string): Promise<CaseDocument[]> {
    this.calls.push({ username: caller.username, caseId });
    if (this.gate) await this.gate;
    const refusal = this.refuse.get(caller.username);
    if (refusal) throw refusal;
    const list = this.lists.get(caseId);
    if (!list) throw new DomainError('CASE_NOT_FOUND', 'no such case');
    return list.map((document) => structuredClone(document));
  }
}

/** The case-access decision: grants unless told otherwise, and counts what it was asked. */
class FakeCaseAccess {
  readonly asked: string[] = [];
  readonly denied = new Set<string>();

  assertCanSee(caller: LegacyCaller, caseId: string): Promise<void> {
    this.asked.push(`${caller.username}:${caseId}`);
    return this.denied.has(caller.username) ? Promise.reject(new DomainError('CASE_ACCESS_DENIED', 'denied')) : Promise.resolve();
  }
}

function setUp(maxAgeMs = 1_000) {
  const legacy = new FakeLegacyCms();
  const access = new FakeCaseAccess();
  const store = new InMemoryStateStore();
  let now = 1_700_000_000_000;
  const model = new DocumentsReadModel(legacy as unknown as LegacyCms, access, store, { maxAgeMs, now: () => now });
  return { legacy, access, store, model, advance: (ms: number) => (now += ms) };
}

/** Legacy order is not documentId order; "9" comes before "10". */
const CASE_7 = ['10', '9', '100', '11'].map((id) => documentOf(id));
const IN_ORDER = ['9', '10', '11', '100'];

describe('DocumentsReadModel', () => {
  it('on a miss reads legacy, stores the documents and answers them ordered by numeric documentId', async () => {
    const { legacy, store, model } = setUp();
    legacy.lists.set('7', CASE_7);
    const answer = await model.listDocuments(alice, '7');
    expect(answer.map((document) => document.documentId)).toEqual(IN_ORDER);
    expect(answer[0]).toEqual(documentOf('9'));
    expect(legacy.calls).toEqual([{ username: 'alice.admin', caseId: '7' }]);
    const stored = await store.list<unknown>(CASE_DOCUMENTS_TABLE, '7');
    expect(stored.map((entity) => entity.key)).toEqual(['00000009', '00000010', '00000011', '00000100', CASE_ENTITY_KEY]);
    const state = await store.get<CaseDocumentsState>(CASE_DOCUMENTS_TABLE, '7', CASE_ENTITY_KEY);
    expect(state!.value.refreshedAt).toBe(new Date(1_700_000_000_000).toISOString());
  });

  it('answers a fresh case from the store without calling legacy, to whoever may see it', async () => {
    const { legacy, access, model, advance } = setUp();
    legacy.lists.set('7', CASE_7);
    const first = await model.listDocuments(alice, '7');
    advance(999);
    legacy.lists.set('7', [documentOf('1')]);
    expect(await model.listDocuments(alice, '7')).toEqual(first);
    expect(await model.listDocuments(bob, '7')).toEqual(first);
    expect(legacy.calls).toHaveLength(1);
    expect(access.asked).toEqual(['alice.admin:7', 'alice.admin:7', 'bob.north:7']);
  });

  it('refuses a fresh case from the store to a caller the case-access decision denies', async () => {
    const { legacy, access, model } = setUp();
    legacy.lists.set('7', CASE_7);
    await model.listDocuments(alice, '7');
    access.denied.add('bob.north');
    await expect(model.listDocuments(bob, '7')).rejects.toMatchObject({ code: 'CASE_ACCESS_DENIED' });
    await expect(model.refresh(bob, '7')).rejects.toMatchObject({ code: 'CASE_ACCESS_DENIED' });
    expect(legacy.calls).toHaveLength(1);
  });

  it('reads legacy again after a document write at the port marks the case stale in the store', async () => {
    const { legacy, store, model } = setUp(60_000);
    legacy.lists.set('7', CASE_7);
    legacy.lists.set('8', [documentOf('500')]);
    await model.listDocuments(alice, '7');
    await model.listDocuments(alice, '8');
    legacy.lists.set('7', [documentOf('10', 'Renamed')]);
    legacy.lists.set('8', [documentOf('500', 'Renamed too')]);
    model.onLegacyAnswer('documents.rename', [alice, '7', '10', 'Renamed'], documentOf('10', 'Renamed'));
    // Not a write of documents, and a read: nothing changes.
    model.onLegacyAnswer('notes.add', [alice, '8', 'text'], {});
    model.onLegacyAnswer('documents.list', [alice, '8'], []);
    expect(await model.listDocuments(alice, '7')).toEqual([documentOf('10', 'Renamed')]);
    expect(await model.listDocuments(alice, '8')).toEqual([documentOf('500')]);
    // A check-in names its case in the request; another instance sharing the store sees the mark.
    model.onLegacyAnswer('documents.checkIn', [alice, { caseId: '8', documentId: '500' }], '1501');
    const other = new DocumentsReadModel(legacy as unknown as LegacyCms, new FakeCaseAccess(), store, { maxAgeMs: 60_000, now: () => 1_700_000_000_000 });
    expect(await other.listDocuments(bob, '8')).toEqual([documentOf('500', 'Renamed too')]);
    expect(legacy.calls.map((call) => call.caseId)).toEqual(['7', '8', '7', '8']);
  });

  it('does not record as fresh a refresh that read legacy before a write invalidated the case', async () => {
    const { legacy, model } = setUp(60_000);
    legacy.lists.set('7', CASE_7);
    legacy.hold();
    const before = model.listDocuments(alice, '7');
    await new Promise((resolve) => setTimeout(resolve, 10));
    model.onLegacyAnswer('documents.setUsed', [alice, '7', '9', false], documentOf('9'));
    legacy.release();
    expect((await before).map((document) => document.documentId)).toEqual(IN_ORDER);
    legacy.lists.set('7', [documentOf('9', 'After the write')]);
    expect(await model.listDocuments(alice, '7')).toEqual([documentOf('9', 'After the write')]);
    expect(legacy.calls).toHaveLength(2);
  });

  it('refreshes a stale case from legacy', async () => {
    const { legacy, model, advance } = setUp();
    legacy.lists.set('7', CASE_7);
    await model.listDocuments(alice, '7');
    legacy.lists.set('7', [...CASE_7, documentOf('8', 'Added later')]);
    advance(1_000);
    const answer = await model.listDocuments(bob, '7');
    expect(answer.map((document) => document.documentId)).toEqual(['8', ...IN_ORDER]);
    expect(legacy.calls.map((call) => call.username)).toEqual(['alice.admin', 'bob.north']);
    expect(await model.listDocuments(alice, '7')).toEqual(answer);
    expect(legacy.calls).toHaveLength(2);
  });

  it('drops documents deleted in legacy on an explicit refresh, and keeps other cases apart', async () => {
    const { legacy, store, model } = setUp();
    legacy.lists.set('7', CASE_7);
    legacy.lists.set('8', [documentOf('500')]);
    await model.listDocuments(alice, '7');
    await model.listDocuments(alice, '8');
    legacy.lists.set('7', [documentOf('10', 'Renamed'), documentOf('100')]);
    const refreshed = await model.refresh(alice, '7');
    expect(refreshed).toEqual([documentOf('10', 'Renamed'), documentOf('100')]);
    expect(await model.listDocuments(alice, '7')).toEqual(refreshed);
    expect((await store.list(CASE_DOCUMENTS_TABLE, '7')).map((entity) => entity.key)).toEqual(['00000010', '00000100', CASE_ENTITY_KEY]);
    expect(await model.listDocuments(alice, '8')).toEqual([documentOf('500')]);
    expect(legacy.calls).toHaveLength(3);
  });

  it('makes one legacy call for concurrent misses on one case', async () => {
    const { legacy, model } = setUp();
    legacy.lists.set('7', CASE_7);
    legacy.hold();
    const answers = Promise.all([model.listDocuments(alice, '7'), model.listDocuments(alice, '7'), model.listDocuments(bob, '7')]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    legacy.release();
    const [first, second, third] = await answers;
    expect(legacy.calls).toHaveLength(1);
    expect(first.map((document) => document.documentId)).toEqual(IN_ORDER);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
  });

  it("does not hand one user's legacy refusal to another user waiting on the same refresh", async () => {
    const { legacy, model } = setUp();
    legacy.lists.set('7', CASE_7);
    legacy.refuse.set('bob.north', new DomainError('CASE_ACCESS_DENIED', 'denied'));
    legacy.hold();
    const bobs = model.listDocuments(bob, '7').then(
      () => 'answered',
      (error: unknown) => (error as DomainError).code,
    );
    const alices = model.listDocuments(alice, '7');
    await new Promise((resolve) => setTimeout(resolve, 10));
    legacy.release();
    expect(await bobs).toBe('CASE_ACCESS_DENIED');
    expect((await alices).map((document) => document.documentId)).toEqual(IN_ORDER);
    expect(legacy.calls.map((call) => call.username)).toEqual(['bob.north', 'alice.admin']);
  });

  it('forgets a case legacy no longer has, and refuses ids that are not canonical', async () => {
    const { legacy, store, model } = setUp();
    legacy.lists.set('7', CASE_7);
    await model.listDocuments(alice, '7');
    legacy.lists.delete('7');
    await expect(model.refresh(alice, '7')).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
    expect(await store.list(CASE_DOCUMENTS_TABLE, '7')).toEqual([]);
    await expect(model.listDocuments(alice, '../7')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(legacy.calls).toHaveLength(2);
  });

  it('defaults to a five-minute max age', async () => {
    const legacy = new FakeLegacyCms();
    let now = 0;
    const model = new DocumentsReadModel(legacy as unknown as LegacyCms, new FakeCaseAccess(), new InMemoryStateStore(), { now: () => now });
    legacy.lists.set('7', CASE_7);
    await model.listDocuments(alice, '7');
    now = 5 * 60_000 - 1;
    await model.listDocuments(alice, '7');
    expect(legacy.calls).toHaveLength(1);
    now = 5 * 60_000;
    await model.listDocuments(alice, '7');
    expect(legacy.calls).toHaveLength(2);
  });
});
