// Adapters (PdfjsCanvasRedactor, MupdfRedactor) are imported directly by modules and factories only.
export { createRedactor, type RedactorOptions, type RedactionEngineName } from './redactor.factory.js';
export { CATALOG_CARRIER_KEYS, PAGE_CARRIER_KEYS } from './output-scrubber.js';
export { wordsToKeep, widenToWords, boxesOverlap } from './box-geometry.js';
