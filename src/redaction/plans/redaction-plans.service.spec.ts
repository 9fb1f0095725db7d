import { RedactionTypeCatalog } from '../log/redaction-type-catalog.js';
import { describe, expect, it } from '@jest/globals';
import { isDomainError } from '../../common/domain-error.js';
import type { DocumentText, Line, PageText } from '../../common/word-model.js';
import type { IngestedVersions } from '../../ingestion/ingested-versions.port.js';
import type { CaseDocument, LegacyCaller, LegacyCms } from '../../legacy/legacy-cms.port.js';
import type { JobQueue, QueuedJob } from '../../storage/queue/job-queue.port.js';
import { InMemoryStateStore } from '../../storage/state/in-memory-state-store.adapter.js';
import { RedactionSaveInProgress } from '../redaction-save-lock.js';
import { REDACTION_SAVES_TABLE, type RedactionSaveRecord } from '../redaction-save-journal.js';
import type { RedactionService } from '../redaction.service.js';
import { PlanEventsNotifier } from './redaction-plan-events.js';
import { REDACTION_PLANS_TABLE, runKeyOf, type StoredDocumentRun } from './redaction-plan.model.js';
import { RedactionPlanRunner } from './redaction-plan.runner.js';
import { RedactionPlanStore } from './redaction-plan.store.js';
import { LocalPiiDetector } from '../suggestions/local/local-pii-detector.adapter.js';
import { RedactionPlansService, type RedactionPlanApplyJob } from './redaction-plans.service.js';

const CASE_ID = '42';
const caller: LegacyCaller = { username: 'alice.admin', subject: 'sub-alice', correlationId: 'c-1' };

function line(y: number, ...words: string[]): Line {
  return { text: words.join(' '), box: { x: 50, y, width: 400, height: 10 }, words: words.map((text, i) => ({ text, box: { x: 50 + i * 40, y, width: 30, height: 10 } })) };
}
const page = (pageIndex: number, ...lines: Line[]): PageText => ({ pageIndex, width: 595, height: 842, rotation: 0, source: 'text-layer', lines });
const TEXTS: Record<string, DocumentText> = {
  '1001': { pageCount: 2, pages: [page(0, line(100, 'Jane', 'Fairweather', 'said')), page(1, line(100, 'nothing'))] },
  '1002': { pageCount: 1, pages: [page(0, line(100, 'FAIRWEATHER', 'and', 'Jane', 'Fairweather'))] },
  '1003': { pageCount: 1, pages: [page(0, line(100, 'no', 'names', 'here'))] },
  '1004': { pageCount: 1, pages: [page(0, line(100, 'I', 'spoke', 'to', 'Tobias', 'FENWICK,', 'DOB:', '14/2/65.'), line(120, 'Later', 'Fenwick', 'left.'))] },
  '1002-1': { pageCount: 1, pages: [page(0, line(100, 'Jane', 'Fairweather'))] },
};
const VERSIONS = new Map([
  ['1001', '7001'],
  ['1002', '7002'],
  ['1003', '7003'],
  ['1004', '7004'],
  ['1002-1', '7002'],
]);

function setup() {
  const state = new InMemoryStateStore();
  const store = new RedactionPlanStore(state);
  const enqueued: RedactionPlanApplyJob[] = [];
  const ingested = { readText: (ref: { documentId: string }) => Promise.resolve(TEXTS[ref.documentId] ?? null), currentVersions: () => Promise.resolve(VERSIONS) } as unknown as IngestedVersions;
  const current: Record<string, string> = { '1001': '7001', '1002': '7002', '1003': '7003' };
  const legacy = {
    getWitnesses: () => Promise.resolve({ value: [{ witnessId: '3', firstNames: 'Jane', surname: 'Fairweather', dateOfBirth: null, address: null, phone: null, isVulnerable: false, isIntimidated: false }], warnings: [] }),
    getDefendants: () => Promise.resolve([]),
    listDocuments: () => Promise.resolve(Object.entries(current).map(([documentId, versionId]) => ({ documentId, versionId }) as CaseDocument)),
  } as unknown as LegacyCms;
  const queue = { enqueue: (_queue: string, job: RedactionPlanApplyJob) => Promise.resolve(String(enqueued.push(job))) } as unknown as JobQueue;
  const service = new RedactionPlansService(legacy, ingested, queue, store, { buildConcurrency: 2 }, LocalPiiDetector.fromConfig());
  const saves: { documentId: string; boxes: number; caller: LegacyCaller }[] = [];
  /** Documents whose save lock another save holds (on any instance). */
  const locked = new Set<string>();
  const redaction = {
    save: (as: LegacyCaller, target: { documentId: string; versionId: string }, request: { redactions: { rects: unknown[] }[] }) => {
      if (locked.has(target.documentId)) return Promise.reject(new RedactionSaveInProgress());
      saves.push({ documentId: target.documentId, boxes: request.redactions.reduce((sum, r) => sum + r.rects.length, 0), caller: as });
      const newVersionId = String(Number(target.versionId) + 100);
      current[target.documentId] = newVersionId;
      return Promise.resolve({ documentId: target.documentId, oldVersionId: target.versionId, newVersionId, pages: [0], boxCount: 1 });
    },
  } as unknown as RedactionService;
  const runner = new RedactionPlanRunner(queue, state, legacy, store, redaction, new PlanEventsNotifier(), { visibilityTimeoutMs: 3_000, maxAttempts: 3, crashAt: null }, new RedactionTypeCatalog(['named-person', 'address']));
  const job = (planId: string, attempt = 1): QueuedJob<RedactionPlanApplyJob> => ({ id: 'j', queue: 'redaction-plans', payload: { caseId: CASE_ID, planId }, attempt });
  return { state, store, service, runner, saves, current, enqueued, job, locked };
}

