import { RTL_LETTER, RTL_LETTERS } from '../../common/scripts.js';
import type { Box, Line, Word } from '../../common/word-model.js';
import { roundPoints } from './page-geometry.js';

/**
 * Right-to-left text as the text layer gives it, turned into reading (logical) order.
 *
 * Both engines give a line's words left to right as displayed, and a word's characters in display order
 * too (poppler's `-bbox-layout` and our pdf.js grouping alike; plain `pdftotext` reorders, its XHTML does
 * not): `الشاهد.` comes out as `.دهاشلا`. This undoes the Unicode bidirectional algorithm's reordering for
 * one line, which is well defined for the text a line can hold (one paragraph level, runs of each
 * direction): right-to-left runs are reversed, left-to-right runs (Latin words, numbers such as
 * `2024/117`) inside them keep their order.
 *
 * PDFs that draw right-to-left glyphs one by one leftwards come out as one word per glyph; glyphs that
 * touch are joined back into words first. Every word keeps its own box (the union of its glyphs').
 */
const LETTERS = /\p{L}/gu;
const LTR_CHAR = /[\p{L}\p{N}]/u;
/** Arabic presentation forms (glyph shapes, not letters): NFKC gives the letters they show. */
const PRESENTATION_FORMS = /[\uFB50-\uFDFF\uFE70-\uFEFF]/;
const MARK = /\p{M}/u;
/** Glyphs closer than this share of the taller box's height belong to one word. */
const TOUCHING = 0.08;

type Direction = 'rtl' | 'ltr' | 'neutral';

const directionOf = (text: string): Direction => (RTL_LETTER.test(text) ? 'rtl' : LTR_CHAR.test(text) ? 'ltr' : 'neutral');

/** One page's lines in reading order; lines without right-to-left letters are returned as they are. */
export function toReadingOrder(lines: readonly Line[]): Line[] {
  // one test per line (its text is its words joined): most lines of most cases have no right-to-left letter
  if (!lines.some((line) => RTL_LETTER.test(line.text))) return [...lines];
  const page = lines.map((line) => line.text).join(' ');
  const pageDirection = (page.match(RTL_LETTERS)?.length ?? 0) * 2 >= (page.match(LETTERS)?.length ?? 0) ? 'rtl' : 'ltr';
  return joinRunsOfOneLine(lines).map((line) => (RTL_LETTER.test(line.text) ? lineInReadingOrder(line, pageDirection) : line));
}

/**
 * A PDF that draws a right-to-left line run by run (the Arabic, then the number at its left end) gives the
 * pdf.js grouping one line per run; consecutive lines on one baseline, side by side within a line height,
 * are one line when either has right-to-left letters. Poppler's lines are already whole.
 */
function joinRunsOfOneLine(lines: readonly Line[]): Line[] {
  const joined: Line[] = [];
  for (const line of lines) {
    const previous = joined.at(-1);
    if (previous && (RTL_LETTER.test(previous.text) || RTL_LETTER.test(line.text)) && sideBySide(previous.box, line.box)) {
      const words = [...previous.words, ...line.words];
      joined[joined.length - 1] = { text: words.map((word) => word.text).join(' '), box: union(previous.box, line.box), words };
    } else joined.push(line);
  }
  return joined;
}

function sideBySide(a: Box, b: Box): boolean {
  const height = Math.min(a.height, b.height);
  const overlap = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  const gap = Math.max(a.x, b.x) - Math.min(a.x + a.width, b.x + b.width);
  return overlap >= 0.7 * height && gap >= -0.1 * height && gap <= Math.max(a.height, b.height);
}

/**
 * A line of right-to-left letters only is right to left. A mixed line takes the page's direction (most of its
 * letters), as plain `pdftotext` does: an English sentence in a Hebrew document is a run inside a right-to-left
 * paragraph, and an Arabic phrase in an English document a run inside a left-to-right one.
 */
function lineInReadingOrder(line: Line, pageDirection: 'rtl' | 'ltr'): Line {
  const visual = joinTouchingGlyphs([...line.words].sort((a, b) => a.box.x - b.box.x));
  const words = visual.map((word) => {
    // reordered before NFKC: a lam-alef ligature is one glyph but two letters already in reading order
    const text = RTL_LETTER.test(word.text) ? wordInReadingOrder(word.text) : word.text;
    return { text: PRESENTATION_FORMS.test(text) ? text.normalize('NFKC') : text, box: word.box };
  });
  const all = words.map((word) => word.text).join('');
  const onlyRightToLeft = (all.match(RTL_LETTERS)?.length ?? 0) === (all.match(LETTERS)?.length ?? 0);
  const ordered = reorder(words, (word) => directionOf(word.text), onlyRightToLeft ? 'rtl' : pageDirection);
  return { text: ordered.map((word) => word.text).join(' '), box: line.box, words: ordered };
}

