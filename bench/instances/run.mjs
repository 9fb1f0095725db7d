// Several instances (issue 16): run by hand after `nest build` (npm run bench:instances), never in tests.
// Same harness as test/instances (Azurite, the AI Search fake over https, the stand-in, a JWKS), plain node.
//  (a) route change propagation: PUT a route's mode on API instance A, then how long until API instance B serves
//      with the new mode (x-served-by), against STRANGLER_ROUTE_REFRESH_MS;
//  (b) job takeover after kill -9: a worker is killed while its job's download is held; how long until the other
//      worker fetches the document (takes the job over) and until it is indexed, against JOB_LEASE_MS;
//  (c) ingestion throughput of one case refresh with 2 workers vs 1 worker (documents/s, pages/s, the ratio),
//      each on a fresh cluster (fresh Azurite, index, stand-in).
// Usage: node bench/instances/run.mjs [--rounds=8] [--leaseMs=8000] [--refreshMs=1000]
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from '../lib/harness.mjs';
import { loadCluster } from './load-cluster.mjs';

const args = parseArgs();
const ROUNDS = Number(args.rounds ?? 8);
const LEASE_MS = Number(args.leaseMs ?? 8000);
const REFRESH_MS = Number(args.refreshMs ?? 1000);
const CASE_ID = '1';
const { startCluster } = await loadCluster();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (value, digits = 0) => Number(value.toFixed(digits));
const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, min: round(sorted[0]), median: round(at(0.5)), max: round(sorted.at(-1)) };
};

async function waitUntil(check, what, ceilingMs = 900_000, intervalMs = 20) {
  const deadline = Date.now() + ceilingMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(intervalMs);
  }
}

async function tracker(cluster, api, token) {
  return (await cluster.call(api, token, `/api/v1/cases/${CASE_ID}/tracker`)).body;
}

async function start(workers) {
  return startCluster({ apis: 2, workers, env: { JOB_LEASE_MS: String(LEASE_MS), STRANGLER_ROUTE_REFRESH_MS: String(REFRESH_MS), STRANGLER_TRAFFIC_FLUSH_MS: '500', LOG_LEVEL: 'warn' } });
}

