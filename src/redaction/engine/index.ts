export { createRedactor, type RedactorOptions, type RedactionEngineName } from './redactor.factory.js';
export { PdfjsCanvasRedactor, PDFJS_CANVAS_ENGINE, type PdfjsCanvasRedactorOptions } from './pdfjs-canvas-redactor.adapter.js';
export { MupdfRedactor, MUPDF_ENGINE, type MupdfRedactorOptions } from './mupdf-redactor.adapter.js';
export { CATALOG_CARRIER_KEYS, PAGE_CARRIER_KEYS, PRODUCER } from './output-scrubber.js';
export { wordsToKeep, widenToWords, boxesOverlap } from './box-geometry.js';
