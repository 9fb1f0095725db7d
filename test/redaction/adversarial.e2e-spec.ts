/**
 * Every adversarial fixture through the default engine: the output must pass verification (all three
 * checks) and pdftotext — over the whole MediaBox, not just the visible page — must not find the secret.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProgram, SandboxPool } from '../../src/conversion/sandbox/index.js';
import { PdfjsCanvasRedactor } from '../../src/redaction/engine/pdfjs-canvas-redactor.adapter.js';
import { createTextExtractor } from '../../src/conversion/text/text-extractor.factory.js';
import { ExtractingRedactionVerifier } from '../../src/redaction/verification/redaction-verifier.adapter.js';
import { verifyRedaction } from '../../src/redaction/verification/redaction-verifier.js';
import { adversarialFixtures, HIDING_PLACES, SECRET, type Fixture } from './fixtures/adversarial-fixtures.js';

let workDir: string;
let pool: SandboxPool;
let redactor: PdfjsCanvasRedactor;
let fixtures: Fixture[];

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'adversarial-e2e-'));
  pool = new SandboxPool({ concurrency: 2 });
  redactor = PdfjsCanvasRedactor.fromConfig({ pool });
  fixtures = await adversarialFixtures();
});

afterAll(async () => {
  await redactor.close();
  await pool.close();
  await rm(workDir, { recursive: true, force: true });
});

async function allText(pdfPath: string): Promise<string> {
  const result = await runProgram('pdftotext', ['-q', '-enc', 'UTF-8', pdfPath, '-'], { timeoutMs: 300_000, maxMemoryMb: 512 });
  expect(result.code).toBe(0);
  return result.stdout.toString('utf8');
}

describe('the default engine on adversarial fixtures', () => {
  it('covers every fixture', () => {
    expect(fixtures.map((fixture) => fixture.name).sort()).toEqual([...HIDING_PLACES].sort());
  });

  it.each(HIDING_PLACES)('%s comes out clean and verified', async (name) => {
    const fixture = fixtures.find((candidate) => candidate.name === name)!;
    const inputPath = join(workDir, `${name}.pdf`);
    const outputPath = join(workDir, `${name}.redacted.pdf`);
    await writeFile(inputPath, fixture.pdfBytes);

    const result = await redactor.redact(inputPath, { boxes: fixture.boxes, pageModifications: [] }, outputPath);
    expect(result.pageCount).toBe(1);

    const report = await verifyRedaction(outputPath, { boxes: fixture.boxes, redactedStrings: fixture.redactedStrings }, { pool });
    expect(report).toEqual({ ok: true, failures: [] });

    const text = await allText(outputPath);
    expect(text.toLowerCase()).not.toContain(SECRET.toLowerCase());
    // what no box touched is still searchable text
    expect(text).toContain('Witness statement');
  }, 300_000);

  it('verifies through the RedactionVerifier port, from the plan and the original word index', async () => {
    const fixture = fixtures.find((candidate) => candidate.name === 'metadata')!;
    const inputPath = join(workDir, 'port.pdf');
    const outputPath = join(workDir, 'port.redacted.pdf');
    await writeFile(inputPath, fixture.pdfBytes);
    const originalText = await createTextExtractor().extract(inputPath);
    const plan = { boxes: fixture.boxes, pageModifications: [] };
    const verifier = ExtractingRedactionVerifier.fromConfig({ pool });

    // the original itself, handed over as if it were the output, fails
    const unredacted = await verifier.verify({ originalPdfPath: inputPath, redactedPdfPath: inputPath, plan, originalText });
    expect(unredacted.ok).toBe(false);

    await redactor.redact(inputPath, plan, outputPath);
    expect(await verifier.verify({ originalPdfPath: inputPath, redactedPdfPath: outputPath, plan, originalText })).toEqual({ ok: true, failures: [] });
  }, 300_000);
});
