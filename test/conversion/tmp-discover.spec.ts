import { it, expect } from '@jest/globals';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DocumentConverter } from '../../src/conversion/document-converter.service.js';
import { ProcessingFailure } from '../../src/conversion/processing-failure.js';
import { sniffFile } from '../../src/conversion/sniff.js';
import { REAL_WORLD } from './conversion-fixtures.js';
import { openPdf, scratchDirectory } from './conversion-test-helpers.js';

it('discovers', async () => {
  const scratch = await scratchDirectory();
  for (const disabled of [[], ['qpdf']]) {
    const converter = DocumentConverter.fromConfig({ disabledPrograms: disabled, officeConcurrency: 2 });
    const lines: string[] = [];
    let n = 0;
    for (const folder of ['pdfjs', 'mailparser', 'mammoth']) {
      if (disabled.length && folder !== 'pdfjs') continue;
      for (const name of (await readdir(join(REAL_WORLD, folder))).filter((f) => f !== 'LICENSE')) {
        const path = join(REAL_WORLD, folder, name);
        const started = Date.now();
        try {
          const result = await converter.convert({ path, sniffedType: await sniffFile(path) }, join(scratch.path, `${n++}`));
          let opened = 'x';
          try { opened = String((await openPdf(result.pdfPath)).getPageCount()); } catch (e) { opened = `LOADFAIL ${(e as Error).message.slice(0, 80)}`; }
          lines.push(`${name}: ok pages=${result.pageCount} pdflib=${opened} children=${result.children.map((c) => `${c.fileName}|${c.mimeType}`).join(',')} ${Date.now() - started}ms`);
        } catch (error) {
          lines.push(`${name}: ${error instanceof ProcessingFailure ? error.reason + ' ' + error.message.slice(0, 100) : 'OTHER ' + String(error)} ${Date.now() - started}ms`);
        }
      }
    }
    console.log(`disabled=${disabled}\n` + lines.join('\n'));
    await converter.close();
  }
  await scratch.remove();
  expect(1).toBe(1);
}, 600_000);
