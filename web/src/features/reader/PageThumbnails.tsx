import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';

const THUMBNAIL_WIDTH = 88;

interface PageSize {
  readonly widthPt: number;
  readonly heightPt: number;
}

/** A small canvas of one page, drawn by pdf.js once it scrolls into the strip (and the strip may draw). */
const Thumbnail = memo(function Thumbnail({ pdf, pageIndex, size, root, enabled }: { pdf: PDFDocumentProxy; pageIndex: number; size: PageSize; root: HTMLElement | null; enabled: boolean }) {
  const holder = useRef<HTMLSpanElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [near, setNear] = useState(false);
  const [drawn, setDrawn] = useState(false);
  const scale = THUMBNAIL_WIDTH / size.widthPt;
  const height = Math.round(size.heightPt * scale);

  useEffect(() => {
    const element = holder.current;
    if (element === null || root === null) return;
    const observer = new IntersectionObserver((entries) => setNear(entries.some((entry) => entry.isIntersecting)), { root, rootMargin: '200px 0px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [root]);

  useEffect(() => {
    const target = canvas.current;
    if (!near || !enabled || target === null) return;
    let cancelled = false;
    let cancelRender: (() => void) | null = null;
    void pdf
      .getPage(pageIndex + 1)
      .then((page) => {
        if (cancelled) return;
        const viewport = page.getViewport({ scale: scale * (window.devicePixelRatio || 1) });
        target.width = Math.floor(viewport.width);
        target.height = Math.floor(viewport.height);
        const task = page.render({ canvas: target, viewport });
        cancelRender = () => task.cancel();
        return task.promise.then(() => cancelled || setDrawn(true));
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
      setDrawn(false);
      cancelRender?.();
    };
  }, [pdf, near, enabled, pageIndex, scale]);

  return (
    <span ref={holder} className="thumbnail-image" style={{ width: THUMBNAIL_WIDTH, height }}>
      {near && <canvas ref={canvas} style={{ width: THUMBNAIL_WIDTH, height }} data-drawn={drawn ? 'true' : undefined} aria-hidden="true" />}
    </span>
  );
});

/**
 * The strip of page thumbnails: one button per page, the current one marked and the only one in the tab order
 * (arrow keys, Home and End move between pages; Enter shows the page). `enabled` holds the list back until the
 * first page of the document has been painted, so a long document's thumbnails never delay it.
 */
export function PageThumbnails({ pdf, sizes, current, onSelect, enabled, documentTitle }: { pdf: PDFDocumentProxy; sizes: readonly PageSize[]; current: number; onSelect: (pageIndex: number) => void; enabled: boolean; documentTitle: string }) {
  const strip = useRef<HTMLElement | null>(null);
  const [root, setRoot] = useState<HTMLElement | null>(null);

  // Keep the current page's thumbnail in sight inside the strip, without scrolling anything else.
  useEffect(() => {
    const container = strip.current;
    const item = container?.querySelector<HTMLElement>(`[data-thumbnail="${current}"]`);
    if (container == null || item == null) return;
    const top = item.offsetTop;
    if (top < container.scrollTop) container.scrollTop = top;
    else if (top + item.offsetHeight > container.scrollTop + container.clientHeight) container.scrollTop = top + item.offsetHeight - container.clientHeight;
  }, [current]);

  const focusPage = (pageIndex: number) => {
    const target = Math.min(Math.max(pageIndex, 0), sizes.length - 1);
    strip.current?.querySelector<HTMLButtonElement>(`[data-thumbnail="${target}"]`)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, pageIndex: number) => {
    const moves: Record<string, number> = { ArrowDown: pageIndex + 1, ArrowRight: pageIndex + 1, ArrowUp: pageIndex - 1, ArrowLeft: pageIndex - 1, Home: 0, End: sizes.length - 1 };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    focusPage(target);
  };

  return (
    <nav
      ref={(element) => {
        strip.current = element;
        setRoot(element);
      }} className="page-thumbnails" aria-label={`Pages of ${documentTitle}`}>
      <ol>
        {enabled && sizes.map((size, pageIndex) => (
          <li key={pageIndex}>
            <button
              type="button"
              className="thumbnail"
              data-thumbnail={pageIndex}
              aria-current={pageIndex === current ? 'page' : undefined}
              tabIndex={pageIndex === current ? 0 : -1}
              onClick={() => onSelect(pageIndex)}
              onKeyDown={(event) => onKeyDown(event, pageIndex)}
            >
              <Thumbnail pdf={pdf} pageIndex={pageIndex} size={size} root={root} enabled={enabled} />
              <span className="thumbnail-label">Page {pageIndex + 1}</span>
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
