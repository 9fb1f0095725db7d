import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { HttpSecurityConfig } from '../../config/app-config.js';
import { RateLimitInterceptor } from './rate-limit.interceptor.js';
import { RATE_LIMIT_OPTIONS, RateLimiter, type RateLimitOptions } from './rate-limiter.service.js';

/** Per-user rate limits (issue 11); the counters live in the StateStore (global, from StorageModule). */
@Module({})
export class RateLimitModule {
  static forRoot(config: Pick<HttpSecurityConfig, 'rateLimits'>, now: () => number = Date.now): DynamicModule {
    const { windowSeconds, ...limits } = config.rateLimits;
    const options: RateLimitOptions = { windowSeconds, limits, now };
    return {
      module: RateLimitModule,
      providers: [{ provide: RATE_LIMIT_OPTIONS, useValue: options }, RateLimiter, { provide: APP_INTERCEPTOR, useClass: RateLimitInterceptor }],
      exports: [RateLimiter],
    };
  }
}
