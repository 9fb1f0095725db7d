// Redaction log summary benchmark: the management figures for a period read from the day-bucketed summary table
// (what GET /api/v1/redaction-log/summary does) against the naive peer, scanning every case's redaction log and
// filtering by date, over the same SQLite state store in the same run. Also: µs to hash a document's removed words.
// Usage: npm run bench:redaction-log   (builds first)   Options: --cases=400 --per-case=25 --days=90 --rounds=7
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RedactionLogSummaryStore } from '../../dist/redaction/log/redaction-log-summary.store.js';
import { summarise } from '../../dist/redaction/log/redaction-log-summary.js';
import { RemovedWordHasher } from '../../dist/redaction/log/removed-word-hasher.js';
import { REDACTION_LOG_TABLE, RedactionLog } from '../../dist/redaction/redaction-log.js';
import { SqliteStateStore } from '../../dist/storage/state/sqlite-state-store.adapter.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=')));
const CASES = Number(args.cases ?? 400);
const PER_CASE = Number(args['per-case'] ?? 25);
const DAYS = Number(args.days ?? 90);
const ROUNDS = Number(args.rounds ?? 7);
const TYPES = ['named-person', 'address', 'phone', 'date-of-birth', 'email', 'other'];
const dir = mkdtempSync(join(tmpdir(), 'bench-redaction-log-'));
const store = SqliteStateStore.fromConfig({ path: join(dir, 'state.db') });
const log = new RedactionLog(store);
const summaries = new RedactionLogSummaryStore(store);
const start = Date.parse('2026-01-01T00:00:00Z');
const day = (offset) => new Date(start + offset * 86_400_000).toISOString().slice(0, 10);

let n = 0;
for (let caseNumber = 1; caseNumber <= CASES; caseNumber += 1) {
  for (let i = 0; i < PER_CASE; i += 1) {
    n += 1;
    const savedAt = new Date(start + ((n * 7919) % (DAYS * 86_400)) * 1_000).toISOString();
    const byType = { [TYPES[n % TYPES.length]]: 1 + (n % 5), [TYPES[(n + 2) % TYPES.length]]: 1 };
    const boxCount = Object.values(byType).reduce((a, b) => a + b, 0);
    const unitId = `U${caseNumber % 12}`;
    const agencyFeedback = n % 4 === 0 ? { agency: `Force ${n % 9}`, underRedactions: [{ redactionType: 'phone', count: 1 }], overRedactions: [], returnedToAgency: n % 8 === 0 } : undefined;
    const entryId = `${savedAt}-000000-${String(n).padStart(10, '0')}`;
    const { entry } = await log.appendOnce(entryId, savedAt, {
      caseId: String(caseNumber), documentId: String(n), oldVersionId: '1', newVersionId: '2', pages: [0], boxCount, pageModifications: [], reasonCodes: [],
      engine: 'bench', savedBy: 'bench', correlationId: 'bench', byType, unitId, unitName: unitId, ...(agencyFeedback ? { agencyFeedback } : {}),
    });
    await summaries.record({ caseId: entry.caseId, entryId, savedAt, unitId, unitName: unitId, boxCount, byType, ...(agencyFeedback ? { agencyFeedback } : {}) });
  }
}

/** The peer: every case's log, every entry, filtered by date. */
async function naive(from, to) {
  const rows = [];
  for (const caseId of await store.partitions(REDACTION_LOG_TABLE)) {
    for (let after; ;) {
      const page = await log.list(caseId, { limit: 200, after });
      for (const entry of page.entries) {
        const d = entry.savedAt.slice(0, 10);
        if (d >= from && d <= to) rows.push({ ...entry, unitId: entry.unitId ?? null, unitName: entry.unitName ?? null, byType: entry.byType ?? {} });
      }
      if (page.nextAfter === null) break;
      after = page.nextAfter;
    }
  }
  return summarise(rows);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
async function timed(run) {
  const times = [];
  let result;
  for (let round = 0; round < ROUNDS; round += 1) {
    const began = process.hrtime.bigint();
    result = await run();
    times.push(Number(process.hrtime.bigint() - began) / 1e6);
  }
  return { ms: median(times), result };
}

const rows = [];
for (const [label, from, to] of [['7 days', day(30), day(36)], ['30 days', day(30), day(59)], [`${DAYS} days`, day(0), day(DAYS - 1)]]) {
  const table = await timed(() => summaries.summary(from, to));
  const scan = await timed(() => naive(from, to));
  if (JSON.stringify(table.result) !== JSON.stringify(scan.result)) throw new Error(`figures differ for ${label}`);
  rows.push({ period: label, redactions: table.result.redactions, tableMs: +table.ms.toFixed(1), scanMs: +scan.ms.toFixed(1), ratio: +(scan.ms / table.ms).toFixed(1) });
}

const hasher = RemovedWordHasher.fromKey(Buffer.alloc(32, 1).toString('base64'));
const words = Array.from({ length: 2_000 }, (_, i) => `word${i % 700}`);
const hashing = await timed(() => hasher.hashAll(words));

console.log(`| period | redactions | summary table (ms) | scan every case (ms) | scan / table |`);
console.log(`|---|---|---|---|---|`);
for (const row of rows) console.log(`| ${row.period} | ${row.redactions} | ${row.tableMs} | ${row.scanMs} | ${row.ratio}× |`);
console.log(`\n${CASES} cases × ${PER_CASE} saves over ${DAYS} days; hashing 2,000 removed words (700 distinct): ${hashing.ms.toFixed(2)} ms`);
writeFileSync(join(here, 'results-latest.json'), JSON.stringify({ cases: CASES, perCase: PER_CASE, days: DAYS, rows, hashing2000WordsMs: hashing.ms }, null, 2));
await store.close();
rmSync(dir, { recursive: true, force: true });
