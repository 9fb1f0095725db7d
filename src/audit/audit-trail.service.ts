import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { StateConflictError, STATE_STORE, type StateStore } from '../storage/state/state-store.port.js';

export const AUDIT_TRAIL = Symbol('AuditTrail');
/** The StateStore table that holds the trail: partition = UTC day, key = time-ordered id. */
export const AUDIT_TABLE = 'audit';

export interface AuditEvent {
  /** What happened, e.g. `route.change`, `redaction.apply`. */
  readonly action: string;
  /** Who did it (user id or service name). */
  readonly actor: string;
  /** What it was done to, e.g. a route name or `case/42/document/7`. */
  readonly target: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly reason?: string;
  readonly correlationId?: string;
}

export interface AuditRecord extends AuditEvent {
  /** Unique; sorts by time. */
  readonly id: string;
  /** ISO-8601 instant. */
  readonly at: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_LIST = 1000;

/**
 * The append-only audit trail: who did what to what, when and why. There is deliberately no update or
 * delete. Records of one UTC day share a partition and sort by time.
 */
@Injectable()
export class AuditTrail {
  private sequence = 0;

  constructor(
    @Inject(STATE_STORE) private readonly store: StateStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(event: AuditEvent): Promise<AuditRecord> {
    for (const field of ['action', 'actor', 'target'] as const) {
      if (typeof event[field] !== 'string' || event[field].trim() === '') throw new Error(`an audit event needs its ${field}`);
    }
    const at = this.now().toISOString();
    for (let attempt = 0; ; attempt += 1) {
      const id = this.nextId(at);
      const record: AuditRecord = { id, at, ...definedFields(event) };
      try {
        await this.store.put(AUDIT_TABLE, at.slice(0, 10), id, record, { ifAbsent: true });
        return record;
      } catch (error) {
        // Ids carry random bits; a collision is all but impossible, and never overwrites.
        if (!(error instanceof StateConflictError) || attempt >= 2) throw error;
      }
    }
  }

  /** Records of one UTC day (`yyyy-MM-dd`), oldest first; `after` is the last id of the previous page. */
  async list(options: { readonly day: string; readonly limit?: number; readonly after?: string }): Promise<AuditRecord[]> {
    if (!DAY.test(options.day)) throw new Error('an audit day is yyyy-MM-dd');
    const limit = Math.min(Math.max(Math.trunc(options.limit ?? 100), 0), MAX_LIST);
    const entities = await this.store.list<AuditRecord>(AUDIT_TABLE, options.day, { limit, afterKey: options.after });
    return entities.map((entity) => entity.value);
  }

  /** The UTC days that have records, ascending. */
  days(): Promise<string[]> {
    return this.store.partitions(AUDIT_TABLE);
  }

  private nextId(at: string): string {
    this.sequence = (this.sequence + 1) % 1_000_000;
    return `${at}-${String(this.sequence).padStart(6, '0')}-${randomBytes(5).toString('hex')}`;
  }
}

function definedFields(event: AuditEvent): AuditEvent {
  const copy: { -readonly [K in keyof AuditEvent]: AuditEvent[K] } = { action: event.action, actor: event.actor, target: event.target };
  if (event.before !== undefined) copy.before = event.before;
  if (event.after !== undefined) copy.after = event.after;
  if (event.reason !== undefined) copy.reason = event.reason;
  if (event.correlationId !== undefined) copy.correlationId = event.correlationId;
  return copy;
}
