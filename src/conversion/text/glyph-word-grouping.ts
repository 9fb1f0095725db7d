import { RTL_CHAR } from '../../common/scripts.js';
import type { Box, Line, Word } from '../../common/word-model.js';
import { roundPoints } from './page-geometry.js';
import type { GlyphSink } from './pdfjs-glyph-layout.js';

/** A gap wider than this share of the font size starts a new word (poppler's minWordBreakSpace). */
const WORD_BREAK_GAP = 0.1;
/** Overlap beyond this share of the font size starts a new word. */
const WORD_BREAK_OVERLAP = 0.5;
/** Baselines further apart than this (points) are different words, as in poppler. */
const BASELINE_TOLERANCE = 0.5;
/** A font size differing by more than this share starts a new word, as poppler does. */
const FONT_SIZE_TOLERANCE = 0.05;
/** Overprinted duplicates (fake bold) closer than this share of the font size are dropped. */
const DUPLICATE_DISTANCE = 0.1;
/** Words further apart than this many font sizes are on different lines (e.g. columns). */
const LINE_BREAK_GAP = 2;

const COMPATIBILITY_LIGATURES = /[\uFB00-\uFB06]/;

/**
 * Right-to-left glyphs drawn one at a time in reading order step leftwards by two glyph widths and the word
 * gap: still the same line. reading-order.mapper.ts joins them into words.
 */
const leftwards = (text: string, previous: Word | undefined): boolean => previous !== undefined && RTL_CHAR.test(text) && RTL_CHAR.test(previous.text);

/** Spacing accents drawn over a base glyph (TeX's way) become combining marks after it, as in poppler. */
const COMBINING_MARKS: ReadonlyMap<string, string> = new Map([
  ['\u0060', '\u0300'],
  ['\u00A8', '\u0308'],
  ['\u00AF', '\u0304'],
  ['\u00B4', '\u0301'],
  ['\u00B8', '\u0327'],
  ['\u02C6', '\u0302'],
  ['\u02C7', '\u030C'],
  ['\u02D8', '\u0306'],
  ['\u02D9', '\u0307'],
  ['\u02DA', '\u030A'],
  ['\u02DB', '\u0328'],
  ['\u02DC', '\u0303'],
  ['\u02DD', '\u030B'],
]);

type GlyphArgs = Parameters<GlyphSink['glyph']>;

/** Whether the accent's centre falls over the base glyph along the writing direction. */
function accentOver(accent: GlyphArgs, base: { originX: number; originY: number; endX: number; endY: number; dirX: number; dirY: number }): boolean {
  const centreX = (accent[1] + accent[3]) / 2;
  const centreY = (accent[2] + accent[4]) / 2;
  const along = (centreX - base.originX) * base.dirX + (centreY - base.originY) * base.dirY;
  const advance = (base.endX - base.originX) * base.dirX + (base.endY - base.originY) * base.dirY;
  return along >= 0 && along <= advance;
}

interface Cursor {
  originX: number;
  originY: number;
  endX: number;
  endY: number;
  dirX: number;
  dirY: number;
  size: number;
  text: string;
}

/**
 * Groups placed glyphs (content order) into words — at spaces, gaps wider than a tenth of the font
 * size, baseline, size or direction changes, as poppler's TextOutputDev does — and words into lines.
 * Words wholly outside the visible page are dropped, as poppler drops them with -cropbox.
 */
export class GlyphWordGrouping implements GlyphSink {
  readonly lines: Line[] = [];
  private words: Word[] = [];
  private lineBox = { xMin: 0, yMin: 0, xMax: 0, yMax: 0 };
  private lineEnd: Cursor | undefined;
  private lineSize = 0;

  private wordText = '';
  private wordBox = { xMin: 0, yMin: 0, xMax: 0, yMax: 0 };
  private first: Cursor | undefined;
  private last: Cursor | undefined;

  private pendingAccent: GlyphArgs | undefined;

  constructor(private readonly page: { readonly width: number; readonly height: number }) {}

  glyph(...args: GlyphArgs): void {
    const mark = COMBINING_MARKS.get(args[0]);
    const pending = this.pendingAccent;
    if (mark !== undefined) {
      if (pending) this.place(...pending);
      this.pendingAccent = undefined;
      if (this.last && accentOver(args, this.last)) {
        this.wordText += mark;
        return;
      }
      this.pendingAccent = args;
      return;
    }
    if (!pending) return this.place(...args);
    this.pendingAccent = undefined;
    const [text, xMin, yMin, xMax, yMax, originX, originY, endX, endY, dirX, dirY] = args;
    if (accentOver(pending, { originX, originY, endX, endY, dirX, dirY })) {
      this.place(...args);
      if (this.last?.text === text) this.wordText += COMBINING_MARKS.get(pending[0]) ?? '';
      return;
    }
    this.place(...pending);
    this.place(text, xMin, yMin, xMax, yMax, originX, originY, endX, endY, dirX, dirY, args[11]);
  }

