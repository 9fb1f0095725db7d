import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { WebAppConfig } from '../../src/config/app-config.js';
import { registerWebApp, WEB_APP_SETTINGS_PATH } from '../../src/web-app/serve-web-app.js';

interface Answer {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** A GET with the path sent exactly as given (fetch would normalise `..` away before it left the client). */
async function get(fastify: FastifyInstance, path: string): Promise<Answer> {
  if (!fastify.server.listening) await fastify.listen({ port: 0, host: '127.0.0.1' });
  const address = fastify.server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  return new Promise((resolve, reject) => {
    const sent = request({ host: '127.0.0.1', port: address.port, path, method: 'GET' }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    sent.on('error', reject);
    sent.end();
  });
}

/** registerWebApp needs only the Fastify instance under the Nest application. */
function appOver(fastify: FastifyInstance): NestFastifyApplication {
  return { getHttpAdapter: () => ({ getInstance: () => fastify }) } as unknown as NestFastifyApplication;
}

describe('registerWebApp', () => {
  let built: string;
  let fastify: FastifyInstance;

  beforeEach(() => {
    built = mkdtempSync(join(tmpdir(), 'web-dist-'));
    mkdirSync(join(built, 'assets'));
    writeFileSync(join(built, 'index.html'), '<!doctype html><title>Casework</title>');
    writeFileSync(join(built, 'assets', 'index-abc123.js'), 'console.log(1)');
    fastify = Fastify();
  });

  afterEach(async () => {
    await fastify.close();
    rmSync(built, { recursive: true, force: true });
  });

  const serve = (config: Partial<WebAppConfig> = {}) => registerWebApp(appOver(fastify), { dir: built, signIn: { mode: 'dev' }, ...config });

  it('serves index.html at / and each built file at its own path, with the app CSP and cache rules by kind', async () => {
    expect(serve()).toBe('served');
    const index = await get(fastify, '/');
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.body).toContain('<title>Casework</title>');
    const script = await get(fastify, '/assets/index-abc123.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(script.headers['content-length']).toBe(String('console.log(1)'.length));
    expect(script.body).toBe('console.log(1)');
  });

  it('tells the app how to sign in, never cached, with no secrets', async () => {
    serve({ signIn: { mode: 'entra', clientId: 'client-id', authority: 'https://login.example.test/tenant', apiScope: 'api://facade/Casework.Access' } });
    const settings = await get(fastify, WEB_APP_SETTINGS_PATH);
    expect(settings.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(settings.body)).toEqual({ signIn: { mode: 'entra', clientId: 'client-id', authority: 'https://login.example.test/tenant', apiScope: 'api://facade/Casework.Access' }, apiOrigin: '' });
    expect((await get(fastify, '/')).headers['content-security-policy']).toContain('https://login.example.test');
  });

  it('answers nothing for a path that is not a built file: no fallback, no path reaches the disk', async () => {
    serve();
    writeFileSync(join(built, 'added-after-start.js'), 'late');
    for (const url of ['/cases/1', '/added-after-start.js', '/assets/../index.html', '/assets/%2e%2e/index.html', '/..%2fpackage.json', '/assets/']) {
      const response = await get(fastify, url);
      expect([url, response.statusCode]).toEqual([url, 404]);
    }
  });

  it('says how to build the app when there is no build, and serves nothing when switched off', async () => {
    rmSync(join(built, 'index.html'));
    expect(serve()).toBe('not-built');
    const index = await get(fastify, '/');
    expect(index.body).toContain('npm run build:web');
    expect((await get(fastify, '/assets/index-abc123.js')).statusCode).toBe(404);

    const off = Fastify();
    expect(registerWebApp(appOver(off), { dir: null, signIn: { mode: 'dev' } })).toBe('off');
    expect((await get(off, '/')).statusCode).toBe(404);
    expect((await get(off, WEB_APP_SETTINGS_PATH)).statusCode).toBe(404);
    await off.close();
  });
});
