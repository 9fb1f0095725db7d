import { Inject, Injectable } from '@nestjs/common';
import { LEGACY_CMS, type LegacyCms } from '../legacy/legacy-cms.port.js';
import { LegacyResilience } from '../legacy/resilience/legacy-resilience.js';
import { ReadinessRegistry } from './readiness.registry.js';

/**
 * Puts the legacy CMS's interfaces (SOAP, GraphQL, file store) and their breakers on /health/ready.
 * The legacy CMS is not critical: without it the facade is degraded, not down.
 */
@Injectable()
export class LegacyReadinessRegistrar {
  constructor(registry: ReadinessRegistry, @Inject(LEGACY_CMS) legacy: LegacyCms, resilience: LegacyResilience) {
    registry.register('legacy', () => legacy.readiness(), { critical: false });
    registry.registerBreakers('legacy', () => resilience.breakers());
  }
}
