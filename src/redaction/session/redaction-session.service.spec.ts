import { beforeEach, describe, expect, it } from '@jest/globals';
import { AuditTrail } from '../../audit/audit-trail.service.js';
import { DomainError } from '../../common/domain-error.js';
import type { DocumentText } from '../../common/word-model.js';
import type { IngestedVersions } from '../../ingestion/ingested-versions.port.js';
import type { CaseDocument, DocumentInfo, LegacyCaller, LegacyCms } from '../../legacy/legacy-cms.port.js';
import { InMemoryStateStore } from '../../storage/state/in-memory-state-store.adapter.js';
import { StateLease } from '../../storage/state/state-lease.js';
import type { RedactionRequest, RedactionSaved, RedactionService } from '../redaction.service.js';
import { RedactionSessionSweeper } from './redaction-session-sweeper.service.js';
import { RedactionSessionService } from './redaction-session.service.js';
import { REDACTION_SESSIONS_TABLE, RedactionSessionStore } from './redaction-session.store.js';
import type { RedactionDraft, RedactionSessionRecord } from './redaction-session.types.js';
import { domainFailureOf } from '../../../test/helpers/rejection-of.js';

const TTL = 60_000;
const TARGET = { caseId: '42', documentId: '1001', versionId: '7001' };
const ALICE: LegacyCaller = { username: 'alice.admin', correlationId: 'c-a' };
const BOB: LegacyCaller = { username: 'bob.north', subject: 'sub-bob', correlationId: 'c-b' };
const DRAFT: RedactionDraft = {
  boxes: [{ pageIndex: 0, pageWidth: 612, pageHeight: 792, rect: { x: 10, y: 20, width: 100, height: 14 }, redactionType: 'phone' }],
  words: [{ pageIndex: 0, lineIndex: 0, wordIndex: 1, redactionType: 'other', otherReason: 'a nickname' }],
  pageModifications: [{ pageIndex: 1, action: 'rotate', rotateBy: 90 }],
};
const TEXT: DocumentText = {
  pageCount: 2,
  pages: [
    {
      pageIndex: 0,
      width: 595,
      height: 842,
      rotation: 0,
      source: 'text-layer',
      lines: [{ text: 'Ring 07700', box: { x: 50, y: 100, width: 100, height: 12 }, words: [{ text: 'Ring', box: { x: 50, y: 100, width: 40, height: 12 } }, { text: '07700', box: { x: 95, y: 100, width: 50, height: 12 } }] }],
    },
  ],
};

/** The legacy CMS's check-out rules as the stand-in has them (same user again: no-op; someone else: 3001). */
class FakeLegacy {
  calls: string[] = [];
  checkedOutBy: string | null = null;
  versionId = '7001';
  cancelFailure: Error | null = null;
  listDocuments = (): Promise<CaseDocument[]> =>
    Promise.resolve([
      {
        documentId: '1001',
        versionId: this.versionId,
        title: 'Statement',
        fileName: 's.pdf',
        mimeType: 'application/pdf',
        category: 'Statement',
        documentDate: null,
        parentDocumentId: null,
        isUsed: true,
        isCheckedOut: this.checkedOutBy !== null,
        sizeBytes: 1,
        versions: [{ versionId: '7000', createdAt: null, sizeBytes: 1 }, { versionId: this.versionId, createdAt: null, sizeBytes: 1 }],
      },
    ]);
  getDocumentInfo = (): Promise<DocumentInfo> =>
    Promise.resolve({ documentId: '1001', versionId: this.versionId, fileName: 's.pdf', mimeType: 'application/pdf', sizeBytes: 1, isCheckedOut: this.checkedOutBy !== null, checkedOutBy: this.checkedOutBy });
  checkOutDocument = (caller: LegacyCaller): Promise<void> => {
    this.calls.push(`checkOut:${caller.username}`);
    if (this.checkedOutBy !== null && this.checkedOutBy !== caller.username) return Promise.reject(new DomainError('DOCUMENT_CHECKED_OUT', '3001', { checkedOutBy: this.checkedOutBy }));
    this.checkedOutBy = caller.username;
    return Promise.resolve();
  };
  cancelCheckOut = (caller: LegacyCaller): Promise<void> => {
    this.calls.push(`cancel:${caller.username}`);
    if (this.cancelFailure !== null) return Promise.reject(this.cancelFailure);
    if (this.checkedOutBy !== caller.username) return Promise.reject(new DomainError('DOCUMENT_CHECKED_OUT', '3002', { notCheckedOutByCaller: true }));
    this.checkedOutBy = null;
    return Promise.resolve();
  };
}

