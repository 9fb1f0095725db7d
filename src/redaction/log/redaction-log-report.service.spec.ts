import { describe, expect, it } from '@jest/globals';
import { domainFailureOf } from '../../../test/helpers/rejection-of.js';
import { InMemoryStateStore } from '../../storage/state/in-memory-state-store.adapter.js';
import { RedactionLog } from '../redaction-log.js';
import { RedactionLogReportService } from './redaction-log-report.service.js';
import { RedactionLogSummaryStore } from './redaction-log-summary.store.js';
import { RedactionTypeCatalog } from './redaction-type-catalog.js';
import { RemovedWordHasher } from './removed-word-hasher.js';

describe('RedactionLogReportService', () => {
  const state = new InMemoryStateStore();
  const hasher = RemovedWordHasher.fromKey(Buffer.alloc(32, 1).toString('base64'));
  const log = new RedactionLog(state);
  const service = new RedactionLogReportService(new RedactionTypeCatalog(['phone']), new RedactionLogSummaryStore(state), log, hasher, () => new Date('2026-12-05T10:00:00Z'));
  const base = { caseId: '1', documentId: '2', oldVersionId: '3', newVersionId: '4', pages: [0], boxCount: 1, pageModifications: [], reasonCodes: [], engine: 'e', savedBy: 'u', correlationId: 'c' };

  it('defaults to the last 30 days and validates the period', async () => {
    expect(await service.summary({})).toMatchObject({ from: '2026-11-06', to: '2026-12-05', unit: null, redactions: 0 });
    expect(await domainFailureOf(service.summary({ from: '2026-02-30' }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'from' } });
    expect(await domainFailureOf(service.summary({ from: '2026-12-06', to: '2026-12-05' }))).toMatchObject({ details: { field: 'from' } });
    expect(await domainFailureOf(service.summary({ from: '2025-01-01', to: '2026-12-05' }))).toMatchObject({ details: { field: 'to' } });
    expect((await service.summary({ from: '2025-12-05', to: '2026-12-05' })).from).toBe('2025-12-05');
  });

  it('proves removed words of an entry, says when it cannot, and 404s an unknown entry', async () => {
    const hashed = await log.appendOnce('e1', '2026-12-01T00:00:00.000Z', { ...base, removedWords: hasher.hashAll(['07700', 'Smith']) });
    const old = await log.appendOnce('e0', '2026-11-01T00:00:00.000Z', base);
    const other = await log.appendOnce('e2', '2026-12-02T00:00:00.000Z', { ...base, removedWords: RemovedWordHasher.fromKey(Buffer.alloc(32, 2).toString('base64')).hashAll(['Smith']) });
    expect(await service.prove('1', hashed.entry.entryId, ['smith', 'Jones'])).toEqual({
      caseId: '1',
      entryId: 'e1',
      provable: true,
      reason: null,
      truncated: false,
      results: [
        { matched: true, occurrences: 1 },
        { matched: false, occurrences: 0 },
      ],
    });
    expect(await service.prove('1', old.entry.entryId, ['smith'])).toMatchObject({ provable: false, reason: 'not-hashed', results: [{ matched: false }] });
    expect(await service.prove('1', other.entry.entryId, ['smith'])).toMatchObject({ provable: false, reason: 'other-key' });
    expect(await domainFailureOf(service.prove('2', 'e1', ['smith']))).toMatchObject({ code: 'REDACTION_LOG_ENTRY_NOT_FOUND' });
  });
});
