import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/domain-error.js';
import { isFacadeId } from '../common/validation/id-patterns.js';
import { LEGACY_CMS, type LegacyCms } from '../legacy/legacy-cms.port.js';
import { CaseAccessCache } from './case-access.cache.js';
import { callerOf } from './caller.decorator.js';

/** Requests whose case access is already proven (the guard may run globally and again via @UseGuards). */
const proven = new WeakSet<object>();

/**
 * Global, after authentication: any route with a `:caseId` parameter proves the caller may see the case,
 * asking the legacy CMS (through a short per-user cache). Controllers may also say @UseGuards(CaseAccessGuard);
 * a request is checked once.
 */
@Injectable()
export class CaseAccessGuard implements CanActivate {
  constructor(
    @Inject(LEGACY_CMS) private readonly legacy: LegacyCms,
    private readonly cache: CaseAccessCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const params = request.params as Record<string, unknown> | undefined;
    const caseId = params?.['caseId'];
    if (caseId === undefined || proven.has(request.raw)) return true;
    if (!isFacadeId(caseId)) {
      throw new DomainError('VALIDATION_FAILED', 'caseId must be a decimal id without leading zeros (1-99999999).', { field: 'caseId' });
    }
    const caller = callerOf(request);
    const access = await this.cache.decide(caller.username, caseId, () => this.legacy.checkCaseAccess(caller, caseId));
    switch (access) {
      case 'granted':
        proven.add(request.raw);
        return true;
      case 'denied':
        throw new DomainError('CASE_ACCESS_DENIED', 'You may not see this case.');
      case 'not-found':
        throw new DomainError('CASE_NOT_FOUND', 'No case has this id.');
    }
  }
}
