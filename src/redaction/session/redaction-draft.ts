import { DomainError } from '../../common/domain-error.js';
import type { DocumentText } from '../../common/word-model.js';
import { MAX_PAGE_MODIFICATIONS, REASON_CODE_PATTERN } from '../redaction-request.dto.js';
import type { RedactionRequest } from '../redaction.service.js';
import { MAX_OTHER_REASON_LENGTH } from '../log/redaction-type-catalog.js';
import { MAX_CLIENT_PAGE_UNITS, MAX_RECTS_PER_PAGE, MAX_RECTS_PER_REQUEST, type PageRedaction } from '../redaction.types.js';
import type { DraftBox, DraftWordRef, RedactionDraft } from './redaction-session.types.js';

/** The same bounds as a redaction request: a draft is a request not yet sent. */
export const MAX_DRAFT_BOXES = MAX_RECTS_PER_REQUEST;
export const MAX_DRAFT_WORDS = MAX_RECTS_PER_REQUEST;
export const MAX_DRAFT_PAGE_MODIFICATIONS = MAX_PAGE_MODIFICATIONS;
/** A stored draft must fit one StateStore entity on every adapter (Azure Tables: under 1 MB). */
export const MAX_DRAFT_BYTES = 600_000;
export const MAX_DRAFT_PAGE_INDEX = 99_999;
/** Index bounds of a word reference (lines on a page, words on a line). */
export const MAX_DRAFT_WORD_INDEX = 99_999;
export const REDACTION_TYPE_PATTERN = REASON_CODE_PATTERN;
/** The type whose boxes may carry a free-text reason. */
export const OTHER_REDACTION_TYPE = 'other';

const invalid = (message: string, details: Record<string, string | number> = {}) => new DomainError('VALIDATION_FAILED', message, details);
const geometry = (message: string, details: Record<string, number> = {}) => new DomainError('INVALID_GEOMETRY', message, details);
const isIndex = (value: unknown, max: number): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
const isFinite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * Checks a draft whoever sends it (the DTO checks shapes on the HTTP path; this holds for every caller) and
 * answers a copy with only the known fields, so nothing else (no text) is ever stored.
 */
export function checkedDraft(draft: RedactionDraft): RedactionDraft {
  if (draft.boxes.length > MAX_DRAFT_BOXES) throw invalid(`A draft holds at most ${MAX_DRAFT_BOXES} boxes.`, { field: 'boxes' });
  if (draft.words.length > MAX_DRAFT_WORDS) throw invalid(`A draft holds at most ${MAX_DRAFT_WORDS} word references.`, { field: 'words' });
  if (draft.pageModifications.length > MAX_DRAFT_PAGE_MODIFICATIONS) throw invalid(`A draft holds at most ${MAX_DRAFT_PAGE_MODIFICATIONS} page modifications.`, { field: 'pageModifications' });
  const perPage = new Map<number, number>();
  const boxes = draft.boxes.map((box, boxIndex) => {
    const count = (perPage.get(box.pageIndex) ?? 0) + 1;
    perPage.set(box.pageIndex, count);
    if (count > MAX_RECTS_PER_PAGE) throw geometry(`Page ${box.pageIndex}: more than ${MAX_RECTS_PER_PAGE} boxes.`, { pageIndex: box.pageIndex });
    return checkedBox(box, boxIndex);
  });
  const words = draft.words.map((word, index) => {
    if (!isIndex(word.pageIndex, MAX_DRAFT_PAGE_INDEX) || !isIndex(word.lineIndex, MAX_DRAFT_WORD_INDEX) || !isIndex(word.wordIndex, MAX_DRAFT_WORD_INDEX)) {
      throw invalid(`Word reference ${index}: pageIndex, lineIndex and wordIndex must be non-negative integers.`, { field: 'words' });
    }
    return { pageIndex: word.pageIndex, lineIndex: word.lineIndex, wordIndex: word.wordIndex, ...typeAndReason(word, `words[${index}]`) };
  });
  const seen = new Set<number>();
  const pageModifications = draft.pageModifications.map((change, index) => {
    if (!isIndex(change.pageIndex, MAX_DRAFT_PAGE_INDEX)) throw geometry(`Page modification ${index}: the page index must be a non-negative integer.`, { index });
    if (seen.has(change.pageIndex)) throw invalid(`Page ${change.pageIndex} has more than one modification.`, { pageIndex: change.pageIndex });
    seen.add(change.pageIndex);
    if (change.action === 'delete') return { pageIndex: change.pageIndex, action: 'delete' as const };
    if (change.action === 'rotate' && (change.rotateBy === 90 || change.rotateBy === 180 || change.rotateBy === 270)) {
      return { pageIndex: change.pageIndex, action: 'rotate' as const, rotateBy: change.rotateBy };
    }
    throw invalid(`Page ${change.pageIndex}: a modification is delete, or rotate with rotateBy 90, 180 or 270.`, { pageIndex: change.pageIndex });
  });
  const checked: RedactionDraft = { boxes, words, pageModifications };
  if (Buffer.byteLength(JSON.stringify(checked)) > MAX_DRAFT_BYTES) throw invalid(`The draft is larger than ${MAX_DRAFT_BYTES} bytes; save the redaction, then go on in a new session.`, { field: 'boxes' });
  return checked;
}

