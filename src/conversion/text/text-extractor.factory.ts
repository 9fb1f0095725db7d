import type { SandboxPool } from '../sandbox/index.js';
import { PdfjsTextExtractor } from './pdfjs-text-extractor.adapter.js';
import { PopplerTextExtractor } from './poppler-text-extractor.adapter.js';
import type { TextExtractor } from './text-extractor.port.js';

export interface TextExtractorOptions {
  readonly timeoutMs?: number;
  readonly maxMemoryMb?: number;
  /** Pool for the pdf.js fallback's child processes. */
  readonly pool?: SandboxPool;
  /** Force an engine; by default poppler where installed, else pdf.js. */
  readonly engine?: 'poppler' | 'pdfjs';
}

/** Poppler when poppler-utils is installed (native speed, glyph-exact), else the pdf.js fallback. */
export function createTextExtractor(options: TextExtractorOptions = {}): TextExtractor {
  const engine = options.engine ?? (PopplerTextExtractor.isInstalled() ? 'poppler' : 'pdfjs');
  switch (engine) {
    case 'poppler':
      return PopplerTextExtractor.fromConfig(options);
    case 'pdfjs':
      return PdfjsTextExtractor.fromConfig(options);
  }
}
