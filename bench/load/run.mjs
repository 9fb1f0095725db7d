// Load benchmark: a realistic mix of reads (case summary, defendants, witnesses, document lists, small content range
// reads, search, tracker) spread over several users and cases, in two scenarios in one run: healthy, and with a legacy
// outage in the middle (stand-in fault injection, target `all`, `outage: true`). Processes: the stand-in, the facade
// (remote-legacy mode, JWKS auth like production, logs at info), this load generator, and for the peer two bare
// proxies (lib/bare-proxy.mjs) in front of the stand-in. See bench/README.md for the method and the targets.
// Usage: npm run bench:load   (builds first)
// Options: --duration=60 --connections=64 --outage-at=15 --outage-for=30 [--rate=N] [--scenarios=healthy,outage]
//   --users=alice.admin,bob.north,… --cases-per-user=4 --docs-per-case=8 --ingest=1,17,21 --exclude-cases=3,6
//   --peer-duration=10 --out=bench/load/results-latest.json [--records=file.ndjson] [--env=KEY=VALUE …] [--strict]
//   [--seed=11] [--log-level=info]
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createWorkspace, startBareProxy, startFacadeProcess, startJwks, startStandInProcess } from '../lib/harness.mjs';
import { graphqlRequest, legacySession, soapRequest } from '../lib/legacy-requests.mjs';
import { latencyOf, mixedLoad } from '../lib/mixed-load.mjs';
import { envSchema } from '../../dist/config/app-config.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    connections: { type: 'string', default: '64' },
    'outage-at': { type: 'string' },
    'outage-for': { type: 'string' },
    rate: { type: 'string' },
    scenarios: { type: 'string', default: 'healthy,outage' },
    users: { type: 'string', default: 'alice.admin,bob.north,dave.south,erin.ccu,cw001,cw002,cw003,cw004' },
    'cases-per-user': { type: 'string', default: '4' },
    'docs-per-case': { type: 'string', default: '8' },
    ingest: { type: 'string', default: '1,17,21' },
    'exclude-cases': { type: 'string', default: '3,6' },
    'ingest-timeout': { type: 'string', default: '600' },
    'peer-duration': { type: 'string', default: '10' },
    /** Seconds of the healthy mix before RSS is taken as "after warm-up" (JIT, heap and pools at their working size). */
    'warmup-load': { type: 'string', default: '10' },
    timeout: { type: 'string', default: '30' },
    out: { type: 'string', default: join(here, 'results-latest.json') },
    /** Every request of every scenario as one JSON line (scenario, category, key, startMs, latencyMs, status, …). */
    records: { type: 'string' },
    env: { type: 'string', multiple: true, default: [] },
    'log-level': { type: 'string', default: 'info' },
    seed: { type: 'string', default: '11' },
    strict: { type: 'boolean', default: false },
  },
});

const DURATION_S = Number(args.duration);
const CONNECTIONS = Number(args.connections);
// By default the outage covers the middle half: 15 s to 45 s of 60 s.
const OUTAGE_AT_S = Number(args['outage-at'] ?? DURATION_S / 4);
const OUTAGE_FOR_S = Number(args['outage-for'] ?? DURATION_S / 2);
const RATE = args.rate === undefined ? undefined : Number(args.rate);
const SCENARIOS = args.scenarios.split(',').filter(Boolean);
const USERS = args.users.split(',').filter(Boolean);
const CASES_PER_USER = Number(args['cases-per-user']);
const DOCS_PER_CASE = Number(args['docs-per-case']);
const INGEST = args.ingest.split(',').filter(Boolean);
const EXCLUDED = new Set(args['exclude-cases'].split(',').filter(Boolean));
const PEER_DURATION_S = Number(args['peer-duration']);
const RANGE_BYTES = 16_384;
const SEARCH_TERMS = ['statement', 'witness', 'officer', 'vehicle', 'interview', 'evidence', 'hospital', 'knife'];
/** Share of the mix (percent). The first four are the case reads the stale-if-error target is about. */
const MIX = [
  ['summary', 20],
  ['defendants', 10],
  ['witnesses', 10],
  ['documents', 15],
  ['content', 15],
  ['search', 15],
  ['tracker', 15],
];
const CASE_READS = new Set(['summary', 'defendants', 'witnesses', 'documents']);
const TARGETS = { healthyP99Ms: 250, staleShare: 0.95, rssDrift: 0.1 };
/** The 503s a legacy outage is meant to cause (any `reason`: circuit-open, bulkhead-full, …). */
const INTENDED_503 = new Set(['LEGACY_UNAVAILABLE']);

