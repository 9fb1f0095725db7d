// Redaction benchmark, one run on this machine. Usage: npm run bench:redaction (builds first).
// Default engine (pdf.js + @napi-rs/canvas, 150 dpi) end to end through the Redactor port, against
// `mutool` (MuPDF vector redaction of the same boxes, garbage=4 save) as the reference.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createTextExtractor } from '../../dist/conversion/text/text-extractor.factory.js';
import { SandboxPool } from '../../dist/conversion/sandbox/index.js';
import { PdfjsCanvasRedactor } from '../../dist/redaction/engine/pdfjs-canvas-redactor.adapter.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'bench-redaction-'));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PAGES = 100;
const log = (...parts) => console.log(...parts);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

const WORDS = 'the witness stated that on the evening in question she saw the defendant leave the premises with a bag'.split(' ');

/** A typical typed statement page: 40 lines of 11 pt Helvetica, the word SECRET<n> in the first line. */
async function buildDocument(pageCount) {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let index = 0; index < pageCount; index++) {
    const page = document.addPage([595.28, 841.89]);
    page.drawText(`Statement page ${index + 1} concerning SECRET${index} and others`, { x: 60, y: 780, size: 12, font });
    for (let line = 0; line < 40; line++) {
      const words = Array.from({ length: 13 }, (_, position) => WORDS[(index * 7 + line * 3 + position) % WORDS.length]);
      page.drawText(words.join(' '), { x: 60, y: 750 - line * 17, size: 11, font });
    }
  }
  return document.save({ useObjectStreams: false });
}

async function secretBoxes(text, pageIndexes) {
  return pageIndexes.map((pageIndex) => {
    const word = text.pages[pageIndex].lines.flatMap((line) => line.words).find((candidate) => candidate.text.startsWith('SECRET'));
    return { pageIndex, box: word.box };
  });
}

const MUTOOL_SCRIPT = `
var doc = new PDFDocument(scriptArgs[0]);
var boxes = JSON.parse(read(scriptArgs[2]));
var byPage = {};
boxes.forEach(function (entry) { (byPage[entry.pageIndex] = byPage[entry.pageIndex] || []).push(entry.box); });
for (var key in byPage) {
  var page = doc.loadPage(Number(key));
  byPage[key].forEach(function (box) { var a = page.createAnnotation('Redact'); a.setRect([box.x, box.y, box.x + box.width, box.y + box.height]); a.update(); });
  page.applyRedactions(true, 2);
}
doc.save(scriptArgs[1], 'garbage=4,compress');
`;

function mutoolRedact(input, boxes, output) {
  const script = join(work, 'redact.js');
  const boxFile = join(work, `boxes-${boxes.length}.json`);
  writeFileSync(script, MUTOOL_SCRIPT);
  writeFileSync(boxFile, JSON.stringify(boxes));
  const started = performance.now();
  const result = spawnSync('mutool', ['run', script, input, output, boxFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`mutool failed: ${result.stderr}`);
  return performance.now() - started;
}

// The redaction service passes the version's ingested word model (RedactOptions.text), so the engine
// does not re-extract; extraction is timed on its own below.
async function timeRedactor(redactor, input, text, boxes, name) {
  const times = [];
  let result;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    result = await redactor.redact(input, { boxes, pageModifications: [] }, join(work, `${name}.pdf`), { text });
    times.push(performance.now() - started);
  }
  return { ms: median(times), bytes: statSync(result.outputPath).size, result };
}

const hasMutool = spawnSync('mutool', ['-v'], { stdio: 'ignore' }).status === 0;
const results = { machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version, loadAverageAtStart: (await import('node:os')).loadavg()[0] }, when: new Date().toISOString(), runs: RUNS, dpi: 150 };

const doc100 = join(work, 'doc-100.pdf');
const doc1 = join(work, 'doc-1.pdf');
writeFileSync(doc100, await buildDocument(PAGES));
writeFileSync(doc1, await buildDocument(1));
results.input = { pages: PAGES, bytes: statSync(doc100).size };

