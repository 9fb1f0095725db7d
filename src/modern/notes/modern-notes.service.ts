import { Inject, Injectable } from '@nestjs/common';
import type { CaseNote, LegacyCaller } from '../../legacy/legacy-cms.port.js';
import { GRAPHQL_CASE_QUERY, type GraphqlCaseQuery } from '../../legacy/graphql-case-query.client.js';
import { toNotesFromGraphql } from './modern-notes.mapper.js';

/** notes.list, modern side: the case query of the legacy CMS's GraphQL API, outside the legacy adapter. */
@Injectable()
export class ModernNotesReader {
  constructor(@Inject(GRAPHQL_CASE_QUERY) private readonly graphql: GraphqlCaseQuery) {}

  async listNotes(caller: LegacyCaller, caseId: string): Promise<CaseNote[]> {
    return toNotesFromGraphql(await this.graphql.queryCase(caller, 'list-notes', caseId));
  }
}
