import { GlobalWorkerOptions, PDFWorker, getDocument, type PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { apiUrl } from '../../api/client';
import { currentToken } from '../../auth/token-store';

GlobalWorkerOptions.workerSrc = workerUrl;

let shared: PDFWorker | null = null;
/**
 * One pdf.js worker for every document the reader opens (pdf.js keeps each document apart in it): opening a
 * document again, or another one, does not start and parse the 1.2 MB worker again. A loading task given a worker
 * leaves it running when destroyed.
 */
function sharedWorker(): PDFWorker {
  if (shared === null || shared.destroyed) shared = new PDFWorker();
  return shared;
}

/**
 * Opens a version's PDF with range requests, so the first page shows before a long document has arrived
 * (the facade answers Range on …/pdf); pages are fetched as they are needed.
 */
export function openPdf(url: string): { promise: Promise<PDFDocumentProxy>; destroy: () => Promise<void> } {
  const token = currentToken();
  const task = getDocument({
    url: url.startsWith('/') ? apiUrl(url) : url,
    worker: sharedWorker(),
    httpHeaders: token === null ? {} : { Authorization: `Bearer ${token}` },
    rangeChunkSize: 256 * 1024,
    disableAutoFetch: true,
    disableStream: true,
    isEvalSupported: false,
  });
  return { promise: task.promise, destroy: () => task.destroy() };
}
