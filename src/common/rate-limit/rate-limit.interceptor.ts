import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { from, switchMap, type Observable } from 'rxjs';
import type { RateLimitName } from '../../config/app-config.js';
import { requestContextOf } from '../correlation-id.js';
import { requestContext } from '../request-context.js';
import { RATE_LIMIT } from './rate-limit.decorator.js';
import { RateLimiter } from './rate-limiter.service.js';

/**
 * Global: a route marked @RateLimit(name) counts one request of the signed-in user. Interceptors run after the
 * guards, so an unauthenticated or denied request counts nothing, and before the pipes and the handler.
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const limit = this.reflector.get<RateLimitName | undefined>(RATE_LIMIT, context.getHandler());
    if (limit === undefined) return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const user = (requestContextOf(request) ?? requestContext.current())?.user;
    if (user === undefined) return next.handle();
    return from(this.limiter.take(limit, user.subject)).pipe(switchMap(() => next.handle()));
  }
}
