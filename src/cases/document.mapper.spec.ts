import { describe, expect, it } from '@jest/globals';
import type { CaseDocument } from '../legacy/legacy-cms.port.js';
import { toDocumentListDto as toListDto, type CallerView } from './document.mapper.js';

const allowed: CallerView = { capabilities: { redact: null, rename: null, reclassify: null }, read: new Set(), checkedOutBy: null };
const toDocumentListDto = (documents: readonly CaseDocument[], view: CallerView = allowed) => toListDto(documents, () => view);

const document = (documentId: string, overrides: Partial<CaseDocument> = {}): CaseDocument => ({
  documentId,
  versionId: `${documentId}00`,
  title: `Document ${documentId}`,
  fileName: `d${documentId}.pdf`,
  mimeType: 'application/pdf',
  category: 'EXHIBIT',
  documentDate: '2024-03-07',
  parentDocumentId: null,
  isUsed: true,
  isCheckedOut: false,
  sizeBytes: 10,
  versions: [
    { versionId: `${documentId}01`, createdAt: '2024-03-07T10:00:00.000Z', sizeBytes: 9 },
    { versionId: `${documentId}00`, createdAt: null, sizeBytes: 10 },
  ],
  ...overrides,
});

describe('toDocumentListDto', () => {
  it('orders documents by numeric id and links email attachments both ways', () => {
    const list = toDocumentListDto([
      document('12', { parentDocumentId: '9', category: 'ATTACHMENT' }),
      document('9', { category: 'EMAIL' }),
      document('100'),
      document('10', { parentDocumentId: '9', category: 'ATTACHMENT' }),
    ]);
    expect(list.documents.map((d) => d.documentId)).toEqual(['9', '10', '12', '100']);
    expect(list.documents.map((d) => d.childDocumentIds)).toEqual([['10', '12'], [], [], []]);
    expect(list.documents.map((d) => d.parentDocumentId)).toEqual([null, '9', '9', null]);
  });

  it('is the same whatever order the legacy CMS answers in', () => {
    const documents = [document('3', { parentDocumentId: '1' }), document('1'), document('2', { parentDocumentId: '1' })];
    expect(toDocumentListDto([...documents].reverse())).toEqual(toDocumentListDto(documents));
  });

  it('maps every field, keeps both version ids apart and versions oldest first', () => {
    const [dto] = toDocumentListDto([document('7', { isUsed: false, isCheckedOut: true })], { ...allowed, checkedOutBy: 'bob.north' }).documents;
    expect(dto).toEqual({
      documentId: '7',
      versionId: '700',
      title: 'Document 7',
      fileName: 'd7.pdf',
      mimeType: 'application/pdf',
      category: 'EXHIBIT',
      documentDate: '2024-03-07',
      parentDocumentId: null,
      childDocumentIds: [],
      isUsed: false,
      isCheckedOut: true,
      checkedOutBy: 'bob.north',
      sizeBytes: 10,
      versions: [
        {
          versionId: '701',
          createdAt: '2024-03-07T10:00:00.000Z',
          sizeBytes: 9,
          readByMe: false,
          canRedact: false,
          canRedactReason: expect.objectContaining({ code: 'VERSION_NOT_CURRENT', currentVersionId: '700' }),
        },
        { versionId: '700', createdAt: null, sizeBytes: 10, readByMe: false, canRedact: true, canRedactReason: null },
      ],
      readByMe: false,
      canRedact: true,
      canRedactReason: null,
      canRename: true,
      canRenameReason: null,
      canReclassify: true,
      canReclassifyReason: null,
    });
  });

  it("carries the caller's read marks per version and each denial with its flag", () => {
    const held = { code: 'CHECKED_OUT_BY_OTHER' as const, message: 'held', checkedOutBy: 'dave' };
    const [dto] = toDocumentListDto([document('7')], { capabilities: { redact: held, rename: held, reclassify: null }, read: new Set(['7:701']), checkedOutBy: 'dave' }).documents;
    expect(dto).toMatchObject({ readByMe: false, canRedact: false, canRedactReason: held, canRename: false, canRenameReason: held, canReclassify: true });
    expect(dto.versions.map((version) => version.readByMe)).toEqual([true, false]);
    expect(dto.versions[1]).toMatchObject({ canRedact: false, canRedactReason: held });
  });

  it('does not list a document as its own child and does not leak extra port fields', () => {
    const odd = { ...document('5', { parentDocumentId: '5' }), secret: 'x' } as CaseDocument;
    const [dto] = toDocumentListDto([odd]).documents;
    expect(dto.childDocumentIds).toEqual([]);
    expect(dto).not.toHaveProperty('secret');
  });
});