const text100 = await createTextExtractor().extract(doc100);
const text1 = await createTextExtractor().extract(doc1);
const all = await secretBoxes(text100, Array.from({ length: PAGES }, (_, index) => index));
const first = all.slice(0, 1);

const pool = new SandboxPool({ concurrency: 1 });
const redactor = PdfjsCanvasRedactor.fromConfig({ pool });
// warm the OS caches and the sandbox path once
await redactor.redact(doc1, { boxes: first, pageModifications: [] }, join(work, 'warm.pdf'), { text: text1 });

const extraction = [];
for (let run = 0; run < RUNS; run++) {
  const started = performance.now();
  await createTextExtractor().extract(doc100);
  extraction.push(performance.now() - started);
}

const everyPage = await timeRedactor(redactor, doc100, text100, all, 'every-page');
const onePageDoc = await timeRedactor(redactor, doc1, text1, first, 'one-page-doc');
const oneOfHundred = await timeRedactor(redactor, doc100, text100, first, 'one-of-hundred');
const copyOnly = await timeRedactor(redactor, doc100, text100, [], 'copy-only');
const copyOnlyOnePage = await timeRedactor(redactor, doc1, text1, [], 'copy-only-one-page');
await redactor.close();
await pool.close();

results.defaultEngine = {
  hundredPagesOneBoxEach: { seconds: round(everyPage.ms / 1000, 2), msPerRedactedPage: round(everyPage.ms / PAGES), outputBytes: everyPage.bytes, outputBytesPerPage: Math.round(everyPage.bytes / PAGES) },
  onePageDocument: { ms: round(onePageDoc.ms), outputBytes: onePageDoc.bytes },
  hundredPagesOneBoxOnPage1: { seconds: round(oneOfHundred.ms / 1000, 2), outputBytes: oneOfHundred.bytes },
  msPerUntouchedPage: round((oneOfHundred.ms - onePageDoc.ms) / (PAGES - 1), 2),
  hundredPagesNoBoxCopyOnly: { ms: round(copyOnly.ms) },
  // the same cost seen without any rendering: (100-page copy − 1-page copy) / 99
  msPerCopiedPageWithoutRendering: round((copyOnly.ms - copyOnlyOnePage.ms) / (PAGES - 1), 2),
  // only when the caller has no word model (RedactOptions.text absent)
  textExtractionOf100Pages: { ms: round(median(extraction)) },
};

if (hasMutool) {
  const mutoolAll = [];
  const mutoolOne = [];
  for (let run = 0; run < RUNS; run++) {
    mutoolAll.push(mutoolRedact(doc100, all, join(work, 'mutool-all.pdf')));
    mutoolOne.push(mutoolRedact(doc100, first, join(work, 'mutool-one.pdf')));
  }
  results.mutoolReference = {
    hundredPagesOneBoxEach: { seconds: round(median(mutoolAll) / 1000, 2), msPerRedactedPage: round(median(mutoolAll) / PAGES), outputBytes: statSync(join(work, 'mutool-all.pdf')).size },
    hundredPagesOneBoxOnPage1: { seconds: round(median(mutoolOne) / 1000, 2), outputBytes: statSync(join(work, 'mutool-one.pdf')).size },
  };
  results.ratioDefaultToMutool = {
    time: round(everyPage.ms / median(mutoolAll), 2),
    outputSize: round(everyPage.bytes / results.mutoolReference.hundredPagesOneBoxEach.outputBytes, 2),
  };
} else {
  results.mutoolReference = 'mutool (mupdf-tools) not installed';
}

results.targets = {
  msPerRedactedPageUnder400: results.defaultEngine.hundredPagesOneBoxEach.msPerRedactedPage < 400,
  msPerUntouchedPageUnder5: results.defaultEngine.msPerUntouchedPage < 5,
};

log(JSON.stringify(results, null, 2));
writeFileSync(join(here, 'results-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
if (process.env.BENCH_KEEP) log(work);
else rmSync(work, { recursive: true, force: true });
