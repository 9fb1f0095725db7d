import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createApp } from '../../src/app.setup.js';
import { ROLES } from '../../src/auth/roles.js';
import { parseConfig, resolveConfig } from '../../src/config/app-config.js';
import { startStandIn, type RunningStandIn } from '../../src/stand-in/stand-in.js';
import { newestMtime } from '../helpers/newest-mtime.js';
import { checkContract } from '../openapi/traffic-contract.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_DIST = path.join(ROOT, 'web', 'dist');
/** Screenshots of each screen, kept as test artefacts (described in web/README.md). */
export const SCREENSHOTS_DIR = path.join(ROOT, 'test-artefacts', 'web');

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** Playwright's own waits (30 s by default) become a ceiling a loaded machine never reaches; nothing asserts on time. */
export const BROWSER_CEILING_MS = 180_000;

/** The real facade (web app included) over HTTP with the real stand-in, and Chromium to drive the app. */
export interface WebE2e {
  readonly standIn: RunningStandIn;
  readonly app: NestFastifyApplication;
  readonly base: string;
  readonly browser: Browser;
  /** A bearer token for the API, to set up or check what the browser did. */
  tokenFor(username: string, roles?: string[]): Promise<string>;
  /** GET/POST/PUT … under /api/v1 as the given token. */
  api(token: string, route: string, init?: { method?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
  /** A new browser context (its own sessionStorage) with a page that has signed in as `username` through the sign-in screen. */
  signedInPage(username: string, options?: { admin?: boolean }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * `npm test` builds the app first (pretest: npm run build:web); a single test run by hand gets a clear message when
 * the build is missing or older than web/src, rather than testing yesterday's app.
 */
export function assertWebAppBuilt(): void {
  const index = path.join(WEB_DIST, 'index.html');
  if (!existsSync(index)) throw new Error('web/dist is missing: run `npm run build:web` (npm test does it first).');
  if (newestMtime(path.join(ROOT, 'web', 'src')) > statSync(index).mtimeMs) throw new Error('web/dist is older than web/src: run `npm run build:web`.');
}

/** Builds the app when it is missing or stale; for scripts (benches) that run outside npm test. */
export function buildWebAppIfStale(): void {
  try {
    assertWebAppBuilt();
  } catch {
    execFileSync('npm', ['run', '--silent', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
  }
}

export async function startWebE2e(env: Record<string, string> = {}): Promise<WebE2e> {
  assertWebAppBuilt();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'facade-web-e2e-'));
  const standIn = await startStandIn({ dataDir: path.join(dataDir, 'stand-in'), rateLimitPerSecond: 0 });
  const config = resolveConfig(
    // A legacy deadline a loaded machine never reaches: these tests are about the app, not timeouts.
    parseConfig({ APP_ENV: 'test', LOG_LEVEL: 'silent', LEGACY_TIMEOUT_MS: '60000', LEGACY_REQUEST_BUDGET_MS: '60000', DATA_DIR: dataDir, WEB_APP_DIR: WEB_DIST, ...env }),
    { soapUrl: standIn.soapUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, serviceUsername: standIn.serviceUsername, servicePassword: standIn.servicePassword },
    { wsdlUrl: standIn.wsdlUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, adminUrl: standIn.adminUrl, adminKey: standIn.adminKey },
  );
  // Every API answer the app gets is checked against openapi.yaml, as the other e2e suites' are.
  const app = checkContract(await createApp(config));
  await app.listen(0, '127.0.0.1');
  const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: BROWSER_CEILING_MS });
  const contexts: BrowserContext[] = [];

  const kit: WebE2e = {
    standIn,
    app,
    base,
    browser,
    async tokenFor(username, roles) {
      const response = await fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(roles === undefined ? { username } : { username, roles }) });
      if (response.status !== 200) throw new Error(`dev token for ${username}: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { accessToken: string }).accessToken;
    },
    api(token, route, init = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers };
      return fetch(`${base}/api/v1${route}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
    },
    async signedInPage(username, options = {}) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      context.setDefaultTimeout(BROWSER_CEILING_MS);
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(`${base}/`);
      await page.getByLabel('User').selectOption(username);
      if (options.admin === true) await page.getByLabel(/facade administrator/).check();
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Find a case' }).waitFor();
      return { context, page };
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close();
      await app.close();
      await standIn.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return kit;
}

export const ADMIN_ROLES = [ROLES.caseworker, ROLES.admin];

interface AxeResult {
  readonly violations: readonly { id: string; impact: string | null; help: string; nodes: readonly { target: unknown; failureSummary?: string }[] }[];
}

let axeSource: string | undefined;

/** Runs axe-core (WCAG 2.0–2.2 A and AA rules) in the page; returns the violations, readable in a failure message. */
export async function axeViolations(page: Page): Promise<string[]> {
  axeSource ??= await readFile(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol, not a <script>: the app's CSP (no inline scripts) stays in force.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const { axe, document } = globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<AxeResult> }; document: unknown };
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] });
  });
  return result.violations.map((violation) => `${violation.id} (${violation.impact ?? '?'}): ${violation.help} — ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
}

/** Saves a full-page screenshot of a screen under test-artefacts/web/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
