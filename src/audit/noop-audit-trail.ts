import type { AuditEvent, AuditRecord } from './audit-record.js';
import { AuditTrail } from './audit-trail.service.js';

/** AUDIT_TRAIL=noop (benchmarks only; refused in production): accepts every record and keeps none. */
export class NoopAuditTrail extends AuditTrail {
  override record(event: AuditEvent): Promise<AuditRecord> {
    return Promise.resolve({ ...event, id: 'noop', at: '', outcome: event.outcome ?? 'allowed', chain: 'noop', seq: 0, prevHash: '', hash: '' });
  }
}
