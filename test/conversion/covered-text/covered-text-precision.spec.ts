import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { findProgram } from '../../../src/conversion/sandbox/index.js';
import { isProcessingFailure } from '../../../src/conversion/processing-failure.js';
import { REAL_WORLD } from '../../fixtures/real-world-path.js';
import { scratchDirectory } from '../conversion-test-helpers.js';
import { detector, extractor, measureCorpus, type CorpusFigures } from './covered-text-measure.js';

const hasPoppler = findProgram('pdftoppm') !== undefined && findProgram('pdftotext') !== undefined;
const PAGES_PER_SCENARIO = 6;

// Thresholds picked from the measured figures with room for a renderer update, not to the last decimal.
const MIN_WORD_PRECISION = 0.97;
const MIN_WORD_RECALL = 0.95;
const MIN_PAGE_PRECISION = 0.98;
const MIN_PAGE_RECALL = 0.97;

(hasPoppler ? describe : describe.skip)('under-redaction detection: precision and recall', () => {
  let scratch: Awaited<ReturnType<typeof scratchDirectory>>;
  let figures: CorpusFigures;
  const realWorld: { file: string; words: number; covered: number }[] = [];

  beforeAll(async () => {
    scratch = await scratchDirectory();
    figures = await measureCorpus(scratch.path, PAGES_PER_SCENARIO);
  });

  afterAll(async () => {
    // one line that bench/covered-text/run.mjs reads back
    console.log(`COVERED_TEXT_FIGURES ${JSON.stringify({ corpus: figures, realWorld })}`);
    await scratch.remove();
  });

  it('finds the words hidden under dark boxes, images and annotations on the generated corpus', () => {
    expect(figures.words.tp).toBeGreaterThan(PAGES_PER_SCENARIO * 8);
    expect(figures.words.recall).toBeGreaterThanOrEqual(MIN_WORD_RECALL);
    expect(figures.pageFlags.recall).toBeGreaterThanOrEqual(MIN_PAGE_RECALL);
  });

  it('does not flag text on dark backgrounds, under half-transparent or light marks, or beside boxes', () => {
    expect(figures.words.tn).toBeGreaterThan(1000);
    expect(figures.words.precision).toBeGreaterThanOrEqual(MIN_WORD_PRECISION);
    expect(figures.pageFlags.precision).toBeGreaterThanOrEqual(MIN_PAGE_PRECISION);
    for (const scenario of ['dark-background-white-text', 'grey-background-black-text', 'yellow-highlight-annotation', 'half-transparent-box', 'true-redaction', 'box-not-over-text', 'underline-bar'] as const) {
      expect({ scenario, falseAlarms: figures.byScenario[scenario].fp }).toEqual({ scenario, falseAlarms: 0 });
    }
  });

  it('raises no alarm on the real-world PDFs', async () => {
    const dir = join(REAL_WORLD, 'pdfjs');
    for (const file of (await readdir(dir)).filter((name) => name.endsWith('.pdf')).sort()) {
      let text;
      try {
        text = await extractor.extract(join(dir, file));
      } catch (error) {
        if (isProcessingFailure(error)) continue; // encrypted, corrupt: ingestion fails them before detection
        throw error;
      }
      const result = await detector.detect(join(dir, file), text);
      const words = text.pages.reduce((sum, page) => sum + page.lines.reduce((s, line) => s + line.words.length, 0), 0);
      const covered = result.status === 'checked' ? result.pages.reduce((sum, page) => sum + page.words.length, 0) : 0;
      realWorld.push({ file, words, covered });
    }
    expect(realWorld.reduce((sum, entry) => sum + entry.words, 0)).toBeGreaterThan(1000);
    expect(realWorld.filter((entry) => entry.covered > 0)).toEqual([]);
  });
});
