import { describe, expect, it } from '@jest/globals';
import type { CaseDocument } from '../../legacy/legacy-cms.port.js';
import { diffSnapshots, snapshotOf, type CaseSnapshot } from './document-history.js';

const doc = (documentId: string, versionIds: string[], title = `Doc ${documentId}`, category = 'Exhibit'): CaseDocument => ({
  documentId,
  versionId: versionIds.at(-1)!,
  title,
  fileName: `${documentId}.pdf`,
  mimeType: 'application/pdf',
  category,
  documentDate: null,
  parentDocumentId: null,
  isUsed: true,
  isCheckedOut: false,
  sizeBytes: 10,
  versions: versionIds.map((versionId) => ({ versionId, createdAt: null, sizeBytes: 10 })),
});

describe('document history diff', () => {
  const before: CaseSnapshot = snapshotOf([doc('2', ['20']), doc('10', ['100']), doc('9', ['90'])]);

  it('finds nothing between equal lists, whatever their order', () => {
    expect(diffSnapshots(before, snapshotOf([doc('9', ['90']), doc('2', ['20']), doc('10', ['100'])]))).toEqual([]);
  });

  it('tells added, new version, renamed, reclassified and removed documents apart, in document id order', () => {
    const after = snapshotOf([doc('2', ['20', '21'], 'Doc 2 (amended)'), doc('9', ['90'], 'Doc 9', 'Unused'), doc('11', ['110'])]);
    expect(diffSnapshots(before, after)).toEqual([
      { kind: 'newVersion', documentId: '2', title: 'Doc 2 (amended)', versionId: '21', from: '20', to: '21' },
      { kind: 'renamed', documentId: '2', title: 'Doc 2 (amended)', versionId: '21', from: 'Doc 2', to: 'Doc 2 (amended)' },
      { kind: 'reclassified', documentId: '9', title: 'Doc 9', versionId: '90', from: 'Exhibit', to: 'Unused' },
      { kind: 'removed', documentId: '10', title: 'Doc 10', versionId: '100', from: null, to: null },
      { kind: 'added', documentId: '11', title: 'Doc 11', versionId: '110', from: null, to: null },
    ]);
  });

  it('reports several versions seen at once as one new version, from the last seen to the current', () => {
    expect(diffSnapshots(before, snapshotOf([doc('2', ['20', '21', '22']), doc('9', ['90']), doc('10', ['100'])]))).toEqual([
      { kind: 'newVersion', documentId: '2', title: 'Doc 2', versionId: '22', from: '20', to: '22' },
    ]);
  });

  it('keeps the current version even when the versions list lags behind it', () => {
    const lagging = { ...doc('5', ['50']), versionId: '51' };
    expect(snapshotOf([lagging])['5'].versionIds).toEqual(['50', '51']);
  });

  it('treats everything as added against an empty history, and everything as removed against an empty list', () => {
    expect(diffSnapshots({}, before).map((change) => `${change.kind}:${change.documentId}`)).toEqual(['added:2', 'added:9', 'added:10']);
    expect(diffSnapshots(before, {}).map((change) => `${change.kind}:${change.documentId}`)).toEqual(['removed:2', 'removed:9', 'removed:10']);
  });
});
