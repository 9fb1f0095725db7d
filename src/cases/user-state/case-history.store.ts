import { Inject, Injectable, Optional } from '@nestjs/common';
import type { CaseDocument } from '../../legacy/legacy-cms.port.js';
import { STATE_STORE, StateConflictError, type StateStore } from '../../storage/state/state-store.port.js';
import { diffSnapshots, snapshotOf, type CaseSnapshot, type DocumentChange } from './document-history.js';
import { systemClock, USER_STATE_CLOCK, type UserStateClock } from './user-state.clock.js';

export const CASE_HISTORY_TABLE = 'caseDocumentHistory';
const HEAD = 'head';
const LOG_PREFIX = 'log:';
const MAX_ATTEMPTS = 8;

/** The last list seen, and the generation (count of lists that changed something) it belongs to. */
interface HistoryHead {
  readonly generation: number;
  readonly seenAt: string;
  readonly documents: CaseSnapshot;
}

/** The changes one observation found, written with the head that moved to its generation. */
interface HistoryEntry {
  readonly generation: number;
  readonly seenAt: string;
  readonly changes: readonly DocumentChange[];
}

export interface SeenChange extends DocumentChange {
  readonly seenAt: string;
  readonly generation: number;
}

/** Where the history stood after an observation: a visit remembers this. */
export interface HistoryPosition {
  readonly generation: number;
  readonly seenAt: string;
}

const logKey = (generation: number): string => `${LOG_PREFIX}${String(generation).padStart(12, '0')}`;

/**
 * A durable, per-case history of what the facade saw in the case's document list (ADR 0034). The head row holds
 * the last list seen; each list that differs moves the head to the next generation and writes the changes found
 * as a log row, both in one atomic batch conditioned on the head read, so several instances observing at once
 * record each change once. Seen times increase strictly per case.
 */
@Injectable()
export class CaseHistoryStore {
  constructor(
    @Inject(STATE_STORE) private readonly state: StateStore,
    @Optional() @Inject(USER_STATE_CLOCK) private readonly now: UserStateClock = systemClock,
  ) {}

  /** Records a list the legacy CMS just gave; answers where the history stands with it. The first list seen is the baseline (no changes). */
  async observe(caseId: string, documents: readonly CaseDocument[]): Promise<HistoryPosition> {
    const next = snapshotOf(documents);
    for (let attempt = 1; ; attempt += 1) {
      const head = await this.state.get<HistoryHead>(CASE_HISTORY_TABLE, caseId, HEAD);
      const changes = head === null ? [] : diffSnapshots(head.value.documents, next);
      if (head !== null && changes.length === 0) return { generation: head.value.generation, seenAt: head.value.seenAt };
      const seenAt = this.seenAfter(head?.value.seenAt ?? null);
      const generation = head === null ? 0 : head.value.generation + 1;
      const value: HistoryHead = { generation, seenAt, documents: next };
      try {
        await this.state.putBatch<HistoryHead | HistoryEntry>(CASE_HISTORY_TABLE, caseId, [
          { key: HEAD, value, condition: head === null ? { ifAbsent: true } : { ifMatch: head.etag } },
          ...(changes.length === 0 ? [] : [{ key: logKey(generation), value: { generation, seenAt, changes }, condition: { ifAbsent: true } as const }]),
        ]);
        return { generation, seenAt };
      } catch (error) {
        if (!(error instanceof StateConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /** Where the history stands, without observing; null for a case never listed. */
  async position(caseId: string): Promise<HistoryPosition | null> {
    const head = await this.state.get<HistoryHead>(CASE_HISTORY_TABLE, caseId, HEAD);
    return head === null ? null : { generation: head.value.generation, seenAt: head.value.seenAt };
  }

  /** Changes recorded after a generation, oldest first. */
  async changesAfterGeneration(caseId: string, generation: number): Promise<SeenChange[]> {
    const entries = await this.state.list<HistoryEntry>(CASE_HISTORY_TABLE, caseId, { keyPrefix: LOG_PREFIX, afterKey: logKey(generation) });
    return entries.flatMap((entry) => entry.value.changes.map((change) => ({ ...change, seenAt: entry.value.seenAt, generation: entry.value.generation })));
  }

  /** Changes seen strictly after an instant, oldest first. */
  async changesSince(caseId: string, since: Date): Promise<SeenChange[]> {
    const entries = await this.state.list<HistoryEntry>(CASE_HISTORY_TABLE, caseId, { keyPrefix: LOG_PREFIX });
    return entries
      .filter((entry) => Date.parse(entry.value.seenAt) > since.getTime())
      .flatMap((entry) => entry.value.changes.map((change) => ({ ...change, seenAt: entry.value.seenAt, generation: entry.value.generation })));
  }

  /** Now, or a millisecond after the last seen time when the clock has not moved past it (or went back). */
  private seenAfter(last: string | null): string {
    const now = this.now().getTime();
    const floor = last === null ? now : Date.parse(last) + 1;
    return new Date(Math.max(now, floor)).toISOString();
  }
}