const codeOf = async (promise: Promise<unknown>): Promise<string> => promise.then(() => 'no error', (error: unknown) => (isDomainError(error) ? error.code : String(error)));

describe('RedactionPlansService', () => {
  it('builds a plan of the documents that name the person, attachments blocked, the first answer with the matched text', async () => {
    const { service } = setup();
    const view = await service.create(caller, CASE_ID, { terms: [], categories: [], people: [{ kind: 'witness', id: '3', categories: ['name'] }] });
    expect(view.documents.map((document) => [document.documentId, document.decision, document.blockedBy])).toEqual([
      ['1001', 'accepted', null],
      ['1002', 'accepted', null],
      ['1002-1', 'rejected', 'ATTACHMENT_NOT_REDACTABLE'],
    ]);
    expect(view.plan).toMatchObject({ documentCount: 3, documentsSearched: 5, boxCount: 4, revision: 1 });
    expect(view.documents[1].pages[0].boxes.map((box) => box.text)).toEqual(['FAIRWEATHER', 'Jane Fairweather']);
    const read = await service.view(CASE_ID, view.plan.planId, { limit: 1, after: '1001' });
    expect(read.documents.map((document) => document.documentId)).toEqual(['1002']);
    expect(read.nextAfter).toBe('1002');
    expect(await codeOf(service.view('43', view.plan.planId, {}))).toBe('REDACTION_PLAN_NOT_FOUND');
  });

  it('finds suggestion categories with the PiiDetector: a person the case data does not list, their later mention and date of birth under one person key', async () => {
    const { service } = setup();
    const view = await service.create(caller, CASE_ID, { terms: [], categories: ['name', 'dob'], people: [] });
    const fenwick = view.documents.find((document) => document.documentId === '1004')!;
    const boxes = fenwick.pages[0].boxes.map((box) => [box.text, box.origin, box.personKey]);
    expect(boxes).toEqual([
      ['Tobias FENWICK,', { kind: 'category', category: 'name' }, 'person-2'],
      ['14/2/65.', { kind: 'category', category: 'dob' }, 'person-2'],
      ['Fenwick', { kind: 'category', category: 'name' }, 'person-2'],
    ]);
    const jane = view.documents.find((document) => document.documentId === '1001')!;
    expect(jane.pages[0].boxes.map((box) => [box.text, box.personKey])).toEqual([['Jane Fairweather', 'person-1']]);
    // Terms and named people carry no person key.
    const byTerm = await service.create(caller, CASE_ID, { terms: ['Fenwick'], categories: [], people: [] });
    expect(byTerm.documents.flatMap((document) => document.pages.flatMap((page) => page.boxes.map((box) => box.personKey)))).toEqual([null, null]);
  });

  it('reviews only the plan as read: the second of two reviewers with the same ETag is refused, nothing of theirs written', async () => {
    const { service } = setup();
    const { plan, etag } = await service.create(caller, CASE_ID, { terms: ['Fairweather'], categories: [], people: [] });
    expect(await codeOf(service.review(CASE_ID, plan.planId, undefined, []))).toBe('PRECONDITION_REQUIRED');
    const first = await service.review(CASE_ID, plan.planId, etag, [{ documentId: '1001', decision: 'rejected' }]);
    expect(await codeOf(service.review(CASE_ID, plan.planId, etag, [{ documentId: '1002', rejectBoxes: ['0.0'] }]))).toBe('PRECONDITION_FAILED');
    expect(first.documents.find((document) => document.documentId === '1002')?.acceptedBoxCount).toBe(2);
    expect(await codeOf(service.review(CASE_ID, plan.planId, first.etag, [{ documentId: '1002', rejectBoxes: ['9.9'] }]))).toBe('VALIDATION_FAILED');
    expect(await codeOf(service.review(CASE_ID, plan.planId, first.etag, [{ documentId: '1002-1', decision: 'accepted' }]))).toBe('VALIDATION_FAILED');
    const second = await service.review(CASE_ID, plan.planId, first.etag, [{ documentId: '1002', rejectBoxes: ['0.0'] }]);
    expect(second.plan.revision).toBe(3);
    expect(second.documents.find((document) => document.documentId === '1002')?.pages[0].boxes.map((box) => box.decision)).toEqual(['rejected', 'accepted']);
  });
});

