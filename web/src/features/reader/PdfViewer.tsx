import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useWorkspace, type OpenDocument, type PageGeometry } from '../case/workspace';
import { DocumentNotes } from './DocumentNotes';
import { openPdf } from './pdfjs';
import { firstPagePaintedMark, PdfPage, type Rotation } from './PdfPage';
import { PageThumbnails } from './PageThumbnails';

interface PageSize {
  readonly widthPt: number;
  readonly heightPt: number;
}

const DEFAULT_SCALE = 1.25;
const ZOOM_STEPS = [0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4];
/** The viewer's padding and the gap under each page, in CSS px (reader.css). */
const VIEWER_PADDING = 8;

/** Tells the size of every page that differs from the first's, page by page, until cancelled. */
async function readOtherSizes(pdf: PDFDocumentProxy, reading: { cancelled: boolean }, onSize: (index: number, size: PageSize) => void): Promise<void> {
  const first = (await pdf.getPage(1)).getViewport({ scale: 1 });
  for (let index = 1; index < pdf.numPages && !reading.cancelled; index++) {
    const viewport = (await pdf.getPage(index + 1)).getViewport({ scale: 1 });
    if (!reading.cancelled && (viewport.width !== first.width || viewport.height !== first.height)) onSize(index, { widthPt: viewport.width, heightPt: viewport.height });
  }
}

const zoomIn = (scale: number) => ZOOM_STEPS.find((step) => step > scale + 0.001) ?? ZOOM_STEPS[ZOOM_STEPS.length - 1];
const zoomOut = (scale: number) => [...ZOOM_STEPS].reverse().find((step) => step < scale - 0.001) ?? ZOOM_STEPS[0];

/**
 * A version's PDF as a scrolling column of pages, with its toolbar (page, zoom, rotation), thumbnails and notes.
 * Scrolls to a page when the workspace asks (a hit, a suggestion). Keyboard, with the page column focused:
 * PageDown/PageUp a page, Home/End the first/last page, + and - zoom.
 */
