import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { WebAppConfig } from '../config/app-config.js';
import { webAppContentSecurityPolicy } from './web-app-csp.js';

/** What the app reads before signing in: how to sign in (no secrets: a public client id and an authority). */
export interface WebAppSettings {
  readonly signIn: WebAppConfig['signIn'];
  /** '' here: the facade serves the app. A static host elsewhere writes its own settings.json with the facade's origin. */
  readonly apiOrigin: string;
}

export const WEB_APP_SETTINGS_PATH = '/web-app/settings.json';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pfb': 'application/octet-stream',
  '.bcmap': 'application/octet-stream',
};

/** Every file of the build, by URL path: fixed at start-up, so no request path ever reaches the file system. */
function filesOf(root: string, folder = root): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = join(folder, entry.name);
    if (entry.isDirectory()) for (const [url, file] of filesOf(root, full)) files.set(url, file);
    else if (entry.isFile()) files.set('/' + relative(root, full).split(sep).join('/'), full);
  }
  return files;
}

/**
 * Serves the built casework web app (web/dist) at `/` with a CSP of its own (ADR 0035): the API's CSP allows
 * nothing to load, the app needs its scripts, the pdf.js worker and the Entra ID authority. Hash routes, so no
 * fallback route is needed and unknown paths stay problem+json 404s. One route per built file, listed at start-up
 * (not @fastify/static: its ESM-only dependencies do not load under the test runner, and it would look up request
 * paths on disk). Without a build, `/` says how to make one.
 */
export function registerWebApp(app: NestFastifyApplication, config: WebAppConfig): 'served' | 'not-built' | 'off' {
  if (config.dir === null) return 'off';
  const fastify = app.getHttpAdapter().getInstance();
  const csp = webAppContentSecurityPolicy(config.signIn);
  const settings: WebAppSettings = { signIn: config.signIn, apiOrigin: '' };
  fastify.get(WEB_APP_SETTINGS_PATH, (_request, reply) => {
    void reply.header('Cache-Control', 'no-store').type('application/json').send(settings);
  });
  if (!existsSync(join(config.dir, 'index.html'))) {
    fastify.get('/', (_request, reply) => {
      void reply.type('text/plain; charset=utf-8').send('The casework web app is not built: run `npm run build:web` (npm start does it).\n');
    });
    return 'not-built';
  }
  const files = filesOf(config.dir);
  files.set('/', join(config.dir, 'index.html'));
  for (const [url, file] of files) {
    const size = statSync(file).size;
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    // Vite names assets by content hash: cache them for good; index.html must be fetched again to see a new build.
    const cacheControl = url.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    fastify.get(url, (_request, reply) => {
      void reply.header('Content-Security-Policy', csp).header('Cache-Control', cacheControl).header('Content-Length', size).type(type).send(createReadStream(file));
    });
  }
  return 'served';
}
