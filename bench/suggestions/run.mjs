// Redaction-suggestions benchmark: precision and recall against the stand-in's ground truth, in one run.
// The stand-in and the facade run in this process (embedded defaults: filesystem blobs, SQLite, poppler,
// tesseract CLI). Each case is refreshed through the real API until the tracker says done; then, for every
// seeded document version (not e-mail attachments, which the ground truth keys by their own documents),
// GET .../redaction-suggestions is compared with GET {adminUrl}/ground-truth/... per category.
// Corpus B (corpus-b/: police-style statements from another generator and vocabulary) runs through the
// suggestion finder in process, and is reported beside the stand-in's corpus (A).
// Usage: npm run bench:suggestions   Options: --corpora=a,b --cases=1,2,3 --dist=dist --seed=17 --verbose
//   --nlp=off: the name rules alone (PII_NAME_NLP=off), without compromise's second opinion; results-latest-rules-only.json
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const here = fileURLToPath(new URL('.', import.meta.url));
const args = Object.fromEntries(process.argv.slice(2).map((arg) => { const [name, value] = arg.replace(/^--/, '').split('='); return [name, value ?? 'true']; }));
const dist = resolve(here, '..', '..', args.dist ?? 'dist');
const CASES = (args.cases ?? '1,2,3').split(',');
const CORPORA = (args.corpora ?? 'a,b').split(',');
const NLP_NAMES = args.nlp !== 'off';
const load = (path) => import(join(dist, path));
const { scoreSuggestions } = await load('redaction/suggestions/suggestion-scoring.js');
const { runCorpusB } = await import('./corpus-b/run-corpus-b.mjs');

const scored = [];
const timings = [];
if (CORPORA.includes('a')) await runStandInCorpus();

async function runStandInCorpus() {
const { startStandIn } = await load('stand-in/stand-in.js');
const { createApp } = await load('app.setup.js');
const { DevTokenIssuer } = await load('auth/dev-issuer/dev-token-issuer.service.js');
const { parseConfig, resolveConfig } = await load('config/app-config.js');

const work = mkdtempSync(join(tmpdir(), 'bench-suggestions-'));
const standIn = await startStandIn({ dataDir: join(work, 'stand-in'), rateLimitPerSecond: 0 });
const config = resolveConfig(
  parseConfig({ APP_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: join(work, 'facade'), SANDBOX_TIMEOUT_MS: '60000', PII_NAME_NLP: NLP_NAMES ? 'on' : 'off' }),
  { soapUrl: standIn.soapUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, serviceUsername: standIn.serviceUsername, servicePassword: standIn.servicePassword },
  null,
);
const app = await createApp(config, { strangler: { routesFile: null } });
await app.listen(0, '127.0.0.1');
const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
const { accessToken } = await app.get(DevTokenIssuer, { strict: false }).issue({ username: 'alice.admin' });
const call = (path, init = {}) => fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${accessToken}`, ...(init.headers ?? {}) } });

async function waitDone(caseId, timeoutMs = 900_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const tracker = await (await call(`/api/v1/cases/${caseId}/tracker`)).json();
    if (tracker.status === 'done') return tracker;
    if (Date.now() > deadline) throw new Error(`case ${caseId} not done`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Groups by how the text was obtained and what the file was. */
function groupOf(document) {
  if ((document.ocrPageCount ?? 0) > 0) return document.detectedType?.startsWith('image/') ? 'ocr-photo' : 'ocr-scanned-pdf';
  if ((document.pageCount ?? 0) > 100) return 'born-digital-report';
  return 'born-digital';
}

try {
  for (const caseId of CASES) {
    const started = performance.now();
    const refresh = await call(`/api/v1/cases/${caseId}/refresh`, { method: 'POST' });
    if (refresh.status !== 202) throw new Error(`refresh ${caseId}: ${refresh.status}`);
    const tracker = await waitDone(caseId);
    console.log(`case ${caseId}: ${tracker.documents.length} documents ingested in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    for (const document of tracker.documents) {
      if (document.status !== 'indexed' || document.parentDocumentId !== null) continue;
      const truth = await (await fetch(`${standIn.adminUrl}/ground-truth/${caseId}/${document.documentId}/${document.versionId}`, { headers: { 'x-admin-key': standIn.adminKey } })).json();
      if (!truth.known) continue;
      const t0 = performance.now();
      const response = await call(`/api/v1/cases/${caseId}/documents/${document.documentId}/versions/${document.versionId}/redaction-suggestions`);
      if (response.status !== 200) throw new Error(`suggestions ${caseId}/${document.documentId}: ${response.status}`);
      const body = await response.json();
      timings.push({ ms: performance.now() - t0, pages: body.pageCount });
      scored.push({ caseId, documentId: document.documentId, group: groupOf(document), planted: truth.items, suggestions: body.suggestions });
    }
  }
} finally {
  await app.close();
  await standIn.close();
  rmSync(work, { recursive: true, force: true });
}
}