describe('RedactionSessionService: the session state machine', () => {
  let state: InMemoryStateStore;
  let legacy: FakeLegacy;
  let clock: number;
  let saves: { caller: string; request: RedactionRequest }[];
  let saveFailure: Error | null;
  let store: RedactionSessionStore;
  let service: RedactionSessionService;
  let audit: AuditTrail;

  const sweeper = () => new RedactionSessionSweeper(service, store, new StateLease(state, () => new Date(clock)), { intervalMs: 1_000, timer: false, now: () => clock });

  beforeEach(() => {
    state = InMemoryStateStore.fromConfig();
    legacy = new FakeLegacy();
    clock = Date.parse('2026-12-05T09:00:00Z');
    saves = [];
    saveFailure = null;
    store = new RedactionSessionStore(state);
    audit = new AuditTrail(state);
    const redaction = {
      save: (caller: LegacyCaller, _target: unknown, request: RedactionRequest): Promise<RedactionSaved> => {
        saves.push({ caller: caller.username, request });
        if (saveFailure !== null) return Promise.reject(saveFailure);
        legacy.checkedOutBy = null;
        legacy.versionId = '7002';
        return Promise.resolve({ documentId: '1001', oldVersionId: '7001', newVersionId: '7002', pages: [0], boxCount: 2 });
      },
    } as unknown as RedactionService;
    const ingested = { readText: () => Promise.resolve(TEXT) } as unknown as IngestedVersions;
    service = new RedactionSessionService(legacy as unknown as LegacyCms, ingested, redaction, store, audit, { ttlMs: TTL, now: () => clock });
  });

  it('starts by checking the document out for the caller; the same user again gets the same session back, without a second check-out', async () => {
    const first = await service.start(BOB, TARGET);
    expect(first.created).toBe(true);
    expect(first.view).toMatchObject({ heldByCaller: true, session: { holder: 'bob.north', state: 'active', expiresAt: clock + TTL }, draft: { value: { boxes: [], words: [], pageModifications: [] } } });
    expect(legacy.checkedOutBy).toBe('bob.north');
    clock += 1_000;
    const again = await service.start(BOB, TARGET);
    expect(again.created).toBe(false);
    expect(again.view.session.sessionId).toBe(first.view.session.sessionId);
    expect(again.view.session.expiresAt).toBe(clock + TTL);
    expect(legacy.calls).toEqual(['checkOut:bob.north']);
  });

  it('refuses someone else with DOCUMENT_CHECKED_OUT naming the holder, and lets them see who holds it but not the draft', async () => {
    await service.start(BOB, TARGET);
    const refused = await domainFailureOf(service.start(ALICE, TARGET));
    expect([refused.code, refused.details]).toEqual(['DOCUMENT_CHECKED_OUT', expect.objectContaining({ checkedOutBy: 'bob.north', sessionHolder: 'bob.north' })]);
    expect(await service.get(ALICE, TARGET)).toMatchObject({ heldByCaller: false, draft: null, session: { holder: 'bob.north' } });
    expect((await domainFailureOf(service.putDraft(ALICE, TARGET, DRAFT, '"x"'))).code).toBe('DOCUMENT_CHECKED_OUT');
    expect((await domainFailureOf(service.cancel(ALICE, TARGET))).code).toBe('DOCUMENT_CHECKED_OUT');
    expect(await service.sessionHolders('42')).toEqual(new Map([['1001', 'bob.north']]));
  });

  it('of two users racing, exactly one gets the session', async () => {
    const results = await Promise.allSettled([service.start(ALICE, TARGET), service.start(BOB, TARGET)]);
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect([won.length, lost.length]).toEqual([1, 1]);
    const winner = (won[0]).value.view.session.holder;
    expect(lost[0].reason).toMatchObject({ code: 'DOCUMENT_CHECKED_OUT', details: { checkedOutBy: winner } });
    expect(legacy.checkedOutBy).toBe(winner);
  });

  it('refuses a version that is not current, and a document checked out in the legacy CMS by someone else (leaving no session)', async () => {
    expect((await domainFailureOf(service.start(BOB, { ...TARGET, versionId: '7000' }))).details).toEqual({ currentVersionId: '7001' });
    legacy.checkedOutBy = 'carol.none';
    const refused = await domainFailureOf(service.start(BOB, TARGET));
    expect([refused.code, refused.details]).toEqual(['DOCUMENT_CHECKED_OUT', { checkedOutBy: 'carol.none' }]);
    expect(await state.list(REDACTION_SESSIONS_TABLE, '42')).toEqual([]);
  });

  it('keeps the draft with optimistic concurrency: 428 without If-Match, 412 on a stale ETag, never the text', async () => {
    const { view } = await service.start(BOB, TARGET);
    const etag = view.draft!.etag;
    expect((await domainFailureOf(service.putDraft(BOB, TARGET, DRAFT, undefined))).code).toBe('PRECONDITION_REQUIRED');
    const saved = await service.putDraft(BOB, TARGET, DRAFT, etag);
    expect(saved.draft!.value).toEqual(DRAFT);
    expect(saved.draft!.etag).not.toBe(etag);
    expect((await domainFailureOf(service.putDraft(BOB, TARGET, { ...DRAFT, boxes: [] }, etag))).code).toBe('PRECONDITION_FAILED');
    expect((await domainFailureOf(service.putDraft(BOB, TARGET, DRAFT, 'garbage'))).code).toBe('PRECONDITION_FAILED');
    // "Another device": a fresh read restores the draft and its ETag.
    expect(await service.get(BOB, TARGET)).toMatchObject({ draft: { value: DRAFT, etag: saved.draft!.etag } });
  });

  it('rejects drafts that are malformed or carry text where only a type belongs', async () => {
    const { view } = await service.start(BOB, TARGET);
    const etag = view.draft!.etag;
    const box = DRAFT.boxes[0];
    expect((await domainFailureOf(service.putDraft(BOB, TARGET, { ...DRAFT, boxes: [{ ...box, rect: { ...box.rect, width: -1 } }] }, etag))).code).toBe('INVALID_GEOMETRY');
    expect((await domainFailureOf(service.putDraft(BOB, TARGET, { ...DRAFT, boxes: [{ ...box, otherReason: 'only for other' }] }, etag))).code).toBe('VALIDATION_FAILED');
    expect((await domainFailureOf(service.putDraft(BOB, TARGET, { ...DRAFT, boxes: [{ ...box, redactionType: 'Ring 07700 900123' }] }, etag))).code).toBe('VALIDATION_FAILED');
    const dup = { ...DRAFT, pageModifications: [{ pageIndex: 1, action: 'delete' as const }, { pageIndex: 1, action: 'delete' as const }] };
    expect((await domainFailureOf(service.putDraft(BOB, TARGET, dup, etag))).code).toBe('VALIDATION_FAILED');
    const extra = { ...DRAFT, boxes: [{ ...box, text: 'Ring 07700' } as typeof box] };
    const stored = await service.putDraft(BOB, TARGET, extra, etag);
    expect(JSON.stringify(stored.draft!.value)).not.toContain('Ring');
  });

  it('heartbeats extend the expiry; an expired session is cancelled by the sweeper, which audits it', async () => {
    await service.start(BOB, TARGET);
    clock += TTL - 1;
    await service.heartbeat(BOB, TARGET);
    clock += TTL - 1;
    const instance = sweeper();
    expect(await instance.runOnce()).toMatchObject({ leader: true, expired: 0 });
    expect(legacy.checkedOutBy).toBe('bob.north');
    clock += 2;
    expect(await instance.runOnce()).toMatchObject({ expired: 1 });
    expect(legacy.checkedOutBy).toBeNull();
    expect(legacy.calls).toContain('cancel:bob.north');
    expect(await state.list(REDACTION_SESSIONS_TABLE, '42')).toEqual([]);
    expect((await domainFailureOf(service.get(BOB, TARGET))).code).toBe('REDACTION_SESSION_NOT_FOUND');
    const day = new Date(clock).toISOString().slice(0, 10);
    expect((await audit.recordsOfDay(day)).map((record) => [record.action, record.actor, record.details?.['checkOutCancelled']])).toEqual([['redaction.session.expire', 'bob.north', true]]);
  });

  it('sweeps on one instance at a time', async () => {
    await service.start(BOB, TARGET);
    clock += TTL;
    const [one, two] = await Promise.all([sweeper().runOnce(), sweeper().runOnce()]);
    expect([one.leader, two.leader].sort()).toEqual([false, true]);
    expect(legacy.calls.filter((call) => call.startsWith('cancel'))).toEqual(['cancel:bob.north']);
  });

  it('finishes an end a crash interrupted after recording the intent, and a failed cancel is retried on the next pass', async () => {
    await service.start(BOB, TARGET);
    const entity = (await store.get('42', '1001'))!;
    // The intent is written (as end() writes it), then the process dies before the check-out is cancelled.
    await store.replace(entity, { ...entity.value, state: 'ending', endReason: 'cancelled' });
    expect((await domainFailureOf(service.start(BOB, TARGET))).code).toBe('REDACTION_SESSION_BUSY');
    legacy.cancelFailure = new DomainError('LEGACY_UNAVAILABLE', 'down');
    const instance = sweeper();
    expect(await instance.runOnce()).toMatchObject({ finished: 0, failed: 1 });
    expect(legacy.checkedOutBy).toBe('bob.north');
    legacy.cancelFailure = null;
    expect(await instance.runOnce()).toMatchObject({ finished: 1, failed: 0 });
    expect(legacy.checkedOutBy).toBeNull();
    expect(await state.list(REDACTION_SESSIONS_TABLE, '42')).toEqual([]);
    // The document is free again.
    expect((await service.start(ALICE, TARGET)).created).toBe(true);
  });

  it('an expired session of someone else is cancelled when another user starts, who then gets the document', async () => {
    await service.start(BOB, TARGET);
    clock += TTL + 1;
    const { view, created } = await service.start(ALICE, TARGET);
    expect([created, view.session.holder, legacy.checkedOutBy]).toEqual([true, 'alice.admin', 'alice.admin']);
    expect(legacy.calls).toEqual(['checkOut:bob.north', 'cancel:bob.north', 'checkOut:alice.admin']);
  });

  it('cancel releases the check-out and drops the draft', async () => {
    const { view } = await service.start(BOB, TARGET);
    await service.putDraft(BOB, TARGET, DRAFT, view.draft!.etag);
    await service.cancel(BOB, TARGET);
    expect(legacy.checkedOutBy).toBeNull();
    expect(await store.getDraft('42', '1001')).toBeNull();
    expect((await domainFailureOf(service.heartbeat(BOB, TARGET))).code).toBe('REDACTION_SESSION_NOT_FOUND');
  });

  it('saves the draft through RedactionService (word references resolved to boxes, no text) and ends the session', async () => {
    const { view } = await service.start(BOB, TARGET);
    expect((await domainFailureOf(service.save(BOB, TARGET, { reasonCodes: [] }))).code).toBe('VALIDATION_FAILED');
    await service.putDraft(BOB, TARGET, DRAFT, view.draft!.etag);
    const feedback = { agency: 'Thames Valley Police', underRedactions: [{ redactionType: 'phone', count: 1 }], overRedactions: [], returnedToAgency: true };
    const saved = await service.save(BOB, TARGET, { reasonCodes: ['PII'], agencyFeedback: feedback });
    expect(saved.newVersionId).toBe('7002');
    expect(saves).toEqual([
      {
        caller: 'bob.north',
        request: {
          redactions: [
            { pageIndex: 0, pageWidth: 612, pageHeight: 792, rects: [{ x: 10, y: 20, width: 100, height: 14, redactionType: 'phone' }] },
            { pageIndex: 0, pageWidth: 595, pageHeight: 842, rects: [{ x: 95, y: 100, width: 50, height: 12, redactionType: 'other', otherReason: 'a nickname' }] },
          ],
          pageModifications: [{ pageIndex: 1, action: 'rotate', rotateBy: 90 }],
          reasonCodes: ['PII'],
          agencyFeedback: feedback,
        },
      },
    ]);
    expect(await state.list(REDACTION_SESSIONS_TABLE, '42')).toEqual([]);
    expect(await store.getDraft('42', '1001')).toBeNull();
    expect(legacy.calls).toEqual(['checkOut:bob.north']);
  });

  it('a failed save leaves the session active, checked out, with its draft', async () => {
    const { view } = await service.start(BOB, TARGET);
    await service.putDraft(BOB, TARGET, DRAFT, view.draft!.etag);
    saveFailure = new DomainError('REDACTION_VERIFICATION_FAILED', 'leak');
    expect((await domainFailureOf(service.save(BOB, TARGET, { reasonCodes: [] }))).code).toBe('REDACTION_VERIFICATION_FAILED');
    expect(await service.get(BOB, TARGET)).toMatchObject({ session: { state: 'active' }, draft: { value: DRAFT } });
    expect(legacy.checkedOutBy).toBe('bob.north');
  });

  it('a save in progress blocks draft writes, cancel and a second save', async () => {
    const { view } = await service.start(BOB, TARGET);
    await service.putDraft(BOB, TARGET, DRAFT, view.draft!.etag);
    const entity = (await store.get('42', '1001'))!;
    await store.replace(entity, { ...entity.value, state: 'saving' } satisfies RedactionSessionRecord);
    const current = await service.get(BOB, TARGET);
    expect((await domainFailureOf(service.putDraft(BOB, TARGET, DRAFT, current.draft!.etag))).code).toBe('REDACTION_SESSION_BUSY');
    expect((await domainFailureOf(service.cancel(BOB, TARGET))).code).toBe('REDACTION_SESSION_BUSY');
    expect((await domainFailureOf(service.save(BOB, TARGET, { reasonCodes: [] }))).code).toBe('REDACTION_SESSION_BUSY');
    expect((await service.heartbeat(BOB, TARGET)).state).toBe('saving');
  });

  it('checkedOutBy: the session holder at once, else the legacy CMS says who', async () => {
    legacy.checkedOutBy = 'carol.none';
    const documents = await legacy.listDocuments();
    expect(await service.checkedOutBy(ALICE, '42', documents)).toEqual(new Map([['1001', 'carol.none']]));
    legacy.checkedOutBy = null;
    await service.start(BOB, TARGET);
    expect(await service.checkedOutBy(ALICE, '42', [{ ...documents[0], isCheckedOut: false }])).toEqual(new Map([['1001', 'bob.north']]));
  });
});
