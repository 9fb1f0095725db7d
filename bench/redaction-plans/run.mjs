// Case-wide redaction plan benchmark (issue 14, part 4): build a plan over a 1,000-page case, target < 2 s.
// A synthetic case (50 documents × 20 pages × ~400 words, statements naming a witness with address, phone and
// e-mail) is written as ingestion stores it: text.json per version in the filesystem blob store. The plan is built
// by the real RedactionPlansService over the real IngestedVersions read path (blob store → JSON) and the real
// SQLite StateStore. Peer, measured in the same run over the same blobs: what a client does today without plans,
// one redaction-suggestions computation per document (read the words, find every suggestion), without HTTP.
// Usage: npm run bench:plans   Options: --documents=50 --pages=20 --runs=5 --dist=dist
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = Object.fromEntries(process.argv.slice(2).map((arg) => { const [name, value] = arg.replace(/^--/, '').split('='); return [name, value ?? 'true']; }));
const dist = resolve(here, '..', '..', args.dist ?? 'dist');
const DOCUMENTS = Number(args.documents ?? 50);
const PAGES = Number(args.pages ?? 20);
const RUNS = Number(args.runs ?? 5);
const load = (path) => import(join(dist, path));
const { FsBlobStore } = await load('storage/blob/fs-blob-store.adapter.js');
const { SqliteStateStore } = await load('storage/state/sqlite-state-store.adapter.js');
const { loadJson } = await load('ingestion/stages/store.stage.js');
const { blobKeys } = await load('ingestion/blob-keys.js');
const { RedactionPlanStore } = await load('redaction/plans/redaction-plan.store.js');
const { RedactionPlansService } = await load('redaction/plans/redaction-plans.service.js');
const { findRedactionSuggestions } = await load('redaction/suggestions/suggestion-finder.js');
const { casePeople } = await load('redaction/suggestions/case-people.js');

const CASE_ID = '42';
const witness = { witnessId: '3', firstNames: 'Jane', surname: 'Fairweather', dateOfBirth: '1984-03-12', address: '12 Larkspur Lane, Fictonbury, QX12 3AB', phone: '07700 900123', isVulnerable: false, isIntimidated: false };
const defendant = { defendantId: '1', firstNames: 'Marcus', surname: 'Holloway', dateOfBirth: '1990-07-01', isYouth: false, charges: [] };
const VOCABULARY = 'the witness said that on the evening of the incident she walked along the road towards the station and saw a man in a dark coat who was shouting at the driver of a blue car parked near the shop'.split(' ');

/** A page of 40 lines of 10 words; every fifth line names the witness, her address, phone or e-mail. */
function pageOf(pageIndex, seed) {
  const lines = [];
  for (let l = 0; l < 40; l += 1) {
    let words;
    switch ((l + seed) % 25) {
      case 0: words = ['Statement', 'of', 'Jane', 'Fairweather', 'taken', 'by', 'DC', 'Holloway', 'at', 'home']; break;
      case 5: words = ['Address:', '12', 'Larkspur', 'Lane,', 'Fictonbury,', 'QX12', '3AB', 'and', 'the', 'area']; break;
      case 10: words = ['Tel:', '07700', '900123', 'or', 'e-mail', 'jane.f@example.org', 'if', 'needed', 'again', 'later']; break;
      case 15: words = ['FAIRWEATHER', 'confirmed', 'that', 'Marcus', 'Holloway', 'was', 'there', 'on', 'the', 'night']; break;
      default: words = Array.from({ length: 10 }, (_, w) => VOCABULARY[(l * 7 + w * 3 + seed) % VOCABULARY.length]);
    }
    const y = 60 + l * 18;
    const placed = words.map((text, w) => ({ text, box: { x: 50 + w * 48, y, width: 44, height: 11 } }));
    lines.push({ text: words.join(' '), box: { x: 50, y, width: 480, height: 11 }, words: placed });
  }
  return { pageIndex, width: 595.28, height: 841.89, rotation: 0, source: 'text-layer', lines };
}

