import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppModuleOptions } from '../../../src/app.module.js';
import { createApp } from '../../../src/app.setup.js';
import { parseConfig, resolveConfig, type ResolvedConfig } from '../../../src/config/app-config.js';
import { startStandIn, type RunningStandIn } from '../../../src/stand-in/stand-in.js';
import { checkContract } from '../../openapi/traffic-contract.js';

/** The real facade over HTTP with the real stand-in and dev tokens, with settings of the test's choosing. */
export interface HostileE2e {
  readonly standIn: RunningStandIn;
  readonly app: NestFastifyApplication;
  readonly config: ResolvedConfig;
  readonly base: string;
  /** A dev token for a stand-in user, with the given roles (the issuer's default, caseworker, when omitted). */
  token(username: string, roles?: string[]): Promise<string>;
  /** A request under /api/v1 with the token; a body is sent as JSON. */
  api(token: string, route: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

export async function startHostileE2e(env: Record<string, string> = {}, options: AppModuleOptions = {}): Promise<HostileE2e> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'facade-hostile-e2e-'));
  const standIn = await startStandIn({ dataDir: path.join(dataDir, 'stand-in'), rateLimitPerSecond: 0 });
  const config = resolveConfig(
    parseConfig({ APP_ENV: 'test', LOG_LEVEL: 'silent', LEGACY_TIMEOUT_MS: '60000', DATA_DIR: dataDir, ...env }),
    { soapUrl: standIn.soapUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, serviceUsername: standIn.serviceUsername, servicePassword: standIn.servicePassword },
    { wsdlUrl: standIn.wsdlUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, adminUrl: standIn.adminUrl, adminKey: standIn.adminKey },
  );
  const app = checkContract(await createApp(config, { strangler: { routesFile: null }, ...options }));
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const tokens = new Map<string, string>();
  return {
    standIn,
    app,
    config,
    base,
    async token(username, roles) {
      const key = `${username}+${(roles ?? []).join(',')}`;
      const known = tokens.get(key);
      if (known !== undefined) return known;
      const response = await fetch(`${base}/dev/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(roles === undefined ? { username } : { username, roles }),
      });
      if (response.status !== 200) throw new Error(`dev token for ${username}: ${response.status} ${await response.text()}`);
      const token = ((await response.json()) as { accessToken: string }).accessToken;
      tokens.set(key, token);
      return token;
    },
    api(token, route, init = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers };
      return fetch(`${base}/api/v1${route}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
    },
    async close() {
      await app.close();
      await standIn.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
