import { Global, Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { ResolvedConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import { STATE_STORE, type StateStore } from '../storage/state/state-store.port.js';
import { StranglerMetrics } from '../strangler/strangler-metrics.js';
import { AccessAuditor } from './access-auditor.service.js';
import { AuditMetrics } from './audit-metrics.js';
import { AuditQueryService } from './audit-query.service.js';
import { AUDIT_TRAIL, AuditTrail } from './audit-trail.service.js';
import { AuditController } from './audit.controller.js';
import { DOCUMENT_CONTENT_ACTIONS } from './audited-operations.js';
import { NoopAuditTrail } from './noop-audit-trail.js';
import { QueryHasher } from './query-hasher.js';

type AuditSettings = Pick<ResolvedConfig, 'env' | 'audit'>;

/**
 * The append-only audit trail (AuditTrail, or AUDIT_TRAIL), the AccessAuditor that records every request
 * (its Fastify hooks are registered by app.setup.ts), and GET /api/v1/audit. Needs StorageModule; reads
 * APP_CONFIG when there is one (without it: a store-backed trail, content fail-closed, a random query key).
 */
@Global()
@Module({
  controllers: [AuditController],
  providers: [
    {
      provide: AuditMetrics,
      useFactory: (strangler?: StranglerMetrics) => new AuditMetrics(strangler?.registry ?? new Registry()),
      inject: [{ token: StranglerMetrics, optional: true }],
    },
    {
      provide: AuditTrail,
      useFactory: (store: StateStore, metrics: AuditMetrics, config?: AuditSettings) => {
        if (config?.env === 'production' && (config.audit.queryHashKey === null || config.audit.trail === 'noop')) {
          throw new Error('production needs AUDIT_QUERY_HASH_KEY and refuses AUDIT_TRAIL=noop');
        }
        if (config?.audit.trail === 'noop') return new NoopAuditTrail(store);
        return new AuditTrail(store, { writerId: config?.audit.writerId ?? undefined, onWriteFailure: () => metrics.batchFailed() });
      },
      inject: [STATE_STORE, AuditMetrics, { token: APP_CONFIG, optional: true }],
    },
    { provide: AUDIT_TRAIL, useExisting: AuditTrail },
    {
      provide: QueryHasher,
      useFactory: async (config?: AuditSettings) => {
        if (config === undefined) return QueryHasher.fromKey(crypto.randomUUID() + crypto.randomUUID());
        return config.audit.queryHashKey === null ? QueryHasher.fromKeyFile(config.audit.queryHashKeyFile) : QueryHasher.fromKey(config.audit.queryHashKey);
      },
      inject: [{ token: APP_CONFIG, optional: true }],
    },
    {
      provide: AccessAuditor,
      useFactory: (trail: AuditTrail, hasher: QueryHasher, metrics: AuditMetrics, config?: AuditSettings) =>
        new AccessAuditor(trail, hasher, { failClosed: config?.audit.failClosed ?? DOCUMENT_CONTENT_ACTIONS, onLost: (action, failClosed) => metrics.recordLost(action, failClosed) }),
      inject: [AuditTrail, QueryHasher, AuditMetrics, { token: APP_CONFIG, optional: true }],
    },
    { provide: AuditQueryService, useFactory: (trail: AuditTrail) => new AuditQueryService(trail), inject: [AuditTrail] },
  ],
  exports: [AuditTrail, AUDIT_TRAIL, AccessAuditor],
})
export class AuditModule {}

