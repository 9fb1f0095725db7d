import { useCallback, useEffect, useLayoutEffect, useMemo, useState, type ChangeEvent } from 'react';
import { api, must } from '../../api/client';
import { useAsync } from '../../app/use-async';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useWorkspace } from '../case/workspace';
import { SearchHighlights, hitsByPage, pageKey } from './SearchHighlights';
import {
  NO_FILTERS,
  TYPE_CHOICES,
  announcementOf,
  coveredAreasOf,
  documentLabel,
  hitsOf,
  isSearchable,
  plural,
  segmentsOf,
  type CoveredAreas,
  type Hit,
  type IngestionChoice,
  type MimeFamily,
  type SearchDocument,
  type SearchFilters,
  type SearchScope,
  type SearchSort,
  type TrackedDocument,
} from './search-model';
import { useSearch, type SearchAnswer, type SearchRequest } from './use-search';
import './search.css';

/** The search's functions, taken out of their object (they do not use `this`). */
type SearchActions = { readonly schedule: (request: SearchRequest) => void; readonly runNow: (request: SearchRequest) => void; readonly clear: () => void };

const NO_COVERED: CoveredAreas = new Map();
const SEARCH_LAYER = 'search';

function activeFilterCount(filters: SearchFilters): number {
  return [filters.categories.length > 0, filters.types.length > 0, filters.documentId !== '', filters.from !== '' || filters.to !== '', filters.sort !== 'relevance', filters.state !== ''].filter(Boolean).length;
}

/**
 * Search across the case or within the open document (issue 15 part 4): words, "phrases" and prefix*, document names
 * too; the API's filters and sort; hits by document and page, highlighted on the page from their word boxes; a clear
 * warning when a hit lies under a box that is not a true redaction.
 */
