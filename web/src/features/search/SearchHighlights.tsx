import type { PageGeometry } from '../case/workspace';
import { isWordCovered, type CoveredAreas, type Hit } from './search-model';

/** The hits of one answer by displayed page (`documentId/versionId/pageIndex`), for the overlay layer. */
export type HitsByPage = ReadonlyMap<string, readonly Hit[]>;

export const pageKey = (documentId: string, versionId: string, pageIndex: number): string => `${documentId}/${versionId}/${pageIndex}`;

export function hitsByPage(hits: readonly Hit[]): HitsByPage {
  const byPage = new Map<string, Hit[]>();
  for (const hit of hits) {
    const key = pageKey(hit.document.documentId, hit.document.versionId, hit.page.pageIndex);
    const list = byPage.get(key);
    if (list === undefined) byPage.set(key, [hit]);
    else list.push(hit);
  }
  return byPage;
}

/**
 * The matched words of the hits on one page, drawn from their word boxes (PDF points, top-left origin, the page as
 * displayed) at the page's scale. Each box says where it is (data-x/y/w/h in points) and what it is (its label).
 */
export function SearchHighlights({ page, hits, total, currentIndex, query, covered }: { page: PageGeometry; hits: readonly Hit[]; total: number; currentIndex: number | null; query: string; covered: CoveredAreas }) {
  const areas = covered.get(page.documentId)?.get(page.pageIndex);
  return hits.flatMap((hit) =>
    hit.line.words.map((word, at) => {
      const current = hit.index === currentIndex;
      const underBox = isWordCovered(word, areas);
      const { x, y, width, height } = word.box;
      const label = `Search hit ${hit.index + 1} of ${total}: ${word.text}, page ${page.pageIndex + 1}${underBox ? ', under a box that is not a true redaction' : ''}`;
      return (
        <div
          key={`${hit.index}-${at}`}
          className={`search-highlight${current ? ' current' : ''}${underBox ? ' covered' : ''}`}
          role="img"
          aria-label={label}
          aria-current={current ? 'true' : undefined}
          data-search-highlight=""
          data-query={query}
          data-hit-index={hit.index}
          data-page-index={page.pageIndex}
          data-x={x}
          data-y={y}
          data-w={width}
          data-h={height}
          style={{ left: x * page.scale, top: y * page.scale, width: width * page.scale, height: height * page.scale }}
        />
      );
    }),
  );
}
