import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../common/domain-error.js';
import { isFacadeId } from '../common/validation/id-patterns.js';
import { callerOf } from './caller.decorator.js';
import { CaseAccessService } from './case-access.service.js';

/**
 * Global, after authentication: any route with a `:caseId` parameter proves the caller may see the case
 * (CaseAccessService decides). Controllers need no @UseGuards for it.
 */
@Injectable()
export class CaseAccessGuard implements CanActivate {
  constructor(private readonly access: CaseAccessService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const params = request.params as Record<string, unknown> | undefined;
    const caseId = params?.['caseId'];
    if (caseId === undefined) return true;
    if (!isFacadeId(caseId)) {
      throw new DomainError('VALIDATION_FAILED', 'caseId must be a decimal id without leading zeros (1-99999999).', { field: 'caseId' });
    }
    await this.access.assertCanSee(callerOf(request), caseId);
    return true;
  }
}
