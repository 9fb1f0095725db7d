// First page of a 240-page document in the reader (issue 15: "first page of a 240-page document visible < 1 s after
// opening it (cached)"). Usage: npm run bench:web-first-page (builds the facade and web/dist first).
// Options: --rounds=7.
//
// The real facade (in process, web app included) over the real stand-in, and Debian's Chromium (playwright-core),
// as the browser tests run them. Case 3 holds the stand-in's 240-page phone download report. Measured inside the
// page with the Performance API: a mark just before the click on the document in the documents list, and the
// reader's own mark when page 1's canvas has been drawn and a frame painted (reader:first-page-painted:<id>).
// The first opening is cold (the first read of the stored PDF); later ones, after closing the tab, are "cached"
// (the facade answers the PDF no-store, so the browser fetches the ranges again; the server and the app are warm).
// Peers in the same run: the same measure for a one-page PDF of the case, and pdf.js alone rendering page 1 of the
// same report in a bare page (same pdf.js build, same range settings, scale and shared worker, no React, no app),
// both cached.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createApp } from '../../dist/app.setup.js';
import { parseConfig, resolveConfig } from '../../dist/config/app-config.js';
import { startStandIn } from '../../dist/stand-in/stand-in.js';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=')));
const ROUNDS = Number(args.rounds ?? 7);
const CASE_ID = '3';
const USER = 'alice.admin';
const SCALE = 1.25;
const root = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'bench-web-first-page-'));

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];
const median = (values) => percentile(values, 50);
const round = (value) => Math.round(value);

const standIn = await startStandIn({ dataDir: join(work, 'stand-in'), rateLimitPerSecond: 0 });
const config = resolveConfig(
  parseConfig({ APP_ENV: 'test', LOG_LEVEL: 'silent', LEGACY_TIMEOUT_MS: '60000', LEGACY_REQUEST_BUDGET_MS: '60000', DATA_DIR: work, WEB_APP_DIR: join(root, 'web', 'dist') }),
  { soapUrl: standIn.soapUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, serviceUsername: standIn.serviceUsername, servicePassword: standIn.servicePassword },
  { wsdlUrl: standIn.wsdlUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, adminUrl: standIn.adminUrl, adminKey: standIn.adminKey },
);
const app = await createApp(config);
await app.listen(0, '127.0.0.1');
const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });

async function close() {
  await browser.close().catch(() => undefined);
  await app.close().catch(() => undefined);
  await standIn.close().catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
}

