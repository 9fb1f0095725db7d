import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../../common/domain-error.js';
import { INGESTED_VERSIONS, type IngestedVersions } from '../../ingestion/ingested-versions.port.js';
import { LEGACY_CMS, type LegacyCaller, type LegacyCms } from '../../legacy/legacy-cms.port.js';
import { JOB_QUEUE, type JobQueue } from '../../storage/queue/job-queue.port.js';
import { StateConflictError, type StateEntity } from '../../storage/state/state-store.port.js';
import { MAX_RECTS_PER_REQUEST } from '../redaction.types.js';
import { casePeople, type CasePerson } from '../suggestions/case-people.js';
import type { SuggestionCategory } from '../suggestions/suggestion.types.js';
import { PII_DETECTOR, type PiiDetector } from '../suggestions/pii-detector.port.js';
import { compilePlanQuery, detectPlanSpans, planDocumentPages, wordsText } from './redaction-plan.builder.js';
import { PLAN_KEY, PERSON_CATEGORIES, type PersonCategory, type PlanBox, type PlanDecision, type PlanPersonKind, type StoredDocumentRun, type StoredPlan, type StoredPlanDocument } from './redaction-plan.model.js';
import { RedactionPlanStore } from './redaction-plan.store.js';

export const REDACTION_PLAN_QUEUE = 'redaction-plans';
export const REDACTION_PLANS_OPTIONS = Symbol('RedactionPlansOptions');

export interface RedactionPlansOptions {
  /** Documents whose words are read and matched at once while a plan is built. */
  readonly buildConcurrency: number;
}

export interface RedactionPlanApplyJob {
  readonly caseId: string;
  readonly planId: string;
}

export interface CreatePlanRequest {
  readonly terms: readonly string[];
  readonly categories: readonly SuggestionCategory[];
  readonly people: readonly { readonly kind: PlanPersonKind; readonly id: string; readonly categories?: readonly PersonCategory[] }[];
}

export interface ReviewChange {
  readonly documentId: string;
  readonly decision?: PlanDecision;
  readonly rejectBoxes?: readonly string[];
  readonly acceptBoxes?: readonly string[];
}

/** A box as answered: its text read from the version's stored words now (null when they are no longer stored). */
export interface PlanBoxView {
  readonly boxId: string;
  readonly decision: PlanDecision;
  readonly origin: StoredPlanDocument['pages'][number]['boxes'][number]['origin'];
  readonly text: string | null;
  readonly rects: StoredPlanDocument['pages'][number]['boxes'][number]['rects'];
  /** A suggestion category's box: its person within the document, as suggestions give it; else null. */
  readonly personKey: string | null;
}

export interface PlanDocumentView {
  readonly documentId: string;
  readonly versionId: string;
  readonly decision: PlanDecision;
  readonly blockedBy: StoredPlanDocument['blockedBy'];
  readonly pageCount: number;
  readonly boxCount: number;
  readonly acceptedBoxCount: number;
  readonly pages: readonly { readonly pageIndex: number; readonly width: number; readonly height: number; readonly boxes: readonly PlanBoxView[] }[];
}

export interface PlanReport {
  readonly saved: readonly { documentId: string; oldVersionId: string; newVersionId: string; boxCount: number }[];
  readonly failed: readonly { documentId: string; versionId: string; code: string; message: string }[];
  readonly skipped: readonly { documentId: string; versionId: string; reason: string; message: string }[];
  readonly pending: number;
}

export interface PlanView {
  readonly plan: StoredPlan;
  readonly etag: string;
  readonly documents: readonly PlanDocumentView[];
  readonly nextAfter: string | null;
  readonly report: PlanReport | null;
}

/** Boxes one document may carry in a plan (the most one redaction request may apply). */
export const MAX_PLAN_BOXES_PER_DOCUMENT = MAX_RECTS_PER_REQUEST;
export const MAX_PLAN_PAGE = 100;
export const DEFAULT_PLAN_PAGE = 20;

export const planEtagOf = (plan: StoredPlan): string => `"${plan.planId}.${plan.revision}"`;

/**
 * Case-wide redaction plans: built from the words ingestion stored for every current, indexed version of the case;
 * reviewed per document and per box (conditional on the plan's ETag); applied by a job (RedactionPlanRunner) that
 * runs one redaction per accepted document as the user who asked. The store holds boxes and word references, never
 * document text nor the terms: matched text is read from the stored words when a plan is answered.
 */
@Injectable()
export class RedactionPlansService {
  private readonly logger = new Logger('RedactionPlansService');

  constructor(
    @Inject(LEGACY_CMS) private readonly legacy: LegacyCms,
    @Inject(INGESTED_VERSIONS) private readonly ingested: IngestedVersions,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly store: RedactionPlanStore,
    @Inject(REDACTION_PLANS_OPTIONS) private readonly options: RedactionPlansOptions,
    @Inject(PII_DETECTOR) private readonly detector: PiiDetector,
  ) {}