for (const [name, value] of [['duration', DURATION_S], ['connections', CONNECTIONS], ['outage-at', OUTAGE_AT_S], ['outage-for', OUTAGE_FOR_S]]) {
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
}
if (SCENARIOS.includes('outage') && OUTAGE_AT_S + OUTAGE_FOR_S > DURATION_S) throw new Error('the outage must end before the run does (--outage-at + --outage-for ≤ --duration)');
for (const scenario of SCENARIOS) if (scenario !== 'healthy' && scenario !== 'outage') throw new Error(`unknown scenario ${scenario}`);

const log = (line) => console.error(line);
const round2 = (value) => (value === null || value === undefined ? null : Math.round(value * 100) / 100);

// ---- configuration: per-user rate limits raised for the bench --------------------------------------------------
/**
 * Every numeric setting named like a per-user rate limit (RATE_LIMIT, THROTTLE, QUOTA, PER_USER, _PER_MINUTE…; not
 * a window, TTL or duration, nor anything of the legacy CMS's bulkhead, breaker or retries)
 * is set to the largest of 1e6 … 1e3 it accepts, so one bench user's share of a saturated mix is never refused.
 * Settings that do not exist yet are simply not set (unknown environment variables are ignored by the config).
 */
function generousRateLimits() {
  const env = {};
  const shape = envSchema.shape ?? envSchema.def?.schema?.shape ?? envSchema.def?.in?.shape;
  if (shape === undefined) {
    log('bench: cannot read the settings of src/config/app-config.ts (envSchema has no shape); no rate limit raised: use --env');
    return env;
  }
  for (const [key, schema] of Object.entries(shape)) {
    if (!/RATE_?LIMIT|THROTTLE|QUOTA|PER_USER|_PER_(SECOND|MINUTE|HOUR)/i.test(key)) continue;
    // Not the resilience toward the legacy CMS (its bulkhead's rate cap is part of what is measured), nor durations.
    if (/^LEGACY|BULKHEAD|BREAKER|CIRCUIT|RETRY|STAND_?IN/i.test(key) || /(_MS|_SECONDS|_SEC|WINDOW|TTL|_AGE|INTERVAL)$/i.test(key)) continue;
    for (const value of ['1000000', '100000', '10000', '1000']) {
      const parsed = schema.safeParse(value);
      if (parsed.success && typeof parsed.data === 'number') {
        env[key] = value;
        break;
      }
    }
  }
  return env;
}
const extraEnv = Object.fromEntries(
  args.env.map((pair) => {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`--env wants KEY=VALUE, got ${pair}`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  }),
);
const facadeEnv = { LOG_LEVEL: args['log-level'], ...generousRateLimits(), ...extraEnv };

// ---- processes ----------------------------------------------------------------------------------------------------
const workspace = createWorkspace('bench-load-');
const standIn = await startStandInProcess(workspace);
const jwks = await startJwks();
const facade = await startFacadeProcess(workspace, { standIn, jwks, env: facadeEnv });
log(`bench: stand-in pid ${standIn.pid}, facade pid ${facade.pid} at ${facade.url}; env ${JSON.stringify(facadeEnv)}`);

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) * 1024;
}
const mb = (bytes) => round2(bytes / 1_048_576);

