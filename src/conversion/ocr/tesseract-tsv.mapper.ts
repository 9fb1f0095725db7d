import type { PixelWord } from './pixel-words.mapper.js';

const WORD_LEVEL = '5';

/** A word with tesseract's confidence in it (0–100). */
export interface ScoredWord extends PixelWord {
  readonly confidence: number;
}

/**
 * Reads Tesseract's TSV output (CLI `tsv` config or tesseract.js `tsv`): level, page_num, block_num,
 * par_num, line_num, word_num, left, top, width, height, conf, text. Level 5 rows are words.
 */
export function parseTesseractTsv(tsv: string, minConfidence = 0): ScoredWord[] {
  const words: ScoredWord[] = [];
  for (const row of tsv.split('\n')) {
    const cells = row.split('\t');
    if (cells.length < 12 || cells[0] !== WORD_LEVEL) continue;
    const text = cells.slice(11).join('\t').trim();
    const confidence = Number(cells[10]);
    if (text.length === 0 || !(confidence >= minConfidence)) continue;
    const [left, top, width, height] = cells.slice(6, 10).map(Number);
    if (![left, top, width, height].every(Number.isFinite)) continue;
    words.push({ text, left, top, width, height, confidence, lineKey: `${cells[1]}.${cells[2]}.${cells[3]}.${cells[4]}` });
  }
  return words;
}
