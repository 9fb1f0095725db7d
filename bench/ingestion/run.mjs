// Ingestion benchmark, one run on this machine. Usage: npm run bench:ingestion (builds first).
// The stand-in runs in this process; the facade in a child process whose process tree is sampled from /proc.
// Every figure is reported beside a peer measured in the same run (see README.md).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { startStandIn } from '../../dist/stand-in/stand-in.js';
import { buildSeedModel } from '../../dist/stand-in/seed/seed-model.js';
import { createTextExtractor } from '../../dist/conversion/text/text-extractor.factory.js';
import { createIngestionTools, pagesWithoutWords } from '../../dist/ingestion/create-ingestion-tools.js';
import { parseConfig } from '../../dist/config/app-config.js';
import { configureChildMemoryBudget } from '../../dist/conversion/sandbox/index.js';
import { sampleProcessTree } from './process-tree-rss.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'bench-ingestion-'));
const REPORT_CASE = '3';
const BUNDLE_CASE = '6';
const GENERATED = { documents: 40, pagesPerDocument: 25 };
const GENERATED_CASE = String(buildSeedModel().cases.length + 1);
const SCAN_CASES = ['1', '2', '4', '5', '7', '8'];
const MAX_SCANS = 16;
const CORES = availableParallelism();
const config = parseConfig({});
// as IngestionModule.forRoot does for the facade: this process's children share the configured budget
configureChildMemoryBudget(config.ingestion.childMemoryMb);
const results = {
  machine: { cpus: cpus().length, cores: CORES, node: process.version },
  when: new Date().toISOString(),
  settings: { documentsInFlight: config.ingestion.documentsInFlight, concurrency: config.ingestion.concurrency, childMemoryMb: config.ingestion.childMemoryMb },
};
const log = (...parts) => console.log(...parts);
// The machine's 1-minute load average at the end of each run: above the core count, other work shared the CPU.
const loadAverage = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
const round = (value, digits = 2) => Number(value.toFixed(digits));

const standIn = await startStandIn({ dataDir: join(work, 'stand-in'), rateLimitPerSecond: 0, generatedCases: [GENERATED] });
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
  // GETs outside the timed part, retried: on a loaded machine a legacy call can time out once
  const get = async (path, as = 'json') => {
    for (let attempt = 1; ; attempt += 1) {
      const response = await call(path);
      if (response.ok) return as === 'json' ? response.json() : Buffer.from(await response.arrayBuffer());
      await response.arrayBuffer();
      if (attempt >= 5) throw new Error(`GET ${path} answered ${response.status}`);
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  };
  const peakRssMb = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024;
  const stop = () => new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); });
  return { child, call, get, peakRssMb, stop };
}

