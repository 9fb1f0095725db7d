// Search hits highlighted after typing stops (issue 15 target: < 300 ms), measured in Chromium with the Performance API.
// Usage: npm run bench:web-search (builds the facade first; builds web/dist when missing or stale).
// Options: --queries=20 --case=1 --user=bob.north --keystroke-ms=40
//
// The real facade (dist/, in this process) over the real stand-in, the web app from web/dist, Debian's Chromium via
// playwright-core. A statement of the case is open in the reader; for each query the search box is emptied, the query
// is typed key by key, and in the page:
//   typed    = the last keystroke's input event (performance.now());
//   started  = the app's `search:start` mark for that query (the 250 ms debounce fired);
//   painted  = the first highlight of that query on the page (MutationObserver), then requestAnimationFrame and a task
//              after it: the frame holding the highlight has been painted.
// Peer, same page, same queries, alternating with the UI runs (before it in odd rounds, after it in even ones): the
// bare API call (fetch of GET …/search + .json()), so `painted - started` over the peer shows what the UI itself adds.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createApp } from '../../dist/app.setup.js';
import { parseConfig, resolveConfig } from '../../dist/config/app-config.js';
import { startStandIn } from '../../dist/stand-in/stand-in.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const option = (name, fallback) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const QUERIES = Number(option('queries', 20));
const CASE_ID = option('case', '1');
const USER = option('user', 'bob.north');
const KEYSTROKE_MS = Number(option('keystroke-ms', 40));
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

