// Ingestion benchmark, one run on this machine. Usage: npm run bench:ingestion (builds first).
// The stand-in runs in this process; the facade in a child process (its peak RSS is read from /proc).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { startStandIn } from '../../dist/stand-in/stand-in.js';
import { createTextExtractor } from '../../dist/conversion/text/text-extractor.factory.js';
import { createIngestionTools, pagesWithoutWords } from '../../dist/ingestion/create-ingestion-tools.js';
import { parseConfig } from '../../dist/config/app-config.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'bench-ingestion-'));
const REPORT_CASE = '3';
const BUNDLE_CASE = '6';
const results = { machine: { cpus: (await import('node:os')).cpus().length, node: process.version }, when: new Date().toISOString() };
const log = (...parts) => console.log(...parts);

const standIn = await startStandIn({ dataDir: join(work, 'stand-in'), rateLimitPerSecond: 0 });
const legacy = { soapUrl: standIn.soapUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, serviceUsername: standIn.serviceUsername, servicePassword: standIn.servicePassword };
let facade;

async function startFacade(dataDir, extraEnv = {}) {
  const env = { APP_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...extraEnv };
  const child = spawn(process.execPath, [join(here, 'facade-process.mjs'), JSON.stringify({ env, legacy })], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`facade exited ${code}`)));
  });
  const { base, token } = JSON.parse(line);
  const call = (path, init = {}) => fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
  const peakRssMb = () => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
  };
  const stop = () => new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); });
  return { child, call, peakRssMb, stop };
}

