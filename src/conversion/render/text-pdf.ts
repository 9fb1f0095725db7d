/**
 * Lays plain text out on A4 pages with pdf-lib: DejaVu Sans Mono embedded (subset) through fontkit
 * when the font file is present, else the standard Courier with characters outside WinAnsi replaced.
 * Characters the monospace face lacks (Hebrew, Chinese, Japanese, Korean) are drawn from fallback faces
 * (DejaVu Sans, WenQuanYi Micro Hei) when installed; a document whose letters mostly have no installed
 * face fails CONVERTER_UNAVAILABLE rather than becoming a page of question marks.
 * Lines with right-to-left text are reordered by the Unicode bidi algorithm (bidi-js) and drawn run by
 * run in visual order, so the text layer reads back in logical order; fontkit shapes and mirrors each
 * right-to-left run itself when given it in logical order.
 * Monospace, so wrapping is by character cells (two for East Asian wide characters); tabs expand to
 * 8-column stops; form feeds break pages. Runs inside sandbox workers only.
 */
import fontkit from '@pdf-lib/fontkit';
import bidiModule from 'bidi-js';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { RTL_CHAR } from '../../common/scripts.js';
import { ProcessingFailure } from '../processing-failure.js';
import { collectionFace } from './font-collection.js';

// a UMD module: at run time the default import is the factory itself, which its types call `default`
const bidiFactory = bidiModule as unknown as typeof bidiModule.default;

export interface TextBlock {
  readonly text: string;
  /** Drawn in the bold face (email headers). */
  readonly heading?: boolean;
}

export interface TextPdfOptions {
  readonly maxPages: number;
  /** Regular and bold monospace TrueType fonts; Courier when absent. */
  readonly fontPath?: string;
  readonly boldFontPath?: string;
  /** TrueType fonts (.ttf, or the first face of a .ttc) tried in turn for characters the monospace face lacks. */
  readonly fallbackFontPaths?: readonly string[];
  readonly title?: string;
}

export interface TextPdfResult {
  readonly bytes: Uint8Array;
  readonly pageCount: number;
  /** Characters no installed face could draw (drawn as `?`). */
  readonly undrawnCharacters: number;
}

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = 56;
const FONT_SIZE = 10;
const LEADING = 12.5;
const REPLACEMENT = '?';
/** Above this share of a document's letters without a face, the PDF would not carry the document. */
const MAX_UNDRAWN_LETTER_SHARE = 0.2;
const MIN_UNDRAWN_LETTERS_TO_FAIL = 20;
/**
 * No ligatures: a ligature glyph stands for several characters, and extractors that reorder right-to-left
 * text turn its characters round (Arabic lam-alef comes back as alef-lam). Contextual forms stay.
 */
const EMBED = { subset: true, features: { liga: false, rlig: false, dlig: false, clig: false } } as const;

export const DEFAULT_MONO_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';
export const DEFAULT_MONO_BOLD_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf';
export const DEFAULT_FALLBACK_FONTS: readonly string[] = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
];

interface Faces {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
  readonly primary: (codePoint: number) => boolean;
  /** The face that draws a code point, or undefined when none does. */
  readonly faceFor: (codePoint: number, heading: boolean) => PDFFont | undefined;
}

