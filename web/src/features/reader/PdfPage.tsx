import { memo, useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { OverlayLayer, PageGeometry } from '../case/workspace';

/** A quarter turn of the view, clockwise. */
export type Rotation = 0 | 90 | 180 | 270;

/** The name of the Performance API mark set when a document's first page has been drawn and painted. */
export const firstPagePaintedMark = (documentId: string): string => `reader:first-page-painted:${documentId}`;

interface PdfPageProps {
  readonly pdf: PDFDocumentProxy;
  readonly geometry: PageGeometry;
  readonly rotation: Rotation;
  readonly layers: readonly OverlayLayer[];
  readonly label: string;
  readonly root: HTMLElement | null;
  /** Told once, when this page's canvas has been drawn and a frame painted. */
  readonly onPainted?: (pageIndex: number) => void;
}

/**
 * One page: a slot of the page's footprint in the rotated view, holding the page unrotated (the canvas and the
 * workspace's layers in displayed-page CSS pixels, PDF points × scale) turned as a whole with CSS, so layers turn
 * with the page and keep drawing in unrotated page points. The canvas and layers exist only while the page is
 * near the view.
 */
export const PdfPage = memo(function PdfPage({ pdf, geometry, rotation, layers, label, root, onPainted }: PdfPageProps) {
  const slot = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  // The first page starts drawing at once, without waiting a frame for the observer's first answer.
  const [near, setNear] = useState(geometry.pageIndex === 0);
  const [drawn, setDrawn] = useState(false);
  const width = geometry.widthPt * geometry.scale;
  const height = geometry.heightPt * geometry.scale;
  const sideways = rotation === 90 || rotation === 270;
  const slotWidth = sideways ? height : width;
  const slotHeight = sideways ? width : height;

  useEffect(() => {
    const element = slot.current;
    if (element === null || root === null) return;
    const observer = new IntersectionObserver((entries) => setNear(entries.some((entry) => entry.isIntersecting)), { root, rootMargin: '600px 0px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [root]);

  const painted = useRef(onPainted);
  useEffect(() => {
    painted.current = onPainted;
  }, [onPainted]);

  useEffect(() => {
    const target = canvas.current;
    if (!near || target === null) return;
    let cancelled = false;
    let cancelRender: (() => void) | null = null;
    void pdf
      .getPage(geometry.pageIndex + 1)
      .then((page) => {
        if (cancelled) return;
        const ratio = window.devicePixelRatio || 1;
        const viewport = page.getViewport({ scale: geometry.scale * ratio });
        target.width = Math.floor(viewport.width);
        target.height = Math.floor(viewport.height);
        const task = page.render({ canvas: target, viewport });
        cancelRender = () => task.cancel();
        return task.promise.then(() => {
          if (cancelled) return;
          setDrawn(true);
          requestAnimationFrame(() => cancelled || painted.current?.(geometry.pageIndex));
        });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
      setDrawn(false);
      cancelRender?.();
    };
  }, [pdf, near, geometry.pageIndex, geometry.scale]);

  const offsetX = (slotWidth - width) / 2;
  const offsetY = (slotHeight - height) / 2;
  return (
    <div ref={slot} className="pdf-page-slot" data-page-slot={geometry.pageIndex} style={{ width: slotWidth, height: slotHeight }}>
      <div
        className="pdf-page"
        data-page-index={geometry.pageIndex}
        data-rotation={rotation}
        style={{ width, height, transform: rotation === 0 ? undefined : `translate(${offsetX}px, ${offsetY}px) rotate(${rotation}deg)` }}
        role="group"
        aria-label={label}
      >
        {near && <canvas ref={canvas} style={{ width, height }} data-drawn={drawn ? 'true' : undefined} aria-hidden="true" />}
        {near && (
          <div className="pdf-page-layers">
            {layers.map((layer) => (
              <div key={layer.id} className={`pdf-layer pdf-layer-${layer.id}`}>
                {layer.render(geometry)}
              </div>
            ))}
          </div>
        )}
      </div>
    </div>
  );
});