try {
  const token = ((await (await fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: USER }) })).json()).accessToken);
  const api = (route, init = {}) => fetch(`${base}/api/v1${route}`, { ...init, headers: { authorization: `Bearer ${token}` } });
  if ((await api(`/cases/${CASE_ID}/refresh`, { method: 'POST' })).status !== 202) throw new Error('refresh refused');
  console.error('ingesting case 3 (the 240-page report and a one-page PDF are enough)…');
  let tracked = [];
  const ready = () => tracked.filter((each) => each.status === 'indexed' && each.detectedType === 'application/pdf' && each.parentDocumentId === null);
  const deadline = Date.now() + 900_000;
  while (!(ready().some((each) => each.pageCount >= 240) && ready().some((each) => each.pageCount === 1))) {
    if (Date.now() > deadline) throw new Error('case 3 was not ingested in 15 minutes');
    await new Promise((resolve) => setTimeout(resolve, 500));
    tracked = (await (await api(`/cases/${CASE_ID}/tracker`)).json()).documents;
  }
  const listed = (await (await api(`/cases/${CASE_ID}/documents`)).json()).documents;
  const byId = (id) => listed.find((each) => each.documentId === id);
  const report = byId(ready().find((each) => each.pageCount >= 240).documentId);
  const onePage = byId(ready().find((each) => each.pageCount === 1).documentId);

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(180_000);
  const page = await context.newPage();
  await page.goto(`${base}/`);
  await page.getByLabel('User').selectOption(USER);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Find a case' }).waitFor();
  await page.goto(`${base}/#/cases/${CASE_ID}`);
  const documents = page.getByRole('navigation', { name: 'Documents' });
  await documents.waitFor();

  /** Milliseconds from the click on the document to its first page painted, read from the page's Performance API. */
  async function openAndMeasure(document) {
    const button = documents.getByRole('button', { name: new RegExp(`^${document.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).first();
    await button.waitFor();
    const mark = `reader:first-page-painted:${document.documentId}`;
    const before = await page.evaluate((name) => performance.getEntriesByName(name).length, mark);
    await button.evaluate((element) => {
      performance.clearMarks('bench:open');
      performance.mark('bench:open');
      element.click();
    });
    await page.waitForFunction(([name, count]) => performance.getEntriesByName(name).length > count, [mark, before], { polling: 'raf' });
    const elapsed = await page.evaluate((name) => performance.getEntriesByName(name).at(-1).startTime - performance.getEntriesByName('bench:open').at(-1).startTime, mark);
    await page.getByRole('button', { name: `Close ${document.title}` }).click();
    await page.getByRole('tablist', { name: 'Open documents' }).waitFor({ state: 'detached' });
    return elapsed;
  }

  const reportCold = await openAndMeasure(report);
  const onePageCold = await openAndMeasure(onePage);
  const reportCached = [];
  const onePageCached = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    reportCached.push(await openAndMeasure(report));
    onePageCached.push(await openAndMeasure(onePage));
  }

  // Peer: pdf.js alone in a bare page of the same origin (served by the browser's router, so no app, no CSP).
  const pdfjs = join(root, 'node_modules', 'pdfjs-dist', 'build');
  const bare = await context.newPage();
  await bare.route(`${base}/bench-bare/**`, (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop();
    if (name === 'index.html') return route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>bare pdf.js</title><canvas id="c"></canvas><script type="module" src="pdf.min.mjs"></script>' });
    return route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(pdfjs, name)) });
  });
  await bare.goto(`${base}/bench-bare/index.html`);
  const pdfUrl = `/api/v1/cases/${CASE_ID}/documents/${report.documentId}/versions/${report.versionId}/pdf`;
  const bareRender = () =>
    bare.evaluate(
      async ([url, bearer, scale]) => {
        const pdfjsLib = await import('/bench-bare/pdf.min.mjs');
        pdfjsLib.GlobalWorkerOptions.workerSrc = '/bench-bare/pdf.worker.min.mjs';
        // One worker for every opening, as the app keeps one (web/src/features/reader/pdfjs.ts).
        globalThis.benchWorker ??= new pdfjsLib.PDFWorker();
        const start = performance.now();
        const task = pdfjsLib.getDocument({ worker: globalThis.benchWorker, url, httpHeaders: { Authorization: `Bearer ${bearer}` }, rangeChunkSize: 256 * 1024, disableAutoFetch: true, disableStream: true, isEvalSupported: false });
        const pdf = await task.promise;
        const first = await pdf.getPage(1);
        const viewport = first.getViewport({ scale: scale * (window.devicePixelRatio || 1) });
        const canvas = document.getElementById('c');
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        await first.render({ canvas, viewport }).promise;
        await new Promise((resolve) => requestAnimationFrame(resolve));
        const elapsed = performance.now() - start;
        await task.destroy();
        return elapsed;
      },
      [pdfUrl, token, SCALE],
    );
  await bareRender(); // warm, like the app's cached openings
  const bareCached = [];
  for (let round = 0; round < ROUNDS; round += 1) bareCached.push(await bareRender());

  const line = (label, values) => console.log(`${label.padEnd(58)} median ${String(round(median(values))).padStart(5)} ms   p90 ${String(round(percentile(values, 90))).padStart(5)} ms   (${values.map(round).join(', ')})`);
  console.log(`first page visible after opening, ${ROUNDS} cached rounds; ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}; report ${report.documentId} (240 pages), one-page ${onePage.documentId}`);
  line('app, 240-page report, cold (first opening)', [reportCold]);
  line('app, 240-page report, cached (target < 1000 ms)', reportCached);
  line('peer: app, one-page PDF, cached', onePageCached);
  line('peer: bare pdf.js, page 1 of the same report, cached', bareCached);
  line('app, one-page PDF, cold', [onePageCold]);
  console.log(`ratio report/one-page ${(median(reportCached) / median(onePageCached)).toFixed(2)}; app/bare pdf.js ${(median(reportCached) / median(bareCached)).toFixed(2)}; target ${median(reportCached) < 1000 ? 'met' : 'NOT met'} (median)`);
} finally {
  await close();
}
