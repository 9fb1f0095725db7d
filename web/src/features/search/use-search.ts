import { useCallback, useEffect, useRef, useState } from 'react';
import { api, must } from '../../api/client';
import { INGESTION_STATES, type SearchCount, type SearchFilters, type SearchResult, type SearchScope } from './search-model';

/** Typing waits this long after the last keystroke before it searches. */
export const SEARCH_DEBOUNCE_MS = 250;

export interface SearchRequest {
  readonly caseId: string;
  readonly query: string;
  readonly scope: SearchScope;
  /** The reader's document, for the document scope. */
  readonly openDocumentId: string | null;
  readonly filters: SearchFilters;
}

export type SearchState =
  | { readonly status: 'idle' }
  | { readonly status: 'searching'; readonly request: SearchRequest; readonly previous: SearchAnswer | null }
  | ({ readonly status: 'done' } & SearchAnswer)
  | { readonly status: 'failed'; readonly request: SearchRequest; readonly error: Error };

export interface SearchAnswer {
  readonly request: SearchRequest;
  readonly result: SearchResult;
  /** Every matching line, asked only when the answer was cut short (the case scope); null until then. */
  readonly count: SearchCount | null;
  /** Increases with every answer, so a new answer to the same query is new. */
  readonly seq: number;
}

function caseQuery(request: SearchRequest) {
  const { filters } = request;
  return {
    q: request.query,
    ...(filters.categories.length > 0 ? { category: [...filters.categories] } : {}),
    ...(filters.types.length > 0 ? { type: [...filters.types] } : {}),
    ...(filters.documentId !== '' ? { documentId: filters.documentId } : {}),
    ...(filters.from !== '' ? { from: filters.from } : {}),
    ...(filters.to !== '' ? { to: filters.to } : {}),
    ...(filters.dateField !== 'document' ? { dateField: filters.dateField } : {}),
    ...(filters.sort !== 'relevance' ? { sort: filters.sort } : {}),
    ...(filters.state !== '' ? { state: [...INGESTION_STATES[filters.state]] } : {}),
    ...(filters.includeCovered ? { includeCovered: true as const } : {}),
  };
}

async function searchOnce(request: SearchRequest, signal: AbortSignal): Promise<SearchResult> {
  if (request.scope === 'document' && request.openDocumentId !== null) {
    const query = { q: request.query, ...(request.filters.includeCovered ? { includeCovered: true as const } : {}) };
    return must(await api.GET('/api/v1/cases/{caseId}/documents/{documentId}/search', { params: { path: { caseId: request.caseId, documentId: request.openDocumentId }, query }, signal }));
  }
  return must(await api.GET('/api/v1/cases/{caseId}/search', { params: { path: { caseId: request.caseId }, query: caseQuery(request) }, signal }));
}

/**
 * Runs searches: `schedule` after typing (debounced), `runNow` on Enter or a filter change. A newer request aborts the
 * one in flight (its answer would be stale), and a pending debounce is dropped when a request runs.
 */
export function useSearch(): { state: SearchState; schedule(request: SearchRequest): void; runNow(request: SearchRequest): void; clear(): void } {
  const [state, setState] = useState<SearchState>({ status: 'idle' });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef<AbortController | null>(null);
  const seq = useRef(0);

  const cancel = useCallback(() => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    inFlight.current?.abort();
    inFlight.current = null;
  }, []);

  const runNow = useCallback(
    (request: SearchRequest) => {
      cancel();
      const controller = new AbortController();
      inFlight.current = controller;
      // The bench reads this mark: the moment the app starts a search (typing stopped, Enter, a filter changed).
      performance.mark('search:start', { detail: { query: request.query } });
      setState((current) => ({ status: 'searching', request, previous: current.status === 'done' ? current : current.status === 'searching' ? current.previous : null }));
      searchOnce(request, controller.signal).then(
        (result) => {
          if (controller.signal.aborted) return;
          seq.current += 1;
          const answerSeq = seq.current;
          setState({ status: 'done', request, result, count: null, seq: answerSeq });
          // Only a cut-short answer needs the count of every matching line; it is asked after the answer, so it never
          // slows the hits down.
          if (request.scope !== 'case' || !result.truncated) return;
          api
            .GET('/api/v1/cases/{caseId}/search/count', { params: { path: { caseId: request.caseId }, query: caseQuery(request) }, signal: controller.signal })
            .then(must)
            .then(
              (count) => controller.signal.aborted || setState((current) => (current.status === 'done' && current.seq === answerSeq ? { ...current, count } : current)),
              () => undefined,
            );
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          setState({ status: 'failed', request, error: error instanceof Error ? error : new Error(String(error)) });
        },
      );
    },
    [cancel],
  );

  const schedule = useCallback(
    (request: SearchRequest) => {
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = setTimeout(() => runNow(request), SEARCH_DEBOUNCE_MS);
    },
    [runNow],
  );

  const clear = useCallback(() => {
    cancel();
    setState({ status: 'idle' });
  }, [cancel]);

  useEffect(() => cancel, [cancel]);
  return { state, schedule, runNow, clear };
}
