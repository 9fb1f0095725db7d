import { DomainError } from '../common/domain-error.js';
import type { GraphqlClient, GraphqlOperation } from './graphql/graphql.client.js';
import { LegacyConnection, type LegacyConnectionConfig } from './legacy-connection.js';
import type { LegacyCaller, PartialResult } from './legacy-cms.port.js';
import type { LegacySessionService } from './legacy-session.service.js';
import { toLegacyId } from './legacy.mapper.js';

/**
 * The legacy CMS's GraphQL API for modules in src/modern that replace a Classic call
 * with a Modern one. It hands over the case record in its legacy shape (zero-padded ids,
 * dd/MM/yyyy, Y/N); the caller maps it with legacy-record.mapper / legacy.mapper. It shares
 * the app's LegacyConnection (transport, per-user sessions, re-login once on 1001) with LegacyCmsAdapter.
 */
export const GRAPHQL_CASE_QUERY = Symbol('GraphqlCaseQuery');

/** Committed operations rooted at `case(id: $caseId)` that modern modules may run. */
export type CaseQueryOperation = Extract<GraphqlOperation, 'get-case-summary' | 'get-defendants' | 'list-notes'>;

/** A `Case` object as the GraphQL API answers it. */
export type LegacyCaseRecord = Readonly<Record<string, unknown>>;

export interface GraphqlCaseQuery {
  /** Runs the operation for one case; a case answered as null without an error is CASE_NOT_FOUND. */
  queryCase(caller: LegacyCaller, operation: CaseQueryOperation, caseId: string): Promise<PartialResult<LegacyCaseRecord>>;
}

export class GraphqlCaseQueryClient implements GraphqlCaseQuery {
  constructor(
    private readonly graphql: GraphqlClient,
    private readonly sessions: LegacySessionService,
  ) {}

  static fromConfig(config: LegacyConnectionConfig): GraphqlCaseQueryClient {
    return GraphqlCaseQueryClient.over(LegacyConnection.fromConfig(config));
  }

  static over(connection: LegacyConnection): GraphqlCaseQueryClient {
    return new GraphqlCaseQueryClient(connection.graphql, connection.sessions);
  }

  async queryCase(caller: LegacyCaller, operation: CaseQueryOperation, caseId: string): Promise<PartialResult<LegacyCaseRecord>> {
    const variables = { caseId: toLegacyId(caseId, 'caseId') };
    const { data, warnings } = await this.sessions.withSession(caller, (token) =>
      this.graphql.execute<{ case?: LegacyCaseRecord | null }>(operation, variables, token, caller.correlationId),
    );
    const record = data?.case;
    if (record === undefined || record === null) {
      if (warnings.length > 0) throw new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS withheld the whole case');
      throw new DomainError('CASE_NOT_FOUND', 'case not found in the legacy CMS');
    }
    if (typeof record !== 'object') throw new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS GraphQL API answered a case that is not an object');
    return { value: record, warnings };
  }
}
