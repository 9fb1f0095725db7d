import type { Box, Word } from '../../common/word-model.js';

/** True when the two boxes share an area (touching edges do not count). */
export function boxesOverlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function unionBox(a: Box, b: Box): Box {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/**
 * The words a rebuilt page gives back as invisible text: those that touch no redaction box and lie
 * on the visible page (text outside the CropBox is not part of the page the lawyer saw).
 */
export function wordsToKeep(words: readonly Word[], boxes: readonly Box[], page: { width: number; height: number }): Word[] {
  const visible: Box = { x: 0, y: 0, width: page.width, height: page.height };
  return words.filter(
    (word) =>
      word.text.trim().length > 0 &&
      word.box.width > 0 &&
      word.box.height > 0 &&
      boxesOverlap(word.box, visible) &&
      !boxes.some((box) => boxesOverlap(word.box, box)),
  );
}

/**
 * Each box grown to cover every word it touches, so an engine that removes glyph by glyph removes
 * whole words (the verification rule is per word). One pass only: growing again could chain from
 * line to line down the page.
 */
export function widenToWords(boxes: readonly Box[], words: readonly Word[]): Box[] {
  return boxes.map((box) => words.reduce((widened, word) => (boxesOverlap(word.box, box) ? unionBox(widened, word.box) : widened), box));
}
