import { Global, Module } from '@nestjs/common';
import { STATE_STORE, type StateStore } from '../storage/state/state-store.port.js';
import { AUDIT_TRAIL, AuditTrail } from './audit-trail.service.js';

/** The append-only audit trail, injectable everywhere as AuditTrail (or AUDIT_TRAIL). Needs StorageModule. */
@Global()
@Module({
  providers: [
    { provide: AuditTrail, useFactory: (store: StateStore) => new AuditTrail(store), inject: [STATE_STORE] },
    { provide: AUDIT_TRAIL, useExisting: AuditTrail },
  ],
  exports: [AuditTrail, AUDIT_TRAIL],
})
export class AuditModule {}
