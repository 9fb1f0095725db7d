import { describe, expect, it } from '@jest/globals';
import { CaseAccessCache } from '../auth/case-access.cache.js';
import { CaseAccessService } from '../auth/case-access.service.js';
import { DomainError } from '../common/domain-error.js';
import type { CaseAccess, CaseDocument, LegacyCms } from '../legacy/legacy-cms.port.js';
import type { SearchIndex, SearchQuery } from './search-index.port.js';
import { SearchService, type SearchOptions } from './search.service.js';

function recordingIndex(): SearchIndex & { queries: SearchQuery[] } {
  const queries: SearchQuery[] = [];
  return {
    queries,
    upsertLines: () => Promise.resolve(),
    deleteDocument: () => Promise.resolve(0),
    search: (query) => {
      queries.push(query);
      return Promise.resolve([]);
    },
    countHits: (query) => {
      queries.push({ ...query, limit: 0 });
      return Promise.resolve([]);
    },
    countLines: () => Promise.resolve(0),
    indexedVersions: () => Promise.resolve([]),
    readiness: () => Promise.resolve({}),
  };
}

const accessAnswering = (access: CaseAccess): CaseAccessService => new CaseAccessService({ checkCaseAccess: () => Promise.resolve(access) } as unknown as LegacyCms, new CaseAccessCache(0));
const caller = { username: 'carol', correlationId: 'c-1' };