  private place(text: string, xMin: number, yMin: number, xMax: number, yMax: number, originX: number, originY: number, endX: number, endY: number, dirX: number, dirY: number, size: number): void {
    const last = this.last;
    if (last && this.first) {
      const limit = DUPLICATE_DISTANCE * last.size;
      if (text === last.text && Math.abs(originX - last.originX) < limit && Math.abs(originY - last.originY) < limit) return;
      const dx = originX - last.endX;
      const dy = originY - last.endY;
      const along = dx * last.dirX + dy * last.dirY;
      const across = dy * last.dirX - dx * last.dirY;
      const wordSize = this.first.size;
      const joins =
        last.dirX * dirX + last.dirY * dirY > 0.99 &&
        Math.abs(across) <= BASELINE_TOLERANCE &&
        along <= WORD_BREAK_GAP * wordSize &&
        along >= -WORD_BREAK_OVERLAP * wordSize &&
        Math.abs(size - wordSize) <= FONT_SIZE_TOLERANCE * wordSize;
      if (joins) {
        this.wordText += text;
        const box = this.wordBox;
        if (xMin < box.xMin) box.xMin = xMin;
        if (yMin < box.yMin) box.yMin = yMin;
        if (xMax > box.xMax) box.xMax = xMax;
        if (yMax > box.yMax) box.yMax = yMax;
        last.originX = originX;
        last.originY = originY;
        last.endX = endX;
        last.endY = endY;
        last.text = text;
        return;
      }
      this.endWord();
    }
    this.wordText = text;
    this.wordBox = { xMin, yMin, xMax, yMax };
    this.first = { originX, originY, endX, endY, dirX, dirY, size, text };
    this.last = { originX, originY, endX, endY, dirX, dirY, size, text };
  }

  space(): void {
    this.flushAccent();
    this.endWord();
  }

  /** Ends the page: the last word and line are closed. */
  finish(): Line[] {
    this.flushAccent();
    this.endWord();
    this.closeLine();
    return this.lines;
  }

  private flushAccent(): void {
    const pending = this.pendingAccent;
    this.pendingAccent = undefined;
    if (pending) this.place(...pending);
  }

  private endWord(): void {
    const first = this.first;
    const last = this.last;
    this.first = undefined;
    this.last = undefined;
    if (!first || !last) return;
    const box = this.wordBox;
    if (box.xMax <= 0 || box.yMax <= 0 || box.xMin >= this.page.width || box.yMin >= this.page.height) return;
    const text = COMPATIBILITY_LIGATURES.test(this.wordText) ? this.wordText.normalize('NFKC') : this.wordText;

    const end = this.lineEnd;
    if (end) {
      const dx = first.originX - end.endX;
      const dy = first.originY - end.endY;
      const along = dx * end.dirX + dy * end.dirY;
      const across = dy * end.dirX - dx * end.dirY;
      const sameLine =
        end.dirX * first.dirX + end.dirY * first.dirY > 0.99 &&
        Math.abs(across) <= Math.max(BASELINE_TOLERANCE, 0.3 * this.lineSize) &&
        along <= LINE_BREAK_GAP * this.lineSize &&
        along >= -(leftwards(text, this.words.at(-1)) ? LINE_BREAK_GAP + 1 : 1) * this.lineSize;
      if (!sameLine) this.closeLine();
    }
    if (this.words.length === 0) {
      this.lineBox = { ...box };
      this.lineSize = first.size;
    } else {
      const lineBox = this.lineBox;
      if (box.xMin < lineBox.xMin) lineBox.xMin = box.xMin;
      if (box.yMin < lineBox.yMin) lineBox.yMin = box.yMin;
      if (box.xMax > lineBox.xMax) lineBox.xMax = box.xMax;
      if (box.yMax > lineBox.yMax) lineBox.yMax = box.yMax;
    }
    this.words.push({ text, box: toBox(box) });
    this.lineEnd = { ...last };
  }

  private closeLine(): void {
    if (this.words.length > 0) {
      this.lines.push({ text: this.words.map((word) => word.text).join(' '), box: toBox(this.lineBox), words: this.words });
    }
    this.words = [];
    this.lineEnd = undefined;
  }
}

function toBox(draft: { xMin: number; yMin: number; xMax: number; yMax: number }): Box {
  return {
    x: roundPoints(draft.xMin),
    y: roundPoints(draft.yMin),
    width: roundPoints(draft.xMax - draft.xMin),
    height: roundPoints(draft.yMax - draft.yMin),
  };
}
