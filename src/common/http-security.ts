import cors from '@fastify/cors';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { HttpSecurityConfig } from '../config/app-config.js';
import { CORRELATION_ID_HEADER } from './correlation-id.js';

/**
 * Response headers a browser may read across origins: what clients act on (the correlation id, Retry-After,
 * the stale-data markers, the download and redaction headers).
 */
const EXPOSED_HEADERS = [CORRELATION_ID_HEADER, 'Retry-After', 'Warning', 'X-Data-Age', 'Content-Disposition', 'Content-Range', 'Accept-Ranges', 'ETag', 'X-Redaction-Box-Count', 'X-Redacted-Pages'];

const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
  // Not a page that loads others' resources: nothing to isolate beyond the defaults.
  crossOriginEmbedderPolicy: false,
};

/** What helmet's middleware does to a response, recorded once: the headers it sets and those it removes. */
export function securityHeadersOf(options: HelmetOptions): { readonly set: ReadonlyArray<readonly [string, string]>; readonly removed: readonly string[] } {
  const set = new Map<string, string>();
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string): void => void set.set(name, value),
    removeHeader: (name: string): void => {
      set.delete(name);
      removed.push(name);
    },
  };
  helmet(options)({} as never, recorder as never, (error?: unknown) => {
    if (error instanceof Error) throw error;
  });
  return { set: [...set], removed };
}

/**
 * Security headers on every response (helmet's, with the options below) and CORS for the configured origins only
 * (@fastify/cors). The API answers JSON, PDFs and one self-contained HTML page (the migration report, which sets its
 * own stricter-for-it CSP), so the default CSP allows nothing to load and nothing to frame it. Without allowed
 * origins (the default) no CORS plugin is registered: same-origin only, and OPTIONS stays 405 (ADR 0011).
 * The headers do not depend on the request (no CSP nonces), so helmet runs once here: @fastify/helmet built
 * helmet's middleware again for every request (≈ 20–50 µs, the largest of the facade's own hooks in a profile).
 */
export async function registerHttpSecurity(app: NestFastifyApplication, config: Pick<HttpSecurityConfig, 'corsAllowedOrigins'>): Promise<void> {
  const { set, removed } = securityHeadersOf(HELMET_OPTIONS);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      const raw = reply.raw;
      for (const name of removed) raw.removeHeader(name);
      for (const [name, value] of set) raw.setHeader(name, value);
      done();
    });
  if (config.corsAllowedOrigins.length === 0) return;
  const allowed = new Set(config.corsAllowedOrigins.map((origin) => new URL(origin).origin));
  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', CORRELATION_ID_HEADER, 'Range'],
    exposedHeaders: EXPOSED_HEADERS,
    // Bearer tokens, not cookies.
    credentials: false,
    maxAge: 600,
    strictPreflight: true,
  });
}
