// Strangler overhead benchmark, in one run:
//  A. in-process: what StranglerService.execute adds to a call (legacy mode, shadow mode) against calling the
//     legacy implementation directly, with no-op implementations, many iterations, p50/p99 in µs;
//  B. over HTTP: the real facade (remote-legacy mode, JWKS auth) against the stand-in in its own process, with
//     cases.getSummary and documents.list switched between legacy, shadow and modern through the admin API.
// Usage: npm run bench:strangler   (builds first)
// Options: --duration=10 --connections=32 --rate=100 --paced-rounds=4 --paced-seconds=5 --iterations=200000 --rounds=10 --engine-only
import { writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createWorkspace, parseArgs, startFacadeProcess, startJwks, startStandInProcess } from '../lib/harness.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = (path) => new URL(`../../dist/${path}`, import.meta.url).href;
const args = parseArgs();
const DURATION = Number(args.duration ?? 10);
const CONNECTIONS = Number(args.connections ?? 32);
const RATE = Number(args.rate ?? 100);
const PACED_ROUNDS = Number(args['paced-rounds'] ?? 4);
const PACED_SECONDS = Number(args['paced-seconds'] ?? 5);
const ITERATIONS = Number(args.iterations ?? 200_000);
const ROUNDS = Number(args.rounds ?? 10);
const USER = 'alice.admin';
const ROUTES = ['cases.getSummary', 'documents.list'];
const MODES = ['legacy', 'shadow', 'modern'];

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const stats = (samples) => {
  const sorted = Float64Array.from(samples).sort();
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), mean: sorted.reduce((a, b) => a + b, 0) / sorted.length };
};
const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

// ---------------------------------------------------------------- A. the engine in-process
async function engineOverhead() {
  const { StranglerService } = await import(dist('strangler/strangler.service.js'));
  const { RouteTable } = await import(dist('strangler/route-table.js'));
  const { StranglerMetrics } = await import(dist('strangler/strangler-metrics.js'));
  const { InMemoryRouteStateStore } = await import(dist('strangler/in-memory-route-state.store.js'));
  const { stranglerOptions } = await import(dist('strangler/strangler.options.js'));
  const { defineRoute } = await import(dist('strangler/route-definition.js'));

  const options = stranglerOptions({ routesFile: null });
  const metrics = new StranglerMetrics();
  const table = new RouteTable(new InMemoryRouteStateStore(), metrics);
  const strangler = new StranglerService(table, metrics, options);
  const answer = { caseId: '1', urn: '45AA2098224', title: 'R v Bench', isCustody: false };
  const legacy = async () => answer;
  const modern = async () => answer;
  const legacyRoute = strangler.register(defineRoute({ name: 'bench.legacyMode', kind: 'read', legacy, modern }));
  const shadowRoute = strangler.register(defineRoute({ name: 'bench.shadowMode', kind: 'read', legacy, modern }));
  await table.set('bench.shadowMode', { mode: 'shadow' }, 'bench', 'benchmark of shadow overhead');
  const args = { caseId: '1' };
  const context = { userId: 'bench-user', correlationId: 'bench' };
  const invocation = legacyRoute.primaryInvocation;

  const variants = {
    direct: () => legacy(args, invocation),
    legacyMode: () => strangler.execute(legacyRoute, args, context),
    shadowMode: () => strangler.execute(shadowRoute, args, context),
  };
  const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  const perRound = Math.ceil(ITERATIONS / ROUNDS);
  const yieldToMacrotasks = () => new Promise((resolve) => setImmediate(resolve));
  // Warm-up, then rounds that interleave the variants so that drift (GC, JIT, frequency) hits all alike.
  for (const call of Object.values(variants)) for (let i = 0; i < 20_000; i += 1) await call();
  await strangler.shadow.drain();
  for (let r = 0; r < ROUNDS; r += 1) {
    for (const [name, call] of Object.entries(variants)) {
      const out = samples[name];
      for (let i = 0; i < perRound; i += 1) {
        const started = process.hrtime.bigint();
        await call();
        out.push(Number(process.hrtime.bigint() - started) / 1000);
        // Lets shadow work (setImmediate) run between calls, outside the timed window, as it would between requests.
        if ((i & 7) === 0) await yieldToMacrotasks();
      }
      await strangler.shadow.drain();
    }
  }
  const result = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, stats(values)]));
  return {
    iterationsPerVariant: perRound * ROUNDS,
    ...result,
    legacyModeAddedP50Us: result.legacyMode.p50 - result.direct.p50,
    legacyModeAddedP99Us: result.legacyMode.p99 - result.direct.p99,
    shadowModeAddedP50Us: result.shadowMode.p50 - result.direct.p50,
    shadowModeAddedP99Us: result.shadowMode.p99 - result.direct.p99,
  };
}