const work = mkdtempSync(join(tmpdir(), 'bench-plans-'));
const blobs = FsBlobStore.fromConfig({ root: join(work, 'blobs') });
const state = SqliteStateStore.fromConfig({ path: join(work, 'state.sqlite') });
const versions = new Map();
for (let d = 0; d < DOCUMENTS; d += 1) {
  const ref = { caseId: CASE_ID, documentId: String(1001 + d), versionId: String(7001 + d) };
  versions.set(ref.documentId, ref.versionId);
  const text = { pageCount: PAGES, pages: Array.from({ length: PAGES }, (_, p) => pageOf(p, d + p)) };
  await blobs.put(blobKeys(ref.caseId, ref.documentId, ref.versionId).text, Readable.from([Buffer.from(JSON.stringify(text))]), { contentType: 'application/json' });
}
const ingested = {
  readText: (ref) => loadJson(blobs, blobKeys(ref.caseId, ref.documentId, ref.versionId).text),
  currentVersions: async () => versions,
};
const legacy = { getWitnesses: async () => ({ value: [witness], warnings: [] }), getDefendants: async () => [defendant] };
const queue = { enqueue: async () => 'job' };
const service = new RedactionPlansService(legacy, ingested, queue, new RedactionPlanStore(state), { buildConcurrency: 8 });
const caller = { username: 'alice.admin', correlationId: 'bench' };

const scenarios = {
  'witness name, address, phone': { terms: [], categories: [], people: [{ kind: 'witness', id: '3', categories: ['name', 'address', 'postcode', 'phone'] }] },
  'two terms': { terms: ['Jane Fairweather', '07700 900123'], categories: [], people: [] },
  'every suggestion category': { terms: [], categories: ['name', 'address', 'dob', 'phone', 'email', 'postcode', 'ni-number', 'vehicle-reg', 'sort-code', 'account-number'], people: [] },
};

async function peer() {
  const people = casePeople([witness], [defendant]);
  let found = 0;
  for (const [documentId, versionId] of versions) {
    const text = await ingested.readText({ caseId: CASE_ID, documentId, versionId });
    found += findRedactionSuggestions(text, people).length;
  }
  return found;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const time = async (work) => { const t0 = performance.now(); const result = await work(); return { ms: performance.now() - t0, result }; };
const results = { machine: { cpus: cpus().length, node: process.version, loadavg1m: Math.round(loadavg()[0] * 100) / 100 }, when: new Date().toISOString(), documents: DOCUMENTS, pages: DOCUMENTS * PAGES, scenarios: {} };
try {
  await peer(); // warm-up (module JIT, page cache)
  const peerMs = [];
  for (let r = 0; r < RUNS; r += 1) peerMs.push((await time(peer)).ms);
  results.peer = { name: 'per-document suggestions (today, without plans)', medianMs: Math.round(median(peerMs)) };
  for (const [name, request] of Object.entries(scenarios)) {
    const ms = [];
    let last;
    for (let r = 0; r < RUNS; r += 1) {
      const { ms: elapsed, result } = await time(() => service.create(caller, CASE_ID, request));
      ms.push(elapsed);
      last = result;
    }
    const medianMs = Math.round(median(ms));
    results.scenarios[name] = { medianMs, maxMs: Math.round(Math.max(...ms)), boxes: last.plan.boxCount, documents: last.plan.documentCount, ratioToPeer: Math.round((median(ms) / median(peerMs)) * 100) / 100, underTarget: median(ms) < 2000 };
  }
} finally {
  await state.close();
  rmSync(work, { recursive: true, force: true });
}
console.log(`${results.pages} pages in ${DOCUMENTS} documents; ${cpus().length} CPUs, load ${results.machine.loadavg1m}`);
console.log(`peer: ${results.peer.name}: median ${results.peer.medianMs} ms`);
for (const [name, figures] of Object.entries(results.scenarios)) {
  console.log(`plan (${name}): median ${figures.medianMs} ms, max ${figures.maxMs} ms, ${figures.boxes} boxes in ${figures.documents} documents, ${figures.ratioToPeer}× the peer, target < 2000 ms: ${figures.underTarget ? 'met' : 'MISSED'}`);
}
writeFileSync(join(here, 'results-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
