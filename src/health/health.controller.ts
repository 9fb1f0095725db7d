import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import type { ResolvedConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import { ReadinessRegistry, type BreakerReadiness, type ReadinessCheck } from './readiness.registry.js';
import { readinessSchema } from './readiness.schema.js';

interface PartReadiness {
  readonly status: 'up' | 'down';
  readonly detail?: string;
}

export interface ReadinessBody {
  readonly status: 'ok' | 'degraded' | 'error';
  readonly info: Record<string, PartReadiness>;
  readonly error: Record<string, PartReadiness>;
  readonly details: Record<string, PartReadiness>;
  readonly dependencies: Record<string, { readonly status: 'up' | 'down'; readonly critical: boolean }>;
  readonly breakers: Record<string, BreakerReadiness>;
}

@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly registry: ReadinessRegistry,
    @Inject(APP_CONFIG) private readonly config: ResolvedConfig,
  ) {}

  /** Up while the process serves requests. */
  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: up while the process serves requests', operationId: 'getLiveness' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /**
   * Each dependency's readiness, as `<dependency>.<part>` (or the part alone when it already names
   * the dependency), and each breaker's state. 503 when a critical dependency is down; 200
   * `degraded` when only others are down (the legacy CMS) or a breaker is not closed.
   */
  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({
    summary: 'Readiness of each dependency and breaker: 503 when a critical one is down, 200 degraded when only the legacy CMS is',
    description:
      'Each dependency part as `<dependency>.<part>` (or the part alone when it already names the dependency); `dependencies` says which are critical; `breakers` gives each circuit breaker of this instance.',
    operationId: 'getReadiness',
  })
  @ApiOkResponse({ description: 'Ready (`ok`) or working without a non-critical dependency (`degraded`).', schema: readinessSchema(['ok', 'degraded']) })
  @ApiServiceUnavailableResponse({ description: 'A dependency the facade cannot work without is down.', schema: readinessSchema(['error']) })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessBody> {
    const entries = this.registry.entries();
    const results = await Promise.all(entries.map(([dependency, check]) => this.indicate(dependency, check)));
    const body: ReadinessBody = { status: 'ok', info: {}, error: {}, details: {}, dependencies: {}, breakers: this.registry.breakers() };
    let criticalDown = false;
    let degraded = Object.values(body.breakers).some((breaker) => breaker.state !== 'closed');
    entries.forEach(([dependency], index) => {
      let up = true;
      for (const [part, readiness] of Object.entries(results[index])) {
        body.details[part] = readiness;
        (readiness.status === 'up' ? body.info : body.error)[part] = readiness;
        up &&= readiness.status === 'up';
      }
      const critical = this.registry.isCritical(dependency);
      body.dependencies[dependency] = { status: up ? 'up' : 'down', critical };
      if (!up && critical) criticalDown = true;
      if (!up && !critical) degraded = true;
    });
    if (criticalDown) void reply.status(503);
    return { ...body, status: criticalDown ? 'error' : degraded ? 'degraded' : 'ok' };
  }

  private async indicate(dependency: string, check: ReadinessCheck): Promise<Record<string, PartReadiness>> {
    let parts: Awaited<ReturnType<ReadinessCheck>>;
    try {
      parts = await withTimeout(check(), this.config.readinessTimeoutMs);
    } catch (error) {
      const detail = error instanceof Error && error.name === 'TimeoutError' ? 'readiness check timed out' : 'readiness check failed';
      return { [dependency]: { status: 'down', detail } };
    }
    const result: Record<string, PartReadiness> = {};
    for (const [part, readiness] of Object.entries(parts)) {
      const key = part.startsWith(dependency) ? part : `${dependency}.${part}`;
      result[key] = readiness.detail !== undefined ? { status: readiness.up ? 'up' : 'down', detail: readiness.detail } : { status: readiness.up ? 'up' : 'down' };
    }
    return result;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { name: 'TimeoutError' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
