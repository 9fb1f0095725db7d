import type { components } from '../../api/schema';

export type SearchResult = components['schemas']['SearchResultDto'];
export type SearchCount = components['schemas']['SearchCountDto'];
export type SearchDocument = components['schemas']['SearchDocumentDto'];
export type SearchPage = components['schemas']['SearchPageDto'];
export type SearchLine = components['schemas']['SearchLineHitDto'];
export type Box = components['schemas']['BoxDto'];
export type TrackedDocument = components['schemas']['TrackedDocumentDto'];
export type MimeFamily = NonNullable<SearchDocument['type']>;
export type SearchSort = 'relevance' | 'date' | 'hits';

/** Where the query runs: the whole case (with its filters) or the document open in the reader. */
export type SearchScope = 'case' | 'document';

export interface SearchFilters {
  readonly categories: readonly string[];
  readonly types: readonly MimeFamily[];
  /** One document of the case, by id (`''` all). */
  readonly documentId: string;
  readonly from: string;
  readonly to: string;
  readonly dateField: 'document' | 'received';
  readonly sort: SearchSort;
  /** Ingestion states, by the choice offered (`''` any). */
  readonly state: IngestionChoice;
  readonly includeCovered: boolean;
}

export type IngestionChoice = '' | 'indexed' | 'failed' | 'in-progress';
export type IngestionState = 'new' | 'converted' | 'extracted' | 'indexed' | 'failed';

export const INGESTION_STATES: Readonly<Record<Exclude<IngestionChoice, ''>, readonly IngestionState[]>> = {
  indexed: ['indexed'],
  failed: ['failed'],
  'in-progress': ['new', 'converted', 'extracted'],
};

export const NO_FILTERS: SearchFilters = { categories: [], types: [], documentId: '', from: '', to: '', dateField: 'document', sort: 'relevance', state: '', includeCovered: false };

/** The MIME families offered as filters: the kinds a case holds in practice. */
export const TYPE_CHOICES: readonly { readonly value: MimeFamily; readonly label: string }[] = [
  { value: 'pdf', label: 'PDF' },
  { value: 'word', label: 'Word' },
  { value: 'email', label: 'E-mail' },
  { value: 'text', label: 'Text' },
  { value: 'image', label: 'Image' },
  { value: 'spreadsheet', label: 'Spreadsheet' },
];

/** The API refuses a query without a letter or digit; the panel does not send one. */
export function isSearchable(query: string): boolean {
  return /[\p{L}\p{N}]/u.test(query) && query.length <= 256;
}

/** One matching line, numbered across the whole result in display order (the order next/previous walk). */
export interface Hit {
  readonly index: number;
  readonly document: SearchDocument;
  readonly page: SearchPage;
  readonly line: SearchLine;
  /** The API flags it (includeCovered) or a matched word lies in an area the tracker reports as covering live text. */
  readonly covered: boolean;
}

/** The covering areas per document and page, from the tracker's under-redaction detection. */
export type CoveredAreas = ReadonlyMap<string, ReadonlyMap<number, readonly Box[]>>;

export function coveredAreasOf(documents: readonly TrackedDocument[]): CoveredAreas {
  const areas = new Map<string, Map<number, readonly Box[]>>();
  for (const document of documents) {
    if (document.coveredText === null || document.coveredText.length === 0) continue;
    areas.set(document.documentId, new Map(document.coveredText.map((page) => [page.pageIndex, page.boxes])));
  }
  return areas;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function isWordCovered(word: SearchLine['words'][number], areas: readonly Box[] | undefined): boolean {
  return word.covered === true || (areas?.some((area) => overlaps(word.box, area)) ?? false);
}

export function hitsOf(result: SearchResult, covered: CoveredAreas): Hit[] {
  const hits: Hit[] = [];
  for (const document of result.documents) {
    for (const page of document.pages) {
      const areas = covered.get(document.documentId)?.get(page.pageIndex);
      for (const line of page.hits) {
        hits.push({ index: hits.length, document, page, line, covered: line.covered === true || line.words.some((word) => isWordCovered(word, areas)) });
      }
    }
  }
  return hits;
}

export function documentLabel(document: Pick<SearchDocument, 'documentId' | 'title' | 'fileName'>): string {
  return document.title ?? document.fileName ?? `Document ${document.documentId}`;
}

/** A line split into plain and matched runs, for emphasis: each matched word is found in the line, left to right. */
export function segmentsOf(line: SearchLine): { readonly text: string; readonly matched: boolean }[] {
  const lower = line.text.toLocaleLowerCase();
  const ranges: [number, number][] = [];
  let cursor = 0;
  for (const word of line.words) {
    const needle = word.text.toLocaleLowerCase();
    if (needle.length === 0) continue;
    let at = lower.indexOf(needle, cursor);
    if (at === -1) at = lower.indexOf(needle);
    if (at === -1 || ranges.some(([start, end]) => at < end && start < at + needle.length)) continue;
    ranges.push([at, at + needle.length]);
    cursor = at + needle.length;
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const segments: { text: string; matched: boolean }[] = [];
  let position = 0;
  for (const [start, end] of ranges) {
    if (start > position) segments.push({ text: line.text.slice(position, start), matched: false });
    segments.push({ text: line.text.slice(start, end), matched: true });
    position = end;
  }
  if (position < line.text.length) segments.push({ text: line.text.slice(position), matched: false });
  return segments;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** What the live region says of a finished search. */
export function announcementOf(query: string, result: SearchResult, count: SearchCount | null): string {
  const hitCount = count?.hitCount ?? result.hitCount;
  const documentCount = count?.documentCount ?? result.documentCount;
  if (documentCount === 0) return `No hits for ${query}`;
  const byName = result.documents.filter((document) => document.matchedIn.includes('title') || document.matchedIn.includes('fileName')).length;
  const parts = [`${plural(hitCount, 'hit')} in ${plural(documentCount, 'document')}`];
  if (byName > 0) parts.push(`${plural(byName, 'document')} found by name`);
  if (result.truncated && count !== null && count.hitCount > result.hitCount) parts.push(`showing the best ${result.hitCount}`);
  return parts.join('; ');
}