describe('SearchService', () => {
  it('re-checks access itself: a denied caller never reaches the index', async () => {
    const index = recordingIndex();
    const service = new SearchService(index, accessAnswering('denied'));
    const outcome = await service.searchCase(caller, '42', 'knife').catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(DomainError);
    expect((outcome as DomainError).code).toBe('CASE_ACCESS_DENIED');
    expect(index.queries).toEqual([]);
  });

  it('scopes the query to the one case and passes the current versions', async () => {
    const index = recordingIndex();
    const current = new Map([['1001', '7002']]);
    const service = new SearchService(index, accessAnswering('granted'), { currentVersions: () => Promise.resolve(current) });
    await service.searchCase(caller, '42', 'knife', 7);
    expect(index.queries).toEqual([{ caseIds: ['42'], terms: [{ kind: 'word', text: 'knife' }], limit: 7, currentVersions: current }]);
  });

  it('applies no version filter when the tracker knows nothing of the case', async () => {
    const index = recordingIndex();
    const service = new SearchService(index, accessAnswering('granted'), { currentVersions: () => Promise.resolve(null) });
    await service.searchCase(caller, '42', 'knife');
    expect(index.queries[0]).not.toHaveProperty('currentVersions');
  });

  describe('with the document list', () => {
    const doc = (documentId: string, versionId: string, extra: Partial<CaseDocument>): CaseDocument => ({
      documentId,
      versionId,
      title: `Document ${documentId}`,
      fileName: `doc-${documentId}.pdf`,
      mimeType: 'application/pdf',
      category: 'Exhibit',
      documentDate: '2026-02-01',
      parentDocumentId: null,
      isUsed: true,
      isCheckedOut: false,
      sizeBytes: 1,
      versions: [{ versionId, createdAt: '2026-02-02T10:00:00Z', sizeBytes: 1 }],
      ...extra,
    });
    const list = [
      doc('1001', '7002', { title: 'MG11 John Smith', fileName: 'mg11-smith.docx', mimeType: 'application/octet-stream', category: 'MG11', documentDate: '2026-01-10' }),
      doc('1002', '7005', { category: 'Exhibit', documentDate: '2026-03-31T18:00:00Z' }),
      doc('1003', '7009', { fileName: 'interview.msg', mimeType: 'application/vnd.ms-outlook', documentDate: null }),
    ];
    const tracked = new Map([
      ['1001', '7002'],
      ['1002', '7004'],
      ['1003', '7009'],
      ['1003-1', '7009'],
    ]);
    const serviceWith = (index: SearchIndex, states: Record<string, string> = {}): SearchService =>
      new SearchService(
        index,
        accessAnswering('granted'),
        {
          currentVersions: () => Promise.resolve(tracked),
          state: (_caseId, documentId) => Promise.resolve(states[documentId] === undefined ? null : { versionId: tracked.get(documentId)!, status: states[documentId] as 'indexed', reason: null }),
        },
        { listDocuments: () => Promise.resolve(list) },
      );
    const versionsAsked = (index: { queries: SearchQuery[] }): [string, string][] => [...(index.queries[0].currentVersions ?? new Map<string, string>()).entries()];

    it('searches the tracked versions when no filter needs the list, as before', async () => {
      const index = recordingIndex();
      await serviceWith(index).searchCase(caller, '42', 'knife');
      expect(versionsAsked(index)).toEqual([...tracked.entries()]);
    });

    it('narrows by category (any case), MIME family (from the extension when the type says nothing) and date, whole days included', async () => {
      const cases: [SearchOptions, string[]][] = [
        [{ categories: ['mg11'] }, ['1001']],
        [{ types: ['word'] }, ['1001']],
        [{ types: ['email', 'pdf'] }, ['1002', '1003']],
        [{ from: '2026-02-01', to: '2026-03-31' }, ['1002']],
        [{ to: '2026-01-10' }, ['1001']],
        [{ from: '2026-02-02T09:00:00Z', dateField: 'received' }, ['1001', '1002', '1003', '1003-1']],
        [{ documentId: '1003-1' }, ['1003-1']],
      ];
      for (const [options, expected] of cases) {
        const index = recordingIndex();
        await serviceWith(index).searchCase(caller, '42', 'knife', options);
        expect(versionsAsked(index).map(([documentId]) => documentId)).toEqual(expected);
      }
    });

    it('narrows by ingestion state, a document ingestion has not seen counting as new', async () => {
      const index = recordingIndex();
      await serviceWith(index, { '1001': 'indexed', '1002': 'failed' }).searchCase(caller, '42', 'knife', { states: ['failed', 'new'] });
      expect(versionsAsked(index).map(([documentId]) => documentId)).toEqual(['1002', '1003', '1003-1']);
    });

    it('finds documents by title or file name without a text hit, first by relevance', async () => {
      const index = recordingIndex();
      const result = await serviceWith(index).searchCase(caller, '42', 'smith mg11');
      expect(result.documents).toEqual([
        expect.objectContaining({ documentId: '1001', versionId: '7002', hitCount: 0, pages: [], matchedIn: ['title', 'fileName'], type: 'word', category: 'MG11' }),
      ]);
      expect((await serviceWith(recordingIndex()).searchCase(caller, '42', '"smith docx"')).documents.map((document) => document.matchedIn)).toEqual([['fileName']]);
      expect((await serviceWith(recordingIndex()).searchCase(caller, '42', 'smith jones')).documents).toEqual([]);
    });

    it('asks the index for nothing when the filters leave no document', async () => {
      const index = recordingIndex();
      const result = await serviceWith(index).searchCase(caller, '42', 'knife', { categories: ['Nothing'] });
      expect(index.queries).toEqual([]);
      expect(result.documents).toEqual([]);
    });

    it('counts by name match too, and passes includeCovered to the index', async () => {
      const index = recordingIndex();
      const count = await serviceWith(index).countCase(caller, '42', 'smith', { includeCovered: true });
      expect(index.queries[0]).toMatchObject({ includeCovered: true });
      expect(count).toEqual({ caseId: '42', hitCount: 0, documentCount: 1, documents: [{ documentId: '1001', versionId: '7002', hitCount: 0, matchedIn: ['title', 'fileName'] }] });
    });
  
    it('keeps searching content when the legacy CMS cannot list the documents, unless a filter needs the list', async () => {
      const down = (index: SearchIndex): SearchService =>
        new SearchService(index, accessAnswering('granted'), { currentVersions: () => Promise.resolve(tracked) }, { listDocuments: () => Promise.reject(new DomainError('LEGACY_UNAVAILABLE', 'down')) });
      const index = recordingIndex();
      const result = await down(index).searchCase(caller, '42', 'knife', { documentId: '1002' });
      expect(result.documentListUnavailable).toBe(true);
      expect(versionsAsked(index)).toEqual([['1002', '7004']]);
      const refused = await down(recordingIndex()).searchCase(caller, '42', 'knife', { categories: ['MG11'] }).catch((error: unknown) => error);
      expect((refused as DomainError).code).toBe('LEGACY_UNAVAILABLE');
      const denied = await new SearchService(recordingIndex(), accessAnswering('granted'), undefined, { listDocuments: () => Promise.reject(new DomainError('CASE_ACCESS_DENIED', 'no')) })
        .searchCase(caller, '42', 'knife')
        .catch((error: unknown) => error);
      expect((denied as DomainError).code).toBe('CASE_ACCESS_DENIED');
    });
  });
});