  async create(caller: LegacyCaller, caseId: string, request: CreatePlanRequest): Promise<PlanView> {
    if (request.terms.length === 0 && request.categories.length === 0 && request.people.length === 0) {
      throw new DomainError('VALIDATION_FAILED', 'Give at least one term, suggestion category or person.', { field: 'terms' });
    }
    const { named, everyone } = await this.people(caller, caseId, request.people);
    const versions = await this.ingested.currentVersions(caseId);
    if (versions === null) {
      throw new DomainError('DOCUMENT_NOT_INGESTED', 'The case has not been ingested yet: refresh it, and build the plan when the tracker shows it indexed.');
    }
    const query = compilePlanQuery({ terms: request.terms, people: named, categories: request.categories, casePeople: everyone });
    const refs = [...versions].map(([documentId, versionId]) => ({ caseId, documentId, versionId })).sort((a, b) => compareIds(a.documentId, b.documentId));
    const found = await mapBounded(refs, this.options.buildConcurrency, async (ref) => {
      const text = await this.ingested.readText(ref);
      if (text === null) return null;
      // Suggestion categories are found by the same PiiDetector as suggestions (names the case data does not list, person keys).
      const pages = planDocumentPages(text, query, request.categories.length === 0 ? undefined : await detectPlanSpans(text, everyone, this.detector));
      // The boxes' text for the first answer, so it need not read the words again; held in memory only.
      const boxTexts = new Map(pages.flatMap((page) => page.boxes.map((box) => [box.boxId, wordsText(text.pages.find((candidate) => candidate.pageIndex === page.pageIndex), box.words)] as const)));
      return { ref, pageCount: text.pageCount, pages, boxTexts };
    });
    const documents: StoredPlanDocument[] = [];
    for (const document of found) {
      if (document === null || document.pages.length === 0) continue;
      const boxCount = document.pages.reduce((sum, page) => sum + page.boxes.length, 0);
      const blockedBy = document.ref.documentId.includes('-') ? 'ATTACHMENT_NOT_REDACTABLE' : boxCount > MAX_PLAN_BOXES_PER_DOCUMENT ? 'TOO_MANY_MATCHES' : null;
      documents.push({
        position: documents.length,
        documentId: document.ref.documentId,
        versionId: document.ref.versionId,
        pageCount: document.pageCount,
        // A document over the limit keeps its count, not its boxes (a plan entity must stay small).
        pages: blockedBy === 'TOO_MANY_MATCHES' ? [] : document.pages,
        boxCount,
        decision: blockedBy === null ? 'accepted' : 'rejected',
        rejectedBoxIds: [],
        blockedBy,
      });
    }
    const plan: StoredPlan = {
      planId: randomUUID(),
      caseId,
      createdBy: caller.username,
      createdAt: new Date().toISOString(),
      status: 'review',
      revision: 1,
      selectors: {
        termCount: request.terms.length,
        categories: [...new Set(request.categories)],
        people: request.people.map((person) => ({ kind: person.kind, id: person.id, categories: [...(person.categories ?? PERSON_CATEGORIES)] })),
      },
      documentCount: documents.length,
      pageCount: documents.reduce((sum, document) => sum + document.pages.length, 0),
      boxCount: documents.reduce((sum, document) => sum + document.boxCount, 0),
      documentsSearched: found.filter((document) => document !== null).length,
      documentIds: documents.map((document) => document.documentId),
      applier: null,
      finishedAt: null,
    };
    await this.store.create(plan, documents);
    this.logger.log({ correlationId: caller.correlationId, caseId, planId: plan.planId, documents: plan.documentCount, boxes: plan.boxCount }, 'redaction plan built');
    const page = documents.slice(0, DEFAULT_PLAN_PAGE);
    const texts = new Map(found.flatMap((document) => (document === null ? [] : [[document.ref.documentId, document.boxTexts] as const])));
    return {
      plan,
      etag: planEtagOf(plan),
      documents: page.map((document) => documentView(document, (pageIndex, box) => texts.get(document.documentId)?.get(box.boxId) ?? null)),
      nextAfter: documents.length > page.length ? page.at(-1)!.documentId : null,
      report: null,
    };
  }

