import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult, type HealthIndicatorFunction, type HealthIndicatorResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import type { ResolvedConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.tokens.js';
import { ReadinessRegistry, type ReadinessCheck } from './readiness.registry.js';

@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
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

  /** Each dependency's readiness, as `<dependency>.<part>` (or the part alone when it already names the dependency); 503 when any is down. */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness of each dependency; 503 when any is down',
    description: 'Each dependency as `<dependency>.<part>` (or the part alone when it already names the dependency).',
    operationId: 'getReadiness',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult | object> {
    const indicators = this.registry.entries().map(([dependency, check]): HealthIndicatorFunction => () => this.indicate(dependency, check));
    try {
      return await this.health.check(indicators);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(503);
      const body = error.getResponse();
      return typeof body === 'string' ? { status: 'error', message: body } : body;
    }
  }

  private async indicate(dependency: string, check: ReadinessCheck): Promise<HealthIndicatorResult> {
    let parts: Awaited<ReturnType<ReadinessCheck>>;
    try {
      parts = await withTimeout(check(), this.config.readinessTimeoutMs);
    } catch (error) {
      const detail = error instanceof Error && error.name === 'TimeoutError' ? 'readiness check timed out' : 'readiness check failed';
      return this.indicators.check(dependency).down({ detail });
    }
    const result: HealthIndicatorResult = {};
    for (const [part, readiness] of Object.entries(parts)) {
      const session = this.indicators.check(part.startsWith(dependency) ? part : `${dependency}.${part}`);
      const data: Record<string, unknown> = readiness.detail !== undefined ? { detail: readiness.detail } : {};
      Object.assign(result, readiness.up ? session.up(data) : session.down(data));
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
