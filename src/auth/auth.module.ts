import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { ResolvedConfig } from '../config/app-config.js';
import { LegacyModule } from '../legacy/legacy.module.js';
import { StaleIfErrorService } from '../legacy/resilience/stale-if-error.service.js';
import { AccessTokenVerifier } from './access-token-verifier.service.js';
import { BearerAuthGuard } from './bearer-auth.guard.js';
import { CaseAccessCache } from './case-access.cache.js';
import { CaseAccessGuard } from './case-access.guard.js';
import { DevController } from './dev-issuer/dev.controller.js';
import { DevTokenIssuer } from './dev-issuer/dev-token-issuer.service.js';
import { RolesGuard } from './roles.guard.js';

/** The dev issuer keeps its key under DATA_DIR, so dev tokens survive a restart. */
const devIssuerProvider = (keyFile: string, usernameClaim: string): Provider => ({
  provide: DevTokenIssuer,
  useFactory: () => DevTokenIssuer.fromKeyFile(keyFile, usernameClaim),
});

/**
 * Identity and access. Global guards run in this order: BearerAuthGuard (token → user), RolesGuard (@Roles),
 * CaseAccessGuard (any route with :caseId). The dev issuer exists only in dev auth mode; the /dev endpoints
 * only when the embedded stand-in runs too.
 */
@Module({})
export class AuthModule {
  static forRoot(config: Pick<ResolvedConfig, 'auth' | 'standIn' | 'caseAccessCacheMs'>): DynamicModule {
    const devIssuer = config.auth.mode === 'dev';
    const devEndpoints = devIssuer && config.standIn !== null;
    const providers: Provider[] = [
      ...(config.auth.mode === 'dev' ? [devIssuerProvider(config.auth.keyFile, config.auth.usernameClaim)] : []),
      {
        provide: AccessTokenVerifier,
        useFactory: (issuer?: DevTokenIssuer) => AccessTokenVerifier.fromConfig(config.auth, issuer ?? null),
        inject: [{ token: DevTokenIssuer, optional: true }],
      },
      {
        provide: CaseAccessCache,
        inject: [{ token: StaleIfErrorService, optional: true }],
        useFactory: (stale?: StaleIfErrorService | null) => new CaseAccessCache(config.caseAccessCacheMs, undefined, undefined, stale ?? null),
      },
      CaseAccessGuard,
      { provide: APP_GUARD, useClass: BearerAuthGuard },
      { provide: APP_GUARD, useClass: RolesGuard },
      { provide: APP_GUARD, useExisting: CaseAccessGuard },
    ];
    return {
      module: AuthModule,
      // Global so that @UseGuards(CaseAccessGuard) resolves in any controller's module.
      global: true,
      imports: [LegacyModule],
      controllers: devEndpoints ? [DevController] : [],
      providers,
      exports: [AccessTokenVerifier, CaseAccessCache, CaseAccessGuard, ...(devIssuer ? [DevTokenIssuer] : [])],
    };
  }
}