export function SearchPanel() {
  const workspace = useWorkspace();
  const { caseId, activeDocument } = workspace;
  const { open, setLayer, removeLayer } = workspace;
  const [query, setQuery] = useState('');
  const [scope, setScope] = useState<SearchScope>('case');
  const [filters, setFilters] = useState<SearchFilters>(NO_FILTERS);
  const [chosen, setChosen] = useState<{ seq: number; index: number } | null>(null);
  const search = useSearch();
  const searchActions: SearchActions = search;
  const { schedule, runNow, clear } = searchActions;

  const [documents] = useAsync((signal) => api.GET('/api/v1/cases/{caseId}/documents', { params: { path: { caseId } }, signal }).then(must), [caseId, workspace.documentsRevision]);
  const answer: SearchAnswer | null = search.state.status === 'done' ? search.state : search.state.status === 'searching' ? search.state.previous : null;
  const answerSeq = answer?.seq ?? null;
  // The tracker's under-redaction findings: read once there are hits, and again only when an answer holds a version
  // the last read had not indexed (ingestion went on meanwhile), not with every keystroke's answer.
  const [trackerDocuments, setTrackerDocuments] = useState<readonly TrackedDocument[] | null>(null);
  const trackerBehind =
    answer !== null &&
    (trackerDocuments === null || answer.result.documents.some((document) => document.pages.length > 0 && !trackerDocuments.some((tracked) => tracked.documentId === document.documentId && tracked.indexedVersionId === document.versionId)));
  useEffect(() => {
    if (!trackerBehind) return;
    const controller = new AbortController();
    api
      .GET('/api/v1/cases/{caseId}/tracker', { params: { path: { caseId } }, signal: controller.signal })
      .then(must)
      .then(
        (tracker) => controller.signal.aborted || setTrackerDocuments(tracker.documents),
        () => undefined,
      );
    return () => controller.abort();
  }, [caseId, trackerBehind]);
  const covered = useMemo(() => (trackerDocuments === null ? NO_COVERED : coveredAreasOf(trackerDocuments)), [trackerDocuments]);
  const hits = useMemo(() => (answer === null ? [] : hitsOf(answer.result, covered)), [answer, covered]);
  const currentIndex = chosen !== null && chosen.seq === answerSeq && chosen.index < hits.length ? chosen.index : null;

  const effectiveScope: SearchScope = scope === 'document' && activeDocument !== null ? 'document' : 'case';
  const requestFor = useCallback(
    (text: string, nextFilters: SearchFilters, nextScope: SearchScope): SearchRequest => ({ caseId, query: text.trim(), scope: nextScope, openDocumentId: activeDocument?.documentId ?? null, filters: nextFilters }),
    [caseId, activeDocument],
  );
  const rerun = (nextFilters: SearchFilters, nextScope: SearchScope) => {
    if (isSearchable(query)) runNow(requestFor(query, nextFilters, nextScope));
  };

  const onQueryChange = (event: ChangeEvent<HTMLInputElement>) => {
    const text = event.target.value;
    setQuery(text);
    if (isSearchable(text)) schedule(requestFor(text, filters, effectiveScope));
    else clear();
  };
  const updateFilters = (change: Partial<SearchFilters>) => {
    const next = { ...filters, ...change };
    setFilters(next);
    rerun(next, effectiveScope);
  };

  // A document-scoped search follows the reader to the document it shows.
  const openDocumentId = activeDocument?.documentId ?? null;
  const lastRequest = search.state.status === 'idle' ? null : search.state.request;
  useEffect(() => {
    if (lastRequest === null || lastRequest.scope !== 'document' || openDocumentId === null || lastRequest.openDocumentId === openDocumentId) return;
    runNow({ ...lastRequest, openDocumentId });
  }, [lastRequest, openDocumentId, runNow]);

  const choose = useCallback(
    (hit: Hit) => {
      if (answerSeq === null) return;
      setChosen({ seq: answerSeq, index: hit.index });
      open({ documentId: hit.document.documentId, versionId: hit.document.versionId, title: documentLabel(hit.document) }, hit.page.pageIndex);
    },
    [answerSeq, open],
  );
  const step = useCallback(
    (by: 1 | -1) => {
      if (hits.length === 0) return;
      const from = currentIndex ?? (by === 1 ? -1 : 0);
      choose(hits[(from + by + hits.length) % hits.length]);
    },
    [hits, currentIndex, choose],
  );

  // F3 / Shift+F3 walk the hits wherever the focus is, as a browser's find does.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'F3' || hits.length === 0) return;
      event.preventDefault();
      step(event.shiftKey ? -1 : 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [hits.length, step]);

  // The hits of the answer drawn over the reader's pages; the chosen one stands out. A layout effect: the highlights
  // are drawn in the same frame as the results list, not one frame later.
  const answerQuery = answer?.request.query ?? '';
  useLayoutEffect(() => {
    if (hits.length === 0) {
      removeLayer(SEARCH_LAYER);
      return;
    }
    const byPage = hitsByPage(hits);
    setLayer({
      id: SEARCH_LAYER,
      order: 10,
      render: (page) => {
        const onPage = byPage.get(pageKey(page.documentId, page.versionId, page.pageIndex));
        return onPage === undefined ? null : <SearchHighlights page={page} hits={onPage} total={hits.length} currentIndex={currentIndex} query={answerQuery} covered={covered} />;
      },
    });
  }, [hits, currentIndex, answerQuery, covered, setLayer, removeLayer]);
  useEffect(() => () => removeLayer(SEARCH_LAYER), [removeLayer]);

  // Bring the chosen hit into view once its page is drawn (the reader scrolls to the page's top first).
  useEffect(() => {
    if (currentIndex === null) return;
    let frames = 0;
    let handle = requestAnimationFrame(function look() {
      const element = document.querySelector(`.search-highlight[data-hit-index="${currentIndex}"]`);
      if (element !== null) {
        setTimeout(() => element.scrollIntoView({ block: 'center', inline: 'nearest' }), 0);
        document.querySelector(`.search-hit[data-hit-index="${currentIndex}"]`)?.scrollIntoView({ block: 'nearest' });
      } else if ((frames += 1) < 600) handle = requestAnimationFrame(look);
    });
    return () => cancelAnimationFrame(handle);
  }, [currentIndex, answerSeq]);

  const announcement =
    search.state.status === 'searching'
      ? 'Searching…'
      : search.state.status === 'done'
        ? announcementOf(search.state.request.query, search.state.result, search.state.count)
        : search.state.status === 'failed'
          ? 'The search failed'
          : '';
  const caseDocuments = useMemo(() => (documents.state === 'ready' ? documents.value.documents : []), [documents]);
  const categories = useMemo(() => [...new Set(caseDocuments.map((document) => document.category))].sort(), [caseDocuments]);
  const filterCount = activeFilterCount(filters);
  const coveredPagesOf = (documentId: string): number[] => [...(covered.get(documentId)?.keys() ?? [])].sort((a, b) => a - b);

  return (
    <section aria-labelledby="search-heading" className="search-panel">
      <h2 id="search-heading">Search</h2>
      <form
        role="search"
        aria-label="Search the case"
        onSubmit={(event) => {
          event.preventDefault();
          if (isSearchable(query)) runNow(requestFor(query, filters, effectiveScope));
        }}
      >
        <label htmlFor="search-query">Search for</label>
        <div className="search-row">
          <input id="search-query" type="search" value={query} onChange={onQueryChange} aria-describedby="search-help" autoComplete="off" spellCheck={false} maxLength={256} />
          <button type="submit">Search</button>
        </div>
        <p id="search-help" className="search-help">
          All words must match. Use &quot;quotes&quot; for a phrase and * for the start of a word (knif*). Document names are searched too.
        </p>
        <fieldset className="search-scope">
          <legend>Search in</legend>
          <label className="checkbox">
            <input type="radio" name="search-scope" value="case" checked={effectiveScope === 'case'} onChange={() => {
                setScope('case');
                rerun(filters, 'case');
              }} /> The whole case
          </label>
          <label className="checkbox">
            <input type="radio" name="search-scope" value="document" checked={effectiveScope === 'document'} disabled={activeDocument === null} onChange={() => {
                setScope('document');
                rerun(filters, 'document');
              }} />{' '}
            {activeDocument === null ? 'The open document (none open)' : `The open document: ${activeDocument.title}`}
          </label>
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" checked={filters.includeCovered} onChange={(event) => updateFilters({ includeCovered: event.target.checked })} /> Also find text under boxes that are not true redactions
        </label>
        <details className="search-filters">
          <summary>Filters and sort{filterCount > 0 ? ` (${filterCount} on)` : ''}</summary>
          {effectiveScope === 'document' && <p className="search-help">Filters and sort apply to the whole-case search.</p>}
          <fieldset disabled={effectiveScope === 'document'}>
            <legend className="visually-hidden">Filters and sort</legend>
            <label htmlFor="search-sort">Sort by</label>
            <select id="search-sort" value={filters.sort} onChange={(event) => updateFilters({ sort: event.target.value as SearchSort })}>
              <option value="relevance">Relevance (name matches first)</option>
              <option value="date">Date (newest first)</option>
              <option value="hits">Most hits first</option>
            </select>
            <label htmlFor="search-document">Document</label>
            <select id="search-document" value={filters.documentId} onChange={(event) => updateFilters({ documentId: event.target.value })}>
              <option value="">All documents</option>
              {caseDocuments.map((document) => (
                <option key={document.documentId} value={document.documentId}>
                  {document.title}
                </option>
              ))}
            </select>
            {categories.length > 0 && (
              <fieldset className="search-choices">
                <legend>Categories</legend>
                {categories.map((category) => (
                  <label key={category} className="checkbox">
                    <input
                      type="checkbox"
                      checked={filters.categories.includes(category)}
                      onChange={(event) => updateFilters({ categories: event.target.checked ? [...filters.categories, category] : filters.categories.filter((each) => each !== category) })}
                    />{' '}
                    {category}
                  </label>
                ))}
              </fieldset>
            )}
            <fieldset className="search-choices">
              <legend>Kinds of file</legend>
              {TYPE_CHOICES.map((choice) => (
                <label key={choice.value} className="checkbox">
                  <input
                    type="checkbox"
                    checked={filters.types.includes(choice.value)}
                    onChange={(event) => updateFilters({ types: event.target.checked ? [...filters.types, choice.value] : filters.types.filter((each: MimeFamily) => each !== choice.value) })}
                  />{' '}
                  {choice.label}
                </label>
              ))}
            </fieldset>
            <label htmlFor="search-state">Ingestion</label>
            <select id="search-state" value={filters.state} onChange={(event) => updateFilters({ state: event.target.value as IngestionChoice })}>
              <option value="">Any state</option>
              <option value="indexed">Indexed (searchable text)</option>
              <option value="failed">Failed (found by name only)</option>
              <option value="in-progress">Still being ingested</option>
            </select>
            <label htmlFor="search-date-field">Dates are</label>
            <select id="search-date-field" value={filters.dateField} onChange={(event) => updateFilters({ dateField: event.target.value as SearchFilters['dateField'] })}>
              <option value="document">The document&apos;s own date</option>
              <option value="received">When it was received</option>
            </select>
            <div className="search-dates">
              <span>
                <label htmlFor="search-from">From</label>
                <input id="search-from" type="date" value={filters.from} onChange={(event) => updateFilters({ from: event.target.value })} />
              </span>
              <span>
                <label htmlFor="search-to">To</label>
                <input id="search-to" type="date" value={filters.to} onChange={(event) => updateFilters({ to: event.target.value })} />
              </span>
            </div>
            {filterCount > 0 && (
              <button type="button" className="search-clear" onClick={() => updateFilters({ ...NO_FILTERS, includeCovered: filters.includeCovered })}>
                Clear filters
              </button>
            )}
          </fieldset>
        </details>
      </form>

      <p role="status" className="search-status">
        {announcement}
      </p>
      {hits.length > 0 && (
        <div className="search-nav" role="group" aria-label="Hits">
          <button type="button" onClick={() => step(-1)} aria-keyshortcuts="Shift+F3">
            Previous hit
          </button>
          <span className="search-position">{currentIndex === null ? plural(hits.length, 'hit') : `Hit ${currentIndex + 1} of ${hits.length}`}</span>
          <button type="button" onClick={() => step(1)} aria-keyshortcuts="F3">
            Next hit
          </button>
        </div>
      )}
      {search.state.status === 'failed' && <ProblemMessage error={search.state.error} />}
      {answer !== null && (
        <ol className="search-results" aria-label="Search results" aria-busy={search.state.status === 'searching'}>
          {answer.result.documents.map((document) => (
            <SearchResultDocument key={document.documentId} document={document} hits={hits} currentIndex={currentIndex} coveredPages={coveredPagesOf(document.documentId)} onChoose={choose} onOpen={() => open({ documentId: document.documentId, versionId: document.versionId, title: documentLabel(document) }, 0)} />
          ))}
        </ol>
      )}
    </section>
  );
}