async function waitDone(caseId, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tracker = await (await facade.call(`/api/v1/cases/${caseId}/tracker`)).json();
    if (tracker.status === 'done') return tracker;
    if (Date.now() > deadline) throw new Error(`case ${caseId} not done`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

try {
  // Warm the stand-in (it renders document bytes lazily, on first fetch) so the facade's figures are its own.
  facade = await startFacade(join(work, 'warm'), { OCR: 'off' });
  for (const caseId of [REPORT_CASE, BUNDLE_CASE]) {
    const { documents } = await (await facade.call(`/api/v1/cases/${caseId}/documents`)).json();
    for (const document of documents) await (await facade.call(`/api/v1/cases/${caseId}/documents/${document.documentId}/versions/${document.versionId}/content`)).arrayBuffer();
  }
  await facade.stop();

  // 1. Case-ready time, cold start (fresh data dir), largest born-digital case.
  facade = await startFacade(join(work, 'facade'));
  let started = performance.now();
  const refresh = await facade.call(`/api/v1/cases/${REPORT_CASE}/refresh`, { method: 'POST' });
  if (refresh.status !== 202) throw new Error(`refresh answered ${refresh.status}`);
  const ready = await waitDone(REPORT_CASE);
  const coldMs = performance.now() - started;
  const report = ready.documents.reduce((best, document) => ((document.pageCount ?? 0) > (best?.pageCount ?? 0) ? document : best), null);
  results.caseReady = {
    caseId: REPORT_CASE,
    documents: ready.progress.total,
    pages: ready.progress.pages,
    ocrPages: ready.documents.reduce((sum, document) => sum + (document.ocrPageCount ?? 0), 0),
    failed: ready.progress.failed,
    coldMs: Math.round(coldMs),
  };
  // 2. Unchanged refresh (answer says done).
  const unchanged = [];
  for (let i = 0; i < 5; i += 1) {
    started = performance.now();
    const body = await (await facade.call(`/api/v1/cases/${REPORT_CASE}/refresh`, { method: 'POST' })).json();
    if (body.status !== 'done') throw new Error('unchanged refresh not done');
    unchanged.push(performance.now() - started);
  }
  unchanged.sort((a, b) => a - b);
  results.caseReady.unchangedRefreshMsMedian = Math.round(unchanged[2]);
  log('case ready', results.caseReady);

  // 3. Extraction: the 200+ page report PDF into the word model vs bare pdftotext -bbox-layout.
  const pdfPath = join(work, 'report.pdf');
  writeFileSync(pdfPath, Buffer.from(await (await facade.call(`/api/v1/cases/${REPORT_CASE}/documents/${report.documentId}/versions/${report.versionId}/pdf`)).arrayBuffer()));
  const timeIt = async (fn, runs = 3) => {
    const times = [];
    for (let i = 0; i < runs; i += 1) {
      const t0 = performance.now();
      await fn();
      times.push(performance.now() - t0);
    }
    return Math.min(...times);
  };
  const pages = report.pageCount;
  const bareMs = await timeIt(() => {
    const run = spawnSync('pdftotext', ['-bbox-layout', '-cropbox', '-enc', 'UTF-8', '-q', pdfPath, '-'], { maxBuffer: 1 << 30 });
    if (run.status !== 0) throw new Error('pdftotext failed');
  });
  const poppler = createTextExtractor({ engine: 'poppler' });
  const popplerMs = await timeIt(() => poppler.extract(pdfPath));
  const words = (await poppler.extract(pdfPath)).pages.reduce((sum, page) => sum + page.lines.reduce((s, line) => s + line.words.length, 0), 0);
  const pdfjs = createTextExtractor({ engine: 'pdfjs' });
  const pdfjsMs = await timeIt(() => pdfjs.extract(pdfPath), 2);
  results.extraction = {
    pages,
    words,
    barePdftotextPagesPerS: Math.round(pages / (bareMs / 1000)),
    popplerWordModelPagesPerS: Math.round(pages / (popplerMs / 1000)),
    ratioToBare: Number((bareMs / popplerMs).toFixed(2)),
    pdfjsFallbackPagesPerS: Math.round(pages / (pdfjsMs / 1000)),
  };
  log('extraction', results.extraction);

  // 4. OCR seconds per scanned page (a scanned document of the report case, through the pipeline's tools).
  const scanned = ready.documents.find((document) => (document.ocrPageCount ?? 0) > 0 && document.detectedType === 'application/pdf');
  if (scanned) {
    const scannedPath = join(work, 'scanned.pdf');
    writeFileSync(scannedPath, Buffer.from(await (await facade.call(`/api/v1/cases/${REPORT_CASE}/documents/${scanned.documentId}/versions/${scanned.versionId}/pdf`)).arrayBuffer()));
    const tools = createIngestionTools(parseConfig({}).ingestion);
    const text = await tools.extractText(scannedPath);
    const need = text.pages.filter((page) => pagesWithoutWords(text).includes(page.pageIndex));
    const t0 = performance.now();
    const recognised = await tools.ocrPages(scannedPath, need.map((page) => ({ pageIndex: page.pageIndex, width: page.width, height: page.height })), work);
    const seconds = (performance.now() - t0) / 1000;
    await tools.close();
    results.ocr = { engine: tools.engines.ocr, pages: recognised.length, secondsPerPage: Number((seconds / Math.max(1, recognised.length)).toFixed(2)), concurrency: parseConfig({}).ingestion.concurrency };
    log('ocr', results.ocr);
  }

  // 5. Peak RSS of the facade process while ingesting the ~56 MB scanned bundle (case 6).
  // A fresh facade process, so its high-water mark is this case's alone.
  results.caseReady.facadePeakRssMb = Math.round(facade.peakRssMb());
  await facade.stop();
  facade = await startFacade(join(work, 'facade-bundle'));
  const beforeMb = facade.peakRssMb();
  const bundleStarted = performance.now();
  await facade.call(`/api/v1/cases/${BUNDLE_CASE}/refresh`, { method: 'POST' });
  const bundleReady = await waitDone(BUNDLE_CASE);
  const bundleMs = performance.now() - bundleStarted;
  const bundle = bundleReady.documents.reduce((best, document) => ((document.pageCount ?? 0) >= (best?.pageCount ?? 0) && document.mimeType === 'application/pdf' ? document : best), null);
  results.peakRss = { caseId: BUNDLE_CASE, caseReadyMs: Math.round(bundleMs), pages: bundleReady.progress.pages, peakRssMbAtStart: Math.round(beforeMb), peakRssMbAfter: Math.round(facade.peakRssMb()), largestDocumentStatus: bundle?.status, failed: bundleReady.progress.failed };
  log('peak RSS', results.peakRss);
  await facade.stop();
  facade = undefined;

  writeFileSync(join(here, 'results-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  log(JSON.stringify(results, null, 2));
} finally {
  if (facade) await facade.stop();
  await standIn.close();
  rmSync(work, { recursive: true, force: true });
}
