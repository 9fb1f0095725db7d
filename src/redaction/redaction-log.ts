import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { StateConflictError, STATE_STORE, type StateStore } from '../storage/state/state-store.port.js';
import type { AgencyFeedback } from './log/agency-feedback.js';
import type { PageRedactionCounts } from './log/redaction-counts.js';
import type { RemovedWordHashes } from './log/removed-word-hasher.js';

/** The StateStore table of the redaction log: partition = caseId, key = time-ordered entry id. */
export const REDACTION_LOG_TABLE = 'redactionlog';
export const MAX_REDACTION_LOG_PAGE = 200;

/** What the verifier reported on the saved PDF: which checks ran and how much they examined, never text. */
export interface VerificationSummary {
  readonly ok: boolean;
  readonly failureCount: number;
  /** Null when the verifier did not say which checks ran. */
  readonly checks: readonly { readonly check: string; readonly items: number }[] | null;
  readonly boxesChecked: number;
  readonly wordsUnderBoxes: number;
}

/** The typed-redaction details of a save (ADR 0029); absent on entries logged before them. */
export interface RedactionSaveDetails {
  /** Boxes per redaction type (`unspecified` for untyped boxes). */
  readonly byType?: Readonly<Record<string, number>>;
  readonly byPage?: readonly PageRedactionCounts[];
  /** The distinct free-text reasons of `other` boxes (short, never document text). */
  readonly otherReasons?: readonly string[];
  readonly agencyFeedback?: AgencyFeedback;
  /** The case's unit in the legacy CMS at save time (null when it could not be read). */
  readonly unitId?: string | null;
  readonly unitName?: string | null;
  readonly verification?: VerificationSummary;
  /** Keyed, salted hashes of the removed words: proof without the text. */
  readonly removedWords?: RemovedWordHashes;
}

/** One saved redaction. No document text and no search terms: who, what, when and how much. */
export interface RedactionLogEntry extends RedactionSaveDetails {
  /** Unique within the case; sorts by time. */
  readonly entryId: string;
  readonly caseId: string;
  readonly documentId: string;
  readonly oldVersionId: string;
  readonly newVersionId: string;
  /** 0-based indexes (in the old version) of the pages that carry a redaction. */
  readonly pages: readonly number[];
  readonly boxCount: number;
  /** Pages deleted or rotated, as `delete:3`, `rotate:0:90`. */
  readonly pageModifications: readonly string[];
  readonly reasonCodes: readonly string[];
  readonly engine: string;
  /** The legacy username of who saved it. */
  readonly savedBy: string;
  /** ISO-8601 instant. */
  readonly savedAt: string;
  readonly correlationId: string;
}

export type NewRedactionLogEntry = Omit<RedactionLogEntry, 'entryId' | 'savedAt'>;

export interface RedactionLogPage {
  readonly entries: RedactionLogEntry[];
  /** Pass as `after` for the next page; null when this page is the last. */
  readonly nextAfter: string | null;
}

/** Append-only: there is deliberately no update or delete. Entries of a case list oldest first. */
@Injectable()
export class RedactionLog {
  private sequence = 0;

  constructor(
    @Inject(STATE_STORE) private readonly store: StateStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async append(entry: NewRedactionLogEntry): Promise<RedactionLogEntry> {
    const savedAt = this.now().toISOString();
    for (let attempt = 0; ; attempt += 1) {
      const record: RedactionLogEntry = { entryId: this.nextId(savedAt), savedAt, ...entry };
      try {
        await this.store.put(REDACTION_LOG_TABLE, entry.caseId, record.entryId, record, { ifAbsent: true });
        return record;
      } catch (error) {
        // Ids carry random bits: a collision is all but impossible, and never overwrites.
        if (!(error instanceof StateConflictError) || attempt >= 2) throw error;
      }
    }
  }

  /**
   * Appends the entry under a key the caller derives from its own durable id (a save's), so replaying a step
   * finds the entry already there instead of adding a second one. Answers the stored entry either way.
   */
  async appendOnce(entryId: string, savedAt: string, entry: NewRedactionLogEntry): Promise<{ entry: RedactionLogEntry; created: boolean }> {
    const record: RedactionLogEntry = { entryId, savedAt, ...entry };
    try {
      await this.store.put(REDACTION_LOG_TABLE, entry.caseId, entryId, record, { ifAbsent: true });
      return { entry: record, created: true };
    } catch (error) {
      if (!(error instanceof StateConflictError)) throw error;
      const existing = await this.store.get<RedactionLogEntry>(REDACTION_LOG_TABLE, entry.caseId, entryId);
      if (existing === null) throw error;
      return { entry: existing.value, created: false };
    }
  }

  async get(caseId: string, entryId: string): Promise<RedactionLogEntry | null> {
    return (await this.store.get<RedactionLogEntry>(REDACTION_LOG_TABLE, caseId, entryId))?.value ?? null;
  }

  async list(caseId: string, options: { readonly limit?: number; readonly after?: string } = {}): Promise<RedactionLogPage> {
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? 50), 1), MAX_REDACTION_LOG_PAGE);
    // One more than asked tells whether another page follows.
    const entities = await this.store.list<RedactionLogEntry>(REDACTION_LOG_TABLE, caseId, { limit: limit + 1, afterKey: options.after });
    const entries = entities.slice(0, limit).map((entity) => entity.value);
    return { entries, nextAfter: entities.length > limit ? entries.at(-1)!.entryId : null };
  }

  private nextId(at: string): string {
    this.sequence = (this.sequence + 1) % 1_000_000;
    return `${at}-${String(this.sequence).padStart(6, '0')}-${randomBytes(5).toString('hex')}`;
  }
}
