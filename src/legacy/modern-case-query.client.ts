import { DomainError } from '../common/domain-error.js';
import type { ResolvedConfig } from '../config/app-config.js';
import { ModernGraphqlClient, type ModernOperation } from './graphql/modern-graphql.client.js';
import type { LegacyCaller, PartialResult } from './legacy-cms.port.js';
import { LegacySessionService, type LegacySession } from './legacy-session.service.js';
import { legacyDateTimeToEpochMs, legacyText, toLegacyId } from './legacy.mapper.js';
import { CaseworkSoapClient } from './soap/casework-soap.client.js';

/**
 * The legacy CMS's Modern (GraphQL) API for modules in src/modern that replace a Classic call
 * with a Modern one. It hands over the case record in its legacy shape (zero-padded ids,
 * dd/MM/yyyy, Y/N); the caller maps it with legacy-record.mapper / legacy.mapper. Same
 * transport, session handling (log in on behalf of the user, re-login once on 1001) and error
 * mapping as LegacyCmsAdapter, with a session cache of its own.
 */
export const MODERN_CASE_QUERY = Symbol('ModernCaseQuery');

/** Committed operations rooted at `case(id: $caseId)` that modern modules may run. */
export type CaseQueryOperation = Extract<ModernOperation, 'get-case-summary'>;

/** A `Case` object as the Modern API answers it. */
export type LegacyCaseRecord = Readonly<Record<string, unknown>>;

export interface ModernCaseQuery {
  /** Runs the operation for one case; a case answered as null without an error is CASE_NOT_FOUND. */
  queryCase(caller: LegacyCaller, operation: CaseQueryOperation, caseId: string): Promise<PartialResult<LegacyCaseRecord>>;
}

export class ModernCaseQueryClient implements ModernCaseQuery {
  constructor(
    private readonly modern: ModernGraphqlClient,
    private readonly sessions: LegacySessionService,
  ) {}

  static fromConfig(config: Pick<ResolvedConfig, 'legacy' | 'legacyTimeoutMs'>): ModernCaseQueryClient {
    const { legacy, legacyTimeoutMs } = config;
    const classic = new CaseworkSoapClient(legacy.soapUrl, legacyTimeoutMs);
    const login = async (username: string, correlationId: string): Promise<LegacySession> => {
      const answer = await classic.call(
        'AuthenticateOnBehalfOf',
        { ServiceUsername: legacy.serviceUsername, ServicePassword: legacy.servicePassword, OnBehalfOfUsername: username },
        correlationId,
      );
      const token = legacyText(answer.SessionToken);
      if (token === '') throw new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS answered a login without a session token');
      return { token, expiresAt: legacyDateTimeToEpochMs(answer.ExpiresAt, 'ExpiresAt') };
    };
    return new ModernCaseQueryClient(new ModernGraphqlClient(legacy.graphqlUrl, legacyTimeoutMs), new LegacySessionService(login));
  }

  async queryCase(caller: LegacyCaller, operation: CaseQueryOperation, caseId: string): Promise<PartialResult<LegacyCaseRecord>> {
    const variables = { caseId: toLegacyId(caseId, 'caseId') };
    const { data, warnings } = await this.sessions.withSession(caller, (token) =>
      this.modern.execute<{ case?: LegacyCaseRecord | null }>(operation, variables, token, caller.correlationId),
    );
    const record = data?.case;
    if (record === undefined || record === null) {
      if (warnings.length > 0) throw new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS withheld the whole case');
      throw new DomainError('CASE_NOT_FOUND', 'case not found in the legacy CMS');
    }
    if (typeof record !== 'object') throw new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS Modern API answered a case that is not an object');
    return { value: record, warnings };
  }
}
