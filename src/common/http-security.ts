import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { HttpSecurityConfig } from '../config/app-config.js';
import { CORRELATION_ID_HEADER } from './correlation-id.js';

/**
 * Response headers a browser may read across origins: what clients act on (the correlation id, Retry-After,
 * the stale-data markers, the download and redaction headers).
 */
const EXPOSED_HEADERS = [CORRELATION_ID_HEADER, 'Retry-After', 'Warning', 'X-Data-Age', 'Content-Disposition', 'Content-Range', 'Accept-Ranges', 'ETag', 'X-Redaction-Box-Count', 'X-Redacted-Pages'];

/**
 * Security headers on every response (@fastify/helmet) and CORS for the configured origins only (@fastify/cors).
 * The API answers JSON, PDFs and one self-contained HTML page (the migration report, which sets its own
 * stricter-for-it CSP), so the default CSP allows nothing to load and nothing to frame it. Without allowed
 * origins (the default) no CORS plugin is registered: same-origin only, and OPTIONS stays 405 (ADR 0011).
 */
export async function registerHttpSecurity(app: NestFastifyApplication, config: Pick<HttpSecurityConfig, 'corsAllowedOrigins'>): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
    // Not a page that loads others' resources: nothing to isolate beyond the defaults.
    crossOriginEmbedderPolicy: false,
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
