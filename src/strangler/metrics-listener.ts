import { createServer, type Server } from 'node:http';
import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { StranglerMetrics } from './strangler-metrics.js';

export const METRICS_LISTENER_OPTIONS = Symbol('MetricsListenerOptions');

export interface MetricsListenerOptions {
  readonly host: string;
  /** 0: an ephemeral port (tests). */
  readonly port: number;
}

/**
 * `GET /metrics` alone, without a token, on its own host and port (METRICS_HOST, METRICS_PORT): for a scraper
 * inside the network, with that port never exposed through the ingress. Anything else there is a bare 404.
 */
@Injectable()
export class MetricsListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsListener.name);
  private server: Server | null = null;

  constructor(
    private readonly metrics: StranglerMetrics,
    @Optional() @Inject(METRICS_LISTENER_OPTIONS) private readonly options: MetricsListenerOptions | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options === null) return;
    const server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
        return;
      }
      this.metrics.text().then(
        (text) => response.writeHead(200, { 'content-type': this.metrics.contentType, 'cache-control': 'no-store' }).end(text),
        (error: unknown) => {
          this.logger.error({ error: error instanceof Error ? error.message : String(error) }, 'metrics could not be rendered');
          response.writeHead(500).end();
        },
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options!.port, this.options!.host, () => resolve());
    });
    this.server = server;
    this.logger.log(`metrics listener on ${this.options.host}:${this.port()}`);
  }

  /** The port it listens on (null when there is no listener). */
  port(): number | null {
    const address = this.server?.address();
    return typeof address === 'object' && address !== null ? (address).port : null;
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server !== null) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
