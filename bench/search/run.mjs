// Search benchmark: p50/p95 latency of ~1,000 varied queries over an index of >= 500,000 words, in one run,
// (1) through the HTTP API (GET /api/v1/cases/{caseId}/search on a minimal Nest app: SearchModule with the real
// controller, guard, access re-check, current-versions filter, hit grouping and highlighting; a stub legacy
// access check stands in for the legacy CMS and a header for the bearer token), (2) through the SQLite adapter
// in process, and (3) as the raw FTS5 MATCH on the same file. Ratios are against (3).
// Usage: npm run bench:search   (builds first)   Options: --words=520000 --queries=1000 --seed=7 --limit=100
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import 'reflect-metadata';
import Database from 'better-sqlite3';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = join(here, '..', '..', 'dist');
const load = (path) => import(join(dist, path));
const { SearchModule } = await load('search/search.module.js');
const { SqliteFtsSearchIndex } = await load('search/sqlite-fts-search-index.adapter.js');
const { parseSearchQuery } = await load('search/query-parser.js');
const { toFts5Match } = await load('search/fts5-match.mapper.js');
const { CaseAccessCache } = await load('auth/case-access.cache.js');
const { registerRequestContextHooks, requestContextOf } = await load('common/correlation-id.js');
const { ProblemDetailsFilter } = await load('common/problem-details.filter.js');
const { createValidationPipe } = await load('common/validation/validation.pipe.js');

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const TARGET_WORDS = Number(args.words ?? 520_000);
const QUERIES = Number(args.queries ?? 1000);
const SEED = Number(args.seed ?? 7);
const LIMIT = Number(args.limit ?? 100);
const CASE = '1';

// ---- seeded corpus ------------------------------------------------------------------------------------------
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
const random = mulberry32(SEED);
const pick = (list) => list[Math.floor(random() * list.length)];

const FUNCTION_WORDS = 'the a of and to in was he she i it that his her at on with for as by from we they had not but be this were have then there when which'.split(' ');
const STATEMENT_WORDS = (
  'statement witness officer police constable sergeant detective suspect victim defendant accused complainant court hearing custody interview ' +
  'evidence exhibit knife weapon blade kitchen bag jacket hood trainers phone mobile vehicle car van bicycle street road avenue lane house flat ' +
  'door window stairs garden park shop station bus train night morning evening afternoon saturday sunday monday friday approximately minutes ' +
  'hours later earlier shouted screamed ran walked drove saw heard noticed recognised described identified arrested cautioned charged released ' +
  'injury injuries bruising blood hospital ambulance paramedic doctor treatment wound cut stab punch kick assault robbery burglary theft damage ' +
  'threat threatened frightened scared angry drunk intoxicated argument fight struggle grabbed pushed fell floor ground pavement camera footage ' +
  'cctv recording image description height build hair wearing dark light blue black grey white red green tall short male female youth adult ' +
  'neighbour friend partner brother sister mother father cousin colleague manager employee customer driver passenger resident landlord ' +
  'address telephone number message text call called contacted reported informed attended arrived left returned entered searched seized ' +
  'recovered forensic fingerprint dna sample swab bag sealed labelled signed dated true belief knowledge prosecuted court proceedings ' +
  'magistrates crown sentence bail remand plea guilty trial jury judge solicitor barrister counsel disclosure unused material schedule ' +
  'continuity chain custody record log entry notebook pocketbook occurrence incident crime reference case file review decision'
).split(' ');
const NAMES = 'Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Robinson Wright Thompson Evans Walker White Roberts Green Hall Wood Jackson Clarke Khan Ahmed Nowak Kowalski Müller Zoë Sinéad Séan Ólafur Noël'.split(' ');
const PLACES = 'Leeds Bradford Manchester Liverpool Birmingham Coventry Bristol Cardiff Newcastle Sheffield Nottingham Leicester Southampton Brighton'.split(' ');

// Zipf-like: a word at rank r is drawn with weight 1/(r+1).
const VOCAB = [...FUNCTION_WORDS, ...STATEMENT_WORDS, ...NAMES, ...PLACES];
const weights = VOCAB.map((_w, r) => 1 / (r + 1) ** 0.9);
const total = weights.reduce((a, b) => a + b, 0);
const cumulative = [];
weights.reduce((acc, w, i) => (cumulative[i] = acc + w / total), 0);
function zipfWord() {
  const u = random();
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return VOCAB[lo];
}
const phones = Array.from({ length: 400 }, () => `07${String(Math.floor(random() * 1000)).padStart(3, '0')} ${String(Math.floor(random() * 1_000_000)).padStart(6, '0')}`);

