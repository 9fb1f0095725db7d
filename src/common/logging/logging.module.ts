import { type DynamicModule, Injectable, Module } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { Logger as PinoNestLogger, LoggerModule } from 'nestjs-pino';
import { register as onExit } from 'on-exit-leak-free';
import { pino, type DestinationStream, type Logger } from 'pino';
import { prettyFactory } from 'pino-pretty';
import type { AppConfig } from '../../config/app-config.js';
import { requestContext } from '../request-context.js';

/** The URL path alone: query strings may carry URNs or names. */
export const pathOf = (url: string | undefined): string => (url ?? '/').split('?')[0] ?? '/';

/** Headers that carry credentials; they are never logged (no log line carries headers; this is a second belt). */
export const REDACTED_PATHS = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'req.headers["x-admin-key"]'];

/** The app's one pino logger (nestjs-pino's Logger writes through it too). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * stdout, buffered: lines are written 4 KB at a time and at least once a second, and what is left
 * when the process exits (an orderly stop or an uncaught exception). A write per line cost about
 * 0.2 ms of CPU per GraphQL-backed read (ADR 0008). Each batch is written synchronously: with
 * asynchronous writes, the exit flush could overtake a batch still in flight and print lines out
 * of order. A kill the process cannot handle loses up to a second of lines; error lines are
 * flushed at once (registerRequestLogHooks).
 */
function bufferedStdout(): DestinationStream {
  const destination = pino.destination({ dest: 1, sync: true, minLength: 4096, periodicFlush: 1000 });
  // pino flushes only asynchronous destinations on exit. Held weakly: a logger that is gone holds no listener.
  onExit(destination, (stdout) => stdout.flushSync());
  return destination;
}

/**
 * Development on a terminal: one human-readable line per entry, written at once (pino-pretty's
 * formatter over a synchronous stdout), so start-up lines come before the dev bootstrap's banner
 * (console.log) rather than a second after it. Never in production (config decides: `logFormat`).
 */
function prettyDestination(destination?: DestinationStream): DestinationStream {
  const format = prettyFactory({
    colorize: destination === undefined,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,context',
    messageFormat: '{if context}[{context}] {end}{msg}',
    singleLine: true,
  });
  const out = destination ?? pino.destination({ dest: 1, sync: true });
  return { write: (line: string) => void out.write(format(line)) };
}

/** What the root logger needs of the config; the format is JSON unless config chose `pretty`. */
export type LoggingConfig = Pick<AppConfig, 'logLevel'> & Partial<Pick<AppConfig, 'logFormat'>>;

/** The app's root logger; `destination` is for tests, by default stdout (buffered JSON, or pretty and unbuffered). */
export function createRootLogger(config: LoggingConfig, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin: () => {
      const correlationId = requestContext.current()?.correlationId;
      return correlationId === undefined ? {} : { correlationId };
    },
  };
  if (config.logFormat === 'pretty') return pino(options, prettyDestination(destination));
  return pino(options, destination ?? bufferedStdout());
}

/** Nest's start-up chatter: a line per module, controller and route. At debug, so the dev banner is not buried. */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** nestjs-pino's Logger (the app's Nest logger), with Nest's start-up lines demoted to debug. */
@Injectable()
export class AppLogger extends PinoNestLogger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.at(-1);
    if (typeof context === 'string' && START_UP_CONTEXTS.has(context)) {
      this.debug(message, ...optionalParams);
      return;
    }
    super.log(message, ...optionalParams);
  }
}

/**
 * Structured JSON logs: every line carries the correlation id of the request being served (a
 * pino mixin over the request context), and each request gets one line with method, path,
 * status and duration (`registerRequestLogHooks`); no bodies, queries or headers.
 * Request lines come from a Fastify hook rather than pino-http's middleware: no child logger
 * and no middleware pass per request, which cost a tenth of a facade request's CPU.
 */
@Module({})
export class LoggingModule {
  /** `destination` is for tests; by default pino writes to stdout, buffered. */
  static forRoot(config: LoggingConfig, destination?: DestinationStream): DynamicModule {
    const logger = createRootLogger(config, destination);
    return {
      module: LoggingModule,
      global: true,
      imports: [LoggerModule.forRoot({ pinoHttp: { logger }, forRoutes: [] })],
      providers: [{ provide: ROOT_LOGGER, useValue: logger }, AppLogger],
      exports: [ROOT_LOGGER, AppLogger],
    };
  }
}

/** One line per request when its response is sent: 5xx at error, 4xx at warn, the rest at info. */
export function registerRequestLogHooks(fastify: FastifyInstance, logger: Logger): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    if (logger.isLevelEnabled(level)) {
      const path = pathOf(request.url);
      logger[level](
        { correlationId: request.id, req: { method: request.method, path }, res: { statusCode: status }, durationMs: Math.round(reply.elapsedTime * 100) / 100 },
        `${request.method} ${path} ${status}`,
      );
      if (level === 'error') logger.flush();
    }
    done();
  });
}
