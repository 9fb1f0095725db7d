// Redaction-session draft saves (issue 14: p95 < 20 ms), one run on this machine, over HTTP through the whole facade
// (JWKS auth, case access, audit, StateStore on SQLite) against the stand-in, each in its own process.
// Usage: npm run bench:sessions --  [--saves=300] [--boxes=50] [--rounds=3]
// One client saves the draft as a lawyer's autosave does (each PUT with the ETag the last one answered); the peer,
// measured in the same rounds, is a GET of the same session (same route prefix, auth, access check and audit; one
// StateStore read instead of a conditional write). Rounds alternate the two, and the table reports the median round.
import { performance } from 'node:perf_hooks';
import { cpus, loadavg } from 'node:os';
import { createWorkspace, parseArgs, startFacadeProcess, startJwks, startStandInProcess } from '../lib/harness.mjs';

const args = parseArgs();
const SAVES = Number(args.saves ?? 300);
const BOXES = Number(args.boxes ?? 50);
const ROUNDS = Number(args.rounds ?? 3);
const USER = 'alice.admin';
const CASE_ID = '1';

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const workspace = createWorkspace('bench-sessions-');
const standIn = await startStandInProcess(workspace);
const jwks = await startJwks();
const facade = await startFacadeProcess(workspace, { standIn, jwks, env: { LOG_LEVEL: 'error', OCR: 'off' } });
const token = await jwks.sign({ username: USER, subject: 'bench-sessions' });
const headers = { authorization: `Bearer ${token}` };

const documents = (await (await fetch(`${facade.url}/api/v1/cases/${CASE_ID}/documents`, { headers })).json()).documents;
const document = documents.find((candidate) => candidate.parentDocumentId === null);
const sessionUrl = `${facade.url}/api/v1/cases/${CASE_ID}/documents/${document.documentId}/versions/${document.versionId}/redaction-session`;
const started = await fetch(sessionUrl, { method: 'POST', headers });
if (started.status !== 201) throw new Error(`session start answered ${started.status}: ${await started.text()}`);
let etag = started.headers.get('etag');

/** A realistic autosave: BOXES boxes over 10 pages, some word references, one rotation; it changes every save. */
const draftOf = (save) => ({
  boxes: Array.from({ length: BOXES }, (_, index) => ({
    pageIndex: index % 10,
    pageWidth: 1224,
    pageHeight: 1584,
    rect: { x: 100 + ((index * 37 + save) % 900), y: 80 + index * 25, width: 160, height: 28 },
    redactionType: ['named-person', 'address', 'phone', 'other'][index % 4],
    ...(index % 4 === 3 ? { note: 'witness nickname' } : {}),
  })),
  words: Array.from({ length: 20 }, (_, index) => ({ pageIndex: index % 10, lineIndex: index, wordIndex: (save + index) % 12, redactionType: 'named-person' })),
  pageModifications: [{ pageIndex: 3, action: 'rotate', rotateBy: 90 }],
});

async function timed(request) {
  const begin = performance.now();
  const response = await request();
  await response.arrayBuffer();
  const ms = performance.now() - begin;
  if (!response.ok) throw new Error(`answered ${response.status}`);
  return { ms, response };
}

async function saves(count, offset) {
  const times = [];
  for (let index = 0; index < count; index++) {
    const body = JSON.stringify(draftOf(offset + index));
    const { ms, response } = await timed(() => fetch(`${sessionUrl}/draft`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/json', 'if-match': etag }, body }));
    etag = response.headers.get('etag');
    times.push(ms);
  }
  return times;
}

async function reads(count) {
  const times = [];
  for (let index = 0; index < count; index++) times.push((await timed(() => fetch(sessionUrl, { headers }))).ms);
  return times;
}

// Warm-up: JIT, SQLite page cache, the case-access cache.
await saves(30, 0);
await reads(30);

const rows = [];
for (let index = 0; index < ROUNDS; index++) {
  const put = await saves(SAVES, (index + 1) * 1000);
  const get = await reads(SAVES);
  rows.push({ putP50: percentile(put, 50), putP95: percentile(put, 95), getP50: percentile(get, 50), getP95: percentile(get, 95) });
  console.error(`round ${index + 1}: PUT draft p50 ${round(rows.at(-1).putP50)} ms p95 ${round(rows.at(-1).putP95)} ms; GET session p50 ${round(rows.at(-1).getP50)} ms p95 ${round(rows.at(-1).getP95)} ms`);
}
await fetch(sessionUrl, { method: 'DELETE', headers });

const result = {
  machine: { cpus: cpus().length, loadavg: loadavg().map((value) => round(value)) },
  draftBytes: Buffer.byteLength(JSON.stringify(draftOf(0))),
  savesPerRound: SAVES,
  rounds: ROUNDS,
  putDraftP50Ms: round(median(rows.map((row) => row.putP50))),
  putDraftP95Ms: round(median(rows.map((row) => row.putP95))),
  getSessionP50Ms: round(median(rows.map((row) => row.getP50))),
  getSessionP95Ms: round(median(rows.map((row) => row.getP95))),
  p95Ratio: round(median(rows.map((row) => row.putP95 / row.getP95))),
  targetP95Ms: 20,
};
console.log(JSON.stringify(result, null, 2));
process.exit(0);
