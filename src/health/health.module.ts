import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LegacyModule } from '../legacy/legacy.module.js';
import { HealthController } from './health.controller.js';
import { LegacyReadinessRegistrar } from './legacy-readiness.registrar.js';
import { ReadinessRegistry } from './readiness.registry.js';

/** Global so that any adapter's module can inject ReadinessRegistry. */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), LegacyModule],
  controllers: [HealthController],
  providers: [ReadinessRegistry, LegacyReadinessRegistrar],
  exports: [ReadinessRegistry],
})
export class HealthModule {}
