import { describe, expect, it } from '@jest/globals';
import { CaseAccessCache } from '../auth/case-access.cache.js';
import { CaseAccessService } from '../auth/case-access.service.js';
import { DomainError } from '../common/domain-error.js';
import type { CaseAccess, LegacyCms } from '../legacy/legacy-cms.port.js';
import type { SearchIndex, SearchQuery } from './search-index.port.js';
import { SearchService } from './search.service.js';

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
    countLines: () => Promise.resolve(0),
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
});
