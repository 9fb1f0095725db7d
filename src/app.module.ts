import { Module, type DynamicModule } from '@nestjs/common';
import { AuthModule } from './auth/auth.module.js';
import { CasesModule } from './cases/cases.module.js';
import { LoggingModule } from './common/logging/logging.module.js';
import type { ResolvedConfig } from './config/app-config.js';
import { APP_CONFIG } from './config/config.tokens.js';
import { HealthModule } from './health/health.module.js';
import { LegacyModule } from './legacy/legacy.module.js';

@Module({})
export class AppModule {
  /** The whole facade for one resolved config; APP_CONFIG is injectable everywhere. */
  static forRoot(config: ResolvedConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [LoggingModule.forRoot(config), AuthModule.forRoot(config), HealthModule, LegacyModule, CasesModule],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