function newestMtime(folder) {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}
const webDist = join(root, 'web', 'dist');
if (!existsSync(join(webDist, 'index.html')) || newestMtime(join(root, 'web', 'src')) > statSync(join(webDist, 'index.html')).mtimeMs) {
  execFileSync('npm', ['run', '--silent', 'build:web'], { cwd: root, stdio: 'inherit' });
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
const ms = (value) => `${value.toFixed(1)} ms`;

const work = mkdtempSync(join(tmpdir(), 'bench-web-search-'));
const standIn = await startStandIn({ dataDir: join(work, 'stand-in'), rateLimitPerSecond: 0 });
const config = resolveConfig(
  parseConfig({ APP_ENV: 'test', LOG_LEVEL: 'silent', OCR: 'off', DATA_DIR: join(work, 'facade'), WEB_APP_DIR: webDist, LEGACY_TIMEOUT_MS: '60000', LEGACY_REQUEST_BUDGET_MS: '60000' }),
  { soapUrl: standIn.soapUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, serviceUsername: standIn.serviceUsername, servicePassword: standIn.servicePassword },
  { wsdlUrl: standIn.wsdlUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, adminUrl: standIn.adminUrl, adminKey: standIn.adminKey },
);
const app = await createApp(config, { strangler: { routesFile: null } });
await app.listen(0, '127.0.0.1');
const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
let browser;

try {
  const tokenResponse = await fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: USER }) });
  const { accessToken } = await tokenResponse.json();
  const api = async (route, init = {}) => {
    const response = await fetch(`${base}/api/v1${route}`, { ...init, headers: { authorization: `Bearer ${accessToken}` } });
    if (!response.ok) throw new Error(`${route}: ${response.status} ${await response.text()}`);
    return response.json();
  };

  console.log(`ingesting case ${CASE_ID} (OCR off)…`);
  await api(`/cases/${CASE_ID}/refresh`, { method: 'POST' });
  for (;;) {
    const tracker = await api(`/cases/${CASE_ID}/tracker`);
    if (tracker.status === 'done') break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }

  // The statement of the case's first witness, and queries made of its own words (words, prefix*, "phrases").
  const { witnesses } = await api(`/cases/${CASE_ID}/witnesses`);
  const opening = await api(`/cases/${CASE_ID}/search?q=${encodeURIComponent(witnesses[0].surname)}`);
  const statement = opening.documents.find((document) => document.title?.startsWith('MG11 Statement of') && document.pages.length > 0);
  if (statement === undefined) throw new Error('no statement found for the first witness');
  const text = await api(`/cases/${CASE_ID}/documents/${statement.documentId}/versions/${statement.versionId}/text`);
  const clean = (word) => word.text.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
  const lines = text.pages.flatMap((page) => page.lines.map((line) => line.words.map(clean)));
  const words = [...new Set(lines.flat().filter((word) => /^\p{L}{4,}$/u.test(word)).map((word) => word.toLowerCase()))];
  const phrases = [];
  for (const line of lines) {
    for (let i = 0; i + 1 < line.length; i += 1) if (/^\p{L}{3,}$/u.test(line[i]) && /^\p{L}{3,}$/u.test(line[i + 1])) phrases.push(`"${line[i]} ${line[i + 1]}"`);
  }
  // Each query must find the open statement within the search's limit (its hits are what gets highlighted).
  const queries = [];
  for (let i = 0; queries.length < QUERIES + 1 && i < words.length * 3; i += 1) {
    const kind = i % 3;
    const candidate = kind === 0 ? words[i % words.length] : kind === 1 ? `${words[(i * 7) % words.length].slice(0, 4)}*` : phrases[(i * 5) % Math.max(1, phrases.length)];
    if (candidate === undefined || queries.includes(candidate)) continue;
    const found = await api(`/cases/${CASE_ID}/search?q=${encodeURIComponent(candidate)}`);
    if (found.documents.some((document) => document.documentId === statement.documentId && document.pages.length > 0)) queries.push(candidate);
  }
  if (queries.length < 2) throw new Error('too few queries find the statement');

  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(180_000);
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.getByLabel('User').selectOption(USER);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Find a case' }).waitFor();
  await page.goto(`${base}/#/cases/${CASE_ID}`);
  const box = page.getByLabel('Search for');
  await box.fill(witnesses[0].surname);
  await page.locator(`.search-results > li[data-document-id="${statement.documentId}"] .search-hit`).first().click();
  await page.locator('.pdf-page canvas').first().waitFor();
  await page.locator('.search-highlight').first().waitFor();

  // In-page probes: the last keystroke's time, and a watcher that resolves once a query's highlight is painted.
  await page.evaluate(() => {
    const state = globalThis;
    state.__typedAt = 0;
    globalThis.document.getElementById('search-query').addEventListener('input', () => (state.__typedAt = performance.now()));
    state.__painted = (query) =>
      new Promise((resolve) => {
        const selector = `.search-highlight[data-query="${CSS.escape(query)}"]`;
        const done = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0));
        if (globalThis.document.querySelector(selector) !== null) return done();
        const observer = new MutationObserver(() => {
          if (globalThis.document.querySelector(selector) === null) return;
          observer.disconnect();
          done();
        });
        observer.observe(globalThis.document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-query'] });
      });
    state.__bareSearch = async (caseId, query) => {
      const { accessToken: token } = JSON.parse(sessionStorage.getItem('casework.session'));
      const started = performance.now();
      const response = await fetch(`/api/v1/cases/${caseId}/search?q=${encodeURIComponent(query)}`, { headers: { Authorization: `Bearer ${token}` } });
      await response.json();
      return performance.now() - started;
    };
  });

  const samples = [];
  const bareSearch = (query) => page.evaluate(([caseId, q]) => globalThis.__bareSearch(caseId, q), [CASE_ID, query]);
  for (const [round, query] of queries.entries()) {
    // The peer goes first every other round, so neither side always meets the index warmed by the other.
    const bareFirst = round % 2 === 1 ? await bareSearch(query) : null;
    await box.fill('');
    await page.locator('.search-highlight').first().waitFor({ state: 'detached' });
    const painted = page.evaluate((q) => globalThis.__painted(q), query);
    await box.pressSequentially(query, { delay: KEYSTROKE_MS });
    const paintedAt = await Promise.race([painted, new Promise((_, reject) => setTimeout(() => reject(new Error(`no highlight for ${query} within a minute`)), 60_000))]);
    const { typedAt, startedAt } = await page.evaluate((q) => {
      const marks = performance.getEntriesByName('search:start').filter((mark) => mark.detail?.query === q);
      return { typedAt: globalThis.__typedAt, startedAt: marks.at(-1)?.startTime ?? NaN };
    }, query);
    const bare = bareFirst ?? (await bareSearch(query));
    samples.push({ query, afterTyping: paintedAt - typedAt, afterDebounce: paintedAt - startedAt, bareApi: bare });
  }
  samples.shift(); // the first query warms the page's code paths and the index's caches

  const column = (key) => samples.map((sample) => sample[key]);
  const figures = {
    afterDebounce: { p50: percentile(column('afterDebounce'), 50), p95: percentile(column('afterDebounce'), 95) },
    afterTyping: { p50: percentile(column('afterTyping'), 50), p95: percentile(column('afterTyping'), 95) },
    bareApi: { p50: percentile(column('bareApi'), 50), p95: percentile(column('bareApi'), 95) },
  };
  const results = { when: new Date().toISOString(), machine: { cpus: cpus().length, node: process.version, loadAverage: loadAverage() }, queries: samples.length, keystrokeMs: KEYSTROKE_MS, figures, samples };
  writeFileSync(join(here, 'results-latest.json'), JSON.stringify(results, null, 2));
  console.log(`\n${samples.length} queries on case ${CASE_ID}, load average ${loadAverage()}\n`);
  console.log('| | p50 | p95 |\n|---|---|---|');
  console.log(`| highlighted after the debounce fired (search:start → painted) | ${ms(figures.afterDebounce.p50)} | ${ms(figures.afterDebounce.p95)} |`);
  console.log(`| highlighted after the last keystroke (incl. the 250 ms debounce) | ${ms(figures.afterTyping.p50)} | ${ms(figures.afterTyping.p95)} |`);
  console.log(`| bare API call, same page (peer) | ${ms(figures.bareApi.p50)} | ${ms(figures.bareApi.p95)} |`);
  console.log(`| ratio UI (after debounce) / bare API | ${(figures.afterDebounce.p50 / figures.bareApi.p50).toFixed(2)} | ${(figures.afterDebounce.p95 / figures.bareApi.p95).toFixed(2)} |`);
} finally {
  await browser?.close();
  await app.close();
  await standIn.close();
  rmSync(work, { recursive: true, force: true });
}
