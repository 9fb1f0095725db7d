import type { StateBatchWrite, StateEntity, StateStore, WriteCondition } from '../../storage/state/state-store.port.js';
import {
  DOCUMENT_KEY_PREFIX,
  documentKeyOf,
  EVENT_KEY_PREFIX,
  eventKeyOf,
  PLAN_KEY,
  REDACTION_PLANS_TABLE,
  RUN_KEY_PREFIX,
  runKeyOf,
  type StoredDocumentRun,
  type StoredPlan,
  type StoredPlanDocument,
  type StoredPlanEvent,
} from './redaction-plan.model.js';

/** Documents written per batch while a plan is created (a batch must stay well under Azure's 4 MB). */
const CREATE_BATCH = 20;

type PlanValue = StoredPlan | StoredPlanDocument | StoredDocumentRun | StoredPlanEvent;

/**
 * A plan in the StateStore, one partition per plan: the plan itself, its documents (boxes as word references and
 * rectangles, never text), the apply's per-document progress and its events. Review and progress writes go in one
 * atomic batch of the partition, conditional on the etags they read.
 */
export class RedactionPlanStore {
  constructor(private readonly store: StateStore) {}

  /** Documents first, the plan last: a plan is readable only once whole. */
  async create(plan: StoredPlan, documents: readonly StoredPlanDocument[]): Promise<StateEntity<StoredPlan>> {
    for (let start = 0; start < documents.length; start += CREATE_BATCH) {
      const writes = documents.slice(start, start + CREATE_BATCH).map((document) => ({ key: documentKeyOf(document.position), value: document, condition: { ifAbsent: true } as const }));
      await this.store.putBatch<StoredPlanDocument>(REDACTION_PLANS_TABLE, plan.planId, writes);
    }
    return this.store.put<StoredPlan>(REDACTION_PLANS_TABLE, plan.planId, PLAN_KEY, plan, { ifAbsent: true });
  }

  plan(planId: string): Promise<StateEntity<StoredPlan> | null> {
    return this.store.get<StoredPlan>(REDACTION_PLANS_TABLE, planId, PLAN_KEY);
  }

  putPlan(plan: StoredPlan, condition: WriteCondition): Promise<StateEntity<StoredPlan>> {
    return this.store.put<StoredPlan>(REDACTION_PLANS_TABLE, plan.planId, PLAN_KEY, plan, condition);
  }

  document(planId: string, position: number): Promise<StateEntity<StoredPlanDocument> | null> {
    return this.store.get<StoredPlanDocument>(REDACTION_PLANS_TABLE, planId, documentKeyOf(position));
  }

  /** Documents in plan order, after the one at `afterPosition`. */
  async documents(planId: string, options: { afterPosition?: number; limit?: number } = {}): Promise<StateEntity<StoredPlanDocument>[]> {
    return this.store.list<StoredPlanDocument>(REDACTION_PLANS_TABLE, planId, {
      keyPrefix: DOCUMENT_KEY_PREFIX,
      ...(options.afterPosition === undefined ? {} : { afterKey: documentKeyOf(options.afterPosition) }),
      ...(options.limit === undefined ? {} : { limit: options.limit }),
    });
  }

  /** The plan and changed documents at once, each conditional on the etag it was read with. */
  async review(plan: StateEntity<StoredPlan>, next: StoredPlan, documents: readonly { entity: StateEntity<StoredPlanDocument>; value: StoredPlanDocument }[]): Promise<StateEntity<StoredPlan>> {
    const writes: StateBatchWrite<PlanValue>[] = [
      { key: PLAN_KEY, value: next, condition: { ifMatch: plan.etag } },
      ...documents.map(({ entity, value }) => ({ key: entity.key, value, condition: { ifMatch: entity.etag } })),
    ];
    const [written] = await this.store.putBatch<PlanValue>(REDACTION_PLANS_TABLE, plan.value.planId, writes);
    return written as StateEntity<StoredPlan>;
  }

  run(planId: string, documentId: string): Promise<StateEntity<StoredDocumentRun> | null> {
    return this.store.get<StoredDocumentRun>(REDACTION_PLANS_TABLE, planId, runKeyOf(documentId));
  }

  async runs(planId: string): Promise<StoredDocumentRun[]> {
    return (await this.store.list<StoredDocumentRun>(REDACTION_PLANS_TABLE, planId, { keyPrefix: RUN_KEY_PREFIX })).map((entity) => entity.value);
  }

  /** A document's progress and, with it, its event: both or neither (a second runner's write conflicts). */
  async putRun(planId: string, run: StoredDocumentRun, condition: WriteCondition, event?: StoredPlanEvent): Promise<StateEntity<StoredDocumentRun>> {
    const writes: StateBatchWrite<PlanValue>[] = [{ key: runKeyOf(run.documentId), value: run, condition }];
    if (event !== undefined) writes.push({ key: eventKeyOf(event.sequence), value: event, condition: { ifAbsent: true } });
    const [written] = await this.store.putBatch<PlanValue>(REDACTION_PLANS_TABLE, planId, writes);
    return written as StateEntity<StoredDocumentRun>;
  }

  async putEvent(planId: string, event: StoredPlanEvent): Promise<void> {
    await this.store.put<StoredPlanEvent>(REDACTION_PLANS_TABLE, planId, eventKeyOf(event.sequence), event, { ifAbsent: true });
  }

  /** Events after `afterSequence` (0: from the first), oldest first. */
  async events(planId: string, afterSequence: number, limit = 500): Promise<StoredPlanEvent[]> {
    return (await this.store.list<StoredPlanEvent>(REDACTION_PLANS_TABLE, planId, { keyPrefix: EVENT_KEY_PREFIX, afterKey: eventKeyOf(afterSequence), limit })).map((entity) => entity.value);
  }

  async lastEventSequence(planId: string): Promise<number> {
    let last = 0;
    for (;;) {
      const page = await this.events(planId, last);
      if (page.length === 0) return last;
      last = page.at(-1)!.sequence;
    }
  }
}
