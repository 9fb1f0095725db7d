import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppModuleOptions } from '../../src/app.module.js';
import { createApp } from '../../src/app.setup.js';
import { ROLES } from '../../src/auth/roles.js';
import { parseConfig, resolveConfig } from '../../src/config/app-config.js';
import { startStandIn, type RunningStandIn } from '../../src/stand-in/stand-in.js';
import { eventually as pollUntil } from '../helpers/eventually.js';
import { checkContract } from '../openapi/traffic-contract.js';

/** The real facade over HTTP with the real stand-in, dev tokens, and helpers for the strangler's admin API. */
export interface StranglerE2e {
  readonly standIn: RunningStandIn;
  readonly app: NestFastifyApplication;
  readonly base: string;
  readonly dataDir: string;
  /** A caseworker token (cached per user). */
  tokenFor(username: string): Promise<string>;
  /** A token of alice.admin with the Facade.Admin role. */
  adminToken(): Promise<string>;
  /** GET/POST/PUT … under /api/v1 as the given token. */
  api(token: string, route: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  /** Sets a route's mode through the admin API; fails the test unless it is accepted. */
  setRoute(route: string, settings: Record<string, unknown>, reason: string): Promise<void>;
  /** Sets or clears stand-in faults (`null` clears every fault). */
  fault(settings: Record<string, unknown> | null): Promise<void>;
  close(): Promise<void>;
}

export const ADMIN_USERNAME = 'alice.admin';

/**
 * The routes with a modern side get a latency budget a loaded machine never reaches: a healthy modern answer is
 * never abandoned (no fallback to legacy, no shadow "timeout") just because the machine was slow. The budgets
 * themselves are proven on a fake clock in src/strangler/strangler.service.spec.ts.
 */
const PATIENT_BUDGETS = { 'cases.getSummary': 60_000, 'documents.list': 60_000 };

export async function startStranglerE2e(options: AppModuleOptions = {}): Promise<StranglerE2e> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'facade-strangler-e2e-'));
  const standIn = await startStandIn({ dataDir: path.join(dataDir, 'stand-in'), rateLimitPerSecond: 0 });
  const config = resolveConfig(
    // A legacy deadline a loaded machine never reaches: these tests are about routing, not timeouts. They inject
    // GraphQL failures to exercise fallbacks, so the breaker must not open (it would, rightly, and route around them).
    parseConfig({ APP_ENV: 'test', LOG_LEVEL: 'silent', LEGACY_TIMEOUT_MS: '60000', LEGACY_REQUEST_BUDGET_MS: '60000', LEGACY_BREAKER_FAILURES: '1000', DATA_DIR: dataDir }),
    { soapUrl: standIn.soapUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, serviceUsername: standIn.serviceUsername, servicePassword: standIn.servicePassword },
    { wsdlUrl: standIn.wsdlUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, adminUrl: standIn.adminUrl, adminKey: standIn.adminKey },
  );
  const app = checkContract(await createApp(config, { strangler: { routesFile: null, latencyBudgetOverridesMs: PATIENT_BUDGETS, ...options.strangler } }));
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const tokens = new Map<string, string>();

  const issue = async (username: string, roles?: string[]): Promise<string> => {
    const response = await fetch(`${base}/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(roles === undefined ? { username } : { username, roles }),
    });
    if (response.status !== 200) throw new Error(`dev token for ${username}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { accessToken: string }).accessToken;
  };

  const kit: StranglerE2e = {
    standIn,
    app,
    base,
    dataDir,
    async tokenFor(username) {
      let token = tokens.get(username);
      if (token === undefined) {
        token = await issue(username);
        tokens.set(username, token);
      }
      return token;
    },
    async adminToken() {
      const key = `${ADMIN_USERNAME}+admin`;
      let token = tokens.get(key);
      if (token === undefined) {
        token = await issue(ADMIN_USERNAME, [ROLES.caseworker, ROLES.admin]);
        tokens.set(key, token);
      }
      return token;
    },
    api(token, route, init = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers };
      return fetch(`${base}/api/v1${route}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
    },
    async setRoute(route, settings, reason) {
      const response = await kit.api(await kit.adminToken(), `/admin/routes/${route}`, { method: 'PUT', body: { ...settings, reason } });
      if (response.status !== 200) throw new Error(`PUT ${route}: ${response.status} ${await response.text()}`);
    },
    async fault(settings) {
      const response = await fetch(`${standIn.adminUrl}/faults`, {
        method: settings === null ? 'DELETE' : 'PUT',
        headers: { 'X-Admin-Key': standIn.adminKey, 'content-type': 'application/json' },
        body: settings === null ? undefined : JSON.stringify(settings),
      });
      if (response.status !== 200) throw new Error(`stand-in faults: ${response.status}`);
    },
    async close() {
      await app.close();
      await standIn.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return kit;
}

/** Polls until `check` answers true (shadow comparisons run off the response path); a ceiling of minutes, never asserted. */
export function eventually(check: () => Promise<boolean>, what: string, state?: () => Promise<unknown>): Promise<void> {
  return pollUntil(check, what, { intervalMs: 50, state });
}
