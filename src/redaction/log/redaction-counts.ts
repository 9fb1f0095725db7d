import type { PdfRedactionBox } from '../redaction.types.js';
import { UNSPECIFIED_TYPE } from './redaction-type-catalog.js';

export interface PageRedactionCounts {
  readonly pageIndex: number;
  readonly boxCount: number;
  readonly byType: Readonly<Record<string, number>>;
}

/** Boxes of a plan by type and by page (the boxes as requested: rectangles and one box per search-term word). */
export interface RedactionCounts {
  readonly byType: Readonly<Record<string, number>>;
  readonly byPage: readonly PageRedactionCounts[];
}

export function countsOf(boxes: readonly PdfRedactionBox[]): RedactionCounts {
  const byType: Record<string, number> = {};
  const pages = new Map<number, Record<string, number>>();
  for (const { pageIndex, redactionType } of boxes) {
    const type = redactionType ?? UNSPECIFIED_TYPE;
    byType[type] = (byType[type] ?? 0) + 1;
    const page = pages.get(pageIndex) ?? {};
    page[type] = (page[type] ?? 0) + 1;
    pages.set(pageIndex, page);
  }
  const byPage = [...pages.entries()]
    .sort(([a], [b]) => a - b)
    .map(([pageIndex, types]) => ({ pageIndex, boxCount: Object.values(types).reduce((sum, count) => sum + count, 0), byType: sortedRecord(types) }));
  return { byType: sortedRecord(byType), byPage };
}

export function sortedRecord(record: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
