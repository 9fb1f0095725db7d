import { StateConflictError, type StateStore } from '../../storage/state/state-store.port.js';
import { daysBetween, summarise, type RedactionLogSummary, type SummaryRow } from './redaction-log-summary.js';

/** StateStore table of the summary: partition = UTC day of the save (yyyy-MM-dd), key = `<entryId>~<caseId>`. */
export const REDACTION_LOG_SUMMARY_TABLE = 'redactionlogdays';
export const MAX_SUMMARY_DAYS = 366;
const PAGE = 1_000;

/**
 * The management figures' own table, written when a save is logged (not by scanning every case's log per
 * request). One small row per saved redaction, bucketed by day, keyed by the log entry's durable id: a save's
 * step replayed by recovery finds its row already there, and instances share one truth.
 */
export class RedactionLogSummaryStore {
  constructor(private readonly store: StateStore) {}

  /** Idempotent: a second write of the same entry changes nothing. */
  async record(row: SummaryRow): Promise<void> {
    try {
      await this.store.put(REDACTION_LOG_SUMMARY_TABLE, row.savedAt.slice(0, 10), `${row.entryId}~${row.caseId}`, row, { ifAbsent: true });
    } catch (error) {
      if (!(error instanceof StateConflictError)) throw error;
    }
  }

  /** Figures over the days from..to (inclusive, yyyy-MM-dd, at most MAX_SUMMARY_DAYS), optionally of one unit. */
  async summary(from: string, to: string, unitId?: string): Promise<RedactionLogSummary> {
    const rows: SummaryRow[] = [];
    for (const day of daysBetween(from, to)) {
      for (let after: string | undefined; ; ) {
        const page = await this.store.list<SummaryRow>(REDACTION_LOG_SUMMARY_TABLE, day, { limit: PAGE, ...(after === undefined ? {} : { afterKey: after }) });
        for (const entity of page) if (unitId === undefined || entity.value.unitId === unitId) rows.push(entity.value);
        if (page.length < PAGE) break;
        after = page.at(-1)!.key;
      }
    }
    return summarise(rows);
  }
}