async function embedFaces(document: PDFDocument, options: TextPdfOptions, text: string): Promise<Faces> {
  const fontPath = options.fontPath ?? DEFAULT_MONO_FONT;
  const boldPath = options.boldFontPath ?? DEFAULT_MONO_BOLD_FONT;
  if (!existsSync(fontPath)) {
    const regular = await document.embedFont(StandardFonts.Courier);
    const bold = await document.embedFont(StandardFonts.CourierBold);
    const characters = new Set(regular.getCharacterSet());
    const primary = (codePoint: number) => characters.has(codePoint);
    return { regular, bold, primary, faceFor: (codePoint, heading) => (primary(codePoint) ? (heading ? bold : regular) : undefined) };
  }
  document.registerFontkit(fontkit);
  const regular = await document.embedFont(await readFile(fontPath), EMBED);
  const bold = existsSync(boldPath) ? await document.embedFont(await readFile(boldPath), EMBED) : regular;
  const characters = new Set(regular.getCharacterSet());
  const primary = (codePoint: number) => characters.has(codePoint);
  const fallbacks = await embedFallbacks(document, options.fallbackFontPaths ?? DEFAULT_FALLBACK_FONTS, missingCodePoints(text, primary));
  const faceOf = new Map<number, PDFFont | undefined>();
  const faceFor = (codePoint: number, heading: boolean) => {
    if (primary(codePoint)) return heading ? bold : regular;
    if (!faceOf.has(codePoint)) faceOf.set(codePoint, fallbacks.find((fallback) => fallback.characters.has(codePoint))?.font);
    return faceOf.get(codePoint);
  };
  return { regular, bold, primary, faceFor };
}

function missingCodePoints(text: string, supported: (codePoint: number) => boolean): Set<number> {
  const missing = new Set<number>();
  for (const character of text) {
    const codePoint = character.codePointAt(0)!;
    if (codePoint > 0x20 && !supported(codePoint) && !/[\p{Cc}\p{Cs}\s]/u.test(character)) missing.add(codePoint);
  }
  return missing;
}

/** Embeds, in order, only the fallback faces that draw something the faces before them could not. */
async function embedFallbacks(document: PDFDocument, paths: readonly string[], missing: Set<number>): Promise<Array<{ font: PDFFont; characters: Set<number> }>> {
  const fallbacks: Array<{ font: PDFFont; characters: Set<number> }> = [];
  for (const path of paths) {
    if (missing.size === 0) break;
    if (!existsSync(path)) continue;
    const bytes = collectionFace(await readFile(path));
    const characters = new Set(fontkit.create(bytes).characterSet);
    const covered = [...missing].filter((codePoint) => characters.has(codePoint));
    if (covered.length === 0) continue;
    for (const codePoint of covered) missing.delete(codePoint);
    fallbacks.push({ font: await document.embedFont(bytes, EMBED), characters });
  }
  return fallbacks;
}

/** Character cells a character takes in a monospace layout: two for East Asian wide and fullwidth ones. */
export function cellsOf(codePoint: number): number {
  return (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0x303e) ||
    (codePoint >= 0x3041 && codePoint <= 0x33ff) ||
    (codePoint >= 0x3400 && codePoint <= 0x4dbf) ||
    (codePoint >= 0x4e00 && codePoint <= 0x9fff) ||
    (codePoint >= 0xa000 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
    ? 2
    : 1;
}

/** Splits text into display lines of at most `columns` cells, preferring to break at spaces. */
export function wrapText(text: string, columns: number): string[] {
  const lines: string[] = [];
  for (const rawLine of text.replace(/\r\n?/g, '\n').split('\n')) {
    const characters = Array.from(expandTabs(rawLine));
    if (characters.length === 0) {
      lines.push('');
      continue;
    }
    let start = 0;
    while (start < characters.length) {
      let end = start;
      let cells = 0;
      while (end < characters.length) {
        const width = cellsOf(characters[end].codePointAt(0)!);
        if (cells + width > columns && end > start) break;
        cells += width;
        end += 1;
      }
      if (end < characters.length) {
        const lastSpace = characters.lastIndexOf(' ', end);
        if (lastSpace > start && cellCount(characters, start, lastSpace) > columns / 2) end = lastSpace + 1;
      }
      lines.push(characters.slice(start, end).join('').trimEnd());
      start = end;
    }
  }
  return lines;
}

function cellCount(characters: readonly string[], start: number, end: number): number {
  let cells = 0;
  for (let index = start; index < end; index += 1) cells += cellsOf(characters[index].codePointAt(0)!);
  return cells;
}

function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  let column = 0;
  for (const character of line) {
    if (character === '\t') {
      const spaces = 8 - (column % 8);
      out += ' '.repeat(spaces);
      column += spaces;
    } else {
      out += character;
      column += cellsOf(character.codePointAt(0)!);
    }
  }
  return out;
}

