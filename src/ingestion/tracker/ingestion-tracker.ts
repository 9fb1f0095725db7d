import { EventEmitter } from 'node:events';
import { StateConflictError, type StateEntity, type StateStore } from '../../storage/state/state-store.port.js';
import { isTerminal, progressOf, type CaseRun, type CaseTracker, type TrackedDocument } from './tracker.model.js';

const DOCUMENTS_TABLE = 'IngestionDocuments';
const CASES_TABLE = 'IngestionCases';
const CASE_RUN_KEY = 'run';
const MAX_CONFLICT_RETRIES = 20;

/**
 * Per-case ingestion state on the StateStore: one entity per tracked document (partition caseId,
 * key documentId) and one case run. Writes are optimistic (etags), so a refresh and a job
 * touching the same document never lose each other's change.
 */
export class IngestionTracker {
  private readonly changes = new EventEmitter();

  constructor(private readonly state: StateStore) {
    this.changes.setMaxListeners(0);
  }

  async documents(caseId: string): Promise<TrackedDocument[]> {
    const entities = await this.state.list<TrackedDocument>(DOCUMENTS_TABLE, caseId);
    return entities.map((entity) => entity.value);
  }

  /** Every case ingestion keeps a record of (a run or a tracked document), ascending. */
  async cases(): Promise<string[]> {
    const [runs, documents] = await Promise.all([this.state.partitions(CASES_TABLE), this.state.partitions(DOCUMENTS_TABLE)]);
    return [...new Set([...runs, ...documents])].sort();
  }

  async document(caseId: string, documentId: string): Promise<TrackedDocument | null> {
    return (await this.state.get<TrackedDocument>(DOCUMENTS_TABLE, caseId, documentId))?.value ?? null;
  }

  async caseRun(caseId: string): Promise<CaseRun | null> {
    return (await this.state.get<CaseRun>(CASES_TABLE, caseId, CASE_RUN_KEY))?.value ?? null;
  }

  async putCaseRun(run: CaseRun): Promise<void> {
    await this.state.put(CASES_TABLE, run.caseId, CASE_RUN_KEY, run);
    this.changed(run.caseId);
  }

  /**
   * Applies `change` to the stored document (null when absent) and writes the result, retrying on
   * concurrent writes; `change` answering undefined leaves it as it is, null deletes it.
   */
  async update(caseId: string, documentId: string, change: (current: TrackedDocument | null) => TrackedDocument | null | undefined): Promise<TrackedDocument | null> {
    for (let attempt = 0; ; attempt += 1) {
      const entity: StateEntity<TrackedDocument> | null = await this.state.get<TrackedDocument>(DOCUMENTS_TABLE, caseId, documentId);
      const next = change(entity?.value ?? null);
      if (next === undefined) return entity?.value ?? null;
      try {
        if (next === null) {
          if (entity !== null) await this.state.delete(DOCUMENTS_TABLE, caseId, documentId, { ifMatch: entity.etag });
        } else {
          await this.state.put(DOCUMENTS_TABLE, caseId, documentId, next, entity === null ? { ifAbsent: true } : { ifMatch: entity.etag });
        }
        this.changed(caseId);
        return next;
      } catch (error) {
        if (!(error instanceof StateConflictError) || attempt >= MAX_CONFLICT_RETRIES) throw error;
      }
    }
  }

  /** The case's status, progress and documents (status idle when never refreshed). */
  async snapshot(caseId: string): Promise<CaseTracker> {
    const [run, documents] = await Promise.all([this.caseRun(caseId), this.documents(caseId)]);
    const progress = progressOf(documents);
    const running = documents.some((document) => !isTerminal(document.status));
    return {
      caseId,
      status: run === null ? 'idle' : running || run.listedAt === null ? 'running' : 'done',
      runId: run?.runId ?? null,
      startedAt: run?.startedAt ?? null,
      listedAt: run?.listedAt ?? null,
      finishedAt: running ? null : (run?.finishedAt ?? null),
      progress,
      documents,
    };
  }

  /** Stamps finishedAt once every document of the listed case reached indexed or failed. */
  async finishIfDone(caseId: string): Promise<void> {
    const run = await this.caseRun(caseId);
    if (run === null || run.listedAt === null || run.finishedAt !== null) return;
    const documents = await this.documents(caseId);
    if (documents.every((document) => isTerminal(document.status))) await this.putCaseRun({ ...run, finishedAt: new Date().toISOString() });
  }

  /** Calls `listener` whenever something of the case changes; answers the unsubscribe function. */
  onChange(caseId: string, listener: () => void): () => void {
    this.changes.on(caseId, listener);
    return () => this.changes.off(caseId, listener);
  }

  private changed(caseId: string): void {
    this.changes.emit(caseId);
  }
}
