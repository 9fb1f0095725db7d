import { RedactionTypeCatalog } from '../log/redaction-type-catalog.js';
import type { SuggestionCategory } from '../suggestions/suggestion.types.js';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { isDomainError } from '../../common/domain-error.js';
import { InstanceRole } from '../../config/instance-role.js';
import { LEGACY_CMS, type CaseDocument, type LegacyCaller, type LegacyCms } from '../../legacy/legacy-cms.port.js';
import { JOB_QUEUE, type JobQueue, type QueuedJob } from '../../storage/queue/job-queue.port.js';
import { STATE_STORE, StateConflictError, type StateEntity, type StateStore, type WriteCondition } from '../../storage/state/state-store.port.js';
import { RedactionSaveInProgress } from '../redaction-save-lock.js';
import { RedactionService } from '../redaction.service.js';
import type { PageRedaction } from '../redaction.types.js';
import { planSaveOutcome } from './plan-save-lookup.js';
import { PlanEventsNotifier } from './redaction-plan-events.js';
import type { PlanBoxOrigin, StoredDocumentRun, StoredPlan, StoredPlanDocument, StoredPlanEvent } from './redaction-plan.model.js';
import { RedactionPlanStore } from './redaction-plan.store.js';
import { REDACTION_PLAN_QUEUE, reportOf, type RedactionPlanApplyJob } from './redaction-plans.service.js';

export const REDACTION_PLAN_RUNNER_OPTIONS = Symbol('RedactionPlanRunnerOptions');

export interface RedactionPlanRunnerOptions {
  /** The job's lease, renewed while it runs; a dead runner's job is delivered again after it. */
  readonly visibilityTimeoutMs: number;
  readonly maxAttempts: number;
  /** Test only (REDACTION_SAVE_CRASH_AT=plan-saved-unrecorded): SIGKILL after a save, before its progress is written. */
  readonly crashAt: string | null;
}

export const PLAN_CRASH_POINT = 'plan-saved-unrecorded';

/** A save the journal still has open (recovery will finish or undo it), or another save holding the document: the job is tried again later. */
class SaveStillOpen extends Error {
  constructor(documentId: string) {
    super(`the save of document ${documentId} is still being recovered, or another save holds the document`);
    this.name = 'SaveStillOpen';
  }
}

/** Another delivery of the job holds this plan's progress now: this one stops. */
class TakenOver extends Error {}

interface RunContext {
  readonly plan: StoredPlan;
  readonly caller: LegacyCaller;
  sequence: number;
  current: ReadonlyMap<string, CaseDocument> | null;
}

/**
 * Applies plans: one redaction per accepted document through RedactionService.save (verification, check-out,
 * check-in, log, re-ingestion), as the user who asked, one document after another. Progress is durable per
 * document, so a job delivered again after a crash resumes where it stopped: a document whose save was started is
 * looked up in the save journal by its correlation id (saved: recorded, not saved again; still open: wait for
 * recovery; not saved: saved now if its version is still current). A version that moved on is skipped.
 */
