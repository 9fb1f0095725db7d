import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { LEGACY_CMS, type LegacyCaller, type LegacyCms } from '../legacy/legacy-cms.port.js';
import { CaseAccessCache } from './case-access.cache.js';

/**
 * The one place case access is decided: the legacy CMS's answer (through the short per-user cache, and the
 * last known grant in an outage) turned into pass, CASE_ACCESS_DENIED or CASE_NOT_FOUND. The global
 * CaseAccessGuard asks it for any route with `:caseId`; services that must be safe whoever calls them
 * (search) ask it too.
 */
@Injectable()
export class CaseAccessService {
  constructor(
    @Inject(LEGACY_CMS) private readonly legacy: LegacyCms,
    private readonly cache: CaseAccessCache,
  ) {}

  async assertCanSee(caller: LegacyCaller, caseId: string): Promise<void> {
    const access = await this.cache.decide(caller.username, caseId, () => this.legacy.checkCaseAccess(caller, caseId));
    switch (access) {
      case 'granted':
        return;
      case 'denied':
        throw new DomainError('CASE_ACCESS_DENIED', 'You may not see this case.');
      case 'not-found':
        throw new DomainError('CASE_NOT_FOUND', 'No case has this id.');
    }
  }
}
