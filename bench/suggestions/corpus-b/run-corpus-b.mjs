// Corpus B through the facade's suggestion finder, in process: each statement's lines become words with
// boxes (6-point characters, 14-point lines, as the unit tests lay pages out), its case data the
// statement maker and the suspect. Latency is the finder's time per document (no HTTP, no blob read).
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { generateCorpusB } from './generate.mjs';

function documentText(pages) {
  return {
    pageCount: pages.length,
    pages: pages.map((lines, pageIndex) => ({
      pageIndex,
      width: 595.28,
      height: 841.89,
      rotation: 0,
      source: 'text-layer',
      lines: lines.map((text, lineIndex) => {
        let x = 40;
        const y = 40 + lineIndex * 16;
        const words = text.split(' ').map((word) => {
          const box = { x, y, width: word.length * 5.5, height: 11 };
          x += (word.length + 1) * 5.5;
          return { text: word, box };
        });
        return { text, box: { x: 40, y, width: text.length * 5.5, height: 11 }, words };
      }),
    })),
  };
}

/** Scores corpus B; `suggest(text, people)` is the finder under test (sync or async). */
export async function runCorpusB({ dist, seed = 17, repeatLong = 30, nlpNames = true }) {
  const { scoreSuggestions, normaliseForScoring } = await import(join(dist, 'redaction/suggestions/suggestion-scoring.js'));
  const { suggestRedactions } = await import(join(dist, 'redaction/suggestions/suggestion-finder.js'));
  const { LocalPiiDetector } = await import(join(dist, 'redaction/suggestions/local/local-pii-detector.adapter.js'));
  const detector = LocalPiiDetector.fromConfig({ nlpNames });
  const corpus = generateCorpusB({ seed });
  const scored = [];
  const timings = [];
  const lookalikesSuggested = [];
  for (const statement of corpus) {
    const text = documentText(statement.pages);
    const t0 = performance.now();
    const suggestions = await suggestRedactions(text, statement.people, detector);
    timings.push({ ms: performance.now() - t0, pages: text.pageCount });
    scored.push({ group: text.pageCount >= 10 ? 'long-statement' : 'statements', planted: statement.planted, suggestions });
    // A look-alike counts as suggested when a suggestion holds it, or part of it, as whole words.
    const suggestedTexts = suggestions.map((suggestion) => ` ${normaliseForScoring(suggestion.text)} `);
    for (const lookalike of statement.lookalikes) {
      const folded = ` ${normaliseForScoring(lookalike)} `;
      if (suggestedTexts.some((suggested) => suggested.includes(folded) || folded.includes(suggested))) lookalikesSuggested.push(lookalike);
    }
  }
  const long = corpus.reduce((longest, statement) => (statement.pages.length > longest.pages.length ? statement : longest));
  const longTimings = [];
  {
    const text = documentText(long.pages);
    for (let run = 0; run < repeatLong; run += 1) {
      const t0 = performance.now();
      await suggestRedactions(text, long.people, detector);
      longTimings.push(performance.now() - t0);
    }
  }
  return { scored, timings, lookalikesSuggested: [...new Set(lookalikesSuggested)], longTimings, longPages: long.pages.length, scoreSuggestions };
}
