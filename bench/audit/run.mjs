// Audit overhead benchmark: the same reads through two facades in one run, one writing its audit trail to SQLite
// (group commit, hash chain), one with AUDIT_TRAIL=noop (records accepted and dropped; nothing hashed or written).
// The difference is what the audit costs a request. Processes: the stand-in, the two facades (remote-legacy mode,
// JWKS auth like production), and this load generator. Then, in this process, the trail alone (µs per record).
// Usage: npm run bench:audit   (builds first)   Options: --duration=10 --connections=16 --rate=200 --content-rate=50 --rounds=3
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createWorkspace, parseArgs, startFacadeProcess, startJwks, startStandInProcess } from '../lib/harness.mjs';
import { cpuSecondsOf, pacedLoad } from '../lib/paced-load.mjs';
import { AuditTrail } from '../../dist/audit/audit-trail.service.js';
import { SqliteStateStore } from '../../dist/storage/state/sqlite-state-store.adapter.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = parseArgs();
const DURATION = Number(args.duration ?? 10);
const CONNECTIONS = Number(args.connections ?? 16);
const RATE = Number(args.rate ?? 200);
// Content reads make the stand-in read and send the file: a lower rate keeps both sides below saturation.
const CONTENT_RATE = Number(args['content-rate'] ?? 50);
const ROUNDS = Number(args.rounds ?? 3);
const USER = 'alice.admin';
const workspace = createWorkspace('bench-audit-');

const standIn = await startStandInProcess(workspace);
const jwks = await startJwks();
const token = await jwks.sign({ username: USER, subject: 'bench-user' });
const auth = { authorization: `Bearer ${token}` };
// Logs at warn on both sides: the request log is not what is measured here.
const audited = await startFacadeProcess(workspace, { standIn, jwks, env: { DATA_DIR: join(workspace.work, 'audited'), AUDIT_TRAIL: 'store' } });
const noop = await startFacadeProcess(workspace, { standIn, jwks, env: { DATA_DIR: join(workspace.work, 'noop'), AUDIT_TRAIL: 'noop' } });

const urn = standIn.users.find((u) => u.username === USER).visibleUrns[0];
const caseId = (await (await fetch(`${audited.url}/api/v1/cases?urn=${urn}`, { headers: auth })).json()).cases[0].caseId;
const documents = (await (await fetch(`${audited.url}/api/v1/cases/${caseId}/documents`, { headers: auth })).json()).documents;
const small = documents.filter((d) => d.sizeBytes < 200_000).sort((a, b) => a.sizeBytes - b.sizeBytes)[0] ?? documents[0];
const reads = [
  { label: `case summary at ${RATE} req/s (fail-open: the record is not awaited)`, path: `/api/v1/cases/${caseId}`, rate: RATE },
  {
    label: `document content, ${small.sizeBytes} bytes, at ${CONTENT_RATE} req/s (fail-closed: the answer waits for the commit)`,
    path: `/api/v1/cases/${caseId}/documents/${small.documentId}/versions/${small.versionId}/content`,
    rate: CONTENT_RATE,
  },
];
console.error(`bench: ${CONNECTIONS} connections, ${DURATION} s runs at ${RATE} req/s, ${ROUNDS} rounds; case ${caseId}`);

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const round3 = (value) => Math.round(value * 1000) / 1000;

async function measure(facade, path, rate) {
  const before = cpuSecondsOf(facade.pid);
  const paced = await pacedLoad({ url: `${facade.url}${path}`, headers: auth, rate, durationSeconds: DURATION, connections: CONNECTIONS });
  const cpuMsPerRequest = ((cpuSecondsOf(facade.pid) - before) * 1000) / paced.requests;
  return { ...paced, cpuMsPerRequest };
}

