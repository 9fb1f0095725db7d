import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CoveredPage } from '../../../src/conversion/covered-text/covered-words.js';
import { PdftoppmCoveredTextDetector } from '../../../src/conversion/covered-text/pdftoppm-covered-text.detector.js';
import { createTextExtractor } from '../../../src/conversion/text/text-extractor.factory.js';
import type { DocumentText } from '../../../src/common/word-model.js';
import { generateCorpus, overlapShare, SCENARIOS, type Scenario } from './covered-text-corpus.js';

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface CorpusFigures {
  readonly pages: number;
  readonly words: Counts & { readonly ambiguous: number; readonly precision: number; readonly recall: number };
  readonly pageFlags: Counts & { readonly precision: number; readonly recall: number };
  readonly byScenario: Record<Scenario, Counts>;
}

const READABLE = /[\p{L}\p{N}]/u;
const ratio = (hit: number, miss: number) => (hit + miss === 0 ? 1 : hit / (hit + miss));
const empty = (): Counts => ({ tp: 0, fp: 0, fn: 0, tn: 0 });

export const detector = new PdftoppmCoveredTextDetector({ timeoutMs: 120_000, maxMemoryMb: 1024 });
export const extractor = createTextExtractor({ timeoutMs: 120_000, maxMemoryMb: 1024 });

/** Generates the corpus into `dir`, runs extraction and detection as ingestion does, and scores every readable word. */
export async function measureCorpus(dir: string, pagesPerScenario: number): Promise<CorpusFigures> {
  const corpus = await generateCorpus(pagesPerScenario);
  const path = join(dir, 'covered-text-corpus.pdf');
  await writeFile(path, corpus.bytes);
  const text = await extractor.extract(path);
  const result = await detector.detect(path, text);
  if (result.status !== 'checked') throw new Error(`detection did not run: ${result.detail}`);
  return score(text, result.pages, corpus.pages);
}

function score(text: DocumentText, found: readonly CoveredPage[], truth: Awaited<ReturnType<typeof generateCorpus>>['pages']): CorpusFigures {
  const words = { ...empty(), ambiguous: 0 };
  const pageFlags = empty();
  const byScenario = Object.fromEntries(SCENARIOS.map((scenario) => [scenario, empty()])) as Record<Scenario, Counts>;
  for (const page of text.pages) {
    const expected = truth[page.pageIndex];
    const flagged = found.find((covered) => covered.pageIndex === page.pageIndex);
    const marked = new Set((flagged?.words ?? []).map(([line, word]) => `${line}/${word}`));
    let truePage = false;
    page.lines.forEach((line, lineIndex) =>
      line.words.forEach((word, wordIndex) => {
        if (!READABLE.test(word.text)) return;
        const share = Math.max(0, ...expected.hidden.map((rect) => overlapShare(word.box, rect)));
        const detected = marked.has(`${lineIndex}/${wordIndex}`);
        if (share > 0.4 && share < 0.7) {
          words.ambiguous += 1;
          return;
        }
        const covered = share >= 0.7;
        truePage ||= covered;
        const key = covered ? (detected ? 'tp' : 'fn') : detected ? 'fp' : 'tn';
        words[key] += 1;
        byScenario[expected.scenario][key] += 1;
      }),
    );
    pageFlags[truePage ? (flagged ? 'tp' : 'fn') : flagged ? 'fp' : 'tn'] += 1;
  }
  return {
    pages: text.pages.length,
    words: { ...words, precision: ratio(words.tp, words.fp), recall: ratio(words.tp, words.fn) },
    pageFlags: { ...pageFlags, precision: ratio(pageFlags.tp, pageFlags.fp), recall: ratio(pageFlags.tp, pageFlags.fn) },
    byScenario,
  };
}