function lineText() {
  const words = [];
  const length = 7 + Math.floor(random() * 8);
  while (words.length < length) {
    const roll = random();
    if (roll < 0.015) words.push(...pick(phones).split(' '));
    else if (roll < 0.03) words.push(`${1 + Math.floor(random() * 28)}/${1 + Math.floor(random() * 12)}/20${10 + Math.floor(random() * 15)}`);
    else if (roll < 0.06) words.push(pick(NAMES));
    else words.push(zipfWord());
  }
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + (random() < 0.6 ? '.' : ',');
}

function lineOf(caseId, documentId, versionId, pageIndex, lineIndex, text) {
  let x = 72;
  const words = text.split(' ').map((word) => {
    const box = { x, y: 72 + lineIndex * 14, width: Math.round(word.length * 5.5 * 100) / 100, height: 10 };
    x += word.length * 5.5 + 3;
    return { text: word, box };
  });
  return { caseId, documentId, versionId, pageIndex, lineIndex, text, pageWidth: 595.28, pageHeight: 841.89, words };
}

// ---- build the index ------------------------------------------------------------------------------------------
const work = mkdtempSync(join(tmpdir(), 'bench-search-'));
if (args.keep === undefined) process.on('exit', () => rmSync(work, { recursive: true, force: true }));
else console.log(`keeping ${work}`);
const path = join(work, 'search.sqlite');
const index = SqliteFtsSearchIndex.fromConfig({ path });

const LINES_PER_PAGE = 45;
const PAGES_PER_DOCUMENT = 12;
const current = new Map(); // case 1: documentId → current versionId
const adjacentPairs = [];
let words = 0;
let lines = 0;
let documentNumber = 0;
const buildStart = performance.now();
while (words < TARGET_WORDS) {
  documentNumber += 1;
  // Half the words in the searched case, the rest spread over three others (trimmed away by the query).
  const caseId = documentNumber % 2 === 0 ? CASE : String(2 + (documentNumber % 3));
  const documentId = String(1000 + documentNumber);
  const hasOldVersion = random() < 0.15;
  const versions = hasOldVersion ? [String(5000 + documentNumber * 2), String(5001 + documentNumber * 2)] : [String(5001 + documentNumber * 2)];
  for (const versionId of versions) {
    const batch = [];
    for (let page = 0; page < PAGES_PER_DOCUMENT; page += 1) {
      for (let line = 0; line < LINES_PER_PAGE; line += 1) {
        const text = lineText();
        const tokens = text.split(' ');
        words += tokens.length;
        if (caseId === CASE && random() < 0.01) {
          const at = Math.floor(random() * (tokens.length - 1));
          adjacentPairs.push(`${tokens[at]} ${tokens[at + 1]}`);
        }
        batch.push(lineOf(caseId, documentId, versionId, page, line, text));
      }
    }
    lines += batch.length;
    await index.upsertLines(batch);
  }
  if (caseId === CASE) current.set(documentId, versions.at(-1));
}
const buildSeconds = (performance.now() - buildStart) / 1000;
const fileMb = (statSync(path).size + (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0)) / 1024 / 1024;

// ---- queries ----------------------------------------------------------------------------------------------------
const queryWords = [...STATEMENT_WORDS, ...NAMES, ...PLACES];
function makeQuery() {
  const roll = random();
  if (roll < 0.35) return pick(queryWords);
  if (roll < 0.5) return `${pick(queryWords)} ${pick(queryWords)}`;
  if (roll < 0.65) return `"${pick(adjacentPairs).replace(/[.,"]/g, '')}"`;
  if (roll < 0.8) {
    const word = pick(queryWords);
    return `${word.slice(0, Math.min(word.length, 3 + Math.floor(random() * 3)))}*`;
  }
  if (roll < 0.9) return pick(phones);
  if (roll < 0.95) return `${pick(queryWords)} ${pick(FUNCTION_WORDS)} ${pick(queryWords)}`;
  return `${pick(queryWords)}x${Math.floor(random() * 100)}`; // no hits
}
const queries = Array.from({ length: QUERIES }, makeQuery);

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
function summarise(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1), mean: samples.reduce((a, b) => a + b, 0) / samples.length };
}
async function measure(run) {
  for (const q of queries.slice(0, 100)) await run(q); // warm-up
  const samples = [];
  let hits = 0;
  for (const q of queries) {
    const start = performance.now();
    hits += await run(q);
    samples.push(performance.now() - start);
  }
  return { ...summarise(samples), hits };
}