const figures = (documents) => {
  const score = scoreSuggestions(documents);
  return {
    documents: documents.length,
    overall: score.overall,
    categories: Object.fromEntries(score.categories.filter((c) => c.planted + c.suggested > 0).map((c) => [c.category, c])),
    falseNegatives: score.falseNegatives,
    falsePositives: score.falsePositives,
  };
};
const latencyOf = (list) => {
  const sorted = list.map((t) => t.ms).sort((a, b) => a - b);
  const at = (q) => (sorted.length === 0 ? null : Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10);
  const pages = list.reduce((sum, t) => sum + t.pages, 0);
  const total = list.reduce((sum, t) => sum + t.ms, 0);
  return { documents: sorted.length, pages, p50Ms: at(0.5), p95Ms: at(0.95), maxMs: at(1), msPerPage: pages === 0 ? null : Math.round((total / pages) * 100) / 100 };
};
const corpusFigures = (documents, documentTimings) => {
  const groups = [...new Set(documents.map((document) => document.group))].sort();
  return {
    overall: figures(documents),
    byGroup: Object.fromEntries(groups.map((group) => [group, figures(documents.filter((document) => document.group === group))])),
    latency: latencyOf(documentTimings),
  };
};
const corpusA = CORPORA.includes('a') ? { cases: CASES, ...corpusFigures(scored, timings) } : null;
let corpusB = null;
if (CORPORA.includes('b')) {
  const b = await runCorpusB({ dist, seed: Number(args.seed ?? 17), nlpNames: NLP_NAMES });
  const long = [...b.longTimings].sort((x, y) => x - y);
  corpusB = {
    seed: Number(args.seed ?? 17),
    ...corpusFigures(b.scored, b.timings),
    longStatement: { pages: b.longPages, runs: long.length, p50Ms: Math.round(long[Math.floor(long.length / 2)] * 10) / 10, p95Ms: Math.round(long[Math.min(long.length - 1, Math.floor(long.length * 0.95))] * 10) / 10 },
    lookalikesSuggested: b.lookalikesSuggested,
  };
}
const results = {
  machine: { cpus: cpus().length, node: process.version },
  when: new Date().toISOString(),
  nlpNames: NLP_NAMES,
  matchingRule: 'category + text, NFC, diacritics folded, whitespace collapsed, lower case; distinct items per document',
  corpusA,
  corpusB,
};

const pct = (value) => (value === null || value === undefined ? '   –  ' : `${(value * 100).toFixed(1)}%`.padStart(6));
const table = (name, f) => {
  console.log(`\n${name} (${f.documents} documents)`);
  console.log('category         precision  recall   TP/suggested  found/planted');
  for (const c of [...Object.values(f.categories), f.overall]) {
    console.log(`${c.category.padEnd(16)} ${pct(c.precision)}    ${pct(c.recall)}   ${`${c.truePositives}/${c.suggested}`.padStart(9)}     ${`${c.found}/${c.planted}`.padStart(9)}`);
  }
  if (args.verbose) {
    console.log('  missed:', JSON.stringify(f.falseNegatives.slice(0, 60)));
    console.log('  wrong: ', JSON.stringify(f.falsePositives.slice(0, 60)));
  }
};
for (const [label, corpus] of [['A (stand-in)', corpusA], ['B (statements)', corpusB]]) {
  if (corpus === null) continue;
  table(`corpus ${label}: all documents`, corpus.overall);
  for (const [group, f] of Object.entries(corpus.byGroup)) table(`corpus ${label}: ${group}`, f);
  const l = corpus.latency;
  console.log(`latency per document: p50 ${l.p50Ms} ms, p95 ${l.p95Ms} ms, max ${l.maxMs} ms; ${l.msPerPage} ms per page (${l.documents} documents, ${l.pages} pages)`);
}
if (corpusA !== null && corpusB !== null) {
  console.log('\nside by side        A precision  A recall   B precision  B recall');
  const categories = [...new Set([...Object.keys(corpusA.overall.categories), ...Object.keys(corpusB.overall.categories)]), 'overall'];
  for (const category of categories) {
    const a = category === 'overall' ? corpusA.overall.overall : corpusA.overall.categories[category];
    const b = category === 'overall' ? corpusB.overall.overall : corpusB.overall.categories[category];
    console.log(`${category.padEnd(18)} ${pct(a?.precision)}      ${pct(a?.recall)}     ${pct(b?.precision)}      ${pct(b?.recall)}`);
  }
}
if (corpusB !== null) {
  console.log(`\ncorpus B ${corpusB.longStatement.pages}-page statement, finder only (${corpusB.longStatement.runs} runs): p50 ${corpusB.longStatement.p50Ms} ms, p95 ${corpusB.longStatement.p95Ms} ms`);
  console.log(`look-alikes suggested: ${corpusB.lookalikesSuggested.length}${corpusB.lookalikesSuggested.length > 0 ? ` (${corpusB.lookalikesSuggested.slice(0, 20).join(' | ')})` : ''}`);
}
const trim = (f) => ({ ...f, falseNegatives: f.falseNegatives.length, falsePositives: f.falsePositives.length, examples: { missed: f.falseNegatives.slice(0, 10), wrong: f.falsePositives.slice(0, 10) } });
const trimCorpus = (corpus) => corpus && { ...corpus, overall: trim(corpus.overall), byGroup: Object.fromEntries(Object.entries(corpus.byGroup).map(([g, f]) => [g, trim(f)])) };
writeFileSync(join(here, NLP_NAMES ? 'results-latest.json' : 'results-latest-rules-only.json'), `${JSON.stringify({ ...results, corpusA: trimCorpus(corpusA), corpusB: trimCorpus(corpusB) }, null, 2)}\n`);