export async function renderTextPdf(blocks: readonly TextBlock[], options: TextPdfOptions): Promise<TextPdfResult> {
  const document = await PDFDocument.create();
  if (options.title) document.setTitle(options.title.slice(0, 200));
  document.setProducer('casework-facade');
  document.setCreator('casework-facade text conversion');
  const faces = await embedFaces(document, options, blocks.map((block) => block.text).join('\n'));
  const cellWidth = faces.regular.widthOfTextAtSize('M', FONT_SIZE);
  const columns = Math.floor((PAGE_WIDTH - 2 * MARGIN) / cellWidth);
  const linesPerPage = Math.floor((PAGE_HEIGHT - 2 * MARGIN) / LEADING);
  const tally = { letters: 0, undrawnLetters: 0, undrawn: 0 };

  let page = document.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  let lineOnPage = 0;
  const newPage = () => {
    if (document.getPageCount() >= options.maxPages) {
      throw new ProcessingFailure('TOO_LARGE', `text needs more than ${options.maxPages} pages`);
    }
    page = document.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    lineOnPage = 0;
  };

  for (const block of blocks) {
    const heading = block.heading === true;
    const pages = clean(block.text, (codePoint) => faces.faceFor(codePoint, heading) !== undefined, tally).split('\f');
    for (const [index, pageText] of pages.entries()) {
      if (index > 0) newPage();
      for (const paragraph of pageText.split('\n')) {
        const direction = paragraphDirection(paragraph);
        for (const line of wrapText(paragraph, columns)) {
          if (lineOnPage >= linesPerPage) newPage();
          if (line.length > 0) drawLine(page, line, direction, PAGE_HEIGHT - MARGIN - FONT_SIZE - lineOnPage * LEADING, (codePoint) => faces.faceFor(codePoint, heading) ?? faces.regular);
          lineOnPage += 1;
        }
      }
    }
  }
  if (tally.undrawnLetters >= MIN_UNDRAWN_LETTERS_TO_FAIL && tally.undrawnLetters > tally.letters * MAX_UNDRAWN_LETTER_SHARE) {
    throw new ProcessingFailure('CONVERTER_UNAVAILABLE', `no installed font draws ${tally.undrawnLetters} of the ${tally.letters} letters (install fonts-wqy-microhei for Chinese, Japanese and Korean)`);
  }
  const bytes = await document.save({ useObjectStreams: true });
  return { bytes, pageCount: document.getPageCount(), undrawnCharacters: tally.undrawn };
}

// ---- right-to-left ----

let bidi: ReturnType<typeof bidiFactory> | undefined;

/** The paragraph's base direction by its first strong character (bidi rules P2–P3). */
function paragraphDirection(paragraph: string): 'ltr' | 'rtl' {
  if (!RTL_CHAR.test(paragraph)) return 'ltr';
  bidi ??= bidiFactory();
  return bidi.getEmbeddingLevels(paragraph, 'auto').paragraphs[0]?.level === 1 ? 'rtl' : 'ltr';
}

interface Run {
  readonly text: string;
  readonly font: PDFFont;
}

/**
 * Draws one display line. Left-to-right lines are drawn run by run (one run per face); a line with
 * right-to-left text is cut into runs of one direction and one face, laid left to right in visual order,
 * right-aligned when the paragraph is right-to-left.
 */
