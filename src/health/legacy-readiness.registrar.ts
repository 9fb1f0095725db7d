import { Inject, Injectable } from '@nestjs/common';
import { LEGACY_CMS, type LegacyCms } from '../legacy/legacy-cms.port.js';
import { ReadinessRegistry } from './readiness.registry.js';

/** Puts the legacy CMS's interfaces (SOAP, GraphQL, file store) on /health/ready. */
@Injectable()
export class LegacyReadinessRegistrar {
  constructor(registry: ReadinessRegistry, @Inject(LEGACY_CMS) legacy: LegacyCms) {
    registry.register('legacy', () => legacy.readiness());
  }
}