// (3) raw FTS5: the same MATCH expression, no join, no trimming, no JSON.
const raw = new Database(path, { readonly: true });
const rawStatement = raw.prepare('SELECT rowid, bm25(search_line_fts) AS rank FROM search_line_fts WHERE search_line_fts MATCH ? ORDER BY rank LIMIT ?');
const rawResult = await measure((q) => Promise.resolve(rawStatement.all(toFts5Match(parseSearchQuery(q)), LIMIT).length));

// (2) the adapter, in process: case trimming, current-versions filter, words JSON.
const adapterResult = await measure(async (q) => (await index.search({ caseIds: [CASE], terms: parseSearchQuery(q), currentVersions: current, limit: LIMIT })).length);

// The searched case's document list (what the legacy CMS answers): titles, file names, categories, types, dates,
// drawn with a generator of their own so the corpus stays the one earlier runs measured.
const metaRandom = mulberry32(SEED + 1);
const metaPick = (list) => list[Math.floor(metaRandom() * list.length)];
const CATEGORIES = ['MG11', 'Exhibit', 'Custody', 'Correspondence', 'Unused', 'MG5'];
const TYPES = [
  ['application/pdf', 'pdf'],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
  ['message/rfc822', 'eml'],
  ['image/jpeg', 'jpg'],
  ['application/vnd.ms-excel', 'xls'],
];
const day = () => `2025-${String(1 + Math.floor(metaRandom() * 12)).padStart(2, '0')}-${String(1 + Math.floor(metaRandom() * 28)).padStart(2, '0')}`;
const documentList = [...current.entries()].map(([documentId, versionId]) => {
  const category = metaPick(CATEGORIES);
  const [mimeType, extension] = metaPick(TYPES);
  const name = metaPick(NAMES);
  return {
    documentId,
    versionId,
    title: `${category} ${metaPick(['statement of', 'exhibit from', 'record of', 'letter to'])} ${name}`,
    fileName: `${category.toLowerCase()}-${name.toLowerCase()}-${documentId}.${extension}`,
    mimeType,
    category,
    documentDate: day(),
    parentDocumentId: null,
    isUsed: true,
    isCheckedOut: false,
    sizeBytes: 1000,
    versions: [{ versionId, createdAt: `${day()}T09:00:00Z`, sizeBytes: 1000 }],
  };
});
const FILTERS = '&category=MG11&category=Exhibit&category=Custody&type=pdf,word,email&from=2025-02-01&to=2025-11-30&state=indexed&sort=date';

