// Facade overhead benchmark: the same reads straight against the stand-in, through the facade, and through a bare
// Node proxy, in one run. Processes: the stand-in, the facade (remote-legacy mode, JWKS auth like production), one
// bare proxy per read (lib/bare-proxy.mjs: the floor, what one more Node process in the path adds on this machine),
// and this load generator.
// Usage: npm run bench:facade   (builds first)   Options: --duration=10 --connections=32 --rate=200 --rounds=3
// Every round measures all three, and the table reports the median round: this machine's CPUs are shared, and a
// drift in the host's load would otherwise land on one side only.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createWorkspace, parseArgs, startBareProxy, startFacadeProcess, startJwks, startStandInProcess } from '../lib/harness.mjs';
import { cpuSecondsOf, pacedLoad } from '../lib/paced-load.mjs';
// The facade's own query text and envelope writer (built by `npm run bench:facade`), so direct calls send what it sends.
import { loadOperation } from '../../dist/legacy/graphql/graphql.client.js';
import { classicContract } from '../../dist/legacy/classic-soap/casework-wsdl.js';
import { readSoapEnvelope } from '../../dist/legacy/classic-soap/soap-envelope.reader.js';
import { writeSoapEnvelope } from '../../dist/legacy/classic-soap/soap-envelope.writer.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = parseArgs();
const DURATION = Number(args.duration ?? 10);
const CONNECTIONS = Number(args.connections ?? 32);
const FIXED_RATE = Number(args.rate ?? 200);
const ROUNDS = Number(args.rounds ?? 3);
// --pin: the stand-in on CPU 0, the facade, the bare proxies and this load generator on CPU 1, as when the legacy
// CMS runs on its own hardware; by default they all share both CPUs.
const PIN = 'pin' in args;
const USER = 'alice.admin';
const workspace = createWorkspace('bench-facade-');

/** A Classic request exactly as the facade writes it: its own envelope writer and the WSDL's SOAPAction. */
function soapRequest(url, operation, args) {
  const { requestElement, soapAction } = classicContract().operations.get(operation);
  return { url, method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${soapAction}"` }, body: writeSoapEnvelope(requestElement, args) };
}

function load(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ duration: DURATION, connections: CONNECTIONS, ...opts }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function summarise(result) {
  return {
    reqPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/** CPU milliseconds per request spent by each process while `run` served `requests()` requests. */
async function withCpu(pids, run, requests) {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSecondsOf(pid)]));
  const result = await run();
  const perRequest = Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => [name, Math.round(((cpuSecondsOf(pid) - before[name]) * 1e6) / requests(result)) / 1000]),
  );
  return { result, cpuMsPerRequest: perRequest };
}

async function pacedOnce(label, request) {
  const paced = await pacedLoad({ ...request, rate: FIXED_RATE, durationSeconds: DURATION, connections: CONNECTIONS });
  console.error(`  ${label}: at ${FIXED_RATE} req/s p50 ${paced.p50} ms p99 ${paced.p99} ms`);
  return paced;
}

