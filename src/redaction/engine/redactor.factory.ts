import type { SandboxPool } from '../../conversion/sandbox/index.js';
import type { TextExtractor } from '../../conversion/text/text-extractor.port.js';
import type { Redactor } from '../redaction.types.js';
import { MupdfRedactor } from './mupdf-redactor.adapter.js';
import { PdfjsCanvasRedactor, type PdfjsCanvasRedactorOptions } from './pdfjs-canvas-redactor.adapter.js';

export type RedactionEngineName = 'pdfjs-canvas' | 'mupdf';

export interface RedactorOptions {
  /** From config REDACTION_ENGINE; MuPDF (AGPL) only when asked for by name. */
  readonly engine?: RedactionEngineName;
  readonly dpi?: number;
  readonly encoding?: PdfjsCanvasRedactorOptions['encoding'];
  readonly timeoutMs?: number;
  readonly maxMemoryMb?: number;
  readonly pool?: SandboxPool;
  readonly textExtractor?: TextExtractor;
}

/** Builds the configured Redactor. Its `close()` (both engines have one) ends the pool it owns. */
export function createRedactor(options: RedactorOptions = {}): Redactor & { close(): Promise<void> } {
  const { engine = 'pdfjs-canvas', ...rest } = options;
  const shared = {
    ...(rest.timeoutMs !== undefined ? { timeoutMs: rest.timeoutMs } : {}),
    ...(rest.maxMemoryMb !== undefined ? { maxMemoryMb: rest.maxMemoryMb } : {}),
    ...(rest.pool ? { pool: rest.pool } : {}),
    ...(rest.textExtractor ? { textExtractor: rest.textExtractor } : {}),
  };
  switch (engine) {
    case 'mupdf':
      return MupdfRedactor.fromConfig(shared);
    case 'pdfjs-canvas':
      return PdfjsCanvasRedactor.fromConfig({
        ...shared,
        ...(rest.dpi !== undefined ? { dpi: rest.dpi } : {}),
        ...(rest.encoding ? { encoding: rest.encoding } : {}),
      });
  }
}