/**
 * Display order → reading order for units of one line at one paragraph direction: in a right-to-left line
 * every right-to-left unit is reversed and each run of other units keeps its order; in a left-to-right
 * line only runs of right-to-left units (with neutrals between them) are reversed.
 */
export function reorder<T>(units: readonly T[], direction: (unit: T) => Direction, paragraph: 'rtl' | 'ltr'): T[] {
  const runs: { rtl: boolean; units: T[] }[] = [];
  const kinds = units.map(direction);
  kinds.forEach((kind, index) => {
    let rtl: boolean;
    if (paragraph === 'rtl') rtl = kind === 'rtl' || (kind === 'neutral' && !between(kinds, index, 'ltr'));
    else rtl = kind === 'rtl' || (kind === 'neutral' && between(kinds, index, 'rtl'));
    const last = runs.at(-1);
    if (last && last.rtl === rtl) last.units.push(units[index]);
    else runs.push({ rtl, units: [units[index]] });
  });
  if (paragraph === 'rtl') return runs.reverse().flatMap((run) => (run.rtl ? run.units.reverse() : run.units));
  return runs.flatMap((run) => (run.rtl ? run.units.reverse() : run.units));
}

/** Whether the nearest non-neutral units on both sides of `index` are of `kind`. */
function between(kinds: readonly Direction[], index: number, kind: Direction): boolean {
  let before = index - 1;
  while (before >= 0 && kinds[before] === 'neutral') before -= 1;
  let after = index + 1;
  while (after < kinds.length && kinds[after] === 'neutral') after += 1;
  return before >= 0 && after < kinds.length && kinds[before] === kind && kinds[after] === kind;
}

/** One word's characters, display order → reading order; a combining mark stays after its base. */
export function wordInReadingOrder(text: string): string {
  const clusters: string[] = [];
  for (const char of text) {
    if (MARK.test(char) && clusters.length > 0) clusters[clusters.length - 1] += char;
    else clusters.push(char);
  }
  return restoreLamAlef(reorder(clusters, directionOf, 'rtl').join(''));
}

/** Alef (plain, hamza or madda) then lam, right after another alef: two alefs never meet, so the pair was a ligature. */
const ALEF_ALEF_LAM = /(?<=[\u0622\u0623\u0625\u0627])([\u0622\u0623\u0625\u0627])\u0644/g;

/**
 * Lam followed by alef is drawn as one lam-alef ligature glyph whose text is already in reading order (`لا`), so
 * reversing the word's display order turns it into alef-lam. Alef-lam is also common in reading order (`قال`,
 * `إلى`, the article `ال`), so only the unambiguous cases are undone: the word `ال` alone (the particle `لا`) and
 * an alef-lam right after another alef (`االستئناف` → `الاستئناف`). Others stay as the text layer gives them,
 * as plain `pdftotext` leaves them too.
 */
function restoreLamAlef(word: string): string {
  if (!word.includes('\u0644')) return word;
  if (word === '\u0627\u0644') return '\u0644\u0627';
  return word.replace(ALEF_ALEF_LAM, (_pair: string, alef: string) => `\u0644${alef}`);
}

function joinTouchingGlyphs(words: readonly Word[]): Word[] {
  const joined: Word[] = [];
  for (const word of words) {
    const previous = joined.at(-1);
    if (previous && touches(previous, word)) joined[joined.length - 1] = { text: previous.text + word.text, box: union(previous.box, word.box) };
    else joined.push(word);
  }
  return joined;
}

function touches(left: Word, right: Word): boolean {
  if (!RTL_LETTER.test(left.text) || !RTL_LETTER.test(right.text)) return false;
  const gap = right.box.x - (left.box.x + left.box.width);
  const height = Math.max(left.box.height, right.box.height);
  const overlap = Math.min(left.box.y + left.box.height, right.box.y + right.box.height) - Math.max(left.box.y, right.box.y);
  return gap <= TOUCHING * height && gap >= -TOUCHING * height && overlap >= 0.5 * Math.min(left.box.height, right.box.height);
}

function union(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: roundPoints(Math.max(a.x + a.width, b.x + b.width) - x), height: roundPoints(Math.max(a.y + a.height, b.y + b.height) - y) };
}
