import { useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useWorkspace, type OpenDocument } from '../case/workspace';
import { openPdf } from './pdfjs';
import { PdfPage } from './PdfPage';

interface PageSize {
  readonly widthPt: number;
  readonly heightPt: number;
}

const DEFAULT_SCALE = 1.25;

/** A version's PDF as a scrolling column of pages; scrolls to a page when the workspace asks (a hit, a suggestion). */
export function PdfViewer({ document: open }: { document: OpenDocument }) {
  const workspace = useWorkspace();
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [sizes, setSizes] = useState<readonly PageSize[]>([]);
  const [error, setError] = useState<Error | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const scale = DEFAULT_SCALE;

  useEffect(() => {
    const url = `/api/v1/cases/${encodeURIComponent(workspace.caseId)}/documents/${encodeURIComponent(open.documentId)}/versions/${encodeURIComponent(open.versionId)}/pdf`;
    const loading = openPdf(url);
    let cancelled = false;
    loading.promise
      .then(async (loaded) => {
        // Every page's size from the first page's until each is read: a long document shows at once.
        const first = (await loaded.getPage(1)).getViewport({ scale: 1 });
        if (cancelled) return;
        setSizes(Array.from({ length: loaded.numPages }, () => ({ widthPt: first.width, heightPt: first.height })));
        setPdf(loaded);
        for (let index = 1; index < loaded.numPages && !cancelled; index += 1) {
          const viewport = (await loaded.getPage(index + 1)).getViewport({ scale: 1 });
          if (viewport.width !== first.width || viewport.height !== first.height) {
            setSizes((current) => current.map((size, at) => (at === index ? { widthPt: viewport.width, heightPt: viewport.height } : size)));
          }
        }
      })
      .catch((failure: unknown) => cancelled || setError(failure instanceof Error ? failure : new Error(String(failure))));
    return () => {
      cancelled = true;
      void loading.destroy();
    };
  }, [workspace.caseId, open.documentId, open.versionId]);

  const request = workspace.pageRequest;
  useEffect(() => {
    if (request === null || request.documentId !== open.documentId || pdf === null) return;
    scroller.current?.querySelector(`[data-page-index="${request.pageIndex}"]`)?.scrollIntoView({ block: 'start' });
  }, [request, open.documentId, pdf]);

  if (error !== null) return <ProblemMessage error={error} />;
  if (pdf === null) return <p aria-live="polite">Opening {open.title}…</p>;
  return (
    <div ref={scroller} className="pdf-viewer" aria-label={`${open.title}, ${pdf.numPages} pages`} role="document" tabIndex={0}>
      {sizes.map((size, pageIndex) => (
        <PdfPage
          key={pageIndex}
          pdf={pdf}
          label={`Page ${pageIndex + 1} of ${pdf.numPages}`}
          layers={workspace.layers}
          geometry={{ documentId: open.documentId, versionId: open.versionId, pageIndex, widthPt: size.widthPt, heightPt: size.heightPt, scale }}
        />
      ))}
    </div>
  );
}
