import { Inject, Injectable, Optional } from '@nestjs/common';
import { isDomainError } from '../../common/domain-error.js';
import type { CaseDocument, LegacyCaller, LegacyCms } from '../../legacy/legacy-cms.port.js';
import { UNSTRANGLED_LEGACY_CMS } from '../../legacy/unstrangled-legacy-cms.token.js';
import { toLegacyId } from '../../legacy/legacy.mapper.js';
import { STATE_STORE, type StateEntity, type StateStore } from '../../storage/state/state-store.port.js';
import { DEFAULT_DOCUMENTS_MAX_AGE_MS, DOCUMENTS_READ_MODEL_OPTIONS, type DocumentsReadModelOptions } from './documents-read-model.options.js';

/** One partition per case: an entity per document (key: zero-padded documentId) and the case entity. */
export const CASE_DOCUMENTS_TABLE = 'casedocuments';
/** Sorts after every zero-padded documentId. */
export const CASE_ENTITY_KEY = 'case';

export interface CaseDocumentsState {
  /** ISO-8601: when the documents were last read from the legacy CMS. */
  readonly refreshedAt: string;
  /** Zero-padded, ascending: the documents of that refresh. */
  readonly documentKeys: readonly string[];
}

/** Writes to the store at a time during a refresh. */
const WRITE_CONCURRENCY = 16;

const documentKey = (documentId: string): string => toLegacyId(documentId, 'documentId');

/** The canonical caseId, checked (it names the partition). */
const partitionOf = (caseId: string): string => {
  toLegacyId(caseId, 'caseId');
  return caseId;
};

/**
 * documents.list, modern side: the case's document metadata served from the facade's own state
 * store, refreshed from the legacy CMS when missing, older than `maxAgeMs`, or on `refresh`.
 * Answers the legacy list ordered by documentId. It holds case metadata only and is reached only
 * by callers the case-access guard has let through on this request; a refresh runs as that caller.
 */
@Injectable()
export class DocumentsReadModel {
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  /** One legacy read per case at a time in this process. */
  private readonly refreshes = new Map<string, { readonly username: string; readonly done: Promise<CaseDocument[]> }>();

  constructor(
    @Inject(UNSTRANGLED_LEGACY_CMS) private readonly legacy: LegacyCms,
    @Inject(STATE_STORE) private readonly store: StateStore,
    @Optional() @Inject(DOCUMENTS_READ_MODEL_OPTIONS) options: DocumentsReadModelOptions | null = null,
  ) {
    this.maxAgeMs = options?.maxAgeMs ?? DEFAULT_DOCUMENTS_MAX_AGE_MS;
    this.now = options?.now ?? Date.now;
  }

  async listDocuments(caller: LegacyCaller, caseId: string): Promise<CaseDocument[]> {
    const partition = partitionOf(caseId);
    const running = this.refreshes.get(partition);
    if (running) return this.join(running, caller, partition);
    const state = await this.store.get<CaseDocumentsState>(CASE_DOCUMENTS_TABLE, partition, CASE_ENTITY_KEY);
    if (state && this.isFresh(state)) {
      const stored = await this.storedDocuments(partition, state.value);
      if (stored) return stored;
    }
    const started = this.refreshes.get(partition);
    return started ? this.join(started, caller, partition) : this.start(caller, partition);
  }

  /** Reads the case's documents from the legacy CMS now; documents gone from legacy disappear. */
  async refresh(caller: LegacyCaller, caseId: string): Promise<CaseDocument[]> {
    const partition = partitionOf(caseId);
    // A refresh already running may have read legacy before the change this caller wants to see.
    for (let running = this.refreshes.get(partition); running; running = this.refreshes.get(partition)) {
      await running.done.catch(() => undefined);
    }
    return this.start(caller, partition);
  }

  private isFresh(state: StateEntity<CaseDocumentsState>): boolean {
    const refreshedAt = Date.parse(state.value.refreshedAt);
    return Number.isFinite(refreshedAt) && this.now() - refreshedAt < this.maxAgeMs;
  }

  /** The documents of the last refresh, or null if the partition no longer holds all of them. */
  private async storedDocuments(partition: string, state: CaseDocumentsState): Promise<CaseDocument[] | null> {
    const entities = await this.store.list<CaseDocument>(CASE_DOCUMENTS_TABLE, partition);
    const byKey = new Map(entities.map((entity) => [entity.key, entity.value]));
    const documents: CaseDocument[] = [];
    for (const key of state.documentKeys) {
      const document = byKey.get(key);
      if (!document) return null;
      documents.push(document);
    }
    return documents;
  }

  /** Waits for another caller's refresh; if it failed, this caller tries on its own (its access may differ). */
  private async join(running: { readonly username: string; readonly done: Promise<CaseDocument[]> }, caller: LegacyCaller, partition: string): Promise<CaseDocument[]> {
    try {
      return await running.done;
    } catch (error) {
      if (running.username === caller.username) throw error;
      const next = this.refreshes.get(partition);
      return next ? this.join(next, caller, partition) : this.start(caller, partition);
    }
  }

  private start(caller: LegacyCaller, partition: string): Promise<CaseDocument[]> {
    const done = this.load(caller, partition).finally(() => {
      if (this.refreshes.get(partition)?.done === done) this.refreshes.delete(partition);
    });
    this.refreshes.set(partition, { username: caller.username, done });
    return done;
  }

  private async load(caller: LegacyCaller, partition: string): Promise<CaseDocument[]> {
    let fromLegacy: CaseDocument[];
    try {
      fromLegacy = await this.legacy.listDocuments(caller, partition);
    } catch (error) {
      if (isDomainError(error) && error.code === 'CASE_NOT_FOUND') await this.store.deletePartition(CASE_DOCUMENTS_TABLE, partition);
      throw error;
    }
    const keyed = fromLegacy.map((document) => ({ key: documentKey(document.documentId), document })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const existing = new Map(
      (await this.store.list<CaseDocument>(CASE_DOCUMENTS_TABLE, partition)).filter((entity) => entity.key !== CASE_ENTITY_KEY).map((entity) => [entity.key, entity.value]),
    );
    const changed = keyed.filter(({ key, document }) => JSON.stringify(existing.get(key)) !== JSON.stringify(document));
    await inBatches(changed, ({ key, document }) => this.store.put(CASE_DOCUMENTS_TABLE, partition, key, document));
    const current = new Set(keyed.map(({ key }) => key));
    await inBatches(
      [...existing.keys()].filter((key) => !current.has(key)),
      (key) => this.store.delete(CASE_DOCUMENTS_TABLE, partition, key),
    );
    const state: CaseDocumentsState = { refreshedAt: new Date(this.now()).toISOString(), documentKeys: keyed.map(({ key }) => key) };
    await this.store.put(CASE_DOCUMENTS_TABLE, partition, CASE_ENTITY_KEY, state);
    // Through JSON, as a later read from the store answers them.
    return keyed.map(({ document }) => JSON.parse(JSON.stringify(document)) as CaseDocument);
  }
}

async function inBatches<T>(items: readonly T[], write: (item: T) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += WRITE_CONCURRENCY) {
    await Promise.all(items.slice(start, start + WRITE_CONCURRENCY).map(write));
  }
}