// (1) through HTTP.
const legacy = { checkCaseAccess: () => Promise.resolve('granted'), listDocuments: () => Promise.resolve(documentList) };
const ingested = { currentVersions: () => Promise.resolve(current), state: (_caseId, documentId) => Promise.resolve({ versionId: current.get(documentId), status: 'indexed', reason: null }) };
const app = await NestFactory.create(
  SearchModule.forRoot({ searchIndex: { kind: 'sqlite', path } }, { searchIndex: index, legacy, caseAccessCache: new CaseAccessCache(30_000), currentVersions: ingested }),
  new FastifyAdapter({ logger: false }),
  { logger: false },
);
const fastify = app.getHttpAdapter().getInstance();
registerRequestContextHooks(fastify);
fastify.addHook('onRequest', (request, _reply, done) => {
  const context = requestContextOf(request);
  if (context !== undefined) context.user = { subject: 'bench', username: 'bench.user', roles: [] };
  done();
});
app.useGlobalFilters(new ProblemDetailsFilter());
app.useGlobalPipes(createValidationPipe());
await app.listen(0, '127.0.0.1');
const { SearchService } = await load('search/search.service.js');
const service = app.get(SearchService);
const serviceResult = await measure(async (q) => (await service.searchCase({ username: 'bench.user', correlationId: 'bench' }, CASE, q, LIMIT)).hitCount);
const { port } = app.getHttpServer().address();
// node:http with keep-alive rather than fetch: the client's own cost stays small next to the server's.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
function get(path) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
let bytes = 0;
const apiResult = await measure(async (q) => {
  const response = await get(`/api/v1/cases/${CASE}/search?q=${encodeURIComponent(q)}&limit=${LIMIT}`);
  if (response.status !== 200) throw new Error(`HTTP ${response.status} for ${q}: ${response.body.slice(0, 200)}`);
  bytes += response.body.length;
  return JSON.parse(response.body).hitCount;
});
// (4) the same queries with filters (categories, types, date range, ingestion state) and sorted by date; (5) their count.
let filteredDocuments = 0;
const filteredResult = await measure(async (q) => {
  const response = await get(`/api/v1/cases/${CASE}/search?q=${encodeURIComponent(q)}&limit=${LIMIT}${FILTERS}`);
  if (response.status !== 200) throw new Error(`HTTP ${response.status} for ${q}: ${response.body.slice(0, 200)}`);
  const body = JSON.parse(response.body);
  filteredDocuments += body.documentCount;
  return body.hitCount;
});
const countResult = await measure(async (q) => {
  const response = await get(`/api/v1/cases/${CASE}/search/count?q=${encodeURIComponent(q)}${FILTERS.replace('&sort=date', '')}`);
  if (response.status !== 200) throw new Error(`HTTP ${response.status} for ${q}: ${response.body.slice(0, 200)}`);
  return JSON.parse(response.body).hitCount;
});
agent.destroy();
await app.close();
await index.close();
raw.close();

// ---- report -------------------------------------------------------------------------------------------------------
const ms = (value) => value.toFixed(2);
const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  loadAverageAtEnd: loadavg().map((value) => Number(value.toFixed(1))),
  corpus: { words, lines, documents: documentNumber, searchedCaseDocuments: current.size, fileMb: Number(fileMb.toFixed(1)), buildSeconds: Number(buildSeconds.toFixed(1)) },
  queries: QUERIES,
  limit: LIMIT,
  rawFts5: rawResult,
  adapter: adapterResult,
  service: serviceResult,
  api: { ...apiResult, meanResponseKb: Number((bytes / QUERIES / 1024).toFixed(1)) },
  apiFiltered: { ...filteredResult, meanDocuments: Number((filteredDocuments / QUERIES).toFixed(1)) },
  apiCount: countResult,
  ratio: { p50: apiResult.p50 / rawResult.p50, p95: apiResult.p95 / rawResult.p95 },
  filteredRatio: { p50: filteredResult.p50 / apiResult.p50, p95: filteredResult.p95 / apiResult.p95 },
  targetP95Ms: 20,
  pass: apiResult.p95 < 20 && filteredResult.p95 < 20,
};
writeFileSync(join(here, 'results-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`index: ${words.toLocaleString('en-GB')} words, ${lines.toLocaleString('en-GB')} lines, ${documentNumber} documents (${current.size} current in case ${CASE}), ${fileMb.toFixed(1)} MB, built in ${buildSeconds.toFixed(1)} s`);
console.log(`${QUERIES} queries, limit ${LIMIT}; ${cpus().length} CPUs, load average ${results.loadAverageAtEnd.join(' ')} at the end`);
console.log('| path | p50 ms | p95 ms | p99 ms | max ms | line hits |');
console.log('|---|---|---|---|---|---|');
for (const [name, r] of [
  ['raw FTS5 MATCH (no trimming)', rawResult],
  ['SQLite adapter (trimmed, current versions)', adapterResult],
  ['SearchService (access re-check, grouping, word boxes)', serviceResult],
  ['HTTP API GET /search', apiResult],
  ['HTTP API GET /search with filters, sort=date', filteredResult],
  ['HTTP API GET /search/count with filters', countResult],
]) {
  console.log(`| ${name} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.hits} |`);
}
console.log(`filtered / plain API: p50 ×${results.filteredRatio.p50.toFixed(2)}, p95 ×${results.filteredRatio.p95.toFixed(2)}; ${results.apiFiltered.meanDocuments} documents per filtered answer`);
console.log(`API / raw FTS5: p50 ×${results.ratio.p50.toFixed(1)}, p95 ×${results.ratio.p95.toFixed(1)}; mean response ${results.api.meanResponseKb} KB; target p95 < 20 ms (plain and filtered): ${results.pass ? 'met' : 'NOT met'}`);
