import { MAX_OTHER_REASON_LENGTH } from '../log/redaction-type-catalog.js';
import { describe, expect, it } from '@jest/globals';
import type { DocumentText } from '../../common/word-model.js';
import { checkedDraft, MAX_DRAFT_BYTES, requestOfDraft } from './redaction-draft.js';
import type { DraftBox, RedactionDraft } from './redaction-session.types.js';
import { domainFailureOf } from '../../../test/helpers/rejection-of.js';

const BOX: DraftBox = { pageIndex: 0, pageWidth: 612, pageHeight: 792, rect: { x: 10, y: 10, width: 50, height: 12 }, redactionType: 'address' };
const draft = (change: Partial<RedactionDraft>): RedactionDraft => ({ boxes: [], words: [], pageModifications: [], ...change });
const failure = async (value: RedactionDraft) => domainFailureOf(Promise.resolve().then(() => checkedDraft(value)));
const TEXT: DocumentText = {
  pageCount: 1,
  pages: [{ pageIndex: 0, width: 595, height: 842, rotation: 0, source: 'text-layer', lines: [{ text: 'A B', box: { x: 1, y: 2, width: 30, height: 4 }, words: [{ text: 'A', box: { x: 1, y: 2, width: 10, height: 4 } }] }] }],
};

describe('redaction drafts', () => {
  it('keeps a valid draft as it is, and only its known fields', async () => {
    const value = draft({ boxes: [BOX], words: [{ pageIndex: 0, lineIndex: 0, wordIndex: 0, redactionType: 'other', otherReason: 'why' }], pageModifications: [{ pageIndex: 1, action: 'delete' }] });
    expect(checkedDraft(value)).toEqual(value);
    expect(checkedDraft(draft({ boxes: [{ ...BOX, rect: { ...BOX.rect, text: 'secret' } as DraftBox['rect'] }] })).boxes[0].rect).toEqual(BOX.rect);
    expect((await failure(draft({ boxes: [{ ...BOX, rect: { ...BOX.rect, x: 700 } }] }))).code).toBe('INVALID_GEOMETRY');
    expect((await failure(draft({ boxes: [{ ...BOX, pageWidth: Number.NaN }] }))).code).toBe('INVALID_GEOMETRY');
    expect((await failure(draft({ words: [{ pageIndex: 0, lineIndex: -1, wordIndex: 0, redactionType: 'address' }] }))).code).toBe('VALIDATION_FAILED');
    expect((await failure(draft({ boxes: [{ ...BOX, redactionType: 'other', otherReason: 'x'.repeat(MAX_OTHER_REASON_LENGTH + 1) }] }))).code).toBe('VALIDATION_FAILED');
    expect((await failure(draft({ pageModifications: [{ pageIndex: 0, action: 'rotate' }] }))).code).toBe('VALIDATION_FAILED');
  });

  it('refuses a draft larger than one StateStore entity holds', async () => {
    const boxes = Array.from({ length: Math.ceil(MAX_DRAFT_BYTES / 150) }, (_, index) => ({ ...BOX, pageIndex: index % 50, redactionType: 'other', otherReason: 'n'.repeat(MAX_OTHER_REASON_LENGTH) }));
    expect(await failure(draft({ boxes }))).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'boxes' } });
  });

  it('turns word references into the words’ boxes, in PDF points, and refuses a word the version does not have', async () => {
    const request = requestOfDraft(draft({ boxes: [BOX], words: [{ pageIndex: 0, lineIndex: 0, wordIndex: 0, redactionType: 'address' }] }), TEXT);
    expect(request.redactions).toEqual([
      { pageIndex: 0, pageWidth: 612, pageHeight: 792, rects: [{ ...BOX.rect, redactionType: 'address' }] },
      { pageIndex: 0, pageWidth: 595, pageHeight: 842, rects: [{ x: 1, y: 2, width: 10, height: 4, redactionType: 'address' }] },
    ]);
    expect(request).not.toHaveProperty('searchTerms');
    const missing = await domainFailureOf(Promise.resolve().then(() => requestOfDraft(draft({ words: [{ pageIndex: 0, lineIndex: 0, wordIndex: 5, redactionType: 'address' }] }), TEXT)));
    expect(missing.code).toBe('INVALID_GEOMETRY');
  });
});