function drawLine(page: PDFPage, line: string, direction: 'ltr' | 'rtl', y: number, faceFor: (codePoint: number) => PDFFont): void {
  const runs = RTL_CHAR.test(line) ? visualRuns(line, direction, faceFor) : faceRuns(Array.from(line), faceFor);
  // laying text out is most of the cost: measure only what decides a position
  let x = MARGIN;
  if (direction === 'rtl') x = Math.max(MARGIN, PAGE_WIDTH - MARGIN - runs.reduce((sum, run) => sum + run.font.widthOfTextAtSize(run.text, FONT_SIZE), 0));
  runs.forEach((run, index) => {
    if (run.text.trim() !== '') page.drawText(run.text, { x, y, size: FONT_SIZE, font: run.font, color: rgb(0, 0, 0) });
    if (index < runs.length - 1) x += run.font.widthOfTextAtSize(run.text, FONT_SIZE);
  });
}

function faceRuns(characters: readonly string[], faceFor: (codePoint: number) => PDFFont): Run[] {
  const runs: Run[] = [];
  let start = 0;
  let font: PDFFont | undefined;
  characters.forEach((character, index) => {
    const face = faceFor(character.codePointAt(0)!);
    if (face === font) return;
    if (font) runs.push({ text: characters.slice(start, index).join(''), font });
    start = index;
    font = face;
  });
  if (font) runs.push({ text: characters.slice(start).join(''), font });
  return runs;
}

function visualRuns(line: string, direction: 'ltr' | 'rtl', faceFor: (codePoint: number) => PDFFont): Run[] {
  bidi ??= bidiFactory();
  const levels = bidi.getEmbeddingLevels(line, direction);
  const order = bidi.getReorderedIndices(line, levels);
  // group visual positions into runs of one level; each run's characters, in logical order
  const groups: Array<{ rtl: boolean; indices: number[] }> = [];
  for (const index of order) {
    const rtl = (levels.levels[index] & 1) === 1;
    const last = groups.at(-1);
    if (last && last.rtl === rtl) last.indices.push(index);
    else groups.push({ rtl, indices: [index] });
  }
  const runs: Run[] = [];
  for (const group of groups) {
    if (!group.rtl) {
      runs.push(...faceRuns(Array.from(group.indices.map((index) => line[index]).join('')), faceFor));
      continue;
    }
    const mirrored = [...group.indices].sort((a, b) => a - b).map((index) => bidi!.getMirroredCharacter(line[index]) ?? line[index]);
    // fontkit lays out (reverses, shapes) an Arabic or Hebrew run given in logical order; a run of
    // neutrals only (spaces, punctuation) it leaves as given, so that one goes in visual order already
    const pieces = faceRuns(Array.from(mirrored.join('')), faceFor).reverse();
    for (const piece of pieces) runs.push(RTL_CHAR.test(piece.text) ? piece : { text: Array.from(piece.text).reverse().join(''), font: piece.font });
  }
  return runs;
}

const LETTER = /[\p{L}\p{N}]/u;
const MARK = /\p{Mn}/u;

/** Drops control characters and replaces characters no face can draw, counting them. */
function clean(text: string, supported: (codePoint: number) => boolean, tally: { letters: number; undrawnLetters: number; undrawn: number }): string {
  let out = '';
  for (const character of text.replace(/\r\n?/g, '\n')) {
    const codePoint = character.codePointAt(0)!;
    const letter = codePoint < 0x80 ? (codePoint >= 0x30 && codePoint <= 0x39) || ((codePoint | 0x20) >= 0x61 && (codePoint | 0x20) <= 0x7a) : LETTER.test(character);
    if (letter) tally.letters += 1;
    if (character === '\n' || character === '\t' || character === '\f') out += character;
    else if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0) || (codePoint >= 0xd800 && codePoint <= 0xdfff)) continue;
    else if (codePoint === 0xa0 || codePoint === 0x2007 || codePoint === 0x202f) out += ' ';
    else if (supported(codePoint)) out += character;
    else if (MARK.test(character)) continue;
    else {
      out += REPLACEMENT;
      tally.undrawn += 1;
      if (letter) tally.undrawnLetters += 1;
    }
  }
  return out;
}
