export type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let loaded: Promise<Pdfjs> | undefined;

/**
 * Loads pdf.js (legacy build, for Node) with its worker in this process — callers run inside a sandbox
 * child, which is the isolation. The legacy build's core-js polyfills replace Array.prototype.push with a
 * slow spec-check wrapper (Node 20's V8 fails one edge case on frozen arrays); the native one goes back,
 * since the wrapper costs about a third of a text extraction.
 */
export function loadPdfjs(): Promise<Pdfjs> {
  loaded ??= (async () => {
    const nativePush = Array.prototype.push;
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const workerSpecifier = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import(workerSpecifier);
    if (Array.prototype.push !== nativePush) {
      Object.defineProperty(Array.prototype, 'push', { value: nativePush, writable: true, configurable: true, enumerable: false });
    }
    return pdfjs;
  })();
  return loaded;
}
