import { Module } from '@nestjs/common';
import type { ResolvedConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import { LegacyCmsAdapter } from './legacy-cms.adapter.js';
import { LEGACY_CMS } from './legacy-cms.port.js';

/** Provides the LegacyCms port (LEGACY_CMS). Needs APP_CONFIG (a ResolvedConfig) from the app. */
@Module({
  providers: [
    {
      provide: LEGACY_CMS,
      inject: [APP_CONFIG],
      useFactory: (config: ResolvedConfig) => LegacyCmsAdapter.fromConfig(config),
    },
  ],
  exports: [LEGACY_CMS],
})
export class LegacyModule {}
