import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { requestContextOf } from '../common/correlation-id.js';
import { DomainError } from '../common/domain-error.js';
import { requestContext } from '../common/request-context.js';
import { AccessTokenVerifier } from './access-token-verifier.service.js';
import { IS_PUBLIC } from './public.decorator.js';

const BEARER = /^Bearer +([A-Za-z0-9\-_.~+/]+=*) *$/i;

/** Global: every route that is not @Public() needs a valid bearer token; the user joins the request context. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]) === true) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
    if (token === undefined) throw new DomainError('UNAUTHENTICATED', 'Send Authorization: Bearer <token>.');
    const user = await this.verifier.verify(token);
    const current = requestContextOf(request) ?? requestContext.current();
    if (current === undefined) throw new DomainError('INTERNAL', 'The request has no context.');
    current.user = user;
    return true;
  }
}
