import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/roles.decorator.js';
import { ROLES } from '../auth/roles.js';
import { StranglerMetrics } from './strangler-metrics.js';

/**
 * Prometheus scrape endpoint for the strangler's registry. On the API port it needs an admin token (issue 11);
 * a scraper without one uses the separate metrics listener (METRICS_PORT, metrics-listener.ts).
 */
@ApiExcludeController()
@Roles(ROLES.admin)
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: StranglerMetrics) {}

  @Get()
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    const text = await this.metrics.text();
    await reply.header('content-type', this.metrics.contentType).send(text);
  }
}
