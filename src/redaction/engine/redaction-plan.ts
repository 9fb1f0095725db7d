import type { Box, DocumentText, Word } from '../../common/word-model.js';
import { MAX_RECTS_PER_REQUEST, geometryError, type RedactionPlan } from '../redaction.types.js';

/** Checks a plan against the document (page count and displayed page sizes); throws INVALID_GEOMETRY. */
export function validatePlan(plan: RedactionPlan, text: DocumentText): void {
  if (plan.boxes.length > MAX_RECTS_PER_REQUEST) throw geometryError(`More than ${MAX_RECTS_PER_REQUEST} boxes in one redaction.`);
  plan.boxes.forEach(({ pageIndex, box }, boxIndex) => {
    if (!Number.isInteger(pageIndex) || pageIndex < 0 || pageIndex >= text.pageCount) {
      throw geometryError(`Box ${boxIndex}: page ${String(pageIndex)} does not exist in this document.`, { boxIndex });
    }
    const values = [box.x, box.y, box.width, box.height];
    if (!values.every((value) => typeof value === 'number' && Number.isFinite(value)) || box.width <= 0 || box.height <= 0) {
      throw geometryError(`Box ${boxIndex}: coordinates must be finite and the size positive.`, { boxIndex, pageIndex });
    }
  });
  const deletions = new Set<number>();
  plan.pageModifications.forEach((modification, index) => {
    const { pageIndex, action, rotateBy } = modification;
    if (!Number.isInteger(pageIndex) || pageIndex < 0 || pageIndex >= text.pageCount) {
      throw geometryError(`Page modification ${index}: page ${String(pageIndex)} does not exist in this document.`, { index });
    }
    switch (action) {
      case 'delete':
        deletions.add(pageIndex);
        break;
      case 'rotate':
        if (rotateBy !== 90 && rotateBy !== 180 && rotateBy !== 270) {
          throw geometryError(`Page modification ${index}: rotateBy must be 90, 180 or 270.`, { index, pageIndex });
        }
        break;
      default:
        throw geometryError(`Page modification ${index}: unknown action.`, { index, pageIndex });
    }
  });
  if (deletions.size >= text.pageCount) throw geometryError('A redaction cannot delete every page of the document.');
}

/** The plan's boxes per page, clipped to the displayed page; boxes wholly off the page are dropped. */
export function boxesByPage(plan: RedactionPlan, text: DocumentText): Map<number, Box[]> {
  const byPage = new Map<number, Box[]>();
  for (const { pageIndex, box } of plan.boxes) {
    const page = text.pages[pageIndex];
    const width = page?.width ?? Number.POSITIVE_INFINITY;
    const height = page?.height ?? Number.POSITIVE_INFINITY;
    const left = Math.max(0, box.x);
    const top = Math.max(0, box.y);
    const right = Math.min(width, box.x + box.width);
    const bottom = Math.min(height, box.y + box.height);
    if (right <= left || bottom <= top) continue;
    const boxes = byPage.get(pageIndex) ?? [];
    boxes.push({ x: left, y: top, width: right - left, height: bottom - top });
    byPage.set(pageIndex, boxes);
  }
  return byPage;
}

export function pageWords(text: DocumentText, pageIndex: number): Word[] {
  return (text.pages[pageIndex]?.lines ?? []).flatMap((line) => line.words);
}
