import { DomainError } from '../common/domain-error.js';
import type { ResolvedConfig } from '../config/app-config.js';
import { FileStoreClient } from './file-store/file-store.client.js';
import { ModernGraphqlClient } from './graphql/modern-graphql.client.js';
import { LegacySessionService, type LegacySession } from './legacy-session.service.js';
import { legacyDateTimeToEpochMs, legacyText } from './legacy.mapper.js';
import { CaseworkSoapClient } from './soap/casework-soap.client.js';

/**
 * The transports to one legacy CMS and the per-user session cache they share. Built once per
 * app, so the port adapter and modern modules that call the legacy APIs directly log each user
 * in once (on behalf of the user, with the facade's service identity).
 */
export class LegacyConnection {
  private constructor(
    readonly classic: CaseworkSoapClient,
    readonly modern: ModernGraphqlClient,
    readonly fileStore: FileStoreClient,
    readonly sessions: LegacySessionService,
  ) {}

  /** Nest calls this at app shutdown: idle keep-alive connections to the legacy CMS are closed. */
  onApplicationShutdown(): void {
    this.classic.close();
    this.modern.close();
  }

  static fromConfig(config: Pick<ResolvedConfig, 'legacy' | 'legacyTimeoutMs'>): LegacyConnection {
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
    return new LegacyConnection(
      classic,
      new ModernGraphqlClient(legacy.graphqlUrl, legacyTimeoutMs),
      new FileStoreClient(legacy.filesUrl, legacyTimeoutMs),
      new LegacySessionService(login),
    );
  }
}
