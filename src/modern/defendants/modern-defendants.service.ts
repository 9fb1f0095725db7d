import { Inject, Injectable } from '@nestjs/common';
import type { Defendant, LegacyCaller } from '../../legacy/legacy-cms.port.js';
import { GRAPHQL_CASE_QUERY, type GraphqlCaseQuery } from '../../legacy/graphql-case-query.client.js';
import { toDefendantsFromGraphql } from './modern-defendants.mapper.js';

/** cases.getDefendants, modern side: the legacy CMS's GraphQL API instead of Classic SOAP GetDefendantsWithCharges. */
@Injectable()
export class ModernDefendantsReader {
  constructor(@Inject(GRAPHQL_CASE_QUERY) private readonly graphql: GraphqlCaseQuery) {}

  async getDefendants(caller: LegacyCaller, caseId: string): Promise<Defendant[]> {
    return toDefendantsFromGraphql(await this.graphql.queryCase(caller, 'get-defendants', caseId));
  }
}
