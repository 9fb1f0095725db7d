import { Inject, Injectable } from '@nestjs/common';
import type { CaseSummary, LegacyCaller } from '../../legacy/legacy-cms.port.js';
import { GRAPHQL_CASE_QUERY, type GraphqlCaseQuery } from '../../legacy/graphql-case-query.client.js';
import { toCaseSummaryFromModern } from './modern-case-summary.mapper.js';

/** cases.getSummary, modern side: the legacy CMS's GraphQL API instead of Classic SOAP GetCaseSummary. */
@Injectable()
export class ModernCaseSummaryReader {
  constructor(@Inject(GRAPHQL_CASE_QUERY) private readonly modernApi: GraphqlCaseQuery) {}

  async getCaseSummary(caller: LegacyCaller, caseId: string): Promise<CaseSummary> {
    return toCaseSummaryFromModern(await this.modernApi.queryCase(caller, 'get-case-summary', caseId));
  }
}
