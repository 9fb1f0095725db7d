import { describe, expect, it } from '@jest/globals';
import { parseConfig, type AppConfig } from '../config/app-config.js';
import { redactorFromConfig } from './redaction.module.js';

const closeAfter = async (config: AppConfig): Promise<string> => {
  const redactor = redactorFromConfig(config) as ReturnType<typeof redactorFromConfig> & { close(): Promise<void> };
  try {
    return redactor.engine;
  } finally {
    await redactor.close();
  }
};

describe('redaction config', () => {
  it('defaults to the permissively licensed engine at 150 dpi, with size caps', async () => {
    const config = parseConfig({});
    expect(config.redaction).toEqual({ engine: 'pdfjs-canvas', dpi: 150, maxPdfBytes: 100 * 1_048_576, maxPages: 2_000 });
    expect(await closeAfter(config)).toBe('pdfjs-canvas');
  });

  it('uses MuPDF only when set by name, and validates the settings', async () => {
    const config = parseConfig({ REDACTION_ENGINE: 'mupdf', REDACTION_DPI: '200', REDACTION_MAX_PDF_BYTES: '1000', REDACTION_MAX_PAGES: '5' });
    expect(config.redaction).toEqual({ engine: 'mupdf', dpi: 200, maxPdfBytes: 1000, maxPages: 5 });
    expect(await closeAfter(config)).toBe('mupdf');
    expect(() => parseConfig({ REDACTION_ENGINE: 'ghostscript' })).toThrow(/REDACTION_ENGINE/);
    expect(() => parseConfig({ REDACTION_DPI: '10' })).toThrow(/REDACTION_DPI/);
  });
});