async function measureOnce(label, request, pids) {
  const { result, cpuMsPerRequest } = await withCpu(pids, () => load(request), (r) => r.requests.total);
  const saturated = { ...summarise(result), cpuMsPerRequest };
  console.error(`  ${label}: ${saturated.reqPerSec} req/s (CPU ms/request ${JSON.stringify(cpuMsPerRequest)})`);
  return { saturated, paced: await pacedOnce(label, request) };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round2 = (value) => Math.round(value * 100) / 100;

/**
 * Rounds of direct, then the facade and the bare proxy (which of the two goes first alternates), for one read;
 * per-round ratios and differences, and their medians.
 */
async function compare(label, direct, viaFacade, viaBareProxy, pids) {
  await load({ ...direct, duration: 2 }); // warm-up
  await load({ ...viaFacade, duration: 2 });
  await load({ ...viaBareProxy, duration: 2 });
  const rounds = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    console.error(` ${label}, round ${round}/${ROUNDS}`);
    const d = await measureOnce('direct', direct, pids);
    let f;
    let b;
    if (round % 2 === 1) {
      f = await measureOnce('facade', viaFacade, pids);
      b = await pacedOnce('bare proxy', viaBareProxy);
    } else {
      b = await pacedOnce('bare proxy', viaBareProxy);
      f = await measureOnce('facade', viaFacade, pids);
    }
    rounds.push({
      directReqPerSec: d.saturated.reqPerSec,
      facadeReqPerSec: f.saturated.reqPerSec,
      throughputRatio: round2(f.saturated.reqPerSec / d.saturated.reqPerSec),
      directP50: d.paced.p50,
      facadeP50: f.paced.p50,
      addedP50Ms: round2(f.paced.p50 - d.paced.p50),
      directP99: d.paced.p99,
      facadeP99: f.paced.p99,
      addedP99Ms: round2(f.paced.p99 - d.paced.p99),
      bareProxyAddedP50Ms: round2(b.p50 - d.paced.p50),
      bareProxyAddedP99Ms: round2(b.p99 - d.paced.p99),
      saturatedDirectP50: d.saturated.p50,
      saturatedFacadeP50: f.saturated.p50,
      saturatedDirectP99: d.saturated.p99,
      saturatedFacadeP99: f.saturated.p99,
      facadeCpuMsPerRequest: f.saturated.cpuMsPerRequest.facade,
      standInCpuMsPerRequestDirect: d.saturated.cpuMsPerRequest.standIn,
      standInCpuMsPerRequestViaFacade: f.saturated.cpuMsPerRequest.standIn,
      errors: d.saturated.errors + f.saturated.errors + d.saturated.non2xx + f.saturated.non2xx + d.paced.errors + f.paced.errors + d.paced.non2xx + f.paced.non2xx + b.errors + b.non2xx,
    });
  }
  const medians = Object.fromEntries(Object.keys(rounds[0]).map((key) => [key, key === 'errors' ? rounds.reduce((sum, r) => sum + r.errors, 0) : round2(median(rounds.map((r) => r[key])))]));
  return { ...medians, rounds };
}

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) * 1024;
}

async function download(url, headers, pid) {
  const before = pid ? rssOf(pid) : 0;
  let peak = before;
  const sampler = pid ? setInterval(() => (peak = Math.max(peak, rssOf(pid))), 20) : null;
  const started = process.hrtime.bigint();
  const response = await fetch(url, { headers });
  if (!response.ok) throw new Error(`download ${url} answered ${response.status}`);
  let bytes = 0;
  for await (const chunk of response.body) bytes += chunk.length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (sampler) clearInterval(sampler);
  return { bytes, seconds, mbPerSec: bytes / 1_048_576 / seconds, rssGrowthMb: (peak - before) / 1_048_576 };
}

// 1. the stand-in and 2. a JWKS like Entra ID's, 3. the facade pointed at the stand-in as a remote legacy CMS
if (PIN) execFileSync('taskset', ['-a', '-pc', '1', String(process.pid)], { stdio: 'ignore' });
const standIn = await startStandInProcess(workspace, { cpus: PIN ? '0' : undefined });
const jwks = await startJwks();
const token = await jwks.sign({ username: USER, subject: 'bench-user' });
const profileArgs = args.profile ? ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] : [];
// The facade logs at its default level (info): one JSON line per request, as deployed.
const facade = await startFacadeProcess(workspace, { standIn, jwks, nodeArgs: profileArgs, env: { LOG_LEVEL: 'info' }, cpus: PIN ? '1' : undefined });
const facadeUrl = facade.url;

// 4. a legacy session for the direct calls, and a case the user can see
const login = soapRequest(standIn.soapUrl, 'AuthenticateOnBehalfOf', {
  ServiceUsername: standIn.serviceUsername,
  ServicePassword: standIn.servicePassword,
  OnBehalfOfUsername: USER,
});
const loginAnswer = readSoapEnvelope(await (await fetch(login.url, login)).text(), classicContract().operations.get('AuthenticateOnBehalfOf').responseElement);
if (loginAnswer.kind !== 'result') throw new Error('the stand-in refused the bench login');
const session = loginAnswer.result.SessionToken;
const urn = standIn.users.find((u) => u.username === USER).visibleUrns[0];
const auth = { authorization: `Bearer ${token}` };
const found = await (await fetch(`${facadeUrl}/api/v1/cases?urn=${urn}`, { headers: auth })).json();
const caseId = found.cases[0].caseId;
const legacyCaseId = caseId.padStart(8, '0');