/** One case refresh timed from the POST to the tracker's `done`. */
async function ingest(cluster, token) {
  const [api] = cluster.apis;
  const started = performance.now();
  const answer = await cluster.call(api, token, `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' });
  if (answer.status !== 202) throw new Error(`refresh: ${answer.status}`);
  let snapshot;
  await waitUntil(async () => (snapshot = await tracker(cluster, api, token)).status === 'done', 'the case to be ingested', 900_000, 100);
  const seconds = (performance.now() - started) / 1000;
  const documents = snapshot.documents.length;
  const pages = snapshot.documents.reduce((sum, document) => sum + (document.pageCount ?? 0), 0);
  const indexed = snapshot.documents.filter((document) => document.status === 'indexed').length;
  return { seconds: round(seconds, 1), documents, indexed, pages, documentsPerSecond: round(documents / seconds, 3), pagesPerSecond: round(pages / seconds, 3) };
}

async function routePropagation(cluster, token) {
  const [apiA, apiB] = cluster.apis;
  const route = 'cases.getSummary';
  const delays = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const mode = i % 2 === 0 ? 'modern' : 'legacy';
    const body = mode === 'modern' ? { mode, fallback: true, reason: 'bench: propagation' } : { mode, reason: 'bench: propagation' };
    // Start each change at a different point of B's refresh cycle.
    await sleep(Math.random() * REFRESH_MS);
    const changed = performance.now();
    const answer = await cluster.call(apiA, token, `/api/v1/admin/routes/${route}`, { method: 'PUT', body });
    if (answer.status !== 200) throw new Error(`route change: ${answer.status}`);
    await waitUntil(async () => (await cluster.call(apiB, token, `/api/v1/cases/${CASE_ID}`)).headers.get('x-served-by') === mode, 'B to serve the new mode', 120_000, 10);
    delays.push(performance.now() - changed);
  }
  return { refreshMs: REFRESH_MS, ...stats(delays), ratioMedianToRefresh: round(stats(delays).median / REFRESH_MS, 2) };
}

async function takeover(cluster, token) {
  const results = [];
  for (let i = 0; i < 3; i += 1) {
    const added = await fetch(`${cluster.standIn.adminUrl}/cases/${CASE_ID}/documents`, {
      method: 'POST',
      headers: { 'x-admin-key': cluster.standIn.adminKey, 'x-file-name': `takeover-${i}.txt`, 'content-type': 'text/plain' },
      body: `Takeover round ${i}.\nA short statement for the bench.\n`,
    });
    const documentId = String(Number((await added.json()).documentId));
    let victim = null;
    const live = cluster.workers.filter((worker) => worker.process.exitCode === null && worker.process.signalCode === null);
    for (const worker of live) worker.gate.hold([documentId], () => (victim ??= worker));
    await cluster.call(cluster.apis[0], token, `/api/v1/cases/${CASE_ID}/refresh`, { method: 'POST' });
    await waitUntil(() => victim !== null, 'a worker to start the job', 300_000);
    const survivor = live.find((worker) => worker !== victim);
    await cluster.kill(victim);
    const killed = performance.now();
    for (const worker of live) worker.gate.release();
    await waitUntil(() => survivor.gate.documentIds(CASE_ID).has(documentId), 'the survivor to take the job over', 300_000, 10);
    const takenOver = performance.now();
    await waitUntil(async () => (await tracker(cluster, cluster.apis[0], token)).documents.find((document) => document.documentId === documentId)?.status === 'indexed', 'the job to finish', 300_000, 50);
    const finished = performance.now();
    results.push({ takeoverMs: takenOver - killed, finishedMs: finished - killed });
    // Two live workers again for the next round.
    await cluster.startInstance('worker', `worker-extra-${i}`);
  }
  const take = stats(results.map((result) => result.takeoverMs));
  return { leaseMs: LEASE_MS, takeover: take, finished: stats(results.map((result) => result.finishedMs)), ratioMedianToLease: round(take.median / LEASE_MS, 2) };
}

const report = { machine: { cpus: (await import('node:os')).cpus().length }, rounds: ROUNDS };

// (c) first, each on a fresh cluster; the two-worker cluster then serves (a) and (b).
{
  const one = await start(1);
  try {
    report.ingestionOneWorker = await ingest(one, await one.token('alice.admin', { admin: true }));
  } finally {
    await one.close();
  }
}
const two = await start(2);
try {
  const token = await two.token('alice.admin', { admin: true });
  report.ingestionTwoWorkers = await ingest(two, token);
  report.ingestionRatioTwoToOne = {
    documentsPerSecond: round(report.ingestionTwoWorkers.documentsPerSecond / report.ingestionOneWorker.documentsPerSecond, 2),
    pagesPerSecond: round(report.ingestionTwoWorkers.pagesPerSecond / report.ingestionOneWorker.pagesPerSecond, 2),
  };
  report.routePropagation = await routePropagation(two, token);
  report.jobTakeover = await takeover(two, token);
} finally {
  await two.close();
}
const { ingestionOneWorker: one, ingestionTwoWorkers: twoWorkers, ingestionRatioTwoToOne: ratio, routePropagation: route, jobTakeover: job } = report;
console.log(`
| measure | figure | peer | ratio |
|---|---|---|---|
| route change in force on the other API instance (median, min–max of ${route.n}) | ${route.median} ms (${route.min}–${route.max}) | STRANGLER_ROUTE_REFRESH_MS ${route.refreshMs} ms | ${route.ratioMedianToRefresh} |
| job taken over after kill -9 (median, min–max of ${job.takeover.n}) | ${job.takeover.median} ms (${job.takeover.min}–${job.takeover.max}) | JOB_LEASE_MS ${job.leaseMs} ms | ${job.ratioMedianToLease} |
| … and that job indexed (median) | ${job.finished.median} ms | JOB_LEASE_MS ${job.leaseMs} ms | ${round(job.finished.median / job.leaseMs, 2)} |
| case refresh, 2 workers | ${twoWorkers.documents} documents, ${twoWorkers.pages} pages in ${twoWorkers.seconds} s: ${twoWorkers.documentsPerSecond} documents/s, ${twoWorkers.pagesPerSecond} pages/s | 1 worker: ${one.seconds} s, ${one.documentsPerSecond} documents/s, ${one.pagesPerSecond} pages/s | ${ratio.pagesPerSecond} |
`);
writeFileSync(new URL('./results-latest.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
process.exit(0);
