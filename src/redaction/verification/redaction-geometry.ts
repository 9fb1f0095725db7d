import type { Box } from '../../common/word-model.js';

/** How far (PDF points) a word may touch a redaction box's edge and still count as outside it. */
export const REDACTION_TOLERANCE_PT = 0.5;

/**
 * True when the word's box overlaps the redaction box by more than the tolerance on both axes.
 * The engine uses the same rule to decide which words it keeps, so what it keeps passes verification.
 */
export function intersectsRedaction(word: Box, redaction: Box, tolerance = REDACTION_TOLERANCE_PT): boolean {
  const overlapX = Math.min(word.x + word.width, redaction.x + redaction.width) - Math.max(word.x, redaction.x);
  const overlapY = Math.min(word.y + word.height, redaction.y + redaction.height) - Math.max(word.y, redaction.y);
  return overlapX > tolerance && overlapY > tolerance;
}
