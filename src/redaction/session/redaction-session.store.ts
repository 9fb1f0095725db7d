import { StateConflictError, type StateEntity, type StateStore } from '../../storage/state/state-store.port.js';
import type { RedactionDraft, RedactionSessionRecord, StoredDraft } from './redaction-session.types.js';

/** Sessions: partition = caseId, key = documentId (one session per document, whoever holds it). */
export const REDACTION_SESSIONS_TABLE = 'redactionsessions';
/** Drafts, beside their session (same partition and key): heartbeats never rewrite a draft, nor a draft save a heartbeat. */
export const REDACTION_DRAFTS_TABLE = 'redactiondrafts';

/** The StateStore's own etag, made safe for an HTTP entity-tag (Azure's etags contain quotes). */
export const httpEtagOf = (storeEtag: string): string => `"${Buffer.from(storeEtag, 'utf8').toString('base64url')}"`;

/** The StateStore etag an If-Match names; null when it is not one of ours (it then matches nothing). */
export function storeEtagOf(ifMatch: string): string | null {
  const match = /^"([A-Za-z0-9_-]{1,400})"$/.exec(ifMatch.trim());
  return match === null ? null : Buffer.from(match[1], 'base64url').toString('utf8');
}

/** Every read and write of sessions and drafts; each write conditional on what was read. */
export class RedactionSessionStore {
  constructor(private readonly store: StateStore) {}

  get(caseId: string, documentId: string): Promise<StateEntity<RedactionSessionRecord> | null> {
    return this.store.get<RedactionSessionRecord>(REDACTION_SESSIONS_TABLE, caseId, documentId);
  }

  /** Creates the session (answers null when someone else's is already there). */
  async create(record: RedactionSessionRecord): Promise<StateEntity<RedactionSessionRecord> | null> {
    try {
      return await this.store.put(REDACTION_SESSIONS_TABLE, record.caseId, record.documentId, record, { ifAbsent: true });
    } catch (error) {
      if (error instanceof StateConflictError) return null;
      throw error;
    }
  }

  /** Replaces the session read as `etag`; null when it changed meanwhile (the caller reads again). */
  async replace(entity: StateEntity<RedactionSessionRecord>, record: RedactionSessionRecord): Promise<StateEntity<RedactionSessionRecord> | null> {
    try {
      return await this.store.put(REDACTION_SESSIONS_TABLE, record.caseId, record.documentId, record, { ifMatch: entity.etag });
    } catch (error) {
      if (error instanceof StateConflictError) return null;
      throw error;
    }
  }

  /** Removes the session read as `etag` and its draft; answers false when it changed meanwhile. */
  async remove(entity: StateEntity<RedactionSessionRecord>): Promise<boolean> {
    const { caseId, documentId, sessionId } = entity.value;
    try {
      await this.store.delete(REDACTION_SESSIONS_TABLE, caseId, documentId, { ifMatch: entity.etag });
    } catch (error) {
      if (error instanceof StateConflictError) return false;
      throw error;
    }
    const draft = await this.getDraft(caseId, documentId);
    if (draft !== null && draft.value.sessionId === sessionId) {
      await this.store.delete(REDACTION_DRAFTS_TABLE, caseId, documentId, { ifMatch: draft.etag }).catch((error: unknown) => {
        if (!(error instanceof StateConflictError)) throw error;
      });
    }
    return true;
  }

  /** Sessions of one case (for checkedOutBy in the document list and the tracker). */
  async ofCase(caseId: string): Promise<RedactionSessionRecord[]> {
    return (await this.store.list<RedactionSessionRecord>(REDACTION_SESSIONS_TABLE, caseId)).map((entity) => entity.value);
  }

  /** Every session of every case, a case at a time (the sweeper's walk). */
  async *all(): AsyncGenerator<StateEntity<RedactionSessionRecord>> {
    for (const caseId of await this.store.partitions(REDACTION_SESSIONS_TABLE)) {
      let afterKey: string | undefined;
      for (;;) {
        const page = await this.store.list<RedactionSessionRecord>(REDACTION_SESSIONS_TABLE, caseId, { limit: 100, ...(afterKey === undefined ? {} : { afterKey }) });
        yield* page;
        if (page.length < 100) break;
        afterKey = page.at(-1)!.key;
      }
    }
  }

  getDraft(caseId: string, documentId: string): Promise<StateEntity<StoredDraft> | null> {
    return this.store.get<StoredDraft>(REDACTION_DRAFTS_TABLE, caseId, documentId);
  }

  /** A new session's empty draft, replacing whatever a session before it left behind. */
  startDraft(caseId: string, documentId: string, sessionId: string, draft: RedactionDraft, savedAt: string): Promise<StateEntity<StoredDraft>> {
    return this.store.put<StoredDraft>(REDACTION_DRAFTS_TABLE, caseId, documentId, { sessionId, draft, savedAt });
  }

  /** Writes the draft only over the version the client last saw; null on a stale etag. */
  async putDraft(caseId: string, documentId: string, value: StoredDraft, ifMatch: string): Promise<StateEntity<StoredDraft> | null> {
    try {
      return await this.store.put<StoredDraft>(REDACTION_DRAFTS_TABLE, caseId, documentId, value, { ifMatch });
    } catch (error) {
      if (error instanceof StateConflictError) return null;
      throw error;
    }
  }
}
