import { describe, expect, it } from '@jest/globals';
import { InMemoryStateStore } from '../../storage/state/in-memory-state-store.adapter.js';
import { countsOf } from './redaction-counts.js';
import { daysBetween, summarise, type SummaryRow } from './redaction-log-summary.js';
import { REDACTION_LOG_SUMMARY_TABLE, RedactionLogSummaryStore } from './redaction-log-summary.store.js';

const row = (overrides: Partial<SummaryRow> & Pick<SummaryRow, 'entryId' | 'savedAt'>): SummaryRow => ({
  caseId: '1',
  unitId: 'U1',
  unitName: 'North',
  boxCount: 3,
  byType: { phone: 2, 'named-person': 1 },
  ...overrides,
});

describe('redaction counts', () => {
  it('counts boxes by type and by page, untyped as unspecified', () => {
    const box = { x: 0, y: 0, width: 1, height: 1 };
    expect(
      countsOf([
        { pageIndex: 2, box, redactionType: 'phone' },
        { pageIndex: 0, box, redactionType: 'phone' },
        { pageIndex: 0, box },
        { pageIndex: 0, box, redactionType: 'address' },
      ]),
    ).toEqual({
      byType: { address: 1, phone: 2, unspecified: 1 },
      byPage: [
        { pageIndex: 0, boxCount: 3, byType: { address: 1, phone: 1, unspecified: 1 } },
        { pageIndex: 2, boxCount: 1, byType: { phone: 1 } },
      ],
    });
  });
});

describe('summarise', () => {
  it('adds up by type, by unit and under/over-redaction by agency', () => {
    const figures = summarise([
      row({ entryId: 'a', savedAt: '2026-11-01T10:00:00.000Z' }),
      row({
        entryId: 'b',
        savedAt: '2026-11-02T10:00:00.000Z',
        unitId: 'U2',
        unitName: 'South',
        boxCount: 1,
        byType: { phone: 1 },
        agencyFeedback: { agency: 'Met', underRedactions: [{ redactionType: 'phone', count: 2 }], overRedactions: [{ redactionType: 'address', count: 1 }], returnedToAgency: true },
      }),
      row({
        entryId: 'c',
        savedAt: '2026-11-02T11:00:00.000Z',
        agencyFeedback: { agency: 'Met', underRedactions: [{ redactionType: 'phone', count: 1 }], overRedactions: [], returnedToAgency: false },
      }),
    ]);
    expect(figures).toEqual({
      redactions: 3,
      boxCount: 7,
      byType: [
        { redactionType: 'named-person', count: 2 },
        { redactionType: 'phone', count: 5 },
      ],
      byUnit: [
        { unitId: 'U1', unitName: 'North', redactions: 2, boxCount: 6, byType: [{ redactionType: 'named-person', count: 2 }, { redactionType: 'phone', count: 4 }] },
        { unitId: 'U2', unitName: 'South', redactions: 1, boxCount: 1, byType: [{ redactionType: 'phone', count: 1 }] },
      ],
      byAgency: [
        {
          agency: 'Met',
          documents: 2,
          returnedToAgency: 1,
          underRedacted: [{ redactionType: 'phone', count: 3 }],
          overRedacted: [{ redactionType: 'address', count: 1 }],
          underRedactedTotal: 3,
          overRedactedTotal: 1,
        },
      ],
    });
  });

  it('lists the UTC days of a period, both ends included', () => {
    expect(daysBetween('2026-02-27', '2026-03-01')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(daysBetween('2026-03-02', '2026-03-01')).toEqual([]);
  });
});

describe('RedactionLogSummaryStore', () => {
  it('keeps one row per entry (a replayed save changes nothing), by day, and sums a period and a unit', async () => {
    const state = new InMemoryStateStore();
    const store = new RedactionLogSummaryStore(state);
    await store.record(row({ entryId: 'a', savedAt: '2026-11-01T23:59:59.000Z' }));
    await store.record(row({ entryId: 'a', savedAt: '2026-11-01T23:59:59.000Z', boxCount: 99 }));
    await store.record(row({ entryId: 'a', caseId: '2', savedAt: '2026-11-02T00:00:00.000Z', unitId: 'U2' }));
    await store.record(row({ entryId: 'b', savedAt: '2026-11-05T08:00:00.000Z' }));
    expect(await state.partitions(REDACTION_LOG_SUMMARY_TABLE)).toEqual(['2026-11-01', '2026-11-02', '2026-11-05']);
    expect((await store.summary('2026-11-01', '2026-11-02')).redactions).toBe(2);
    expect((await store.summary('2026-11-01', '2026-11-01')).boxCount).toBe(3);
    expect((await store.summary('2026-11-01', '2026-11-30', 'U1')).redactions).toBe(2);
    expect((await store.summary('2026-11-03', '2026-11-04')).redactions).toBe(0);
  });
});
