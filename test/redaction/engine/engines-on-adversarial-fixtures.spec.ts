/**
 * Every adversarial fixture through both engines (MuPDF only where mutool is installed): the output
 * must pass every verification check (test/redaction/adversarial.e2e-spec.ts adds text checks for the default engine).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SandboxPool } from '../../../src/conversion/sandbox/index.js';
import { MupdfRedactor } from '../../../src/redaction/engine/mupdf-redactor.adapter.js';
import { PdfjsCanvasRedactor } from '../../../src/redaction/engine/pdfjs-canvas-redactor.adapter.js';
import type { Redactor } from '../../../src/redaction/redaction.types.js';
import { verifyRedaction } from '../../../src/redaction/verification/redaction-verifier.js';
import { adversarialFixtures, type Fixture } from '../fixtures/adversarial-fixtures.js';
import { scratch } from './engine-fixtures.js';

let directory: Awaited<ReturnType<typeof scratch>>;
let pool: SandboxPool;
let fixtures: Fixture[];
const engines: Record<string, Redactor & { close(): Promise<void> }> = {};

beforeAll(async () => {
  directory = await scratch();
  pool = new SandboxPool({ concurrency: 2 });
  engines['pdfjs-canvas'] = PdfjsCanvasRedactor.fromConfig({ pool });
  engines.mupdf = MupdfRedactor.fromConfig({ pool });
  fixtures = await adversarialFixtures();
});

afterAll(async () => {
  await Promise.all(Object.values(engines).map((engine) => engine.close()));
  await pool.close();
  await directory.remove();
});

describe.each(['pdfjs-canvas', 'mupdf'])('the %s engine on every adversarial fixture', (engineName) => {
  test('each output passes verification (or the engine says it is unavailable)', async () => {
    const engine = engines[engineName];
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
    if (!(await engine.available())) {
      expect(engineName).toBe('mupdf');
      return;
    }
    const failed: string[] = [];
    for (const fixture of fixtures) {
      const input = join(directory.path, `${engineName}-${fixture.name}.pdf`);
      await writeFile(input, fixture.pdfBytes);
      const result = await engine.redact(input, { boxes: fixture.boxes, pageModifications: [] }, `${input}.redacted.pdf`);
      expect(result.pageCount).toBe(1);
      const report = await verifyRedaction(result.outputPath, { boxes: fixture.boxes, redactedStrings: fixture.redactedStrings }, { pool });
      if (!report.ok) failed.push(`${fixture.name}: ${report.failures.map((failure) => failure.check).join(',')}`);
    }
    expect(failed).toEqual([]);
  }, 600_000);
});