const pids = { facade: facade.pid, standIn: standIn.pid, loadGenerator: process.pid };
console.error(`bench: ${CONNECTIONS} connections, ${DURATION} s per run, fixed-rate runs at ${FIXED_RATE} req/s; case ${caseId} (${urn})`);
/** The read straight against the stand-in, through the facade, and through a bare proxy in a process of its own. */
async function peersOf(direct, facadePath, json) {
  const bare = await startBareProxy(workspace, { ...direct, json }, { cpus: PIN ? '1' : undefined });
  return [direct, { url: `${facadeUrl}${facadePath}`, headers: auth }, { url: bare.url }];
}
const graphqlBacked = await compare(
  'GraphQL-backed read (case documents)',
  ...(await peersOf(
    {
      url: standIn.graphqlUrl,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-cms-session': session },
      body: JSON.stringify({ query: loadOperation('list-documents'), variables: { caseId: legacyCaseId } }),
    },
    `/api/v1/cases/${caseId}/documents`,
    true,
  )),
  pids,
);
const soapBacked = await compare(
  'SOAP-backed read (case summary)',
  ...(await peersOf(
    soapRequest(standIn.soapUrl, 'GetCaseSummary', { SessionToken: session, CaseId: legacyCaseId }),
    `/api/v1/cases/${caseId}`,
    false,
  )),
  pids,
);

// 5. the largest document, direct and through the facade
const largest = await findLargestDocument();
async function findLargestDocument() {
  let best = null;
  for (const user of standIn.users.filter((u) => u.username === USER)) {
    for (const visibleUrn of user.visibleUrns) {
      const cases = (await (await fetch(`${facadeUrl}/api/v1/cases?urn=${visibleUrn}`, { headers: auth })).json()).cases ?? [];
      for (const c of cases) {
        const docs = (await (await fetch(`${facadeUrl}/api/v1/cases/${c.caseId}/documents`, { headers: auth })).json()).documents ?? [];
        for (const d of docs) if (!best || d.sizeBytes > best.doc.sizeBytes) best = { caseId: c.caseId, doc: d };
      }
    }
  }
  return best;
}
let stream = null;
if (largest && largest.doc.sizeBytes >= 50 * 1_048_576) {
  const { caseId: bigCase, doc } = largest;
  const legacyPath = `/files/${bigCase.padStart(8, '0')}/${doc.documentId.padStart(8, '0')}/${doc.versionId.padStart(8, '0')}`;
  const filesBase = standIn.filesUrl.replace(/\/files\/?$/, '');
  const contentUrl = `${facadeUrl}/api/v1/cases/${bigCase}/documents/${doc.documentId}/versions/${doc.versionId}/content`;
  await download(`${filesBase}${legacyPath}`, { cookie: `CMSSESSION=${session}` }); // generates and caches the bytes once
  await download(contentUrl, auth); // warm-up
  // One download is at the mercy of the shared host for a fraction of a second: rounds, the order alternating.
  const streamRounds = [];
  for (let round = 1; round <= Math.max(ROUNDS, 3); round += 1) {
    const directOnce = () => download(`${filesBase}${legacyPath}`, { cookie: `CMSSESSION=${session}` });
    const facadeOnce = () => download(contentUrl, auth, facade.pid);
    let d;
    let f;
    if (round % 2 === 1) {
      d = await directOnce();
      f = await facadeOnce();
    } else {
      f = await facadeOnce();
      d = await directOnce();
    }
    streamRounds.push({ directMbPerSec: round2(d.mbPerSec), facadeMbPerSec: round2(f.mbPerSec), ratio: round2(f.mbPerSec / d.mbPerSec), rssGrowthMb: round2(f.rssGrowthMb) });
    console.error(`  stream round ${round}: direct ${d.mbPerSec.toFixed(0)} MB/s, facade ${f.mbPerSec.toFixed(0)} MB/s, RSS +${f.rssGrowthMb.toFixed(1)} MB`);
  }
  const direct = { mbPerSec: median(streamRounds.map((r) => r.directMbPerSec)) };
  const throughFacade = { mbPerSec: median(streamRounds.map((r) => r.facadeMbPerSec)), rssGrowthMb: Math.max(...streamRounds.map((r) => r.rssGrowthMb)) };
  // HEAD: the headers of the same document, which must not make the file store send it.
  const head = await fetch(contentUrl, { method: 'HEAD', headers: auth });
  const headOk = head.status === 200 && head.headers.get('content-length') === String(doc.sizeBytes);
  stream = { sizeMb: doc.sizeBytes / 1_048_576, direct, throughFacade, medianRatio: median(streamRounds.map((r) => r.ratio)), rounds: streamRounds, headOk };
} else {
  console.error('no document of 50 MB or more is visible to the bench user; stream test skipped');
}

