import type { Box, PageText } from '../../common/word-model.js';

/** A greyscale raster of one displayed page (0 black … 255 white), as pdftoppm -gray renders it. */
export interface GreyRaster {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

/** What the detector found on one page: the dark areas that hide words, and which words (line, word index). */
export interface CoveredPage {
  readonly pageIndex: number;
  /** In the word model's units: points, top-left origin, the page as displayed. */
  readonly boxes: readonly Box[];
  readonly words: readonly (readonly [lineIndex: number, wordIndex: number])[];
}

export interface CoverThresholds {
  /** A pixel at or below this is dark (0–255): black and dark grey, not mid-grey. */
  readonly darkAtMost: number;
  /** Within one pixel column of a word, the spread a flat fill shows (antialiasing, JPEG noise); glyph ink shows more. */
  readonly flatSpread: number;
  /** Share of a word's pixel columns that must be flat and dark for the word to count as covered. */
  readonly coveredShare: number;
}

export const DEFAULT_COVER_THRESHOLDS: CoverThresholds = { darkAtMost: 110, flatSpread: 40, coveredShare: 0.8 };

/** Text worth protecting has a letter or a digit; a word of █ or ■ is itself a redaction mark. */
const READABLE = /[\p{L}\p{N}]/u;

/**
 * Finds the words a dark fill hides on a rendered page. The renderer has already settled z-order, clipping,
 * blend modes, annotations and opacity, so the question is only whether a word can be seen: a word is covered
 * when most of its pixel columns are flat and dark across the middle of its box. Visible ink never does that:
 * black text on white has white in every column, white text on black has its strokes, a half-transparent box
 * lets the glyphs through, and a word the box only grazes keeps most of its columns.
 */
export function findCoveredWords(page: PageText, raster: GreyRaster, thresholds: CoverThresholds = DEFAULT_COVER_THRESHOLDS): CoveredPage {
  const sx = raster.width / page.width;
  const sy = raster.height / page.height;
  const words: [number, number][] = [];
  const boxes: PixelBox[] = [];
  page.lines.forEach((line, lineIndex) =>
    line.words.forEach((word, wordIndex) => {
      if (!READABLE.test(word.text)) return;
      const area = toPixels(word.box, sx, sy, raster);
      if (area === null || coveredShare(raster, area, thresholds) < thresholds.coveredShare) return;
      words.push([lineIndex, wordIndex]);
      boxes.push(coverExtent(raster, area, thresholds));
    }),
  );
  return { pageIndex: page.pageIndex, boxes: mergeBoxes(boxes).map((box) => toPoints(box, sx, sy)), words };
}

/** Half-open pixel ranges of the columns a word spans and the middle rows of its box (clear of ascender and descender edges). */
interface PixelBox {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

function toPixels(box: Box, sx: number, sy: number, raster: GreyRaster): PixelBox | null {
  if (!(box.width > 0 && box.height > 0)) return null;
  const clamp = (value: number, max: number) => Math.min(max, Math.max(0, value));
  const x0 = clamp(Math.round(box.x * sx), raster.width);
  const x1 = clamp(Math.max(Math.round((box.x + box.width) * sx), x0 + 1), raster.width);
  const top = box.y * sy;
  const bottom = (box.y + box.height) * sy;
  const middle = (top + bottom) / 2;
  const half = Math.max(0.5, ((bottom - top) * 0.6) / 2);
  const y0 = clamp(Math.floor(middle - half + 0.5), raster.height);
  const y1 = clamp(Math.max(Math.ceil(middle + half - 0.5), y0 + 1), raster.height);
  return x1 > x0 && y1 > y0 ? { x0, x1, y0, y1 } : null;
}

/**
 * Share of the word's columns that are flat, dark and of one shade: a fill is one shade from column to column,
 * while black strokes on a dark grey band alternate between two.
 */
function coveredShare(raster: GreyRaster, area: PixelBox, thresholds: CoverThresholds): number {
  const shades: number[] = [];
  for (let x = area.x0; x < area.x1; x++) {
    const shade = flatDarkShade(raster, x, area.y0, area.y1, thresholds);
    if (shade !== null) shades.push(shade);
  }
  if (shades.length === 0) return 0;
  const median = [...shades].sort((a, b) => a - b)[Math.floor(shades.length / 2)];
  return shades.filter((shade) => Math.abs(shade - median) <= thresholds.flatSpread / 2).length / (area.x1 - area.x0);
}

/** The column's mean shade when it is flat and dark across the word's middle rows, else null. */
function flatDarkShade(raster: GreyRaster, x: number, y0: number, y1: number, thresholds: CoverThresholds): number | null {
  let low = 255;
  let high = 0;
  let sum = 0;
  for (let y = y0; y < y1; y++) {
    const value = raster.pixels[y * raster.width + x];
    if (value > thresholds.darkAtMost) return null;
    if (value < low) low = value;
    if (value > high) high = value;
    sum += value;
  }
  return high - low <= thresholds.flatSpread ? sum / (y1 - y0) : null;
}

/**
 * The dark area around a covered word, walked out from the word along its middle row and middle column
 * (a flood fill would run along every table rule the box touches).
 */
function coverExtent(raster: GreyRaster, area: PixelBox, thresholds: CoverThresholds): PixelBox {
  const dark = (x: number, y: number) => raster.pixels[y * raster.width + x] <= thresholds.darkAtMost;
  const row = Math.floor((area.y0 + area.y1) / 2);
  const column = Math.floor((area.x0 + area.x1) / 2);
  let x0 = area.x0;
  let x1 = area.x1;
  let y0 = area.y0;
  let y1 = area.y1;
  while (x0 > 0 && dark(x0 - 1, row)) x0--;
  while (x1 < raster.width && dark(x1, row)) x1++;
  while (y0 > 0 && dark(column, y0 - 1)) y0--;
  while (y1 < raster.height && dark(column, y1)) y1++;
  return { x0, x1, y0, y1 };
}

/** Boxes that overlap or touch become one (a box over three words is found three times). */
function mergeBoxes(boxes: readonly PixelBox[]): PixelBox[] {
  const merged: PixelBox[] = [];
  for (const box of boxes) {
    let current = { ...box };
    for (let index = merged.length - 1; index >= 0; index--) {
      const other = merged[index];
      if (current.x0 <= other.x1 && other.x0 <= current.x1 && current.y0 <= other.y1 && other.y0 <= current.y1) {
        current = { x0: Math.min(current.x0, other.x0), x1: Math.max(current.x1, other.x1), y0: Math.min(current.y0, other.y0), y1: Math.max(current.y1, other.y1) };
        merged.splice(index, 1);
        index = merged.length;
      }
    }
    merged.push(current);
  }
  return merged.sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
}

function toPoints(box: PixelBox, sx: number, sy: number): Box {
  const round = (value: number) => Math.round(value * 100) / 100;
  return { x: round(box.x0 / sx), y: round(box.y0 / sy), width: round((box.x1 - box.x0) / sx), height: round((box.y1 - box.y0) / sy) };
}

/** The stored words with `covered: true` on those the detector found (nothing else changes). */
export function markCoveredWords<T extends PageText>(page: T, covered: CoveredPage | undefined): T {
  if (covered === undefined || covered.words.length === 0) return page;
  const hidden = new Set(covered.words.map(([line, word]) => `${line}/${word}`));
  return {
    ...page,
    lines: page.lines.map((line, lineIndex) =>
      line.words.some((_, wordIndex) => hidden.has(`${lineIndex}/${wordIndex}`))
        ? { ...line, words: line.words.map((word, wordIndex) => (hidden.has(`${lineIndex}/${wordIndex}`) ? { ...word, covered: true as const } : word)) }
        : line,
    ),
  };
}
