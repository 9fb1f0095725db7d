import { GlobalWorkerOptions, getDocument, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { apiUrl } from '../../api/client';
import { currentToken } from '../../auth/token-store';

GlobalWorkerOptions.workerSrc = workerUrl;

/**
 * Opens a version's PDF with range requests, so the first page shows before a long document has arrived
 * (the facade answers Range on …/pdf); pages are fetched as they are needed.
 */
export function openPdf(url: string): { promise: Promise<PDFDocumentProxy>; destroy: () => Promise<void> } {
  const token = currentToken();
  const task = getDocument({
    url: url.startsWith('/') ? apiUrl(url) : url,
    httpHeaders: token === null ? {} : { Authorization: `Bearer ${token}` },
    rangeChunkSize: 256 * 1024,
    disableAutoFetch: true,
    disableStream: true,
    isEvalSupported: false,
  });
  return { promise: task.promise, destroy: () => task.destroy() };
}