const signed = (ms) => `${ms >= 0 ? '+' : '−'}${Math.abs(ms)}`;
const ratio = (a, b) => Math.round((a / b) * 100) / 100;
const results = {
  when: new Date().toISOString(),
  node: process.version,
  connections: CONNECTIONS,
  durationSeconds: DURATION,
  fixedRate: FIXED_RATE,
  rounds: ROUNDS,
  pinned: PIN,
  graphqlBacked,
  soapBacked,
  stream,
};
writeFileSync(join(here, 'results-latest.json'), `${JSON.stringify(results, null, 2)}\n`);

const lines = [
  `Median of ${ROUNDS} rounds (direct first, then the facade and the bare proxy in alternating order); ${CONNECTIONS} connections; latency at ${FIXED_RATE} req/s evenly spaced${PIN ? '; stand-in pinned to CPU 0, facade, bare proxies and load generator to CPU 1' : ''}.`,
  '',
  '| read | direct req/s | facade req/s | ratio | p50 direct → facade (ms) | p99 direct → facade (ms) | bare proxy added p50 / p99 (ms) | saturated p50/p99 direct → facade (ms) | facade CPU ms/request |',
  '|---|---|---|---|---|---|---|---|---|',
  ...[
    ['GraphQL-backed: case documents', results.graphqlBacked],
    ['SOAP-backed: case summary', results.soapBacked],
  ].map(([label, r]) => `| ${label} | ${r.directReqPerSec} | ${r.facadeReqPerSec} | ${r.throughputRatio} | ${r.directP50} → ${r.facadeP50} (${signed(r.addedP50Ms)}) | ${r.directP99} → ${r.facadeP99} (${signed(r.addedP99Ms)}) | ${signed(r.bareProxyAddedP50Ms)} / ${signed(r.bareProxyAddedP99Ms)} | ${r.saturatedDirectP50}/${r.saturatedDirectP99} → ${r.saturatedFacadeP50}/${r.saturatedFacadeP99} | ${r.facadeCpuMsPerRequest} |`),
];
if (stream) {
  lines.push(
    '',
    `| ${stream.sizeMb.toFixed(1)} MB document | MB/s | facade RSS growth (MB) |`,
    '|---|---|---|',
    `| direct from file store (median of ${stream.rounds.length}) | ${stream.direct.mbPerSec.toFixed(0)} | — |`,
    `| through the facade (median) | ${stream.throughFacade.mbPerSec.toFixed(0)} (median per-round ratio ${stream.medianRatio}; rounds ${stream.rounds.map((r) => r.ratio).join(' / ')}) | ${stream.throughFacade.rssGrowthMb.toFixed(1)} (largest) |`,
    '',
    `HEAD on the same content: ${stream.headOk ? '200 with its Content-Length, no body' : 'unexpected answer'}`,
  );
}
console.log(lines.join('\n'));
process.exit(0);
