import { type DynamicModule, Module, RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import type { AppConfig } from '../../config/app-config.js';
import { correlationIdFrom, CORRELATION_ID_HEADER } from '../correlation-id.js';

/** The URL path alone: query strings may carry URNs or names. */
export const pathOf = (url: string | undefined): string => (url ?? '/').split('?')[0] ?? '/';

/** Fastify's middleware layer strips the matched prefix from `url`; `originalUrl` keeps the whole path. */
const urlOf = (req: IncomingMessage): string | undefined => (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url;

interface SerializedRequest {
  readonly id?: unknown;
  readonly method?: string;
  readonly url?: string;
}

/** Headers that carry credentials; they are never logged (the serializers drop all headers, this is a second belt). */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'req.headers["x-admin-key"]'];

/** Structured JSON logs: method, path, status and duration of each request, keyed by correlation id; no bodies, queries or headers. */
@Module({})
export class LoggingModule {
  /** `destination` is for tests; by default pino writes to stdout. */
  static forRoot(config: Pick<AppConfig, 'logLevel'>, destination?: DestinationStream): DynamicModule {
    const options: Options = {
      level: config.logLevel,
      genReqId: (req: IncomingMessage) => {
        const id = (req as IncomingMessage & { id?: unknown }).id;
        return typeof id === 'string' ? id : correlationIdFrom(req.headers[CORRELATION_ID_HEADER]);
      },
      customAttributeKeys: { reqId: 'correlationId', responseTime: 'durationMs' },
      // Binds the correlation id to every log line made while serving the request.
      quietReqLogger: true,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: {
        req: (req: SerializedRequest) => ({ method: req.method, path: pathOf(req.url) }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) => (error !== undefined || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
      customSuccessMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${pathOf(urlOf(req))} ${res.statusCode}`,
      customErrorMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${pathOf(urlOf(req))} ${res.statusCode}`,
    };
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: destination !== undefined ? [options, destination] : options,
          // nestjs-pino's default `{/*splat}` matches nothing under Nest 12's Fastify middleware.
          forRoutes: [{ path: '/{*splat}', method: RequestMethod.ALL }],
        }),
      ],
    };
  }
}