async function compare({ label, path, rate }) {
  for (const facade of [audited, noop]) await pacedLoad({ url: `${facade.url}${path}`, headers: auth, rate, durationSeconds: 2, connections: CONNECTIONS }); // warm-up
  const rounds = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    // Which side goes first alternates, so a drift in the shared host's load lands on both.
    const order = round % 2 === 1 ? [audited, noop] : [noop, audited];
    const results = new Map();
    for (const facade of order) results.set(facade, await measure(facade, path, rate));
    const on = results.get(audited);
    const off = results.get(noop);
    console.error(`  ${label}, round ${round}: p50 ${off.p50} → ${on.p50} ms, p99 ${off.p99} → ${on.p99} ms, CPU ${round3(off.cpuMsPerRequest)} → ${round3(on.cpuMsPerRequest)} ms/request`);
    rounds.push({
      noopP50: off.p50,
      auditP50: on.p50,
      addedP50Ms: round3(on.p50 - off.p50),
      noopP99: off.p99,
      auditP99: on.p99,
      addedP99Ms: round3(on.p99 - off.p99),
      p50Ratio: round3(on.p50 / off.p50),
      addedCpuMsPerRequest: round3(on.cpuMsPerRequest - off.cpuMsPerRequest),
      errors: on.errors + off.errors + on.non2xx + off.non2xx,
    });
  }
  const medians = Object.fromEntries(Object.keys(rounds[0]).map((key) => [key, key === 'errors' ? rounds.reduce((sum, r) => sum + r.errors, 0) : round3(median(rounds.map((r) => r[key])))]));
  return { label, ...medians, rounds };
}

const http = [];
for (const read of reads) http.push(await compare(read));

// The trail alone, in this process, on SQLite: bursts of concurrent records (group commit) and one at a time.
async function trailAlone() {
  const store = SqliteStateStore.fromConfig({ path: join(workspace.work, 'trail-alone', 'state.sqlite') });
  const trail = new AuditTrail(store, { writerId: 'bench' });
  const event = (i) => ({ action: 'case.summary.read', actor: USER, target: `case/${caseId}`, caseId, outcome: 'allowed', status: 200, correlationId: `bench-${i}` });
  for (let i = 0; i < 2000; i += 1) await trail.record(event(i)); // warm-up
  const burst = 32;
  const records = 32_000;
  let started = performance.now();
  for (let i = 0; i < records; i += burst) await Promise.all(Array.from({ length: burst }, (_, j) => trail.record(event(i + j))));
  const groupCommitUsPerRecord = ((performance.now() - started) * 1000) / records;
  const serial = [];
  for (let i = 0; i < 3000; i += 1) {
    started = performance.now();
    await trail.record(event(i));
    serial.push(performance.now() - started);
  }
  serial.sort((a, b) => a - b);
  await store.close();
  return { burst, groupCommitUsPerRecord: round3(groupCommitUsPerRecord), serialCommitP50Ms: round3(serial[Math.floor(serial.length / 2)]), serialCommitP99Ms: round3(serial[Math.floor(serial.length * 0.99)]) };
}
const alone = await trailAlone();

const results = { when: new Date().toISOString(), node: process.version, connections: CONNECTIONS, durationSeconds: DURATION, rate: RATE, contentRate: CONTENT_RATE, rounds: ROUNDS, http, trailAlone: alone };
writeFileSync(join(here, 'results-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
const lines = [
  `Median of ${ROUNDS} rounds; requests evenly spaced over ${CONNECTIONS} connections, ${DURATION} s per side; audit on (SQLite) vs AUDIT_TRAIL=noop, same run.`,
  '',
  '| read | p50 noop → audit (ms) | added p50 (ms) | p99 noop → audit (ms) | added p99 (ms) | p50 ratio | added facade CPU ms/request | errors |',
  '|---|---|---|---|---|---|---|---|',
  ...http.map((r) => `| ${r.label} | ${r.noopP50} → ${r.auditP50} | ${r.addedP50Ms} | ${r.noopP99} → ${r.auditP99} | ${r.addedP99Ms} | ${r.p50Ratio} | ${r.addedCpuMsPerRequest} | ${r.errors} |`),
  '',
  `The trail alone on SQLite: ${alone.groupCommitUsPerRecord} µs per record in bursts of ${alone.burst} (group commit); one record at a time, commit p50 ${alone.serialCommitP50Ms} ms, p99 ${alone.serialCommitP99Ms} ms.`,
];
console.log(lines.join('\n'));
process.exit(0);
