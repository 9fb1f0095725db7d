import { describe, expect, it } from '@jest/globals';
import type { CaseDocument } from '../../legacy/legacy-cms.port.js';
import { newTrackedDocument } from '../document-processor.js';
import type { DocumentStatus, TrackedDocument } from '../tracker/tracker.model.js';
import { diffCase } from './diff.stage.js';

const listed = (documentId: string, versionId: string): CaseDocument => ({
  documentId,
  versionId,
  title: 't',
  fileName: 'f.pdf',
  mimeType: 'application/pdf',
  category: 'c',
  documentDate: null,
  parentDocumentId: null,
  isUsed: false,
  isCheckedOut: false,
  sizeBytes: 1,
  versions: [{ versionId, createdAt: null, sizeBytes: 1 }],
});

const tracked = (documentId: string, versionId: string, status: DocumentStatus, parent?: { parentDocumentId: string; childIndex: number }): TrackedDocument => ({
  ...newTrackedDocument({
    caseId: '1',
    documentId,
    versionId,
    parentDocumentId: parent?.parentDocumentId ?? null,
    childIndex: parent?.childIndex ?? null,
    fileName: 'f',
    mimeType: 'application/pdf',
    sizeBytes: 1,
    requestedBy: 'u',
    indexedVersionId: null,
  }),
  status,
});

describe('diffCase', () => {
  it('sorts listed documents into added, changed, unfinished and unchanged by (documentId, versionId)', () => {
    const diff = diffCase(
      [listed('1', '10'), listed('2', '21'), listed('3', '30'), listed('4', '40')],
      [tracked('2', '20', 'indexed'), tracked('3', '30', 'converted'), tracked('4', '40', 'failed')],
    );
    expect(diff.added.map((document) => document.documentId)).toEqual(['1']);
    expect(diff.changed.map((change) => [change.listed.versionId, change.tracked.versionId])).toEqual([['21', '20']]);
    expect(diff.unfinished.map((document) => document.documentId)).toEqual(['3']);
    expect(diff.unchanged).toBe(1);
    expect(diff.deleted).toEqual([]);
  });

  it('deletes documents no longer listed with the attachments unpacked from them; attachments follow their parent otherwise', () => {
    const diff = diffCase(
      [listed('5', '50')],
      [
        tracked('5', '50', 'indexed'),
        tracked('5-1', '50', 'extracted', { parentDocumentId: '5', childIndex: 1 }),
        tracked('6', '60', 'indexed'),
        tracked('6-1', '60', 'indexed', { parentDocumentId: '6', childIndex: 1 }),
      ],
    );
    expect(diff.deleted.map((document) => document.documentId).sort()).toEqual(['6', '6-1']);
    expect(diff.unfinished.map((document) => document.documentId)).toEqual(['5-1']);
    expect(diff.added).toEqual([]);
  });

  it('an unchanged case needs nothing', () => {
    const diff = diffCase([listed('1', '10')], [tracked('1', '10', 'indexed')]);
    expect([diff.added.length, diff.changed.length, diff.unfinished.length, diff.deleted.length, diff.unchanged]).toEqual([0, 0, 0, 0, 1]);
  });
});
