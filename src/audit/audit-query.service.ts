import { DomainError } from '../common/domain-error.js';
import type { AuditRecord } from './audit-record.js';
import { compareRecords, type AuditTrail } from './audit-trail.service.js';

export interface AuditQuery {
  readonly user?: string;
  readonly caseId?: string;
  /** ISO-8601 instants; `from` inclusive, `to` exclusive. */
  readonly from?: string;
  readonly to?: string;
  readonly limit: number;
  readonly cursor?: string;
}

export interface AuditPage {
  readonly records: AuditRecord[];
  readonly nextCursor: string | null;
}

const DAY_MS = 86_400_000;
/** The widest time range one query may scan. */
export const MAX_AUDIT_RANGE_DAYS = 31;

interface Cursor {
  readonly at: string;
  readonly chain: string;
  readonly seq: number;
}

/**
 * Filters the trail for auditors, newest first. The StateStore has no secondary index: a query reads every
 * chain of each UTC day in its range (at most 31 days), so the default range is the last 24 hours.
 */
export class AuditQueryService {
  constructor(
    private readonly trail: Pick<AuditTrail, 'recordsOfDay'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async query(query: AuditQuery): Promise<AuditPage> {
    const to = instant(query.to, 'to') ?? this.now().getTime();
    const from = instant(query.from, 'from') ?? to - DAY_MS;
    if (from >= to) throw new DomainError('VALIDATION_FAILED', 'from must be before to.', { field: 'from' });
    if (to - from > MAX_AUDIT_RANGE_DAYS * DAY_MS) throw new DomainError('VALIDATION_FAILED', `The time range may span at most ${MAX_AUDIT_RANGE_DAYS} days.`, { field: 'from' });
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const fromIso = new Date(from).toISOString();
    const toIso = new Date(to).toISOString();
    const selected: AuditRecord[] = [];
    for (let day = Math.floor(to / DAY_MS) * DAY_MS; day >= Math.floor(from / DAY_MS) * DAY_MS; day -= DAY_MS) {
      const records = await this.trail.recordsOfDay(new Date(day).toISOString().slice(0, 10));
      for (const record of records) {
        if (record.at < fromIso || record.at >= toIso) continue;
        if (query.user !== undefined && record.actor !== query.user) continue;
        if (query.caseId !== undefined && record.caseId !== query.caseId) continue;
        if (cursor !== undefined && compareRecords(record, cursor) >= 0) continue;
        selected.push(record);
      }
      if (selected.length > query.limit) break;
    }
    selected.sort((a, b) => compareRecords(b, a));
    const records = selected.slice(0, query.limit);
    const last = records.at(-1);
    return { records, nextCursor: selected.length > query.limit && last !== undefined ? encodeCursor(last) : null };
  }
}

function instant(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new DomainError('VALIDATION_FAILED', `${field} must be an ISO-8601 date-time.`, { field });
  return ms;
}

function encodeCursor(record: AuditRecord): string {
  return Buffer.from(JSON.stringify({ at: record.at, chain: record.chain, seq: record.seq } satisfies Cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (typeof value.at === 'string' && typeof value.chain === 'string' && typeof value.seq === 'number') return { at: value.at, chain: value.chain, seq: value.seq };
  } catch {
    // fall through
  }
  throw new DomainError('VALIDATION_FAILED', 'cursor is not one this API gave out.', { field: 'cursor' });
}
