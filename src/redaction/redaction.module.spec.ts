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
    expect(config.redaction).toMatchObject({ engine: 'pdfjs-canvas', dpi: 150, maxPdfBytes: 100 * 1_048_576, maxPages: 2_000, typeRequired: false, hashKey: null });
    expect(config.redaction.types).toEqual(['named-person', 'address', 'phone', 'date-of-birth', 'ni-number', 'email', 'vehicle', 'bank-details', 'other']);
    expect(await closeAfter(config)).toBe('pdfjs-canvas');
  });

  it('uses MuPDF only when set by name, and validates the settings', async () => {
    const config = parseConfig({ REDACTION_ENGINE: 'mupdf', REDACTION_DPI: '200', REDACTION_MAX_PDF_BYTES: '1000', REDACTION_MAX_PAGES: '5' });
    expect(config.redaction).toMatchObject({ engine: 'mupdf', dpi: 200, maxPdfBytes: 1000, maxPages: 5 });
    expect(await closeAfter(config)).toBe('mupdf');
    expect(() => parseConfig({ REDACTION_ENGINE: 'ghostscript' })).toThrow(/REDACTION_ENGINE/);
    expect(() => parseConfig({ REDACTION_DPI: '10' })).toThrow(/REDACTION_DPI/);
  });

  it('reads the redaction types (id or id=Label), refuses duplicates, the reserved `unspecified` and bad ids, and a hash key that is not 32 bytes', () => {
    const config = parseConfig({ REDACTION_TYPES: 'phone, witness=Witness details', REDACTION_TYPE_REQUIRED: 'true', REDACTION_LOG_HASH_KEY: Buffer.alloc(32, 1).toString('base64') });
    expect(config.redaction).toMatchObject({ types: ['phone', 'witness=Witness details'], typeRequired: true, hashKey: Buffer.alloc(32, 1).toString('base64') });
    expect(() => parseConfig({ REDACTION_TYPES: 'phone,phone' })).toThrow(/unique/);
    expect(() => parseConfig({ REDACTION_TYPES: 'unspecified' })).toThrow(/reserved/);
    expect(() => parseConfig({ REDACTION_TYPES: 'Phone Number' })).toThrow(/REDACTION_TYPES/);
    expect(() => parseConfig({ REDACTION_LOG_HASH_KEY: 'c2hvcnQ=' })).toThrow(/REDACTION_LOG_HASH_KEY/);
  });
});
