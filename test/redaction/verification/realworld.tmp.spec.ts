import { readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { SandboxPool } from '../../../src/conversion/sandbox/index.js';
import { createTextExtractor } from '../../../src/conversion/text/text-extractor.factory.js';
import { PdfjsCanvasRedactor } from '../../../src/redaction/engine/pdfjs-canvas-redactor.adapter.js';
import { ExtractingRedactionVerifier } from '../../../src/redaction/verification/redaction-verifier.adapter.js';
import { verificationRequestFor } from '../../../src/redaction/verification/verification-request.mapper.js';

it('real world', async () => {
  const pool = new SandboxPool({ concurrency: 2 });
  const redactor = PdfjsCanvasRedactor.fromConfig({ pool });
  const verifier = ExtractingRedactionVerifier.fromConfig({ pool });
  const dir = '/work/shared/fixtures/real-world/pdfjs';
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let p = 0; p < 30; p++) {
    const page = doc.addPage([595, 842]);
    for (let l = 0; l < 40; l++) page.drawText(`Line ${l} of page ${p}: the witness Ann Smith said the car was red and fast`, { x: 40, y: 800 - l * 19, size: 10, font });
  }
  await writeFile('/tmp/advfx/big.pdf', await doc.save());
  const files = ['/tmp/advfx/big.pdf', ...readdirSync(dir).filter((f) => f.endsWith('.pdf')).map((f) => join(dir, f))];
  for (const file of files) {
    try {
      const text = await createTextExtractor().extract(file);
      const page = text.pages.find((p) => p.lines.length > 0);
      if (!page) continue;
      const words = page.lines.flatMap((l) => l.words);
      const boxes = file.includes('big') ? [0, 5, 10, 20].map((pi) => ({ pageIndex: pi, box: { ...words[7]!.box } })) : [{ pageIndex: page.pageIndex, box: words[Math.min(2, words.length - 1)]!.box }];
      const plan = { boxes, pageModifications: [] };
      const out = `/tmp/advfx/out-${file.split('/').pop()}`;
      await redactor.redact(file, plan, out);
      const t = Date.now();
      const report = await verifier.verify({ originalPdfPath: file, redactedPdfPath: out, plan, originalText: text });
      console.log(file.split('/').pop(), Date.now() - t, 'ms', JSON.stringify(verificationRequestFor(plan, text).redactedStrings), JSON.stringify(report).slice(0, 600));
    } catch (e) {
      console.log(file.split('/').pop(), 'ERR', (e as Error).message.slice(0, 150));
    }
  }
  await pool.close();
  expect(1).toBe(1);
}, 600_000);
