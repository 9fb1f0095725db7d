import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AuthConfig, ResolvedConfig } from '../config/app-config.js';
import { ReadinessRegistry } from '../health/readiness.registry.js';
import { STATE_STORE, type StateStore } from '../storage/state/state-store.port.js';
import { LegacyModule } from '../legacy/legacy.module.js';
import { StaleIfErrorService } from '../legacy/resilience/stale-if-error.service.js';
import { AccessTokenVerifier } from './access-token-verifier.service.js';
import { BearerAuthGuard } from './bearer-auth.guard.js';
import { CaseAccessCache } from './case-access.cache.js';
import { CaseAccessGuard } from './case-access.guard.js';
import { CaseAccessService } from './case-access.service.js';
import { DevController } from './dev-issuer/dev.controller.js';
import { DevTokenIssuer } from './dev-issuer/dev-token-issuer.service.js';
import { RolesGuard } from './roles.guard.js';
import { jwksHttpFetcher } from './signing-keys/jwks-http.adapter.js';
import { SigningKeySetService } from './signing-keys/signing-key-set.service.js';
import { SigningKeySetStore } from './signing-keys/signing-key-set.store.js';
import { SigningKeysReadinessRegistrar } from './signing-keys/signing-keys-readiness.registrar.js';

export interface AuthModuleOptions {
  /** The clock for token expiry and key set ages (tests); Date.now by default. */
  readonly now?: () => number;
}

/** The dev issuer keeps its key under DATA_DIR, so dev tokens survive a restart. */
const devIssuerProvider = (keyFile: string, usernameClaim: string): Provider => ({
  provide: DevTokenIssuer,
  useFactory: () => DevTokenIssuer.fromKeyFile(keyFile, usernameClaim),
});

/** JWKS mode: the identity provider's keys, kept in the state store and on /health/ready. */
const signingKeyProviders = (auth: Extract<AuthConfig, { mode: 'jwks' }>, now: () => number): Provider[] => [
  {
    provide: SigningKeySetService,
    useFactory: (state: StateStore) => new SigningKeySetService(jwksHttpFetcher(auth.jwksUrl, auth.keySet.timeoutMs), new SigningKeySetStore(state, auth.jwksUrl), auth.keySet, now),
    inject: [STATE_STORE],
  },
  {
    provide: SigningKeysReadinessRegistrar,
    useFactory: (keys: SigningKeySetService, registry?: ReadinessRegistry) => new SigningKeysReadinessRegistrar(keys, registry ?? null),
    inject: [SigningKeySetService, { token: ReadinessRegistry, optional: true }],
  },
];

/**
 * Identity and access. Global guards run in this order: BearerAuthGuard (token → user), RolesGuard (@Roles),
 * CaseAccessGuard (any route with :caseId). The dev issuer exists only in dev auth mode; the /dev endpoints
 * only when the embedded stand-in runs too.
 */
@Module({})
export class AuthModule {
  static forRoot(config: Pick<ResolvedConfig, 'auth' | 'standIn' | 'caseAccessCacheMs'>, options: AuthModuleOptions = {}): DynamicModule {
    const devIssuer = config.auth.mode === 'dev';
    const devEndpoints = devIssuer && config.standIn !== null;
    const now = options.now ?? Date.now;
    const providers: Provider[] = [
      ...(config.auth.mode === 'dev' ? [devIssuerProvider(config.auth.keyFile, config.auth.usernameClaim)] : signingKeyProviders(config.auth, now)),
      {
        provide: AccessTokenVerifier,
        useFactory: (issuer?: DevTokenIssuer, keys?: SigningKeySetService) => AccessTokenVerifier.fromConfig(config.auth, issuer ?? null, keys ?? null, now),
        inject: [
          { token: DevTokenIssuer, optional: true },
          { token: SigningKeySetService, optional: true },
        ],
      },
      {
        provide: CaseAccessCache,
        inject: [{ token: StaleIfErrorService, optional: true }],
        useFactory: (stale?: StaleIfErrorService | null) => new CaseAccessCache(config.caseAccessCacheMs, undefined, undefined, stale ?? null),
      },
      CaseAccessService,
      CaseAccessGuard,
      { provide: APP_GUARD, useClass: BearerAuthGuard },
      { provide: APP_GUARD, useClass: RolesGuard },
      { provide: APP_GUARD, useExisting: CaseAccessGuard },
    ];
    return {
      module: AuthModule,
      // Global so that any feature (search) asks CaseAccessService, the one place case access is decided.
      global: true,
      imports: [LegacyModule],
      controllers: devEndpoints ? [DevController] : [],
      providers,
      exports: [AccessTokenVerifier, CaseAccessCache, CaseAccessService, CaseAccessGuard, ...(devIssuer ? [DevTokenIssuer] : [])],
    };
  }
}