  /** The plan, a page of its documents (matched text read from the stored words) and, once applying, the report. */
  async view(caseId: string, planId: string, paging: { after?: string; limit?: number }): Promise<PlanView> {
    const plan = await this.plan(caseId, planId);
    const afterPosition = paging.after === undefined ? undefined : positionOf(plan.value, paging.after);
    const limit = paging.limit ?? DEFAULT_PLAN_PAGE;
    const entities = await this.store.documents(planId, { ...(afterPosition === undefined ? {} : { afterPosition }), limit: limit + 1 });
    const page = entities.slice(0, limit).map((entity) => entity.value);
    const documents = await mapBounded(page, this.options.buildConcurrency, async (document) => {
      const text = await this.ingested.readText({ caseId, documentId: document.documentId, versionId: document.versionId });
      return documentView(document, (pageIndex, box) => (text === null ? null : wordsText(text.pages.find((candidate) => candidate.pageIndex === pageIndex), box.words)));
    });
    return {
      plan: plan.value,
      etag: planEtagOf(plan.value),
      documents,
      nextAfter: entities.length > limit && page.length > 0 ? page.at(-1)!.documentId : null,
      report: plan.value.status === 'review' ? null : reportOf(plan.value, await this.store.runs(planId)),
    };
  }

  /** Accepts or rejects documents and boxes, if the plan is still as the reviewer read it (`If-Match`). */
  async review(caseId: string, planId: string, ifMatch: string | undefined, changes: readonly ReviewChange[]): Promise<PlanView> {
    if (ifMatch === undefined) throw new DomainError('PRECONDITION_REQUIRED', 'Send If-Match with the ETag of the plan as you read it.');
    const plan = await this.plan(caseId, planId);
    if (!etagMatches(ifMatch, plan.value)) throw changed();
    if (plan.value.status !== 'review') throw notEditable(plan.value);
    const byId = new Map<string, ReviewChange[]>();
    for (const change of changes) byId.set(change.documentId, [...(byId.get(change.documentId) ?? []), change]);
    const updates: { entity: StateEntity<StoredPlanDocument>; value: StoredPlanDocument }[] = [];
    for (const [documentId, documentChanges] of byId) {
      const position = plan.value.documentIds.indexOf(documentId);
      const entity = position < 0 ? null : await this.store.document(planId, position);
      if (entity === null) throw new DomainError('VALIDATION_FAILED', `The plan has no document ${documentId}.`, { field: 'documents' });
      updates.push({ entity, value: documentChanges.reduce(applyChange, entity.value) });
    }
    try {
      await this.store.review(plan, { ...plan.value, revision: plan.value.revision + 1 }, updates);
    } catch (error) {
      if (error instanceof StateConflictError) throw changed();
      throw error;
    }
    return this.view(caseId, planId, {});
  }

  /**
   * Starts applying the plan as the caller: the plan leaves review and a job is queued. Asking again while it is
   * applying queues the job again (a lost enqueue is recovered; a second job finds the work taken and stops).
   */
  async apply(caller: LegacyCaller, caseId: string, planId: string, ifMatch: string | undefined, reasonCodes: readonly string[]): Promise<PlanView> {
    const plan = await this.plan(caseId, planId);
    if (ifMatch !== undefined && !etagMatches(ifMatch, plan.value)) throw changed();
    if (plan.value.status === 'applied') throw notEditable(plan.value);
    if (plan.value.status === 'review') {
      const next: StoredPlan = {
        ...plan.value,
        status: 'applying',
        revision: plan.value.revision + 1,
        applier: { username: caller.username, ...(caller.subject === undefined ? {} : { subject: caller.subject }), requestedAt: new Date().toISOString(), reasonCodes: [...reasonCodes] },
      };
      try {
        await this.store.putPlan(next, { ifMatch: plan.etag });
      } catch (error) {
        if (error instanceof StateConflictError) throw changed();
        throw error;
      }
    }
    await this.queue.enqueue<RedactionPlanApplyJob>(REDACTION_PLAN_QUEUE, { caseId, planId });
    return this.view(caseId, planId, { limit: 0 });
  }

  /** The plan of this case (a plan of another case is not found, whoever asks). */
  async plan(caseId: string, planId: string): Promise<StateEntity<StoredPlan>> {
    const plan = await this.store.plan(planId);
    if (plan === null || plan.value.caseId !== caseId || plan.key !== PLAN_KEY) throw new DomainError('REDACTION_PLAN_NOT_FOUND', 'The case has no redaction plan with this id.');
    return plan;
  }

  /** The named people (as the legacy CMS lets the caller see them) and, for suggestion categories, everyone. */
  private async people(caller: LegacyCaller, caseId: string, requested: CreatePlanRequest['people']): Promise<{ named: { person: CasePerson; categories: PersonCategory[] }[]; everyone: CasePerson[] }> {
    const [witnesses, defendants] = await Promise.all([this.legacy.getWitnesses(caller, caseId), this.legacy.getDefendants(caller, caseId)]);
    const named = requested.map(({ kind, id, categories }) => {
      const person =
        kind === 'witness'
          ? witnesses.value.find((witness) => witness.witnessId === id)
          : defendants.find((defendant) => defendant.defendantId === id);
      if (person === undefined) throw new DomainError('VALIDATION_FAILED', `The case has no ${kind} with id ${id}.`, { field: 'people' });
      const [asPerson] = kind === 'witness' ? casePeople([person as (typeof witnesses.value)[number]], []) : casePeople([], [person as (typeof defendants)[number]]);
      return { person: asPerson, categories: [...(categories ?? PERSON_CATEGORIES)] };
    });
    return { named, everyone: casePeople(witnesses.value, defendants) };
  }
}