export function PdfViewer({ document: open, active }: { document: OpenDocument; active: boolean }) {
  const workspace = useWorkspace();
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [sizes, setSizes] = useState<readonly PageSize[]>([]);
  const [error, setError] = useState<Error | null>(null);
  const scrollerRef = useRef<HTMLDivElement | null>(null);
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const [scale, setScale] = useState(DEFAULT_SCALE);
  const [fitWidth, setFitWidth] = useState(false);
  const [rotation, setRotation] = useState<Rotation>(0);
  const [current, setCurrent] = useState(0);
  const [firstPainted, setFirstPainted] = useState(false);
  const [showThumbnails, setShowThumbnails] = useState(true);
  const [showNotes, setShowNotes] = useState(false);
  const [pageInput, setPageInput] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const currentRef = useRef(0);
  const pageCount = sizes.length;

  // A version just saved (or just listed) has no PDF until ingestion has converted it: try again meanwhile.
  const [attempt, setAttempt] = useState(0);
  const [preparing, setPreparing] = useState(false);
  useEffect(() => {
    const url = `/api/v1/cases/${encodeURIComponent(workspace.caseId)}/documents/${encodeURIComponent(open.documentId)}/versions/${encodeURIComponent(open.versionId)}/pdf`;
    const loading = openPdf(url);
    let cancelled = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    loading.promise
      .then(async (loaded) => {
        // Every page takes the first page's size until its own is read (after the first page is painted).
        const first = (await loaded.getPage(1)).getViewport({ scale: 1 });
        if (cancelled) return;
        setSizes(Array.from({ length: loaded.numPages }, () => ({ widthPt: first.width, heightPt: first.height })));
        setPdf(loaded);
      })
      .catch((failure: unknown) => {
        if (cancelled) return;
        if (isNotReadyYet(failure) && attempt < MAX_NOT_READY_ATTEMPTS) {
          setPreparing(true);
          retry = setTimeout(() => setAttempt((value) => value + 1), Math.min(1_000 * 2 ** Math.min(attempt, 3), 8_000));
          return;
        }
        setError(failure instanceof Error ? failure : new Error(String(failure)));
      });
    return () => {
      cancelled = true;
      clearTimeout(retry);
      void loading.destroy();
    };
  }, [workspace.caseId, open.documentId, open.versionId, attempt]);

  // Pages of another size than the first, read only once the first page shows: reading them fetches ranges.
  useEffect(() => {
    if (pdf === null || !firstPainted) return;
    const reading = { cancelled: false };
    readOtherSizes(pdf, reading, (index, size) => setSizes((sizes) => sizes.map((each, at) => (at === index ? size : each)))).catch(() => undefined);
    return () => {
      reading.cancelled = true;
    };
  }, [pdf, firstPainted]);

  const onPainted = useCallback(
    (pageIndex: number) => {
      if (pageIndex !== 0 || firstPainted) return;
      performance.mark(firstPagePaintedMark(open.documentId));
      setFirstPainted(true);
    },
    [firstPainted, open.documentId],
  );

  const slotOf = useCallback((pageIndex: number) => scrollerRef.current?.querySelector<HTMLElement>(`[data-page-slot="${pageIndex}"]`) ?? null, []);

  /** The page at the top of the view (the last page at the bottom of the scroll). */
  const pageAtTop = useCallback((): number => {
    const scroller = scrollerRef.current;
    if (scroller === null || pageCount === 0) return 0;
    if (scroller.scrollTop > 0 && scroller.scrollTop >= scroller.scrollHeight - scroller.clientHeight - 1) return pageCount - 1;
    const line = scroller.scrollTop + 2;
    let low = 0;
    let high = pageCount - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      const top = slotOf(middle)?.offsetTop ?? 0;
      if (top - VIEWER_PADDING <= line) low = middle;
      else high = middle - 1;
    }
    return low;
  }, [pageCount, slotOf]);

  /** Scrolls a page to the top of the view; the scroll tells the page indicator. */
  const goTo = useCallback(
    (pageIndex: number) => {
      const scroller = scrollerRef.current;
      if (scroller === null || pageCount === 0) return;
      const target = Math.min(Math.max(pageIndex, 0), pageCount - 1);
      const slot = slotOf(target);
      if (slot !== null) scroller.scrollTop = slot.offsetTop - VIEWER_PADDING;
      currentRef.current = target;
    },
    [pageCount, slotOf],
  );
  /** A page asked for by the user: shown and announced. */
  const navigate = (pageIndex: number) => {
    const target = Math.min(Math.max(pageIndex, 0), pageCount - 1);
    goTo(target);
    setCurrent(target);
    setAnnouncement(`Page ${target + 1} of ${pageCount}`);
  };

  useEffect(() => {
    const scroller = scrollerRef.current;
    if (scroller === null) return;
    let frame = 0;
    const onScroll = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        const page = pageAtTop();
        currentRef.current = page;
        setCurrent(page);
      });
    };
    scroller.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      scroller.removeEventListener('scroll', onScroll);
    };
  }, [pdf, pageAtTop]);

  // Zoom and rotation keep the current page at the top of the view.
  const widestPt = useMemo(() => sizes.reduce((widest, size) => Math.max(widest, rotation === 90 || rotation === 270 ? size.heightPt : size.widthPt), 0), [sizes, rotation]);
  useLayoutEffect(() => {
    goTo(currentRef.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the layout changes, not when goTo is rebuilt
  }, [scale, rotation]);

  // Fit width follows the viewer's width (a window resize) and the rotation.
  useEffect(() => {
    const scroller = scrollerRef.current;
    if (!fitWidth || scroller === null || widestPt === 0) return;
    const fit = () => setScale(Math.max(0.1, (scroller.clientWidth - 2 * VIEWER_PADDING) / widestPt));
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(scroller);
    return () => observer.disconnect();
  }, [fitWidth, pdf, widestPt]);

  // Coming back to a tab shows the page it was left on (a hidden panel loses its scroll position).
  useLayoutEffect(() => {
    if (active) goTo(currentRef.current);
  }, [active, goTo]);

  const request = workspace.pageRequest;
  useEffect(() => {
    if (request === null || request.documentId !== open.documentId || pdf === null) return;
    goTo(request.pageIndex);
  }, [request, open.documentId, pdf, goTo]);

  const zoom = (next: number) => {
    setFitWidth(false);
    setScale(next);
  };
  const rotate = (quarterTurns: 1 | -1) => setRotation((value) => (((value + quarterTurns * 90 + 360) % 360) as Rotation));

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    // Only the page column's own keys: a layer's focused control (drawing by keyboard) keeps its keys.
    if (event.target !== event.currentTarget || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const page = currentRef.current;
    const moves: Record<string, () => void> = {
      PageDown: () => navigate(page + 1),
      PageUp: () => navigate(page - 1),
      Home: () => navigate(0),
      End: () => navigate(pageCount - 1),
      '+': () => zoom(zoomIn(scale)),
      '=': () => zoom(zoomIn(scale)),
      '-': () => zoom(zoomOut(scale)),
    };
    const move = moves[event.key];
    if (move === undefined) return;
    event.preventDefault();
    move();
  };

  const submitPage = (event: FormEvent) => {
    event.preventDefault();
    const asked = Number(pageInput);
    if (Number.isInteger(asked) && asked >= 1 && asked <= pageCount) navigate(asked - 1);
    setPageInput(null);
  };

  const geometries = useMemo<readonly PageGeometry[]>(
    () => sizes.map((size, pageIndex) => ({ documentId: open.documentId, versionId: open.versionId, pageIndex, widthPt: size.widthPt, heightPt: size.heightPt, scale })),
    [sizes, open.documentId, open.versionId, scale],
  );

  if (error !== null) return <ProblemMessage error={error} />;
  if (pdf === null) return <p aria-live="polite">{preparing ? `${open.title}: this version is being prepared for reading…` : `Opening ${open.title}…`}</p>;
  const ids = `reader-${open.documentId}`;
  return (
    <div className="reader-document">
      <div className="reader-toolbar" role="group" aria-label={`View of ${open.title}`}>
        <span className="toolbar-group">
          <button type="button" onClick={() => navigate(current - 1)} disabled={current === 0} aria-label="Previous page">
            ‹
          </button>
          <form className="go-to-page" onSubmit={submitPage}>
            <label htmlFor={`${ids}-page`}>Go to page</label>
            <input
              id={`${ids}-page`}
              type="number"
              inputMode="numeric"
              min={1}
              max={pageCount}
              value={pageInput ?? String(current + 1)}
              onChange={(event) => setPageInput(event.target.value)}
              onBlur={() => setPageInput(null)}
            />
          </form>
          <span className="page-indicator" data-testid="page-indicator">
            Page {current + 1} of {pageCount}
          </span>
          <button type="button" onClick={() => navigate(current + 1)} disabled={current >= pageCount - 1} aria-label="Next page">
            ›
          </button>
        </span>
        <span className="toolbar-group">
          <button type="button" onClick={() => zoom(zoomOut(scale))} disabled={scale <= ZOOM_STEPS[0]} aria-label="Zoom out" aria-keyshortcuts="-">
            −
          </button>
          <span className="zoom-level" data-testid="zoom-level">
            {Math.round(scale * 100)}%
          </span>
          <button type="button" onClick={() => zoom(zoomIn(scale))} disabled={scale >= ZOOM_STEPS[ZOOM_STEPS.length - 1]} aria-label="Zoom in" aria-keyshortcuts="+">
            +
          </button>
          <button type="button" onClick={() => setFitWidth(true)} aria-pressed={fitWidth}>
            Fit width
          </button>
        </span>
        <span className="toolbar-group">
          <button type="button" onClick={() => rotate(-1)} aria-label="Rotate view anticlockwise">
            ⟲
          </button>
          <button type="button" onClick={() => rotate(1)} aria-label="Rotate view clockwise">
            ⟳
          </button>
          <span className="rotation-level" data-testid="rotation">
            {rotation}°
          </span>
        </span>
        <span className="toolbar-group">
          <button type="button" onClick={() => setShowThumbnails((value) => !value)} aria-pressed={showThumbnails}>
            Thumbnails
          </button>
          <button type="button" onClick={() => setShowNotes((value) => !value)} aria-expanded={showNotes} aria-controls={`${ids}-notes`}>
            Notes
          </button>
        </span>
      </div>
      <div id={`${ids}-notes`} hidden={!showNotes}>
        {showNotes && <DocumentNotes caseId={workspace.caseId} documentId={open.documentId} title={open.title} />}
      </div>
      <div className={showThumbnails ? 'reader-body with-thumbnails' : 'reader-body'}>
        {showThumbnails && <PageThumbnails pdf={pdf} sizes={sizes} current={current} onSelect={(pageIndex) => navigate(pageIndex)} enabled={firstPainted} documentTitle={open.title} />}
        <div
          ref={(element) => {
            scrollerRef.current = element;
            setScroller(element);
          }}
          className="pdf-viewer"
          aria-label={`${open.title}, ${pageCount} pages. PageDown and PageUp turn pages, Home and End go to the first and last, + and - zoom.`}
          role="document"
          tabIndex={0}
          data-rotation={rotation}
          onKeyDown={onKeyDown}
        >
          {geometries.map((geometry) => (
            <PdfPage key={geometry.pageIndex} pdf={pdf} geometry={geometry} rotation={rotation} root={scroller} label={`Page ${geometry.pageIndex + 1} of ${pageCount}`} layers={workspace.layers} onPainted={onPainted} />
          ))}
        </div>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}

/** About 5 minutes of retries (1, 2, 4, then every 8 s) before the viewer gives up and shows the problem. */
const MAX_NOT_READY_ATTEMPTS = 40;

/** pdf.js's answer to a 404/409 for the PDF: the version is known but not converted yet. */
function isNotReadyYet(failure: unknown): boolean {
  const status = (failure as { status?: unknown } | null)?.status;
  return status === 404 || status === 409;
}
