import type { AgencyFeedback, TypeCount } from './agency-feedback.js';

/** One saved redaction as the management summary counts it (no ids of people, no text). */
export interface SummaryRow {
  readonly caseId: string;
  readonly entryId: string;
  readonly savedAt: string;
  /** The case's unit in the legacy CMS; null when it could not be read at save time. */
  readonly unitId: string | null;
  readonly unitName: string | null;
  readonly boxCount: number;
  readonly byType: Readonly<Record<string, number>>;
  readonly agencyFeedback?: AgencyFeedback;
}

export interface UnitFigures {
  readonly unitId: string | null;
  readonly unitName: string | null;
  readonly redactions: number;
  readonly boxCount: number;
  readonly byType: TypeCount[];
}

export interface AgencyFigures {
  readonly agency: string;
  /** Saves that carried an under/over-redaction entry for this agency. */
  readonly documents: number;
  readonly returnedToAgency: number;
  readonly underRedacted: TypeCount[];
  readonly overRedacted: TypeCount[];
  readonly underRedactedTotal: number;
  readonly overRedactedTotal: number;
}

export interface RedactionLogSummary {
  readonly redactions: number;
  readonly boxCount: number;
  readonly byType: TypeCount[];
  readonly byUnit: UnitFigures[];
  readonly byAgency: AgencyFigures[];
}

/** The management figures of a set of rows: totals, by type, by unit, and under/over-redaction by agency. */
export function summarise(rows: Iterable<SummaryRow>): RedactionLogSummary {
  let redactions = 0;
  let boxCount = 0;
  const byType = new Map<string, number>();
  const units = new Map<string, { unitId: string | null; unitName: string | null; redactions: number; boxCount: number; byType: Map<string, number> }>();
  const agencies = new Map<string, { documents: number; returned: number; under: Map<string, number>; over: Map<string, number> }>();
  for (const row of rows) {
    redactions += 1;
    boxCount += row.boxCount;
    addAll(byType, row.byType);
    const unitKey = row.unitId ?? '';
    const unit = units.get(unitKey) ?? { unitId: row.unitId, unitName: row.unitName, redactions: 0, boxCount: 0, byType: new Map<string, number>() };
    unit.redactions += 1;
    unit.boxCount += row.boxCount;
    addAll(unit.byType, row.byType);
    units.set(unitKey, unit);
    const feedback = row.agencyFeedback;
    if (feedback === undefined) continue;
    const agency = agencies.get(feedback.agency) ?? { documents: 0, returned: 0, under: new Map<string, number>(), over: new Map<string, number>() };
    agency.documents += 1;
    if (feedback.returnedToAgency) agency.returned += 1;
    for (const item of feedback.underRedactions) add(agency.under, item.redactionType, item.count);
    for (const item of feedback.overRedactions) add(agency.over, item.redactionType, item.count);
    agencies.set(feedback.agency, agency);
  }
  return {
    redactions,
    boxCount,
    byType: typeCounts(byType),
    byUnit: [...units.values()]
      .map((unit) => ({ unitId: unit.unitId, unitName: unit.unitName, redactions: unit.redactions, boxCount: unit.boxCount, byType: typeCounts(unit.byType) }))
      .sort((a, b) => compare(a.unitId ?? '', b.unitId ?? '')),
    byAgency: [...agencies.entries()]
      .map(([name, agency]) => {
        const underRedacted = typeCounts(agency.under);
        const overRedacted = typeCounts(agency.over);
        return {
          agency: name,
          documents: agency.documents,
          returnedToAgency: agency.returned,
          underRedacted,
          overRedacted,
          underRedactedTotal: total(underRedacted),
          overRedactedTotal: total(overRedacted),
        };
      })
      .sort((a, b) => compare(a.agency, b.agency)),
  };
}

/** UTC days from `from` to `to` inclusive, as yyyy-MM-dd. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let at = Date.parse(`${from}T00:00:00Z`); at <= Date.parse(`${to}T00:00:00Z`); at += 86_400_000) days.push(new Date(at).toISOString().slice(0, 10));
  return days;
}

function addAll(into: Map<string, number>, counts: Readonly<Record<string, number>>): void {
  for (const [type, count] of Object.entries(counts)) add(into, type, count);
}

function add(into: Map<string, number>, type: string, count: number): void {
  into.set(type, (into.get(type) ?? 0) + count);
}

function typeCounts(counts: Map<string, number>): TypeCount[] {
  return [...counts.entries()].map(([redactionType, count]) => ({ redactionType, count })).sort((a, b) => compare(a.redactionType, b.redactionType));
}

const total = (counts: readonly TypeCount[]): number => counts.reduce((sum, item) => sum + item.count, 0);
const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