function SearchResultDocument({ document, hits, currentIndex, coveredPages, onChoose, onOpen }: { document: SearchDocument; hits: readonly Hit[]; currentIndex: number | null; coveredPages: readonly number[]; onChoose: (hit: Hit) => void; onOpen: () => void }) {
  const label = documentLabel(document);
  const byName = document.matchedIn.filter((where) => where !== 'content');
  const ofDocument = hits.filter((hit) => hit.document === document);
  return (
    <li className="search-document" data-document-id={document.documentId}>
      <h3>{label}</h3>
      <p className="search-document-facts">
        {[document.category, plural(document.hitCount, 'hit'), byName.length > 0 ? `name matches (${byName.map((where) => (where === 'title' ? 'title' : 'file name')).join(', ')})` : null].filter(Boolean).join(' · ')}
      </p>
      {coveredPages.length > 0 && (
        <p className="covered-warning">
          <strong>Warning:</strong> {coveredPages.length === 1 ? 'page' : 'pages'} {coveredPages.map((pageIndex) => pageIndex + 1).join(', ')} of this document {coveredPages.length === 1 ? 'has' : 'have'} text under a box that is not a true
          redaction: the words are still in the file.
        </p>
      )}
      {document.pages.length === 0 ? (
        <button type="button" className="search-open" onClick={onOpen}>
          Open {label}
        </button>
      ) : (
        document.pages.map((page) => (
          <div key={page.pageIndex} className="search-page">
            <h4>Page {page.pageIndex + 1}</h4>
            <ul>
              {ofDocument
                .filter((hit) => hit.page === page)
                .map((hit) => (
                  <li key={hit.line.lineIndex}>
                    <button type="button" className={`search-hit${hit.covered ? ' covered' : ''}`} data-hit-index={hit.index} aria-current={hit.index === currentIndex ? 'true' : undefined} onClick={() => onChoose(hit)}>
                      <span className="search-line">
                        {segmentsOf(hit.line).map((segment, at) => (segment.matched ? <mark key={at}>{segment.text}</mark> : <span key={at}>{segment.text}</span>))}
                      </span>
                      {hit.covered && (
                        <span className="covered-warning">
                          <strong>Warning:</strong> under a box that is not a true redaction; the words are still in the file.
                        </span>
                      )}
                    </button>
                  </li>
                ))}
            </ul>
          </div>
        ))
      )}
    </li>
  );
}
