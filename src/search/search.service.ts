import { Inject, Injectable, Optional } from '@nestjs/common';
import { CaseAccessCache } from '../auth/case-access.cache.js';
import { DomainError } from '../common/domain-error.js';
import { LEGACY_CMS, type LegacyCaller, type LegacyCms } from '../legacy/legacy-cms.port.js';
import { CURRENT_VERSIONS, type CurrentVersionsProvider } from './current-versions.port.js';
import { parseSearchQuery } from './query-parser.js';
import { groupHits } from './search-hit.mapper.js';
import { SEARCH_INDEX, type SearchIndex } from './search-index.port.js';
import { DEFAULT_SEARCH_LIMIT, type SearchResultDto } from './search.dto.js';

/**
 * Searches one case's indexed documents. Access is the legacy CMS's decision, asked again here (through
 * the guard's short cache) so the service is safe whoever calls it; hits come only from that case and,
 * when the ingestion tracker knows them, only from the current version of each document.
 */
@Injectable()
export class SearchService {
  constructor(
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
    @Inject(LEGACY_CMS) private readonly legacy: LegacyCms,
    private readonly accessCache: CaseAccessCache,
    @Optional() @Inject(CURRENT_VERSIONS) private readonly currentVersions?: CurrentVersionsProvider,
  ) {}

  async searchCase(caller: LegacyCaller, caseId: string, q: string, limit = DEFAULT_SEARCH_LIMIT): Promise<SearchResultDto> {
    const terms = parseSearchQuery(q);
    await this.assertAccess(caller, caseId);
    const currentVersions = (await this.currentVersions?.currentVersions(caseId)) ?? undefined;
    const hits = await this.index.search({ caseIds: [caseId], terms, limit, ...(currentVersions !== undefined ? { currentVersions } : {}) });
    const documents = groupHits(hits, terms);
    return { caseId, hitCount: hits.length, documentCount: documents.length, truncated: hits.length >= limit, documents };
  }

  private async assertAccess(caller: LegacyCaller, caseId: string): Promise<void> {
    const access = await this.accessCache.decide(caller.username, caseId, () => this.legacy.checkCaseAccess(caller, caseId));
    switch (access) {
      case 'granted':
        return;
      case 'denied':
        throw new DomainError('CASE_ACCESS_DENIED', 'You may not see this case.');
      case 'not-found':
        throw new DomainError('CASE_NOT_FOUND', 'No case has this id.');
    }
  }
}