async function waitDone(caseId, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tracker = await facade.get(`/api/v1/cases/${caseId}/tracker`);
    if (tracker.status === 'done') return tracker;
    if (Date.now() > deadline) throw new Error(`case ${caseId} not done`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A fresh facade (new data dir): refresh the case, wait until the tracker says done, sample the process tree. */
async function caseReadyCold(caseId, label, extraEnv = {}) {
  facade = await startFacade(join(work, `facade-${label}`), extraEnv);
  const sampler = sampleProcessTree(facade.child.pid);
  const started = performance.now();
  const refresh = await facade.call(`/api/v1/cases/${caseId}/refresh`, { method: 'POST' });
  if (refresh.status !== 202) throw new Error(`refresh of case ${caseId} answered ${refresh.status}`);
  const ready = await waitDone(caseId);
  const ms = performance.now() - started;
  const rss = sampler.stop();
  const summary = {
    caseId,
    documents: ready.progress.total,
    pages: ready.progress.pages,
    ocrPages: ready.documents.reduce((sum, document) => sum + (document.ocrPageCount ?? 0), 0),
    failed: ready.progress.failed,
    coldMs: Math.round(ms),
    pagesPerS: round(ready.progress.pages / (ms / 1000), 1),
    facadePeakRssMb: Math.round(facade.peakRssMb()),
    childrenPeakRssMb: rss.childrenMb,
    childrenAtPeak: rss.childrenAtPeak,
    loadAverage: loadAverage(),
  };
  return { ready, summary };
}

/** Runs `commands` (argv arrays) with at most `parallel` at once; answers the wall-clock ms. */
async function runAll(commands, parallel, env = {}) {
  const queue = [...commands];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let argv = queue.shift(); argv !== undefined; argv = queue.shift()) {
        await new Promise((resolve, reject) => {
          const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'ignore'], env: { ...process.env, ...env } });
          child.once('error', reject);
          child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${argv[0]} exited ${code}`))));
        });
      }
    }),
  );
  return performance.now() - started;
}

const peaks = { facadeRssMb: [], childrenRssMb: [] };
const notePeaks = (summary) => {
  peaks.facadeRssMb.push(summary.facadePeakRssMb);
  peaks.childrenRssMb.push(summary.childrenPeakRssMb);
};

try {
  // Warm the stand-in (it renders document bytes lazily, on first fetch) so the facade's figures are its own,
  // and keep the originals the bare tools are run on.
  facade = await startFacade(join(work, 'warm'), { OCR: 'off' });
  const fetchBytes = (caseId, document) => facade.get(`/api/v1/cases/${caseId}/documents/${document.documentId}/versions/${document.versionId}/content`, 'bytes');
  const generatedDir = join(work, 'generated');
  const scansDir = join(work, 'scans');
  mkdirSync(generatedDir);
  mkdirSync(scansDir);
  for (const caseId of [REPORT_CASE, BUNDLE_CASE, GENERATED_CASE, ...SCAN_CASES]) {
    const { documents } = await facade.get(`/api/v1/cases/${caseId}/documents`);
    for (const document of documents) {
      const scan = document.mimeType === 'application/pdf' && /^Scanned /.test(document.title) && document.category !== 'Scanned exhibit bundle';
      if (SCAN_CASES.includes(caseId) && !scan) continue;
      const bytes = await fetchBytes(caseId, document);
      if (caseId === GENERATED_CASE) writeFileSync(join(generatedDir, `${document.documentId}.pdf`), bytes);
      if (scan && readdirSync(scansDir).length < MAX_SCANS) writeFileSync(join(scansDir, `${caseId}-${document.documentId}.pdf`), bytes);
    }
  }
  await facade.stop();
  facade = undefined;

  // 1. Case 3 (25 documents, 264 pages, some scanned) cold; peer: the same facade taking one document at a time.
  const report = await caseReadyCold(REPORT_CASE, 'case3');
  notePeaks(report.summary);
  // 2. Unchanged refresh (answer says done).
  const unchanged = [];
  for (let i = 0; i < 5; i += 1) {
    const t0 = performance.now();
    const body = await (await facade.call(`/api/v1/cases/${REPORT_CASE}/refresh`, { method: 'POST' })).json();
    if (body.status !== 'done') throw new Error('unchanged refresh not done');
    unchanged.push(performance.now() - t0);
  }
  unchanged.sort((a, b) => a - b);
  const reportDocument = report.ready.documents.reduce((best, document) => ((document.pageCount ?? 0) > (best?.pageCount ?? 0) ? document : best), null);
  const reportPdf = join(work, 'report.pdf');
  writeFileSync(reportPdf, await facade.get(`/api/v1/cases/${REPORT_CASE}/documents/${reportDocument.documentId}/versions/${reportDocument.versionId}/pdf`, 'bytes'));
  await facade.stop();
  facade = undefined;
  const serial = await caseReadyCold(REPORT_CASE, 'case3-serial', { INGESTION_DOCUMENTS_IN_FLIGHT: '1', INGESTION_CONCURRENCY: '1' });
  notePeaks(serial.summary);
  await facade.stop();
  facade = undefined;
  results.case3 = {
    ...report.summary,
    unchangedRefreshMsMedian: Math.round(unchanged[2]),
    peer: { how: 'same facade, INGESTION_DOCUMENTS_IN_FLIGHT=1 and INGESTION_CONCURRENCY=1 (one document, one page at a time)', coldMs: serial.summary.coldMs },
    speedupOverPeer: round(serial.summary.coldMs / report.summary.coldMs),
  };
  log('case 3', results.case3);

  // 3. The generated 1,000-page born-digital case cold; peer: bare pdftotext -bbox-layout over the same files, one per core.
  const generated = await caseReadyCold(GENERATED_CASE, 'generated');
  notePeaks(generated.summary);
  await facade.stop();
  facade = undefined;
  const generatedFiles = readdirSync(generatedDir).map((name) => join(generatedDir, name));
  const bareGeneratedMs = await runAll(generatedFiles.map((file) => ['pdftotext', '-bbox-layout', '-cropbox', '-enc', 'UTF-8', '-q', file, '/dev/null']), CORES);
  const loadAfterBare = loadAverage();
  results.generated1000 = {
    ...generated.summary,
    peer: { how: `bare pdftotext -bbox-layout over the ${generatedFiles.length} original PDFs, ${CORES} at once, output discarded`, ms: Math.round(bareGeneratedMs), pagesPerS: round(generated.summary.pages / (bareGeneratedMs / 1000), 1), loadAverage: loadAfterBare },
    ratioToPeer: round(bareGeneratedMs / generated.summary.coldMs, 3),
  };
  log('1,000 pages', results.generated1000);

  // 4. Extraction of the 240-page report into the word model vs bare pdftotext (one file, best of 3).
  const timeIt = async (fn, runs = 3) => {
    const times = [];
    for (let i = 0; i < runs; i += 1) {
      const t0 = performance.now();
      await fn();
      times.push(performance.now() - t0);
    }
    return Math.min(...times);
  };
  const pages = reportDocument.pageCount;
  const bareMs = await timeIt(() => {
    const run = spawnSync('pdftotext', ['-bbox-layout', '-cropbox', '-enc', 'UTF-8', '-q', reportPdf, '-'], { maxBuffer: 1 << 30 });
    if (run.status !== 0) throw new Error('pdftotext failed');
  });
  const poppler = createTextExtractor({ engine: 'poppler' });
  const popplerMs = await timeIt(() => poppler.extract(reportPdf));
  const words = (await poppler.extract(reportPdf)).pages.reduce((sum, page) => sum + page.lines.reduce((s, line) => s + line.words.length, 0), 0);
  const pdfjs = createTextExtractor({ engine: 'pdfjs' });
  const pdfjsMs = await timeIt(() => pdfjs.extract(reportPdf), 2);
  results.extraction = {
    pages,
    words,
    barePdftotextPagesPerS: Math.round(pages / (bareMs / 1000)),
    popplerWordModelPagesPerS: Math.round(pages / (popplerMs / 1000)),
    ratioToBare: round(bareMs / popplerMs),
    pdfjsFallbackPagesPerS: Math.round(pages / (pdfjsMs / 1000)),
  };
  log('extraction', results.extraction);

  // 5. OCR pages/s: the facade's OCR path (createIngestionTools().ocrPages, all documents at once, as in flight)
  //    against bare tesseract on the page images the scans hold (pdfimages), one process per core.
  const scans = readdirSync(scansDir).filter((name) => name.endsWith('.pdf')).map((name) => join(scansDir, name));
  const tools = createIngestionTools(config.ingestion);
  const jobs = [];
  for (const scan of scans) {
    const text = await tools.extractText(scan);
    const need = pagesWithoutWords(text);
    jobs.push({ scan, pages: text.pages.filter((page) => need.includes(page.pageIndex)).map((page) => ({ pageIndex: page.pageIndex, width: page.width, height: page.height })) });
  }
  const ocrSampler = sampleProcessTree(process.pid);
  let t0 = performance.now();
  const recognised = await Promise.all(jobs.map((job) => tools.ocrPages(job.scan, job.pages, work)));
  const facadeOcrMs = performance.now() - t0;
  const ocrRss = ocrSampler.stop();
  await tools.close();
  const ocrPages = recognised.reduce((sum, pagesOfOne) => sum + pagesOfOne.length, 0);
  const ocrWords = recognised.flat().reduce((sum, page) => sum + page.lines.reduce((s, line) => s + line.words.length, 0), 0);
  const imagesDir = join(work, 'images');
  mkdirSync(imagesDir);
  for (const scan of scans) {
    const run = spawnSync('pdfimages', ['-png', scan, join(imagesDir, scan.split('/').pop().replace(/\.pdf$/, ''))]);
    if (run.status !== 0) throw new Error('pdfimages failed');
  }
  const images = readdirSync(imagesDir).map((name) => join(imagesDir, name));
  const bareOcrMs = await runAll(images.map((image) => ['tesseract', image, 'stdout', '-l', 'eng', '--psm', '3', 'tsv']), CORES, { OMP_THREAD_LIMIT: '1' });
  const facadeOcrPagesPerS = ocrPages / (facadeOcrMs / 1000);
  const bareOcrPagesPerS = images.length / (bareOcrMs / 1000);
  results.ocr = {
    engine: tools.engines.ocr,
    documents: scans.length,
    pages: ocrPages,
    words: ocrWords,
    facadePagesPerS: round(facadeOcrPagesPerS),
    childrenPeakRssMb: ocrRss.childrenMb,
    peer: { how: `bare tesseract (eng, --psm 3, tsv, OMP_THREAD_LIMIT=1) on the ${images.length} page images extracted with pdfimages, ${CORES} at once`, pagesPerS: round(bareOcrPagesPerS) },
    ratioToPeer: round(facadeOcrPagesPerS / bareOcrPagesPerS),
    loadAverage: loadAverage(),
  };
  peaks.childrenRssMb.push(ocrRss.childrenMb);
  log('ocr', results.ocr);

  // 6. The ~56 MB scanned bundle (case 6, OCR'd) in a fresh facade: the memory-heavy case.
  const bundle = await caseReadyCold(BUNDLE_CASE, 'bundle');
  notePeaks(bundle.summary);
  await facade.stop();
  facade = undefined;
  results.bundle = bundle.summary;
  log('bundle', results.bundle);

  results.peakRss = {
    facadeMb: Math.max(...peaks.facadeRssMb),
    childrenMb: Math.max(...peaks.childrenRssMb),
    how: 'facade: VmHWM of each fresh facade process; children: sum of VmRSS over all its descendants, sampled every 50 ms from /proc; the largest over all runs',
  };
  log('peak RSS', results.peakRss);

  writeFileSync(join(here, 'results-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  log(JSON.stringify(results, null, 2));
} finally {
  if (facade) await facade.stop();
  await standIn.close();
  rmSync(work, { recursive: true, force: true });
}