/** A run of the apply as the report tells it. */
export function reportOf(plan: StoredPlan, runs: readonly StoredDocumentRun[]): PlanReport {
  const finished = runs.filter((run) => run.state !== 'saving');
  return {
    saved: finished.filter((run) => run.state === 'saved').map((run) => ({ documentId: run.documentId, oldVersionId: run.versionId, newVersionId: run.newVersionId ?? '', boxCount: run.boxCount })),
    failed: finished.filter((run) => run.state === 'failed').map((run) => ({ documentId: run.documentId, versionId: run.versionId, code: run.code ?? 'INTERNAL', message: run.message ?? '' })),
    skipped: finished.filter((run) => run.state === 'skipped').map((run) => ({ documentId: run.documentId, versionId: run.versionId, reason: run.code ?? 'REJECTED', message: run.message ?? '' })),
    pending: plan.documentCount - finished.length,
  };
}

/** The matched text of a box (null when the version's words are no longer stored). */
type BoxText = (pageIndex: number, box: PlanBox) => string | null;

function documentView(document: StoredPlanDocument, textOf: BoxText): PlanDocumentView {
  const rejected = new Set(document.rejectedBoxIds);
  let accepted = 0;
  const pages = document.pages.map((page) => {
    return {
      pageIndex: page.pageIndex,
      width: page.width,
      height: page.height,
      boxes: page.boxes.map((box): PlanBoxView => {
        const decision: PlanDecision = document.decision === 'accepted' && !rejected.has(box.boxId) ? 'accepted' : 'rejected';
        if (decision === 'accepted') accepted += 1;
        return { boxId: box.boxId, decision, origin: box.origin, text: textOf(page.pageIndex, box), rects: box.rects, personKey: box.personKey ?? null };
      }),
    };
  });
  return {
    documentId: document.documentId,
    versionId: document.versionId,
    decision: document.decision,
    blockedBy: document.blockedBy,
    pageCount: document.pageCount,
    boxCount: document.boxCount,
    acceptedBoxCount: accepted,
    pages,
  };
}

function applyChange(document: StoredPlanDocument, change: ReviewChange): StoredPlanDocument {
  const known = new Set(document.pages.flatMap((page) => page.boxes.map((box) => box.boxId)));
  for (const boxId of [...(change.rejectBoxes ?? []), ...(change.acceptBoxes ?? [])]) {
    if (!known.has(boxId)) throw new DomainError('VALIDATION_FAILED', `Document ${document.documentId} has no box ${boxId}.`, { field: 'documents' });
  }
  if (change.decision === 'accepted' && document.blockedBy !== null) {
    throw new DomainError('VALIDATION_FAILED', `Document ${document.documentId} cannot be redacted here (${document.blockedBy}).`, { field: 'documents' });
  }
  const rejected = new Set(document.rejectedBoxIds);
  for (const boxId of change.rejectBoxes ?? []) rejected.add(boxId);
  for (const boxId of change.acceptBoxes ?? []) rejected.delete(boxId);
  return { ...document, decision: change.decision ?? document.decision, rejectedBoxIds: [...rejected].sort() };
}

function positionOf(plan: StoredPlan, documentId: string): number {
  const position = plan.documentIds.indexOf(documentId);
  if (position < 0) throw new DomainError('VALIDATION_FAILED', 'after must be a document id of the plan.', { field: 'after' });
  return position;
}

function etagMatches(ifMatch: string, plan: StoredPlan): boolean {
  const etag = planEtagOf(plan);
  return ifMatch.split(',').some((candidate) => candidate.trim() === '*' || candidate.trim().replace(/^W\//, '') === etag);
}

const changed = (): DomainError => new DomainError('PRECONDITION_FAILED', 'The plan changed since you read it: read it again and redo your change.');
const notEditable = (plan: StoredPlan): DomainError =>
  new DomainError('REDACTION_PLAN_NOT_EDITABLE', plan.status === 'applied' ? 'The plan was applied; build a new plan.' : 'The plan is being applied; its review is closed.');

/** Decimal ids in numeric order, attachments (`1001-2`) after their e-mail. */
function compareIds(a: string, b: string): number {
  const [aId, aChild] = a.split('-').map(Number);
  const [bId, bChild] = b.split('-').map(Number);
  return aId - bId || (aChild ?? -1) - (bChild ?? -1) || a.localeCompare(b);
}

async function mapBounded<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
  return results;
}
