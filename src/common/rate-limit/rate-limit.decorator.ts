import { applyDecorators, SetMetadata } from '@nestjs/common';
import type { RateLimitName } from '../../config/app-config.js';
import { ApiProblems } from '../../openapi/api-problem-responses.decorator.js';

export const RATE_LIMIT = 'casework-facade:rate-limit';

/** Counts the route against the caller's per-user limit (after authentication and the case-access check); 429 RATE_LIMITED beyond it. */
export const RateLimit = (limit: RateLimitName): MethodDecorator => applyDecorators(SetMetadata(RATE_LIMIT, limit), ApiProblems('RATE_LIMITED'));
