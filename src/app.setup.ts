import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule, type AppModuleOptions } from './app.module.js';
import { AccessAuditor } from './audit/access-auditor.service.js';
import { genCorrelationId, registerRequestContextHooks } from './common/correlation-id.js';
import { httpLayerServerOptions, registerHttpLayerHooks } from './common/http-layer.js';
import { registerJsonBodyGuard } from './common/json-body-shape.hook.js';
import { registerHttpSecurity } from './common/http-security.js';
import { AppLogger, registerRequestLogHooks, ROOT_LOGGER } from './common/logging/logging.module.js';
import { ProblemDetailsFilter } from './common/problem-details.filter.js';
import { registerStaleResponseHooks } from './common/stale-response.js';
import { createValidationPipe } from './common/validation/validation.pipe.js';
import type { ResolvedConfig } from './config/app-config.js';
import { InstanceRole } from './config/instance-role.js';
import { registerWorkerHttpSurface } from './health/worker-http-surface.js';
import { serveOpenApiDocument } from './openapi/openapi-document.js';
import { registerStranglerRequestHooks } from './strangler/strangler-request.js';
import { registerWebApp } from './web-app/serve-web-app.js';

/** Builds the facade on Fastify, ready to `listen` (or `init` + `inject` in tests). */
export async function createApp(config: ResolvedConfig, options: AppModuleOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    trustProxy: false,
    // The Fastify request id is the correlation id, so pino-http and the problem filter agree on it.
    genReqId: genCorrelationId,
    requestIdHeader: false,
    logger: false,
    // Limits, router errors and the Node parser's refusals, all answered as problem+json (ADR 0011).
    ...httpLayerServerOptions(),
  });
  // bodyParser off: Nest would add a form (urlencoded) parser; Fastify's own JSON parser is the only one kept (http-layer.ts).
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, options), adapter, { bufferLogs: true, abortOnError: false, bodyParser: false });
  app.useLogger(app.get(AppLogger));
  const fastify = app.getHttpAdapter().getInstance();
  registerRequestContextHooks(fastify);
  registerRequestLogHooks(fastify, app.get(ROOT_LOGGER));
  registerStranglerRequestHooks(fastify);
  registerStaleResponseHooks(fastify);
  registerHttpLayerHooks(fastify);
  if (!app.get(InstanceRole).servesApi) registerWorkerHttpSurface(fastify);
  registerJsonBodyGuard(fastify, config.httpSecurity.json);
  await registerHttpSecurity(app, config.httpSecurity);
  app.get(AccessAuditor).register(fastify);
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(createValidationPipe());
  serveOpenApiDocument(app);
  registerWebApp(app, config.webApp);
  return app;
}
