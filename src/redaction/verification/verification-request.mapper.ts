/**
 * Turns a redaction plan over the original document into what the verifier checks on the output:
 * boxes on the output's pages (deleted pages dropped, later pages renumbered, rotations applied) and
 * the words that were under the boxes.
 */
import type { Box, DocumentText, Word } from '../../common/word-model.js';
import type { PdfRedactionBox, RedactionPlan } from '../redaction.types.js';
import { intersectsRedaction } from './redaction-geometry.js';
import type { VerificationRequest } from './redaction-verifier.js';

/** A box on a displayed page of the given size, after the page is turned clockwise by `rotation`. */
export function rotateBox(box: Box, page: { width: number; height: number }, rotation: number): Box {
  switch (((rotation % 360) + 360) % 360) {
    case 90:
      return { x: page.height - (box.y + box.height), y: box.x, width: box.height, height: box.width };
    case 180:
      return { x: page.width - (box.x + box.width), y: page.height - (box.y + box.height), width: box.width, height: box.height };
    case 270:
      return { x: box.y, y: page.width - (box.x + box.width), width: box.height, height: box.width };
    default:
      return box;
  }
}

function pageChanges(plan: RedactionPlan): { deleted: Set<number>; rotation: Map<number, number> } {
  const deleted = new Set<number>();
  const rotation = new Map<number, number>();
  for (const modification of plan.pageModifications) {
    if (modification.action === 'delete') deleted.add(modification.pageIndex);
    else rotation.set(modification.pageIndex, ((rotation.get(modification.pageIndex) ?? 0) + (modification.rotateBy ?? 0)) % 360);
  }
  return { deleted, rotation };
}

/** The plan's boxes in the output document's pages; boxes on deleted pages are gone with their page. */
export function boxesInOutput(plan: RedactionPlan, original: DocumentText): PdfRedactionBox[] {
  const { deleted, rotation } = pageChanges(plan);
  const deletedBefore = (pageIndex: number): number => [...deleted].filter((index) => index < pageIndex).length;
  return plan.boxes
    .filter(({ pageIndex }) => !deleted.has(pageIndex))
    .map(({ pageIndex, box }) => {
      const page = original.pages.find((candidate) => candidate.pageIndex === pageIndex);
      const turned = page ? rotateBox(box, page, rotation.get(pageIndex) ?? 0) : box;
      return { pageIndex: pageIndex - deletedBefore(pageIndex), box: turned };
    });
}

/**
 * The words under the plan's boxes, to be searched for in the output's bytes. A word that also stays
 * visible elsewhere in the document (outside every box, on a page that is kept) is left out: its
 * bytes legitimately remain, so only the positional check can judge it.
 */
export function redactedStringsFor(plan: RedactionPlan, original: DocumentText): string[] {
  const { deleted } = pageChanges(plan);
  const boxesOnPage = (pageIndex: number): Box[] => plan.boxes.filter((box) => box.pageIndex === pageIndex).map((box) => box.box);
  const redacted = new Set<string>();
  const kept: string[] = [];
  for (const page of original.pages) {
    const boxes = boxesOnPage(page.pageIndex);
    const words: Word[] = page.lines.flatMap((line) => line.words);
    for (const word of words) {
      if (boxes.some((box) => intersectsRedaction(word.box, box))) redacted.add(word.text);
      else if (!deleted.has(page.pageIndex) && !boxes.some((box) => intersectsRedaction(word.box, box, 0))) kept.push(word.text.toLowerCase());
    }
  }
  return [...redacted].filter((text) => {
    const core = text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').toLowerCase();
    return core.length > 0 && !kept.some((keptWord) => keptWord.includes(core));
  });
}

export function verificationRequestFor(plan: RedactionPlan, original: DocumentText): VerificationRequest {
  return { boxes: boxesInOutput(plan, original), redactedStrings: redactedStringsFor(plan, original) };
}
