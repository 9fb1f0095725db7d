import { randomBytes } from 'node:crypto';
import type { RedactionSaveDetails } from './redaction-log.js';
import { StateConflictError, type StateEntity, type StateStore } from '../storage/state/state-store.port.js';

/** The StateStore table of redaction saves: partition `open` while unfinished, `closed` once done or undone; key = saveId. */
export const REDACTION_SAVES_TABLE = 'redactionsaves';
const OPEN = 'open';
const CLOSED = 'closed';

/**
 * started → checked-out → checked-in → logged → re-ingested → done; or undone (the check-out, if any,
 * was cancelled and nothing was saved). Each step is written once it has happened in the legacy CMS,
 * the redaction log or the index, so the record says what is certainly done and what may be half-done.
 */
export type RedactionSaveStep = 'started' | 'checked-out' | 'checked-in' | 'logged' | 're-ingested' | 'done' | 'undone';

/**
 * What the redaction log entry will say (written after the check-in, by whoever finishes the save). The typed
 * details (ADR 0029) are optional: records written before them still recover.
 */
export interface RedactionSaveSummary extends RedactionSaveDetails {
  readonly pages: readonly number[];
  readonly boxCount: number;
  readonly pageModifications: readonly string[];
  readonly reasonCodes: readonly string[];
  readonly engine: string;
}

export interface RedactionSaveRecord {
  readonly saveId: string;
  readonly step: RedactionSaveStep;
  readonly caseId: string;
  readonly documentId: string;
  readonly oldVersionId: string;
  /** The legacy user the save runs as; recovery acts as them (cancel check-out, re-ingest). */
  readonly username: string;
  /** Their token subject (absent on records that predate it): recovery's legacy calls are canaried as theirs. */
  readonly subject?: string;
  readonly correlationId: string;
  /** The user had the document checked out before the save: recovery must not cancel their check-out. */
  readonly heldBefore: boolean;
  /** The redacted PDF as uploaded: recovery recognises its check-in by the new version's size. */
  readonly fileName: string;
  readonly sizeBytes: number;
  readonly summary: RedactionSaveSummary;
  readonly newVersionId: string | null;
  /** ISO-8601; the redaction log entry's time. */
  readonly checkedInAt: string | null;
  readonly logEntryId: string | null;
  readonly startedAt: string;
  readonly updatedAt: string;
  /** Epoch ms: whoever holds the record (the saving request, or one recovering instance) renews it before then. */
  readonly leaseUntil: number;
  /** Times recovery took the record over. */
  readonly recoveries: number;
  readonly outcome: string | null;
}

export type NewRedactionSave = Pick<
  RedactionSaveRecord,
  'caseId' | 'documentId' | 'oldVersionId' | 'username' | 'subject' | 'correlationId' | 'heldBefore' | 'fileName' | 'sizeBytes' | 'summary'
>;

/** A record as last written by its holder (the etag makes every further write conditional on still holding it). */
export interface RedactionSaveHandle {
  readonly record: RedactionSaveRecord;
  readonly etag: string;
}

/** Someone else (recovery in another instance) took the record over: stop working on it. */
export class RedactionSaveLeaseLost extends Error {
  constructor(readonly saveId: string) {
    super(`redaction save ${saveId} was taken over`);
    this.name = 'RedactionSaveLeaseLost';
  }
}

export interface RedactionSaveJournalOptions {
  readonly leaseMs: number;
  readonly now?: () => number;
}

/**
 * Durable records of redaction saves in the StateStore. Every write is etag-conditional, so one holder at a
 * time works on a save: the saving request while it runs (renewing the lease), then — if it died — the
 * first instance whose recovery claims the expired lease.
 */
export class RedactionSaveJournal {
  private readonly now: () => number;
  readonly leaseMs: number;

  constructor(
    private readonly store: StateStore,
    options: RedactionSaveJournalOptions,
  ) {
    this.now = options.now ?? (() => Date.now());
    this.leaseMs = options.leaseMs;
  }

  async begin(save: NewRedactionSave): Promise<RedactionSaveHandle> {
    const at = this.now();
    const saveId = `${String(at).padStart(15, '0')}-${randomBytes(8).toString('hex')}`;
    const record: RedactionSaveRecord = {
      ...save,
      saveId,
      step: 'started',
      newVersionId: null,
      checkedInAt: null,
      logEntryId: null,
      startedAt: new Date(at).toISOString(),
      updatedAt: new Date(at).toISOString(),
      leaseUntil: at + this.leaseMs,
      recoveries: 0,
      outcome: null,
    };
    const entity = await this.store.put(REDACTION_SAVES_TABLE, OPEN, saveId, record, { ifAbsent: true });
    return { record, etag: entity.etag };
  }

  /** Moves the record on (and renews the lease); throws RedactionSaveLeaseLost when someone else holds it now. */
  async advance(handle: RedactionSaveHandle, patch: Partial<Omit<RedactionSaveRecord, 'saveId'>>): Promise<RedactionSaveHandle> {
    const at = this.now();
    const record: RedactionSaveRecord = { ...handle.record, ...patch, updatedAt: new Date(at).toISOString(), leaseUntil: at + this.leaseMs };
    try {
      const entity = await this.store.put(REDACTION_SAVES_TABLE, OPEN, record.saveId, record, { ifMatch: handle.etag });
      return { record, etag: entity.etag };
    } catch (error) {
      if (error instanceof StateConflictError) throw new RedactionSaveLeaseLost(record.saveId);
      throw error;
    }
  }

  renew(handle: RedactionSaveHandle): Promise<RedactionSaveHandle> {
    return this.advance(handle, {});
  }

  /** Done or undone: kept under `closed` for inspection, removed from the open ones (a crash in between is closed again). */
  async close(handle: RedactionSaveHandle, step: 'done' | 'undone', outcome: string): Promise<void> {
    const record: RedactionSaveRecord = { ...handle.record, step, outcome, updatedAt: new Date(this.now()).toISOString(), leaseUntil: 0 };
    await this.store.put(REDACTION_SAVES_TABLE, CLOSED, record.saveId, record);
    try {
      await this.store.delete(REDACTION_SAVES_TABLE, OPEN, record.saveId, { ifMatch: handle.etag });
    } catch (error) {
      if (error instanceof StateConflictError) throw new RedactionSaveLeaseLost(record.saveId);
      throw error;
    }
  }

  /** Unfinished saves, oldest first. */
  async open(limit = 100): Promise<StateEntity<RedactionSaveRecord>[]> {
    return this.store.list<RedactionSaveRecord>(REDACTION_SAVES_TABLE, OPEN, { limit });
  }

  async closed(saveId: string): Promise<RedactionSaveRecord | null> {
    return (await this.store.get<RedactionSaveRecord>(REDACTION_SAVES_TABLE, CLOSED, saveId))?.value ?? null;
  }

  /** Takes over a save whose holder stopped renewing it; null when it is still held or someone else was faster. */
  async claimExpired(entity: StateEntity<RedactionSaveRecord>): Promise<RedactionSaveHandle | null> {
    const at = this.now();
    if (entity.value.leaseUntil > at) return null;
    const record: RedactionSaveRecord = { ...entity.value, recoveries: entity.value.recoveries + 1, leaseUntil: at + this.leaseMs, updatedAt: new Date(at).toISOString() };
    try {
      const claimed = await this.store.put(REDACTION_SAVES_TABLE, OPEN, record.saveId, record, { ifMatch: entity.etag });
      return { record, etag: claimed.etag };
    } catch (error) {
      if (error instanceof StateConflictError) return null;
      throw error;
    }
  }
}
