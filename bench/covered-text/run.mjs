// Under-redaction detection (ADR 0032), one run on this machine. Usage: npm run bench:covered-text (builds first).
// 1. Precision and recall: runs the medium test test/conversion/covered-text/covered-text-precision.spec.ts (the
//    generated corpus and the real-world PDFs) and reads back the one line of figures it prints.
// 2. What detection adds to ingestion: the same case ingested cold by two fresh facades built from the same dist,
//    INGESTION_COVERED_TEXT=on and =off, in alternating order over --rounds, against one stand-in in this process.
//    Wall time moves with whatever else the host runs; the CPU time of the facade and all its children
//    (utime + stime + cutime + cstime from /proc/<pid>/stat, read before it stops) is the steadier figure.
//    Options: --rounds=3 --documents=12 --pages=25 --skip-precision
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { startStandIn } from '../../dist/stand-in/stand-in.js';
import { buildSeedModel } from '../../dist/stand-in/seed/seed-model.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const option = (name, fallback) => Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const ROUNDS = option('rounds', 3);
const GENERATED = { documents: option('documents', 12), pagesPerDocument: option('pages', 25) };
const SKIP_PRECISION = process.argv.includes('--skip-precision');
const loadAverage = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
const results = { machine: { cpus: cpus().length, node: process.version }, when: new Date().toISOString() };

// 1. precision / recall
if (!SKIP_PRECISION) {
const jest = spawnSync(process.execPath, ['--experimental-vm-modules', join(root, 'node_modules/jest/bin/jest.js'), '--selectProjects', 'medium', '--testPathPatterns', 'test/conversion/covered-text/covered-text-precision'], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const line = `${jest.stdout}\n${jest.stderr}`.split('\n').find((text) => text.includes('COVERED_TEXT_FIGURES '));
if (jest.status !== 0 || line === undefined) {
  console.error(jest.stderr.slice(-4000));
  throw new Error('the precision test failed or printed no figures');
}
const figures = JSON.parse(line.slice(line.indexOf('COVERED_TEXT_FIGURES ') + 'COVERED_TEXT_FIGURES '.length));
const realWorldWords = figures.realWorld.reduce((sum, entry) => sum + entry.words, 0);
const realWorldAlarms = figures.realWorld.reduce((sum, entry) => sum + entry.covered, 0);
results.precisionRecall = {
  corpusPages: figures.corpus.pages,
  words: figures.corpus.words,
  pageFlags: figures.corpus.pageFlags,
  realWorld: { files: figures.realWorld.length, words: realWorldWords, falseAlarms: realWorldAlarms },
};
console.log('precision/recall', JSON.stringify(results.precisionRecall));
}

// 2. ingestion with and without detection
const work = mkdtempSync(join(tmpdir(), 'bench-covered-'));
const caseId = String(buildSeedModel().cases.length + 1);
const standIn = await startStandIn({ dataDir: join(work, 'stand-in'), rateLimitPerSecond: 0, generatedCases: [GENERATED] });
const legacy = { soapUrl: standIn.soapUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, serviceUsername: standIn.serviceUsername, servicePassword: standIn.servicePassword };

async function startFacade(dataDir, extraEnv) {
  const env = { APP_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, OCR: 'off', ...extraEnv };
  const child = spawn(process.execPath, [join(here, '..', 'ingestion', 'facade-process.mjs'), JSON.stringify({ env, legacy })], { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`facade exited ${code}`)));
  });
  const { base, token } = JSON.parse(first);
  const call = (path, init = {}) => fetch(`${base}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
  const stop = () => new Promise((resolve) => { child.once('exit', resolve); child.kill('SIGTERM'); });
  // fields 14–17 of /proc/<pid>/stat: user and system time of the process and of the children it has waited for
  const cpuMs = () => {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return [11, 12, 13, 14].reduce((sum, index) => sum + Number(fields[index]), 0) * 10;
  };
  return { call, stop, cpuMs };
}

async function coldIngestion(label, detection) {
  const facade = await startFacade(join(work, label), { INGESTION_COVERED_TEXT: detection });
  try {
    const started = performance.now();
    const refresh = await facade.call(`/api/v1/cases/${caseId}/refresh`, { method: 'POST' });
    if (refresh.status !== 202) throw new Error(`refresh answered ${refresh.status}`);
    for (;;) {
      const tracker = await (await facade.call(`/api/v1/cases/${caseId}/tracker`)).json();
      if (tracker.status === 'done') {
        const ms = performance.now() - started;
        const flagged = tracker.documents.filter((document) => document.hasCoveredText === true).length;
        return { ms: Math.round(ms), cpuMs: facade.cpuMs(), pages: tracker.progress.pages, failed: tracker.progress.failed, flagged, loadAverage: loadAverage() };
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await facade.stop();
  }
}

try {
  // warm the stand-in's lazily rendered documents so both sides fetch the same ready bytes
  await coldIngestion('warm', 'off');
  const rounds = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
    const sides = {};
    for (const detection of order) sides[detection] = await coldIngestion(`r${round}-${detection}`, detection);
    rounds.push({ off: sides.off, on: sides.on, added: Number((sides.on.ms / sides.off.ms - 1).toFixed(3)), addedCpu: Number((sides.on.cpuMs / sides.off.cpuMs - 1).toFixed(3)) });
    console.log(`round ${round + 1}`, JSON.stringify(rounds.at(-1)));
  }
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : Number(((sorted[middle - 1] + sorted[middle]) / 2).toFixed(3));
  };
  results.ingestion = {
    case: `${GENERATED.documents} born-digital reports × ${GENERATED.pagesPerDocument} pages, OCR off, cold, fresh facade and data dir per side`,
    rounds,
    medianAddedWall: median(rounds.map((round) => round.added)),
    medianAddedCpu: median(rounds.map((round) => round.addedCpu)),
  };
  console.log('ingestion', JSON.stringify(results.ingestion));
  writeFileSync(join(here, 'results-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await standIn.close();
  rmSync(work, { recursive: true, force: true });
}
