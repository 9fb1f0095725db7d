import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/domain-error.js';
import { requestContext } from '../common/request-context.js';
import { Roles } from './roles.decorator.js';
import { RolesGuard } from './roles.guard.js';
import { ROLES } from './roles.js';

class MigrationAdmin {
  @Roles(ROLES.admin)
  changeMode(): void {}

  report(): void {}
}

function check(handler: () => void, roles: string[] | null): string {
  const context = { getHandler: () => handler, getClass: () => MigrationAdmin, switchToHttp: () => ({ getRequest: () => ({ raw: {} }) }) } as unknown as ExecutionContext;
  const user = roles === null ? {} : { user: { subject: 's', username: 'alice', roles } };
  try {
    return requestContext.run({ correlationId: 'c', ...user }, () => String(new RolesGuard(new Reflector()).canActivate(context)));
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('RolesGuard', () => {
  it('lets routes without @Roles through', () => {
    expect(check(MigrationAdmin.prototype.report, [])).toBe('true');
  });

  it('lets a caller with the role through', () => {
    expect(check(MigrationAdmin.prototype.changeMode, [ROLES.caseworker, ROLES.admin])).toBe('true');
  });

  it('refuses a caller without the role with FORBIDDEN', () => {
    expect(check(MigrationAdmin.prototype.changeMode, [ROLES.caseworker])).toBe('FORBIDDEN');
  });

  it('refuses an unauthenticated caller with UNAUTHENTICATED', () => {
    expect(check(MigrationAdmin.prototype.changeMode, null)).toBe('UNAUTHENTICATED');
  });
});
