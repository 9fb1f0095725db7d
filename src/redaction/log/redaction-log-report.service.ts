import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/domain-error.js';
import { RedactionLog } from '../redaction-log.js';
import type { RedactionLogSummary } from './redaction-log-summary.js';
import { MAX_SUMMARY_DAYS, RedactionLogSummaryStore } from './redaction-log-summary.store.js';
import { RedactionTypeCatalog, type RedactionType } from './redaction-type-catalog.js';
import { RemovedWordHasher, type CandidateProof } from './removed-word-hasher.js';

/** The default summary window when `from`/`to` are not given: the last 30 days, today included. */
export const DEFAULT_SUMMARY_DAYS = 30;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface SummaryQuery {
  readonly from?: string;
  readonly to?: string;
  readonly unit?: string;
}

export interface RedactionLogSummaryReport extends RedactionLogSummary {
  readonly from: string;
  readonly to: string;
  readonly unit: string | null;
}

export interface RemovalProof {
  readonly caseId: string;
  readonly entryId: string;
  /** False when the entry holds no hashes (logged before them) or was hashed with another key. */
  readonly provable: boolean;
  readonly reason: 'not-hashed' | 'other-key' | null;
  /** Some distinct words were not hashed (more than the per-entry cap): a miss is then not proof of absence. */
  readonly truncated: boolean;
  /** In the order of the candidates; the candidates themselves are not echoed. */
  readonly results: readonly CandidateProof[];
}

/** The redaction log read as management figures, the configured types, and proof of removed words. */
@Injectable()
export class RedactionLogReportService {
  constructor(
    private readonly types: RedactionTypeCatalog,
    private readonly summaries: RedactionLogSummaryStore,
    private readonly log: RedactionLog,
    private readonly hasher: RemovedWordHasher,
    private readonly now: () => Date = () => new Date(),
  ) {}

  redactionTypes(): readonly RedactionType[] {
    return this.types.types;
  }

  async summary(query: SummaryQuery): Promise<RedactionLogSummaryReport> {
    const to = query.to === undefined ? this.now().toISOString().slice(0, 10) : checkedDate(query.to, 'to');
    const from = query.from === undefined ? shiftDays(to, -(DEFAULT_SUMMARY_DAYS - 1)) : checkedDate(query.from, 'from');
    if (from > to) throw new DomainError('VALIDATION_FAILED', 'from must not be after to.', { field: 'from' });
    if (shiftDays(from, MAX_SUMMARY_DAYS - 1) < to) throw new DomainError('VALIDATION_FAILED', `The period may span at most ${MAX_SUMMARY_DAYS} days.`, { field: 'to' });
    const figures = await this.summaries.summary(from, to, query.unit);
    return { from, to, unit: query.unit ?? null, ...figures };
  }

  async prove(caseId: string, entryId: string, candidates: readonly string[]): Promise<RemovalProof> {
    const entry = await this.log.get(caseId, entryId);
    if (entry === null) throw new DomainError('REDACTION_LOG_ENTRY_NOT_FOUND', 'The case has no redaction log entry with this id.');
    const none = candidates.map(() => ({ matched: false, occurrences: 0 }));
    if (entry.removedWords === undefined) return { caseId, entryId, provable: false, reason: 'not-hashed', truncated: false, results: none };
    const results = this.hasher.prove(entry.removedWords, candidates);
    if (results === null) return { caseId, entryId, provable: false, reason: 'other-key', truncated: entry.removedWords.truncated, results: none };
    return { caseId, entryId, provable: true, reason: null, truncated: entry.removedWords.truncated, results };
  }
}

function checkedDate(value: string, field: string): string {
  const valid = ISO_DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
  if (!valid) throw new DomainError('VALIDATION_FAILED', `${field} must be a date as yyyy-MM-dd.`, { field });
  return value;
}

function shiftDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