// ---------------------------------------------------------------- B. over HTTP
const workspace = createWorkspace('bench-strangler-');

function saturated(url, headers, duration) {
  return new Promise((resolve, reject) => {
    autocannon({ url, headers, duration, connections: CONNECTIONS }, (error, result) =>
      error ? reject(error) : resolve({ reqPerSec: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, failures: result.non2xx + result.errors + result.timeouts }),
    );
  });
}

/** Open-loop load at a fixed rate for `seconds`, timing each request to the last byte; answers the latencies (ms). */
async function paced(url, headers, seconds) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const target = new URL(url);
  const latencies = [];
  let failures = 0;
  const one = () =>
    new Promise((resolve) => {
      const started = performance.now();
      const req = httpRequest({ agent, host: target.hostname, port: target.port, path: target.pathname + target.search, headers }, (res) => {
        res.on('data', () => undefined);
        res.on('end', () => {
          if (res.statusCode !== 200) failures += 1;
          latencies.push(performance.now() - started);
          resolve();
        });
      });
      req.on('error', () => {
        failures += 1;
        resolve();
      });
      req.end();
    });
  const total = Math.round(RATE * seconds);
  const interval = 1000 / RATE;
  const begin = performance.now();
  const inFlight = [];
  for (let i = 0; i < total; i += 1) {
    const due = begin + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(one());
  }
  await Promise.all(inFlight);
  agent.destroy();
  return { latencies, failures };
}

async function httpModes() {
  const standIn = await startStandInProcess(workspace);
  const jwks = await startJwks();
  const auth = { authorization: `Bearer ${await jwks.sign({ username: USER, subject: 'bench-user' })}` };
  const adminAuth = { authorization: `Bearer ${await jwks.sign({ username: USER, subject: 'bench-admin', roles: ['Facade.Admin'] })}` };
  const { url: facadeUrl } = await startFacadeProcess(workspace, { standIn, jwks });

  const urn = standIn.users.find((u) => u.username === USER).visibleUrns[0];
  const found = await (await fetch(`${facadeUrl}/api/v1/cases?urn=${urn}`, { headers: auth })).json();
  const caseId = found.cases[0].caseId;
  const endpoints = {
    'cases.getSummary': `${facadeUrl}/api/v1/cases/${caseId}`,
    'documents.list': `${facadeUrl}/api/v1/cases/${caseId}/documents`,
  };

  async function setMode(route, mode) {
    const response = await fetch(`${facadeUrl}/api/v1/admin/routes/${route}`, {
      method: 'PUT',
      headers: { ...adminAuth, 'content-type': 'application/json' },
      body: JSON.stringify({ mode, reason: `bench:strangler measures ${mode} mode` }),
    });
    if (!response.ok) throw new Error(`PUT /admin/routes/${route} ${mode}: HTTP ${response.status} ${await response.text()}`);
  }

  console.error(`bench: case ${caseId} (${urn}); saturated: ${CONNECTIONS} connections for ${DURATION} s; paced: ${RATE} req/s, ${PACED_ROUNDS} interleaved rounds of ${PACED_SECONDS} s`);
  const results = {};
  const settle = () => new Promise((r) => setTimeout(r, 500));
  // 1. Throughput: each mode in turn, saturated.
  for (const mode of MODES) {
    for (const route of ROUTES) await setMode(route, mode);
    await settle();
    for (const route of ROUTES) {
      const url = endpoints[route];
      const check = await fetch(url, { headers: auth });
      const servedBy = check.headers.get('x-served-by');
      await check.arrayBuffer();
      if (!check.ok) throw new Error(`${route} in ${mode} mode answered HTTP ${check.status}`);
      await saturated(url, auth, 2); // warm-up (also fills the documents read model)
      const load = await saturated(url, auth, DURATION);
      results[`${route} ${mode}`] = { route, mode, servedBy, ...load, latencies: [], pacedFailures: 0 };
      console.error(`  ${route} ${mode} (served by ${servedBy}): ${load.reqPerSec} req/s saturated`);
    }
  }
  // 2. User-visible latency below saturation: modes interleaved round by round, so that drift on a shared machine hits all alike.
  for (let r = 0; r < PACED_ROUNDS; r += 1) {
    for (const mode of MODES) {
      for (const route of ROUTES) await setMode(route, mode);
      await settle();
      for (const route of ROUTES) {
        const { latencies, failures } = await paced(endpoints[route], auth, PACED_SECONDS);
        const result = results[`${route} ${mode}`];
        result.latencies.push(...latencies);
        result.pacedFailures += failures;
      }
    }
  }
  for (const result of Object.values(results)) {
    const { p50, p99 } = stats(result.latencies);
    result.pacedRequests = result.latencies.length;
    result.pacedP50 = round(p50, 3);
    result.pacedP99 = round(p99, 3);
    delete result.latencies;
    console.error(`  ${result.route} ${result.mode}: at ${RATE} req/s p50 ${result.pacedP50} ms p99 ${result.pacedP99} ms`);
  }
  const report = await (await fetch(`${facadeUrl}/api/v1/migration`, { headers: adminAuth })).json();
  for (const route of report.routes ?? []) {
    if (ROUTES.includes(route.name)) results[`${route.name} shadow`].shadowReport = route.shadow;
  }
  for (const route of ROUTES) await setMode(route, 'legacy');
  return { caseId, results };
}

