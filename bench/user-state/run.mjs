/**
 * What per-user state adds to GET documents (issue 14, part 8; ADR 0034), in process, against a peer in the same
 * run: the plain mapping of a case list (the peer) vs the mapping with the caller's view (read marks, one ingestion
 * state per document, capability flags) and the case-history observation, on a SQLite state store.
 * Options: --documents=500 --rounds=300.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { capabilitiesOf } from '../../dist/cases/capabilities/document-capabilities.js';
import { toDocumentListDto } from '../../dist/cases/document.mapper.js';
import { CaseHistoryStore } from '../../dist/cases/user-state/case-history.store.js';
import { ReadMarksStore } from '../../dist/cases/user-state/read-marks.store.js';
import { SqliteStateStore } from '../../dist/storage/state/sqlite-state-store.adapter.js';

const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=')));
const DOCUMENTS = Number(args.documents ?? 500);
const ROUNDS = Number(args.rounds ?? 300);
const here = fileURLToPath(new URL('.', import.meta.url));

const documents = Array.from({ length: DOCUMENTS }, (_, i) => ({
  documentId: String(1000 + i),
  versionId: String(5000 + i),
  title: `Document ${i} with a title of ordinary length`,
  fileName: `document-${i}.pdf`,
  mimeType: i % 25 === 0 ? 'message/rfc822' : 'application/pdf',
  category: 'MG11 Witness statement',
  documentDate: null,
  parentDocumentId: null,
  isUsed: true,
  isCheckedOut: false,
  sizeBytes: 1000,
  versions: [{ versionId: String(5000 + i), createdAt: null, sizeBytes: 1000 }],
}));

const dir = mkdtempSync(join(tmpdir(), 'bench-user-state-'));
const state = SqliteStateStore.fromConfig({ path: join(dir, 'state.db') });
const history = new CaseHistoryStore(state);
const reads = new ReadMarksStore(state);
// Ingestion state as the tracker keeps it: one row per document.
for (const document of documents) await state.put('benchTracker', '1', document.documentId, { versionId: document.versionId, status: 'indexed', reason: null });
for (let i = 0; i < DOCUMENTS; i += 10) await reads.markRead('bob.north', '1', documents[i].documentId, documents[i].versionId);
await history.observe('1', documents);

const allowed = { capabilities: { redact: null, rename: null, reclassify: null }, read: new Set(), checkedOutBy: null };
async function withView(list) {
  const [read, states] = await Promise.all([
    reads.readVersions('bob.north', '1'),
    // IngestedVersions.states: the case's tracked documents in one list read.
    state.list('benchTracker', '1').then((entities) => entities.map((entity) => [entity.key, entity.value])),
    history.observe('1', list),
  ]);
  const ingestion = new Map(states);
  return toDocumentListDto(list, (document) => ({
    read,
    checkedOutBy: null,
    capabilities: capabilitiesOf({ document, username: 'bob.north', checkedOutBy: null, ingestion: ingestion.get(document.documentId) ?? null }),
  }));
}

const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];
async function measure(fn) {
  for (let i = 0; i < 20; i += 1) await fn(i);
  const times = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const start = process.hrtime.bigint();
    await fn(i);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

const plain = await measure(() => toDocumentListDto(documents, () => allowed));
const unchanged = await measure(() => withView(documents));
// A rename every round: the observation writes a new head and a log row.
const changed = await measure((i) => withView(documents.map((document, n) => (n === 0 ? { ...document, title: `Renamed ${i}` } : document))));
const perChange = await measure(async (i) => history.observe('2', i % 2 === 0 ? documents : documents.slice(1)));

const rows = [
  ['mapping only (peer)', plain],
  ['with view + history, list unchanged', unchanged],
  ['with view + history, one rename per list', changed],
  ['history observe alone, one change per list', perChange],
];
console.log(`\n${DOCUMENTS} documents, ${ROUNDS} rounds, SQLite state store\n`);
console.log('| what | p50 ms | p95 ms | p50 vs peer |\n|---|---|---|---|');
for (const [name, r] of rows) console.log(`| ${name} | ${r.p50.toFixed(2)} | ${r.p95.toFixed(2)} | ${(r.p50 / plain.p50).toFixed(1)}× |`);
writeFileSync(join(here, 'results-latest.json'), JSON.stringify({ documents: DOCUMENTS, rounds: ROUNDS, rows: Object.fromEntries(rows) }, null, 2));
await state.close();
rmSync(dir, { recursive: true, force: true });