async function setFault(body) {
  const response = await fetch(`${standIn.adminUrl}/faults`, {
    method: body === null ? 'DELETE' : 'PUT',
    headers: { 'x-admin-key': standIn.adminKey, 'content-type': 'application/json' },
    body: body === null ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`stand-in admin /faults answered ${response.status}`);
}

const tokens = new Map();
for (const username of USERS) {
  if (!standIn.users.some((u) => u.username === username)) throw new Error(`${username} is not a stand-in user`);
  tokens.set(username, `Bearer ${await jwks.sign({ username, subject: `bench-${username}` })}`);
}
const call = (username, path, init = {}) => fetch(`${facade.url}${path}`, { ...init, headers: { ...init.headers, authorization: tokens.get(username) } });

// ---- warm-up --------------------------------------------------------------------------------------------------------
/** When each exact read (user + path + range) was last answered 200/206 before now, as performance.now(). */
const seenAt = new Map();
const warmupStarted = performance.now();
const ingestUser = USERS[0];
log(`warm-up: refreshing cases ${INGEST.join(', ')} as ${ingestUser}`);
for (const caseId of INGEST) {
  const response = await call(ingestUser, `/api/v1/cases/${caseId}/refresh`, { method: 'POST' });
  if (response.status !== 202) throw new Error(`refresh of case ${caseId} answered ${response.status}: ${await response.text()}`);
}

// Which cases each user sees (by URN, through the facade).
const visible = new Map();
for (const username of USERS) {
  const ids = new Set();
  for (const urn of standIn.users.find((u) => u.username === username).visibleUrns) {
    const response = await call(username, `/api/v1/cases?urn=${urn}`);
    if (!response.ok) throw new Error(`finding cases of ${urn} for ${username} answered ${response.status}`);
    for (const found of (await response.json()).cases) ids.add(found.caseId);
  }
  visible.set(username, [...ids].filter((id) => !EXCLUDED.has(id)).sort((a, b) => Number(a) - Number(b)));
}

// The cases each user works on: the ingested ones it sees first, then others, each user starting at another offset.
const plan = USERS.map((username, index) => {
  const cases = visible.get(username);
  const ingested = cases.filter((id) => INGEST.includes(id));
  const others = cases.filter((id) => !INGEST.includes(id));
  const rotated = others.map((_, i) => others[(i + index * 2) % others.length]);
  const chosen = [...ingested, ...rotated].slice(0, CASES_PER_USER);
  if (chosen.length === 0) throw new Error(`${username} sees no case to work on`);
  return { username, cases: chosen.map((caseId) => ({ caseId, ingested: INGEST.includes(caseId), documents: [] })) };
});

const deadline = Date.now() + Number(args['ingest-timeout']) * 1000;
for (const caseId of INGEST) {
  for (;;) {
    const tracker = await (await call(ingestUser, `/api/v1/cases/${caseId}/tracker`)).json();
    if (tracker.status === 'done') {
      log(`  case ${caseId} ingested after ${round2((performance.now() - warmupStarted) / 1000)} s: ${JSON.stringify(tracker.progress ?? {})}`);
      break;
    }
    if (Date.now() > deadline) throw new Error(`case ${caseId} not ingested within ${args['ingest-timeout']} s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const pathsOf = (caseId) => ({
  summary: `/api/v1/cases/${caseId}`,
  defendants: `/api/v1/cases/${caseId}/defendants`,
  witnesses: `/api/v1/cases/${caseId}/witnesses`,
  documents: `/api/v1/cases/${caseId}/documents`,
  tracker: `/api/v1/cases/${caseId}/tracker`,
});
const contentPath = (caseId, doc) => `/api/v1/cases/${caseId}/documents/${doc.documentId}/versions/${doc.versionId}/content`;
const searchPath = (caseId, term) => `/api/v1/cases/${caseId}/search?q=${encodeURIComponent(term)}`;
const RANGE = `bytes=0-${RANGE_BYTES - 1}`;

let warmupRequests = 0;
const warmupFailures = [];
async function warm(username, path, headers = {}, keySuffix = '') {
  const response = await call(username, path, { headers });
  warmupRequests += 1;
  const body = await response.arrayBuffer();
  if (response.status === 200 || response.status === 206) seenAt.set(`${username}|${path}${keySuffix}`, performance.now());
  else warmupFailures.push(`${username} ${path} → ${response.status}`);
  return { status: response.status, body };
}
log(`warm-up: ${plan.length} users read ${plan.map((p) => p.cases.length).reduce((a, b) => a + b, 0)} (user, case) pairs`);
await Promise.all(
  plan.map(async ({ username, cases }) => {
    for (const entry of cases) {
      const paths = pathsOf(entry.caseId);
      for (const category of ['summary', 'defendants', 'witnesses', 'tracker']) await warm(username, paths[category]);
      const list = await warm(username, paths.documents);
      if (list.status === 200) {
        const documents = JSON.parse(Buffer.from(list.body).toString('utf8')).documents.filter((d) => d.sizeBytes > 0);
        entry.documents = documents.slice(0, DOCS_PER_CASE).map(({ documentId, versionId }) => ({ documentId, versionId }));
      }
      for (const doc of entry.documents) await warm(username, contentPath(entry.caseId, doc), { range: RANGE }, `|${RANGE}`);
      if (entry.ingested) for (const term of SEARCH_TERMS) await warm(username, searchPath(entry.caseId, term));
    }
  }),
);
if (warmupFailures.length > 0) log(`warm-up: ${warmupFailures.length} reads failed, e.g. ${warmupFailures.slice(0, 5).join('; ')}`);
if (warmupFailures.length > warmupRequests / 2) throw new Error('most warm-up reads failed: the facade is not serving');
log(`warm-up: ${warmupRequests} reads done after ${round2((performance.now() - warmupStarted) / 1000)} s; facade RSS ${mb(rssOf(facade.pid))} MB`);

// ---- the mix ----------------------------------------------------------------------------------------------------------
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const MIX_TOTAL = MIX.reduce((sum, [, weight]) => sum + weight, 0);
function mixOf(seed) {
  const random = mulberry32(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  /** Connection w works as user w mod users (a user has several tabs open); each request picks a case and a read. */
  return (_i, worker) => {
    const { username, cases } = plan[worker % plan.length];
    let roll = random() * MIX_TOTAL;
    let category = MIX.find(([, weight]) => (roll -= weight) < 0)[0];
    // Search only where something is ingested: one of the user's ingested cases (a summary read if it has none).
    const searchable = cases.filter((c) => c.ingested);
    if (category === 'search' && searchable.length === 0) category = 'summary';
    const entry = pick(category === 'search' ? searchable : cases);
    if (category === 'content' && entry.documents.length === 0) category = 'documents';
    const headers = { authorization: tokens.get(username) };
    let path;
    let keySuffix = '';
    if (category === 'content') {
      path = contentPath(entry.caseId, pick(entry.documents));
      headers.range = RANGE;
      keySuffix = `|${RANGE}`;
    } else if (category === 'search') {
      path = searchPath(entry.caseId, pick(SEARCH_TERMS));
    } else {
      path = pathsOf(entry.caseId)[category];
    }
    return { category, path, headers, key: `${username}|${path}${keySuffix}` };
  };
}

const WARMUP_LOAD_S = Number(args['warmup-load']);
let warmupLoad = null;
if (WARMUP_LOAD_S > 0) {
  log(`warm-up: the healthy mix for ${WARMUP_LOAD_S} s`);
  const run = await mixedLoad({ url: facade.url, connections: CONNECTIONS, durationMs: WARMUP_LOAD_S * 1000, rate: RATE, timeoutMs: Number(args.timeout) * 1000, next: mixOf(Number(args.seed) + 100) });
  warmupLoad = { requests: run.records.length, ok: run.records.filter((r) => r.status === 200 || r.status === 206).length };
  for (const record of run.records) if ((record.status === 200 || record.status === 206) && record.stale === false) seenAt.set(record.key, run.startedAt + record.startMs + record.latencyMs);
}
await new Promise((r) => setTimeout(r, 2000));
const rssAfterWarmup = rssOf(facade.pid);
const warmupSeconds = round2((performance.now() - warmupStarted) / 1000);
log(`warm-up: done in ${warmupSeconds} s; facade RSS ${mb(rssAfterWarmup)} MB`);

// ---- a scenario ------------------------------------------------------------------------------------------------------
const countBy = (records, keyOf) => {
  const counts = {};
  for (const record of records) {
    const key = keyOf(record);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
};
const isOk = (record) => record.status === 200 || record.status === 206;

function describe(records, seconds) {
  return {
    requests: records.length,
    reqPerSec: seconds > 0 ? Math.round(records.length / seconds) : null,
    ...latencyOf(records),
    statuses: countBy(records, (r) => (r.status === 0 ? `error:${r.error}` : String(r.status))),
    problems: countBy(records.filter((r) => r.status >= 400), (r) => `${r.status} ${r.code ?? '?'}${r.reason ? `/${r.reason}` : ''}`),
    stale: records.filter((r) => isOk(r) && r.stale).length,
  };
}

async function runScenario(name) {
  const outage = name === 'outage';
  const durationMs = DURATION_S * 1000;
  const rssBefore = rssOf(facade.pid);
  let rssPeak = rssBefore;
  const rssSamples = [];
  const sampler = setInterval(() => {
    const rss = rssOf(facade.pid);
    rssPeak = Math.max(rssPeak, rss);
    rssSamples.push(rss);
  }, 250);
  const switches = {};
  const readiness = [];
  const timers = [];
  const pending = [];
  const t0 = performance.now();
  if (outage) {
    timers.push(
      setTimeout(() => {
        switches.onSent = performance.now();
        pending.push(setFault({ target: 'all', outage: true }).then(() => (switches.onAnswered = performance.now())));
      }, OUTAGE_AT_S * 1000),
      setTimeout(() => {
        switches.offSent = performance.now();
        pending.push(setFault(null).then(() => (switches.offAnswered = performance.now())));
      }, (OUTAGE_AT_S + OUTAGE_FOR_S) * 1000),
    );
    // /health/ready once a second: what operators would see (context, not a target).
    const probe = setInterval(() => {
      const at = performance.now();
      fetch(`${facade.url}/health/ready`)
        .then(async (response) => readiness.push({ atMs: at - t0, status: response.status, body: (await response.json().catch(() => ({}))).status ?? null }))
        .catch((error) => readiness.push({ atMs: at - t0, status: 0, body: error.message }));
    }, 1000);
    timers.push(probe);
  }
  log(`scenario ${name}: ${CONNECTIONS} connections, ${DURATION_S} s${RATE ? `, ${RATE} req/s open loop` : ', closed loop'}${outage ? `, legacy outage from ${OUTAGE_AT_S} s for ${OUTAGE_FOR_S} s` : ''}`);
  let run;
  try {
    run = await mixedLoad({
      url: facade.url,
      connections: CONNECTIONS,
      durationMs,
      rate: RATE,
      timeoutMs: Number(args.timeout) * 1000,
      next: mixOf(Number(args.seed) + (outage ? 1 : 0)),
    });
  } finally {
    for (const timer of timers) clearTimeout(timer); // also ends the readiness probe's interval
    await Promise.allSettled(pending);
    if (outage) await setFault(null);
  }
  clearInterval(sampler);
  const rssEnd = rssOf(facade.pid);
  rssPeak = Math.max(rssPeak, rssEnd);
  await new Promise((r) => setTimeout(r, 2000));
  const rssSettled = rssOf(facade.pid);
  const seconds = (run.endedAt - run.startedAt) / 1000;
  const records = run.records;
  if (args.records) appendFileSync(resolve(args.records), records.map((r) => `${JSON.stringify({ scenario: name, ...r })}\n`).join(''));
  const relative = (at) => (at === undefined ? null : at - run.startedAt);

  // Seen before: the same read answered 200/206 before the outage began (warm-up, or earlier in this run).
  const window = outage ? { from: relative(switches.onSent), on: relative(switches.onAnswered), offSent: relative(switches.offSent), to: relative(switches.offAnswered) } : null;
  if (outage && (window.on === null || window.to === null)) throw new Error('the outage was not switched on and off within the run');
  for (const record of records) {
    if (isOk(record) && !record.stale && (!outage || record.startMs + record.latencyMs < window.from)) {
      seenAt.set(record.key, Math.max(seenAt.get(record.key) ?? 0, run.startedAt + record.startMs + record.latencyMs));
    }
  }
  // A 503 LEGACY_UNAVAILABLE is intended when the request overlapped the outage; any other 5xx (and socket errors) is not.
  const overlaps = (r) => outage && r.startMs <= window.to && r.startMs + r.latencyMs >= window.from;
  const unintended = records.filter((r) => r.status === 0 || (r.status >= 500 && !(r.status === 503 && INTENDED_503.has(r.code) && overlaps(r))));
  const result = {
    scenario: name,
    seconds: round2(seconds),
    ...describe(records, seconds),
    byCategory: Object.fromEntries(MIX.map(([category]) => [category, describe(records.filter((r) => r.category === category), seconds)])),
    unintended5xx: { count: unintended.length, statuses: countBy(unintended, (r) => (r.status === 0 ? `error:${r.error}` : `${r.status} ${r.code ?? '?'}${r.reason ? `/${r.reason}` : ''}`)) },
    without503RetryAfter: records.filter((r) => r.status === 503 && r.retryAfter === null).length,
    rss: {
      beforeMb: mb(rssBefore),
      peakMb: mb(rssPeak),
      endMb: mb(rssEnd),
      changePercent: round2(((rssEnd - rssBefore) / rssBefore) * 100),
      settledMb: mb(rssSettled),
      sampleCount: rssSamples.length,
    },
  };
  if (outage) {
    const before = records.filter((r) => r.startMs < window.from);
    const during = records.filter((r) => r.startMs >= window.on && r.startMs < window.offSent);
    const after = records.filter((r) => r.startMs >= window.to);
    const seenReads = during.filter((r) => CASE_READS.has(r.category) && (seenAt.get(r.key) ?? Infinity) < run.startedAt + window.from);
    const allSeen = during.filter((r) => (seenAt.get(r.key) ?? Infinity) < run.startedAt + window.from);
    const last503After = after.filter((r) => r.status === 503).reduce((latest, r) => Math.max(latest, r.startMs), -Infinity);
    result.outage = {
      windowMs: { from: round2(window.from), on: round2(window.on), offSent: round2(window.offSent), to: round2(window.to) },
      phases: {
        before: describe(before, window.from / 1000),
        during: describe(during, (window.offSent - window.on) / 1000),
        after: describe(after, (run.endedAt - run.startedAt - window.to) / 1000),
      },
      duringByCategory: Object.fromEntries(MIX.map(([category]) => [category, describe(during.filter((r) => r.category === category), (window.offSent - window.on) / 1000)])),
      seenCaseReads: {
        total: seenReads.length,
        ok: seenReads.filter(isOk).length,
        okStale: seenReads.filter((r) => isOk(r) && r.stale).length,
        okNotMarked: seenReads.filter((r) => isOk(r) && !r.stale).length,
        /** When unmarked 200s started (ms into the run): near `on` or `offSent` they raced the switch. */
        okNotMarkedStartsMs: seenReads.filter((r) => isOk(r) && !r.stale).slice(0, 20).map((r) => round2(r.startMs)),
        share: seenReads.length === 0 ? null : round2(seenReads.filter(isOk).length / seenReads.length),
      },
      seenAllReads: { total: allSeen.length, ok: allSeen.filter(isOk).length, share: allSeen.length === 0 ? null : round2(allSeen.filter(isOk).length / allSeen.length) },
      maxDataAgeSeconds: during.reduce((max, r) => (r.dataAge !== null && Number.isFinite(r.dataAge) ? Math.max(max, r.dataAge) : max), 0),
      last503AfterRecoveryMs: Number.isFinite(last503After) ? round2(last503After - window.to) : null,
      readiness,
    };
  }
  result.targets = targetsOf(result);
  log(`scenario ${name}: ${result.requests} requests, ${result.reqPerSec} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, statuses ${JSON.stringify(result.statuses)}`);
  return result;
}

function targetsOf(result) {
  const targets = [];
  const add = (name, pass, measured) => targets.push({ name, pass, measured });
  add('no 5xx other than 503s during the outage (nor socket errors)', result.unintended5xx.count === 0, `${result.unintended5xx.count} unintended: ${JSON.stringify(result.unintended5xx.statuses)}`);
  if (result.outage) {
    const seen = result.outage.seenCaseReads;
    add(
      `≥ ${TARGETS.staleShare * 100} % of reads of cases seen before the outage answer 200 during it`,
      seen.share !== null && seen.share >= TARGETS.staleShare,
      `${seen.ok}/${seen.total} = ${seen.share === null ? 'n/a' : `${round2(seen.share * 100)} %`} (${seen.okStale} marked stale)`,
    );
  } else {
    add(`p99 < ${TARGETS.healthyP99Ms} ms healthy`, result.p99 !== null && result.p99 < TARGETS.healthyP99Ms, `p99 ${result.p99} ms`);
  }
  add(`RSS at the end within ±${TARGETS.rssDrift * 100} % of the start`, Math.abs(result.rss.changePercent) <= TARGETS.rssDrift * 100, `${result.rss.beforeMb} → ${result.rss.endMb} MB (${result.rss.changePercent} %)`);
  return targets;
}

/** Waits until a fresh (unmarked) 200 comes back for a case read, i.e. the facade is talking to the legacy CMS again. */
async function waitForRecovery(timeoutMs = 120_000) {
  const started = performance.now();
  const { username, cases } = plan[0];
  while (performance.now() - started < timeoutMs) {
    const response = await call(username, pathsOf(cases[0].caseId).summary);
    await response.arrayBuffer();
    if (response.status === 200 && !response.headers.has('warning') && !response.headers.has('x-data-age')) return round2(performance.now() - started);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the facade did not answer fresh reads within 2 minutes of the outage ending');
}

const scenarios = [];
for (const name of SCENARIOS) {
  if (scenarios.length > 0) await new Promise((r) => setTimeout(r, 1000));
  scenarios.push(await runScenario(name));
  if (name === 'outage') scenarios.at(-1).outage.freshAgainAfterMs = await waitForRecovery();
}

// ---- the peer: the same case reads through bare proxies in front of the stand-in ---------------------------------
async function runPeer() {
  const { username, cases } = plan[0];
  const caseId = cases[0].caseId;
  const session = await legacySession(standIn, username);
  const legacyCaseId = caseId.padStart(8, '0');
  const soap = await startBareProxy(workspace, soapRequest(standIn.soapUrl, 'GetCaseSummary', { SessionToken: session, CaseId: legacyCaseId }));
  const graphql = await startBareProxy(workspace, { ...graphqlRequest(standIn.graphqlUrl, session, 'list-documents', { caseId: legacyCaseId }), json: true });
  const paths = pathsOf(caseId);
  const sides = {
    facade: [
      { category: 'summary', path: paths.summary, headers: { authorization: tokens.get(username) } },
      { category: 'documents', path: paths.documents, headers: { authorization: tokens.get(username) } },
    ],
    bareProxy: [
      { category: 'summary', path: '/', origin: new URL(soap.url) },
      { category: 'documents', path: '/', origin: new URL(graphql.url) },
    ],
  };
  const measured = {};
  for (const [side, choices] of Object.entries(sides)) {
    await mixedLoad({ url: facade.url, connections: CONNECTIONS, durationMs: 2000, next: (i) => choices[i % 2] }); // warm-up
    log(`peer: ${side}, case ${caseId} summary + document list, ${PEER_DURATION_S} s`);
    const run = await mixedLoad({ url: facade.url, connections: CONNECTIONS, durationMs: PEER_DURATION_S * 1000, rate: RATE, next: (i) => choices[i % 2] });
    const seconds = (run.endedAt - run.startedAt) / 1000;
    measured[side] = {
      ...describe(run.records, seconds),
      byCategory: Object.fromEntries(['summary', 'documents'].map((c) => [c, describe(run.records.filter((r) => r.category === c), seconds)])),
    };
  }
  const ratio = (a, b) => (a && b ? round2(a / b) : null);
  return {
    caseId,
    username,
    ...measured,
    ratios: { reqPerSec: ratio(measured.facade.reqPerSec, measured.bareProxy.reqPerSec), p50: ratio(measured.facade.p50, measured.bareProxy.p50), p99: ratio(measured.facade.p99, measured.bareProxy.p99) },
  };
}
const peer = PEER_DURATION_S > 0 ? await runPeer() : null;
const rssFinal = rssOf(facade.pid);

// ---- report -------------------------------------------------------------------------------------------------------------
const results = {
  when: new Date().toISOString(),
  node: process.version,
  durationSeconds: DURATION_S,
  connections: CONNECTIONS,
  rate: RATE ?? null,
  outageAtSeconds: OUTAGE_AT_S,
  outageForSeconds: OUTAGE_FOR_S,
  users: USERS,
  plan: plan.map(({ username, cases }) => ({ username, cases: cases.map((c) => ({ caseId: c.caseId, ingested: c.ingested, documents: c.documents.length })) })),
  mix: Object.fromEntries(MIX),
  facadeEnv,
  warmup: { seconds: warmupSeconds, reads: warmupRequests, failures: warmupFailures.length, loadSeconds: WARMUP_LOAD_S, load: warmupLoad },
  rssAfterWarmupMb: mb(rssAfterWarmup),
  rssEndOfScenariosMb: scenarios.length > 0 ? scenarios.at(-1).rss.endMb : null,
  rssAfterPeerMb: mb(rssFinal),
  scenarios,
  peer,
};
writeFileSync(resolve(args.out), `${JSON.stringify(results, null, 2)}\n`);

const statusText = (statuses) => Object.entries(statuses).map(([status, n]) => `${status}: ${n}`).join(', ');
const lines = [
  `${CONNECTIONS} connections, ${DURATION_S} s per scenario, ${RATE ? `${RATE} req/s open loop` : 'closed loop'}; ${USERS.length} users × ≤ ${CASES_PER_USER} cases; mix ${MIX.map(([c, w]) => `${c} ${w} %`).join(', ')}.`,
  `Warm-up: ${warmupRequests} reads (${warmupFailures.length} failed), then ${WARMUP_LOAD_S} s of the mix (${warmupLoad ? `${warmupLoad.ok}/${warmupLoad.requests} answered 2xx` : 'none'}); ${warmupSeconds} s in all; facade RSS after warm-up ${mb(rssAfterWarmup)} MB.`,
  '',
  '| scenario | requests | req/s | p50 (ms) | p99 (ms) | statuses | problems (4xx/5xx by code) | stale 200s | peak RSS (MB) | RSS start → end (MB) | RSS 2 s later (MB) |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
  ...scenarios.map(
    (s) => `| ${s.scenario} | ${s.requests} | ${s.reqPerSec} | ${s.p50} | ${s.p99} | ${statusText(s.statuses)} | ${statusText(s.problems) || '—'} | ${s.stale} | ${s.rss.peakMb} | ${s.rss.beforeMb} → ${s.rss.endMb} (${s.rss.changePercent >= 0 ? '+' : ''}${s.rss.changePercent} %) | ${s.rss.settledMb} |`,
  ),
];
for (const s of scenarios) {
  lines.push('', `${s.scenario}, by read:`, '', '| read | requests | p50 (ms) | p99 (ms) | statuses |', '|---|---|---|---|---|');
  for (const [category, d] of Object.entries(s.byCategory)) lines.push(`| ${category} | ${d.requests} | ${d.p50} | ${d.p99} | ${statusText(d.statuses)} |`);
  if (s.outage) {
    const o = s.outage;
    lines.push('', `outage window: on at ${round2(o.windowMs.on / 1000)} s, off at ${round2(o.windowMs.to / 1000)} s; by phase:`, '', '| phase | requests | req/s | p50 (ms) | p99 (ms) | statuses | problems | stale 200s |', '|---|---|---|---|---|---|---|---|');
    for (const [phase, d] of Object.entries(o.phases)) lines.push(`| ${phase} | ${d.requests} | ${d.reqPerSec} | ${d.p50} | ${d.p99} | ${statusText(d.statuses)} | ${statusText(d.problems) || '—'} | ${d.stale} |`);
    lines.push('', 'during the outage, by read:', '', '| read | requests | p50 (ms) | p99 (ms) | statuses | problems | stale 200s |', '|---|---|---|---|---|---|---|');
    for (const [category, d] of Object.entries(o.duringByCategory)) lines.push(`| ${category} | ${d.requests} | ${d.p50} | ${d.p99} | ${statusText(d.statuses)} | ${statusText(d.problems) || '—'} | ${d.stale} |`);
    const ready = countBy(o.readiness, (r) => `${r.status} ${r.body}`);
    lines.push(
      '',
      `Reads seen before the outage, answered 200 during it: case reads ${o.seenCaseReads.ok}/${o.seenCaseReads.total} (${o.seenCaseReads.okStale} marked stale, ${o.seenCaseReads.okNotMarked} unmarked); every read ${o.seenAllReads.ok}/${o.seenAllReads.total}. Oldest X-Data-Age served: ${o.maxDataAgeSeconds} s.`,
      `503s after the legacy CMS came back: ${o.last503AfterRecoveryMs === null ? 'none' : `the last one started ${round2(o.last503AfterRecoveryMs / 1000)} s after`}; a fresh case read again ${round2(o.freshAgainAfterMs / 1000)} s after the run. 503s without Retry-After: ${s.without503RetryAfter}.`,
      `/health/ready during the run (status body.status: count): ${statusText(ready) || '—'}.`,
    );
  }
}
if (peer) {
  const f = peer.facade;
  const b = peer.bareProxy;
  lines.push(
    '',
    `Peer (after the scenarios, ${PEER_DURATION_S} s each, ${CONNECTIONS} connections): case ${peer.caseId} summary (SOAP) + document list (GraphQL) for ${peer.username}, through the facade and through bare proxies in front of the stand-in.`,
    '',
    '| side | req/s | p50 (ms) | p99 (ms) | statuses |',
    '|---|---|---|---|---|',
    `| facade | ${f.reqPerSec} | ${f.p50} | ${f.p99} | ${statusText(f.statuses)} |`,
    `| bare proxy | ${b.reqPerSec} | ${b.p50} | ${b.p99} | ${statusText(b.statuses)} |`,
    `| facade / bare proxy | ${peer.ratios.reqPerSec} | ${peer.ratios.p50} | ${peer.ratios.p99} | |`,
  );
}
const limited = scenarios.reduce((sum, s) => sum + (s.statuses['429'] ?? 0), 0);
if (limited > 0) lines.push('', `**${limited} answers were 429**: a per-user rate limit was not raised; pass --env=<KEY>=<large value> (raised: ${JSON.stringify(generousRateLimits())}).`);
lines.push('', 'Targets:');
for (const s of scenarios) for (const t of s.targets) lines.push(`- ${t.pass ? 'PASS' : 'FAIL'} [${s.scenario}] ${t.name}: ${t.measured}`);
lines.push(`RSS after warm-up ${mb(rssAfterWarmup)} MB → end of the scenarios ${results.rssEndOfScenariosMb} MB; after the peer ${mb(rssFinal)} MB.`, `JSON: ${resolve(args.out)}`);
console.log(lines.join('\n'));

const served = scenarios.length > 0 && scenarios.every((s) => (s.statuses['200'] ?? 0) + (s.statuses['206'] ?? 0) > 0);
if (!served) {
  console.error('bench: a scenario served no successful request; the bench did not run');
  process.exit(1);
}
const failed = scenarios.some((s) => s.targets.some((t) => !t.pass));
process.exit(args.strict && failed ? 2 : 0);
