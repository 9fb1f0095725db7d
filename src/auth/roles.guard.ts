import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { requestContextOf } from '../common/correlation-id.js';
import { DomainError } from '../common/domain-error.js';
import { requestContext } from '../common/request-context.js';
import { REQUIRED_ROLES } from './roles.decorator.js';
import type { Role } from './roles.js';

/** Global, after BearerAuthGuard: routes marked @Roles(...) need one of the roles. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]);
    if (required === undefined || required.length === 0) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const user = (requestContextOf(request) ?? requestContext.current())?.user;
    if (user === undefined) throw new DomainError('UNAUTHENTICATED', 'The request is not authenticated.');
    if (!required.some((role) => user.roles.includes(role))) {
      throw new DomainError('FORBIDDEN', `This route needs one of the roles: ${required.join(', ')}.`);
    }
    return true;
  }
}
