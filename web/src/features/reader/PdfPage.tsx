import { useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { OverlayLayer, PageGeometry } from '../case/workspace';

/**
 * One page: a placeholder of the right size until it scrolls near the view, then a canvas at the device's pixel
 * ratio, with the workspace's layers drawn over it in CSS pixels (PDF points × scale).
 */
export function PdfPage({ pdf, geometry, layers, label }: { pdf: PDFDocumentProxy; geometry: PageGeometry; layers: readonly OverlayLayer[]; label: string }) {
  const holder = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [visible, setVisible] = useState(false);
  const width = geometry.widthPt * geometry.scale;
  const height = geometry.heightPt * geometry.scale;

  useEffect(() => {
    const element = holder.current;
    if (element === null) return;
    const observer = new IntersectionObserver((entries) => setVisible(entries.some((entry) => entry.isIntersecting)), { rootMargin: '600px 0px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const target = canvas.current;
    if (!visible || target === null) return;
    let cancelled = false;
    let cancelRender: (() => void) | null = null;
    void pdf.getPage(geometry.pageIndex + 1).then((page) => {
      if (cancelled) return;
      const ratio = window.devicePixelRatio || 1;
      const viewport = page.getViewport({ scale: geometry.scale * ratio });
      target.width = Math.floor(viewport.width);
      target.height = Math.floor(viewport.height);
      const task = page.render({ canvas: target, viewport });
      cancelRender = () => task.cancel();
      task.promise.catch(() => undefined);
    });
    return () => {
      cancelled = true;
      cancelRender?.();
    };
  }, [pdf, visible, geometry.pageIndex, geometry.scale]);

  return (
    <div ref={holder} className="pdf-page" data-page-index={geometry.pageIndex} style={{ width, height }} role="group" aria-label={label}>
      {visible && <canvas ref={canvas} style={{ width, height }} aria-hidden="true" />}
      <div className="pdf-page-layers">
        {layers.map((layer) => (
          <div key={layer.id} className={`pdf-layer pdf-layer-${layer.id}`}>
            {layer.render(geometry)}
          </div>
        ))}
      </div>
    </div>
  );
}
