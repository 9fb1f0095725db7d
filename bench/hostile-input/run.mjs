// Hostile-input benchmark: does a flood of 1 MiB nested-JSON bodies stall the facade?
// The built facade (remote-legacy mode, JWKS auth) against the stand-in, each in its own process. /health/live is
// probed at a steady pace, first with nothing else running (baseline), then while attackers post 1 MiB of `[[[[…`
// as fast as they can, with a valid token and without one. Reports /health/live p50/p99 in both phases and what the
// attack got (statuses, requests/s).
// Usage: npm run bench:hostile   (builds first)
// Options: --seconds=10 --attackers=4 --probe-interval-ms=20
import { writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createWorkspace, parseArgs, startFacadeProcess, startJwks, startStandInProcess } from '../lib/harness.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = parseArgs();
const SECONDS = Number(args.seconds ?? 10);
const ATTACKERS = Number(args.attackers ?? 4);
const PROBE_INTERVAL_MS = Number(args['probe-interval-ms'] ?? 20);
const BODY_BYTES = 1_048_000;

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

function send(agent, url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, agent, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': body.length } }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** GET /health/live every interval (open loop: each probe is timed from when it was due) until `until`. */
async function probe(url, until) {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const samples = [];
  const pending = [];
  const start = performance.now();
  for (let n = 0; ; n++) {
    const due = start + n * PROBE_INTERVAL_MS;
    if (due > until) break;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(send(agent, `${url}/health/live`).then((status) => samples.push({ ms: performance.now() - due, status })));
  }
  await Promise.all(pending);
  agent.destroy();
  const sorted = Float64Array.from(samples.map((s) => s.ms)).sort();
  return { probes: samples.length, failed: samples.filter((s) => s.status !== 200).length, p50: round(quantile(sorted, 0.5)), p99: round(quantile(sorted, 0.99)), max: round(sorted[sorted.length - 1]) };
}

/** The attackers run in a worker thread, so their own event loop does not delay the probes. */
function attack(url, token, seconds) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./attacker.mjs', import.meta.url), { workerData: { url, token, seconds, attackers: ATTACKERS, bodyBytes: BODY_BYTES } });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

const workspace = createWorkspace('bench-hostile-');
const standIn = await startStandInProcess(workspace);
const jwks = await startJwks();
const facade = await startFacadeProcess(workspace, { standIn, jwks });
const token = await jwks.sign({ username: 'alice.admin', subject: 'bench-alice' });

// Warm-up: the route and the parser are compiled before anything is measured.
await probe(facade.url, performance.now() + 1000);
await attack(facade.url, token, 1);

const baseline = await probe(facade.url, performance.now() + SECONDS * 1000);
const until = performance.now() + SECONDS * 1000;
const [underAttack, attackResult] = await Promise.all([probe(facade.url, until), attack(facade.url, token, SECONDS)]);

const results = { date: new Date().toISOString(), node: process.version, seconds: SECONDS, attackers: ATTACKERS, bodyBytes: BODY_BYTES, probeIntervalMs: PROBE_INTERVAL_MS, baseline, underAttack, attack: attackResult };
writeFileSync(join(here, 'results-latest.json'), `${JSON.stringify(results, null, 2)}\n`);

console.log(`\n/health/live every ${PROBE_INTERVAL_MS} ms, ${SECONDS} s per phase; attack: ${ATTACKERS} connections posting ${(BODY_BYTES / 1_048_576).toFixed(2)} MiB of nested JSON (half with a token)\n`);
console.log('| phase | probes | failed | p50 (ms) | p99 (ms) | max (ms) |');
console.log('|---|---|---|---|---|---|');
for (const [name, row] of [['no attack', baseline], ['under attack', underAttack]]) console.log(`| ${name} | ${row.probes} | ${row.failed} | ${row.p50} | ${row.p99} | ${row.max} |`);
console.log(`\nattack: ${attackResult.requests} requests, ${attackResult.perSecond}/s, statuses ${JSON.stringify(attackResult.statuses)}`);
process.exit(0);
