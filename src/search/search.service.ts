import { Inject, Injectable, Optional } from '@nestjs/common';
import { CaseAccessService } from '../auth/case-access.service.js';
import { INGESTED_VERSIONS, type IngestedVersions } from '../ingestion/ingested-versions.port.js';
import type { LegacyCaller } from '../legacy/legacy-cms.port.js';
import { parseSearchQuery } from './query-parser.js';
import { groupHits } from './search-hit.mapper.js';
import { SEARCH_INDEX, type SearchIndex } from './search-index.port.js';
import { DEFAULT_SEARCH_LIMIT, type SearchResultDto } from './search.dto.js';

/** Which version of each document of a case is searchable (all search needs of IngestedVersions). */
export type CurrentVersions = Pick<IngestedVersions, 'currentVersions'>;

/**
 * Searches one case's indexed documents. Access is decided by CaseAccessService, asked again here (the
 * guard's decision, through its short cache) so the service is safe whoever calls it; hits come only from
 * that case and, when ingestion tracks it, only from the current version of each document.
 */
@Injectable()
export class SearchService {
  constructor(
    @Inject(SEARCH_INDEX) private readonly index: SearchIndex,
    private readonly access: CaseAccessService,
    @Optional() @Inject(INGESTED_VERSIONS) private readonly currentVersions?: CurrentVersions,
  ) {}

  async searchCase(caller: LegacyCaller, caseId: string, q: string, limit = DEFAULT_SEARCH_LIMIT): Promise<SearchResultDto> {
    const terms = parseSearchQuery(q);
    await this.access.assertCanSee(caller, caseId);
    const currentVersions = (await this.currentVersions?.currentVersions(caseId)) ?? undefined;
    const hits = await this.index.search({ caseIds: [caseId], terms, limit, ...(currentVersions !== undefined ? { currentVersions } : {}) });
    const documents = groupHits(hits, terms);
    return { caseId, hitCount: hits.length, documentCount: documents.length, truncated: hits.length >= limit, documents };
  }
}
