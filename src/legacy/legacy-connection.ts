import { DomainError } from '../common/domain-error.js';
import type { ResolvedConfig } from '../config/app-config.js';
import { FileStoreClient } from './file-store/file-store.client.js';
import { GraphqlClient } from './graphql/graphql.client.js';
import { LegacySessionService, type LegacySession } from './legacy-session.service.js';
import { legacyDateTimeToEpochMs, legacyText } from './legacy.mapper.js';
import { withinLegacyDeadline } from './resilience/legacy-deadline.js';
import { DEFAULT_LEGACY_RESILIENCE, LegacyResilience } from './resilience/legacy-resilience.js';
import type { LegacyResilienceMetrics } from './resilience/legacy-resilience.metrics.js';
import { CaseworkSoapClient } from './classic-soap/casework-soap.client.js';

/** What building a connection needs of the config; without `legacyResilience` the defaults apply. */
export type LegacyConnectionConfig = Pick<ResolvedConfig, 'legacy' | 'legacyTimeoutMs'> & Partial<Pick<ResolvedConfig, 'legacyResilience'>>;

/**
 * The transports to one legacy CMS and the per-user session cache they share. Built once per
 * app, so the port adapter and modern modules that call the legacy APIs directly log each user
 * in once (on behalf of the user, with the facade's service identity), and every call of the
 * app goes through one resilience policy per interface (deadline, retries, breaker, bulkhead).
 */
export class LegacyConnection {
  private constructor(
    readonly classic: CaseworkSoapClient,
    readonly graphql: GraphqlClient,
    readonly fileStore: FileStoreClient,
    readonly sessions: LegacySessionService,
    readonly resilience: LegacyResilience,
  ) {}

  /** Nest calls this at app shutdown: idle keep-alive connections to the legacy CMS are closed. */
  onApplicationShutdown(): void {
    this.classic.close();
    this.graphql.close();
    this.fileStore.close();
  }

  static fromConfig(config: LegacyConnectionConfig, metrics?: LegacyResilienceMetrics): LegacyConnection {
    const { legacy, legacyTimeoutMs } = config;
    const resilienceConfig = config.legacyResilience ?? {
      ...DEFAULT_LEGACY_RESILIENCE,
      requestBudgetMs: legacyTimeoutMs,
      backgroundBudgetMs: Math.max(DEFAULT_LEGACY_RESILIENCE.backgroundBudgetMs, legacyTimeoutMs),
    };
    const resilience = LegacyResilience.create(resilienceConfig, legacyTimeoutMs, metrics);
    // Sockets per interface: as many as the bulkhead lets calls through (plus room for readiness pings and file streams being read).
    const maxSockets = resilienceConfig.bulkhead.concurrency + 2;
    const classic = new CaseworkSoapClient(legacy.soapUrl, legacyTimeoutMs, resilience.policy('soap'), maxSockets);
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
    return new LegacyConnection(
      classic,
      new GraphqlClient(legacy.graphqlUrl, legacyTimeoutMs, resilience.policy('graphql'), maxSockets),
      new FileStoreClient(legacy.filesUrl, legacyTimeoutMs, resilience.policy('files'), resilienceConfig.bulkhead.concurrency * 2),
      new LegacySessionService(login, {
        joinLogin: (pending) => withinLegacyDeadline(pending, resilienceConfig.requestBudgetMs, resilienceConfig.backgroundBudgetMs),
      }),
      resilience,
    );
  }
}