function checkedBox(box: DraftBox, boxIndex: number): DraftBox {
  const { pageIndex, pageWidth, pageHeight, rect } = box;
  if (!isIndex(pageIndex, MAX_DRAFT_PAGE_INDEX)) throw geometry(`Box ${boxIndex}: the page index must be a non-negative integer.`, { boxIndex });
  if (!isFinite(pageWidth) || !isFinite(pageHeight) || pageWidth <= 0 || pageHeight <= 0 || pageWidth > MAX_CLIENT_PAGE_UNITS || pageHeight > MAX_CLIENT_PAGE_UNITS) {
    throw geometry(`Box ${boxIndex}: the rendered page size must be positive and finite.`, { pageIndex, boxIndex });
  }
  if (![rect.x, rect.y, rect.width, rect.height].every(isFinite) || rect.width <= 0 || rect.height <= 0) {
    throw geometry(`Box ${boxIndex}: coordinates must be finite and the size positive.`, { pageIndex, boxIndex });
  }
  if (rect.x + rect.width <= 0 || rect.y + rect.height <= 0 || rect.x >= pageWidth || rect.y >= pageHeight) {
    throw geometry(`Box ${boxIndex}: the rectangle lies outside the page.`, { pageIndex, boxIndex });
  }
  return { pageIndex, pageWidth, pageHeight, rect: { x: rect.x, y: rect.y, width: rect.width, height: rect.height }, ...typeAndReason(box, `boxes[${boxIndex}]`) };
}

function typeAndReason(item: { readonly redactionType: string; readonly otherReason?: string }, field: string): { redactionType: string; otherReason?: string } {
  if (typeof item.redactionType !== 'string' || !REDACTION_TYPE_PATTERN.test(item.redactionType)) {
    throw invalid(`${field}: the redaction type must be 1-32 letters, digits, ".", "_" or "-".`, { field: `${field}.redactionType` });
  }
  if (item.otherReason === undefined) return { redactionType: item.redactionType };
  if (item.redactionType !== OTHER_REDACTION_TYPE) throw invalid(`${field}: only a box of type "other" carries an otherReason.`, { field: `${field}.otherReason` });
  if (typeof item.otherReason !== 'string' || item.otherReason.trim() === '' || item.otherReason.length > MAX_OTHER_REASON_LENGTH) {
    throw invalid(`${field}: otherReason must be 1-${MAX_OTHER_REASON_LENGTH} characters.`, { field: `${field}.otherReason` });
  }
  return { redactionType: item.redactionType, otherReason: item.otherReason };
}

/** Whether the draft holds anything to redact (a save of an empty draft is refused like an empty request). */
export const isEmptyDraft = (draft: RedactionDraft): boolean => draft.boxes.length === 0 && draft.words.length === 0 && draft.pageModifications.length === 0;

/**
 * The redaction request a draft stands for: boxes grouped by page (and rendered size), word references resolved to
 * the words' own boxes in the version's word model (PDF points, so the page size is the PDF page's), page changes.
 * A reference to a word the version does not have is refused: the draft was made on another rendering of it.
 */
export function requestOfDraft(draft: RedactionDraft, text: DocumentText, reasonCodes: readonly string[] = []): RedactionRequest {
  const pages = new Map<string, PageRedaction>();
  const pageOf = (pageIndex: number, pageWidth: number, pageHeight: number): PageRedaction => {
    const key = `${pageIndex}/${pageWidth}/${pageHeight}`;
    let page = pages.get(key);
    if (page === undefined) {
      page = { pageIndex, pageWidth, pageHeight, rects: [] };
      pages.set(key, page);
    }
    return page;
  };
  for (const box of draft.boxes) pageOf(box.pageIndex, box.pageWidth, box.pageHeight).rects.push({ ...box.rect, ...typeOf(box) });
  draft.words.forEach((ref: DraftWordRef, index) => {
    const page = text.pages.find((candidate) => candidate.pageIndex === ref.pageIndex);
    const word = page?.lines[ref.lineIndex]?.words[ref.wordIndex];
    if (page === undefined || word === undefined) {
      throw geometry(`Word reference ${index} (page ${ref.pageIndex}, line ${ref.lineIndex}, word ${ref.wordIndex}) is not in this version.`, { pageIndex: ref.pageIndex });
    }
    pageOf(page.pageIndex, page.width, page.height).rects.push({ ...word.box, ...typeOf(ref) });
  });
  return {
    ...(pages.size === 0 ? {} : { redactions: [...pages.values()] }),
    ...(draft.pageModifications.length === 0 ? {} : { pageModifications: draft.pageModifications.map((change) => ({ ...change })) }),
    ...(reasonCodes.length === 0 ? {} : { reasonCodes: [...reasonCodes] }),
  };
}

const typeOf = (item: { readonly redactionType: string; readonly otherReason?: string }) => ({
  redactionType: item.redactionType,
  ...(item.otherReason === undefined ? {} : { otherReason: item.otherReason }),
});