@Injectable()
export class RedactionPlanRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RedactionPlanRunner');
  private stopConsuming: (() => Promise<void>) | null = null;

  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(STATE_STORE) private readonly state: StateStore,
    @Inject(LEGACY_CMS) private readonly legacy: LegacyCms,
    private readonly store: RedactionPlanStore,
    private readonly redaction: RedactionService,
    private readonly notifier: PlanEventsNotifier,
    @Inject(REDACTION_PLAN_RUNNER_OPTIONS) private readonly options: RedactionPlanRunnerOptions,
    private readonly types: RedactionTypeCatalog,
    @Optional() private readonly role: InstanceRole = InstanceRole.all,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.role.runsBackgroundWork) return;
    this.stopConsuming = this.queue.consume<RedactionPlanApplyJob>(REDACTION_PLAN_QUEUE, (job) => this.handle(job), {
      concurrency: 1,
      visibilityTimeoutMs: this.options.visibilityTimeoutMs,
      maxAttempts: this.options.maxAttempts,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const stop = this.stopConsuming;
    this.stopConsuming = null;
    if (stop !== null) await stop();
  }

  async handle(job: QueuedJob<RedactionPlanApplyJob>): Promise<void> {
    const entity = await this.store.plan(job.payload.planId);
    if (entity === null || entity.value.caseId !== job.payload.caseId || entity.value.status !== 'applying' || entity.value.applier === null) return;
    const plan = entity.value;
    const applier = plan.applier!;
    const context: RunContext = {
      plan,
      caller: { username: applier.username, ...(applier.subject === undefined ? {} : { subject: applier.subject }), correlationId: randomUUID() },
      sequence: await this.store.lastEventSequence(plan.planId),
      current: null,
    };
    try {
      await this.event(context, 'progress', { ...this.counts(plan, await this.store.runs(plan.planId)), attempt: job.attempt });
      for (const entityOfDocument of await this.store.documents(plan.planId)) await this.runDocument(context, entityOfDocument.value);
      await this.finish(context);
    } catch (error) {
      if (error instanceof TakenOver) {
        this.logger.warn({ planId: plan.planId }, 'another delivery of the apply job holds the plan; this one stops');
        return;
      }
      throw error;
    }
  }

  private async runDocument(context: RunContext, document: StoredPlanDocument): Promise<void> {
    const planId = context.plan.planId;
    const run = await this.store.run(planId, document.documentId);
    if (run !== null && run.value.state !== 'saving') return;
    let condition: WriteCondition = run === null ? { ifAbsent: true } : { ifMatch: run.etag };
    if (run !== null) {
      const outcome = await planSaveOutcome(this.state, run.value.correlationId ?? '', run.value.startedAtMs ?? 0);
      if (outcome.kind === 'open') throw new SaveStillOpen(document.documentId);
      if (outcome.kind === 'saved') {
        await this.record(context, { ...run.value, state: 'saved', newVersionId: outcome.newVersionId }, condition);
        return;
      }
    }
    const boxes = acceptedRedactions(document, (origin) => redactionTypeOf(origin, this.types));
    const skip = (code: string, message: string) =>
      this.record(context, { ...baseRun(document), state: 'skipped', code, message }, condition);
    if (document.blockedBy !== null) return skip(document.blockedBy, blockMessage(document.blockedBy));
    if (document.decision === 'rejected') return skip('REJECTED', 'The document was rejected in review.');
    if (boxes.count === 0) return skip('NO_BOXES_ACCEPTED', 'Every box of the document was rejected in review.');
    const current = await this.currentDocuments(context);
    const now = current.get(document.documentId);
    if (now === undefined) return skip('DOCUMENT_NOT_FOUND', 'The document is no longer in the case.');
    if (now.versionId !== document.versionId) {
      return skip('DOCUMENT_VERSION_NOT_CURRENT', `A newer version (${now.versionId}) exists than the one the plan was built on; build a new plan for it.`);
    }

    const correlationId = randomUUID();
    const saving = await this.write(context, { ...baseRun(document), state: 'saving', correlationId, startedAtMs: Date.now(), boxCount: boxes.count }, condition);
    condition = { ifMatch: saving.etag };
    const caller: LegacyCaller = { ...context.caller, correlationId };
    let finished: StoredDocumentRun;
    try {
      const saved = await this.redaction.save(caller, { caseId: context.plan.caseId, documentId: document.documentId, versionId: document.versionId }, {
        redactions: boxes.redactions,
        reasonCodes: context.plan.applier?.reasonCodes ?? [],
      });
      if (this.options.crashAt === PLAN_CRASH_POINT) process.kill(process.pid, 'SIGKILL');
      finished = { ...saving.value, state: 'saved', newVersionId: saved.newVersionId, boxCount: saved.boxCount };
    } catch (error) {
      // Another save of the document holds its lock (a user's, or a dead worker's until its lease runs out): later.
      if (error instanceof RedactionSaveInProgress) throw new SaveStillOpen(document.documentId);
      if (isDomainError(error) && error.code === 'DOCUMENT_VERSION_NOT_CURRENT') {
        finished = { ...saving.value, state: 'skipped', code: error.code, message: 'A newer version exists than the one the plan was built on; build a new plan for it.' };
      } else if (isDomainError(error)) {
        finished = { ...saving.value, state: 'failed', code: error.code, message: error.message };
      } else {
        this.logger.error({ planId, documentId: document.documentId, errorName: error instanceof Error ? error.name : typeof error }, 'a plan document could not be redacted');
        finished = { ...saving.value, state: 'failed', code: 'INTERNAL', message: 'The document could not be redacted because of an unexpected failure.' };
      }
    }
    await this.record(context, finished, condition);
  }

  /** The legacy CMS's documents, asked once per delivery as the user: a version that moved on is skipped. */
  private async currentDocuments(context: RunContext): Promise<ReadonlyMap<string, CaseDocument>> {
    context.current ??= new Map((await this.legacy.listDocuments(context.caller, context.plan.caseId)).map((document) => [document.documentId, document]));
    return context.current;
  }

  private async record(context: RunContext, run: StoredDocumentRun, condition: WriteCondition): Promise<void> {
    await this.write(context, run, condition, true);
  }

  private async write(context: RunContext, run: StoredDocumentRun, condition: WriteCondition, withEvent = false): Promise<StateEntity<StoredDocumentRun>> {
    const planId = context.plan.planId;
    let event: StoredPlanEvent | undefined;
    if (withEvent) {
      const runs = (await this.store.runs(planId)).filter((other) => other.documentId !== run.documentId);
      event = { sequence: context.sequence + 1, event: 'document', data: { ...publicRun(run), progress: this.counts(context.plan, [...runs, run]) } };
    }
    try {
      const written = await this.store.putRun(planId, run, condition, event);
      if (event !== undefined) {
        context.sequence = event.sequence;
        this.notifier.notify(planId);
      }
      return written;
    } catch (error) {
      if (error instanceof StateConflictError) throw new TakenOver();
      throw error;
    }
  }

  private async event(context: RunContext, name: StoredPlanEvent['event'], data: unknown): Promise<void> {
    try {
      await this.store.putEvent(context.plan.planId, { sequence: context.sequence + 1, event: name, data });
    } catch (error) {
      if (error instanceof StateConflictError) throw new TakenOver();
      throw error;
    }
    context.sequence += 1;
    this.notifier.notify(context.plan.planId);
  }

  private async finish(context: RunContext): Promise<void> {
    const entity = await this.store.plan(context.plan.planId);
    if (entity === null || entity.value.status !== 'applying') return;
    const runs = await this.store.runs(context.plan.planId);
    const next: StoredPlan = { ...entity.value, status: 'applied', revision: entity.value.revision + 1, finishedAt: new Date().toISOString() };
    try {
      await this.store.putPlan(next, { ifMatch: entity.etag });
    } catch (error) {
      if (error instanceof StateConflictError) throw new TakenOver();
      throw error;
    }
    const report = reportOf(next, runs);
    await this.event(context, 'done', { planId: next.planId, status: next.status, saved: report.saved.length, failed: report.failed.length, skipped: report.skipped.length });
    this.logger.log({ planId: next.planId, saved: report.saved.length, failed: report.failed.length, skipped: report.skipped.length }, 'redaction plan applied');
  }

  private counts(plan: StoredPlan, runs: readonly StoredDocumentRun[]) {
    const report = reportOf(plan, runs);
    return { planId: plan.planId, total: plan.documentCount, saved: report.saved.length, failed: report.failed.length, skipped: report.skipped.length, pending: report.pending };
  }
}