const engine = await engineOverhead();
console.error(
  `engine: direct p50 ${round(engine.direct.p50, 3)} µs; legacy mode +${round(engine.legacyModeAddedP50Us, 3)} µs p50; shadow mode +${round(engine.shadowModeAddedP50Us, 3)} µs p50`,
);
if ('engine-only' in args) {
  console.log(JSON.stringify(engine, null, 2));
  process.exit(0);
}
const http = await httpModes();

const results = {
  when: new Date().toISOString(),
  node: process.version,
  cpus: (await import('node:os')).cpus().length,
  loadAverage: (await import('node:os')).loadavg(),
  connections: CONNECTIONS,
  durationSeconds: DURATION,
  pacedRate: RATE,
  pacedRounds: PACED_ROUNDS,
  pacedSeconds: PACED_SECONDS,
  engine,
  http,
};
writeFileSync(join(here, 'results-latest.json'), `${JSON.stringify(results, null, 2)}\n`);

const us = (value) => round(value, 3);
const lines = [
  `Engine in-process (${engine.iterationsPerVariant} calls per variant, no-op implementations):`,
  '',
  '| call | p50 (µs) | p99 (µs) | added p50 (µs) | added p99 (µs) |',
  '|---|---|---|---|---|',
  `| legacy function directly | ${us(engine.direct.p50)} | ${us(engine.direct.p99)} | — | — |`,
  `| execute, legacy mode | ${us(engine.legacyMode.p50)} | ${us(engine.legacyMode.p99)} | ${us(engine.legacyModeAddedP50Us)} | ${us(engine.legacyModeAddedP99Us)} |`,
  `| execute, shadow mode (user-visible) | ${us(engine.shadowMode.p50)} | ${us(engine.shadowMode.p99)} | ${us(engine.shadowModeAddedP50Us)} | ${us(engine.shadowModeAddedP99Us)} |`,
  '',
  `HTTP through the facade (case ${http.caseId}; saturated: ${CONNECTIONS} connections, ${DURATION} s; paced: ${RATE} req/s open loop, ${PACED_ROUNDS} interleaved rounds of ${PACED_SECONDS} s per route and mode):`,
  '',
  '| route | mode | served by | req/s (saturated) | p50 / p99 saturated (ms) | p50 / p99 at fixed rate (ms) | p50 added vs legacy (ms) | failures |',
  '|---|---|---|---|---|---|---|---|',
];
for (const route of ROUTES) {
  const base = http.results[`${route} legacy`];
  for (const mode of MODES) {
    const r = http.results[`${route} ${mode}`];
    const added = mode === 'legacy' ? '—' : round(r.pacedP50 - base.pacedP50, 3);
    lines.push(`| ${route} | ${mode} | ${r.servedBy ?? '?'} | ${r.reqPerSec} | ${r.p50} / ${r.p99} | ${r.pacedP50} / ${r.pacedP99} | ${added} | ${r.failures + r.pacedFailures} |`);
  }
}
const shadowLines = ROUTES.map((route) => [route, http.results[`${route} shadow`].shadowReport]).filter(([, report]) => report);
if (shadowLines.length > 0) {
  lines.push('', 'Shadow comparisons made during the run (GET /api/v1/migration):', '', '| route | shadow compared | mismatches | noise floor compared | skipped (shadow queue full) | modern errors / timeouts |', '|---|---|---|---|---|---|');
  for (const [route, s] of shadowLines) lines.push(`| ${route} | ${s.compared} | ${s.mismatches} | ${s.noiseCompared} | ${s.skipped} | ${s.modernErrors} / ${s.modernTimeouts} |`);
}
console.log(lines.join('\n'));
process.exit(0);