describe('RedactionPlanRunner', () => {
  it('applies as the user who asked: rejected and moved-on documents skipped, the rest saved with their accepted boxes only', async () => {
    const { service, runner, saves, current, enqueued, job } = setup();
    const { plan, etag } = await service.create(caller, CASE_ID, { terms: ['Fairweather'], categories: [], people: [] });
    const reviewed = await service.review(CASE_ID, plan.planId, etag, [{ documentId: '1002', rejectBoxes: ['0.0'] }]);
    current['1001'] = '7999';
    await service.apply({ ...caller, correlationId: 'c-2' }, CASE_ID, plan.planId, reviewed.etag, ['PII']);
    expect(enqueued).toEqual([{ caseId: CASE_ID, planId: plan.planId }]);
    const applying = await service.view(CASE_ID, plan.planId, { limit: 0 });
    expect(await codeOf(service.review(CASE_ID, plan.planId, applying.etag, []))).toBe('REDACTION_PLAN_NOT_EDITABLE');
    await runner.handle(job(plan.planId));
    expect(saves.map((save) => [save.documentId, save.boxes, save.caller.username, save.caller.subject])).toEqual([['1002', 1, 'alice.admin', 'sub-alice']]);
    const done = await service.view(CASE_ID, plan.planId, {});
    expect(done.plan.status).toBe('applied');
    expect(done.report).toMatchObject({
      saved: [{ documentId: '1002', oldVersionId: '7002', newVersionId: '7102' }],
      failed: [],
      skipped: [
        { documentId: '1001', reason: 'DOCUMENT_VERSION_NOT_CURRENT' },
        { documentId: '1002-1', reason: 'ATTACHMENT_NOT_REDACTABLE' },
      ],
      pending: 0,
    });
    expect(await codeOf(service.apply(caller, CASE_ID, plan.planId, undefined, []))).toBe('REDACTION_PLAN_NOT_EDITABLE');
  });

  it('resumes a document whose save began before a crash from the save journal: saved once, open waits, never begun saves now', async () => {
    const { state, store, service, runner, saves, job } = setup();
    const { plan } = await service.create(caller, CASE_ID, { terms: ['Fairweather'], categories: [], people: [] });
    await service.apply(caller, CASE_ID, plan.planId, undefined, []);
    const saving = (documentId: string, correlationId: string): StoredDocumentRun => ({
      documentId,
      versionId: VERSIONS.get(documentId)!,
      state: 'saving',
      correlationId,
      startedAtMs: 1_000_000,
      newVersionId: null,
      boxCount: 1,
      code: null,
      message: null,
    });
    await state.put(REDACTION_PLANS_TABLE, plan.planId, runKeyOf('1001'), saving('1001', 'corr-done'));
    await state.put(REDACTION_PLANS_TABLE, plan.planId, runKeyOf('1002'), saving('1002', 'corr-open'));
    const record = (correlationId: string, step: RedactionSaveRecord['step'], newVersionId: string | null) => ({ correlationId, step, newVersionId }) as RedactionSaveRecord;
    await state.put(REDACTION_SAVES_TABLE, 'closed', `${'1000500'.padStart(15, '0')}-a`, record('corr-done', 'done', '7555'));
    await state.put(REDACTION_SAVES_TABLE, 'open', `${'1000600'.padStart(15, '0')}-b`, record('corr-open', 'checked-in', '7666'));

    // The open save is still being recovered: the delivery fails (to be retried), 1001 is recorded without a save.
    await expect(runner.handle(job(plan.planId, 2))).rejects.toThrow(/still being recovered/);
    expect(saves).toEqual([]);
    expect((await store.run(plan.planId, '1001'))?.value).toMatchObject({ state: 'saved', newVersionId: '7555' });

    // Recovery undid it: the next delivery saves 1002 now (its version is still current).
    await state.delete(REDACTION_SAVES_TABLE, 'open', `${'1000600'.padStart(15, '0')}-b`);
    await state.put(REDACTION_SAVES_TABLE, 'closed', `${'1000600'.padStart(15, '0')}-b`, record('corr-open', 'undone', null));
    await runner.handle(job(plan.planId, 3));
    expect(saves.map((save) => save.documentId)).toEqual(['1002']);
    const events = await store.events(plan.planId, 0);
    expect(events.map((event) => event.event)).toEqual(['progress', 'document', 'progress', 'document', 'document', 'done']);
    expect(events.map((event) => event.sequence)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('tries a document again on a later delivery when another save holds its lock, instead of failing it', async () => {
    const { service, store, runner, saves, job, locked } = setup();
    const { plan } = await service.create(caller, CASE_ID, { terms: ['Fairweather'], categories: [], people: [] });
    await service.apply(caller, CASE_ID, plan.planId, undefined, []);
    locked.add('1001');
    await expect(runner.handle(job(plan.planId))).rejects.toThrow(/still being recovered/);
    expect((await store.run(plan.planId, '1001'))?.value).toMatchObject({ state: 'saving' });
    locked.clear();
    await runner.handle(job(plan.planId, 2));
    expect(saves.map((save) => save.documentId)).toEqual(['1001', '1002']);
    expect((await service.view(CASE_ID, plan.planId, {})).report).toMatchObject({ saved: [{ documentId: '1001' }, { documentId: '1002' }], failed: [] });
  });
});