/** The accepted boxes of a document as one redaction request (rectangles in points: the page size is the PDF's). */
export function acceptedRedactions(document: StoredPlanDocument, typeOf: (origin: PlanBoxOrigin) => string | undefined = () => undefined): { redactions: PageRedaction[]; count: number } {
  const rejected = new Set(document.rejectedBoxIds);
  let count = 0;
  const redactions: PageRedaction[] = [];
  for (const page of document.pages) {
    const boxes = page.boxes.filter((box) => !rejected.has(box.boxId));
    if (boxes.length === 0) continue;
    count += boxes.length;
    redactions.push({
      pageIndex: page.pageIndex,
      pageWidth: page.width,
      pageHeight: page.height,
      rects: boxes.flatMap((box) => {
        const redactionType = typeOf(box.origin);
        return box.rects.map((rect) => ({ ...rect, ...(redactionType === undefined ? {} : { redactionType }) }));
      }),
    });
  }
  return { redactions, count };
}

const baseRun = (document: StoredPlanDocument): StoredDocumentRun => ({
  documentId: document.documentId,
  versionId: document.versionId,
  state: 'skipped',
  correlationId: null,
  startedAtMs: null,
  newVersionId: null,
  boxCount: 0,
  code: null,
  message: null,
});

const publicRun = (run: StoredDocumentRun) => ({
  documentId: run.documentId,
  versionId: run.versionId,
  state: run.state,
  newVersionId: run.newVersionId,
  boxCount: run.boxCount,
  code: run.code,
  message: run.message,
});

function blockMessage(block: NonNullable<StoredPlanDocument['blockedBy']>): string {
  switch (block) {
    case 'ATTACHMENT_NOT_REDACTABLE':
      return 'An attachment unpacked from an e-mail is not a document of the legacy CMS; redact the e-mail.';
    case 'TOO_MANY_MATCHES':
      return 'The document has more matches than one redaction may apply; redact it on its own.';
  }
}

/** The redaction type a suggestion category is logged under, when the deployment configures it (ADR 0029). */
const TYPE_OF_CATEGORY: Readonly<Record<SuggestionCategory, string>> = {
  name: 'named-person',
  address: 'address',
  postcode: 'address',
  dob: 'date-of-birth',
  phone: 'phone',
  email: 'email',
  'ni-number': 'ni-number',
  'vehicle-reg': 'vehicle',
  'sort-code': 'bank-details',
  'account-number': 'bank-details',
};

/** A box found for a person or a category carries its type; a term's box is untyped (logged as `unspecified`). */
export function redactionTypeOf(origin: PlanBoxOrigin, types: RedactionTypeCatalog): string | undefined {
  if (origin.kind === 'term') return undefined;
  const type = TYPE_OF_CATEGORY[origin.category];
  return types.has(type) ? type : undefined;
}
