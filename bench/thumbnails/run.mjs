// Page thumbnail benchmark, one run on this machine. Usage: npm run bench:thumbnails (builds first).
// ThumbnailService over the file blob store and the real IngestedVersions reads, on the stand-in's own
// PDFs (the 240-page phone report, a one-page MG11 statement). Peers in the same run: bare `pdftoppm` on
// the same page with the same arguments (cold), and reading the statement's stored PDF blob whole (cached).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { blobKeys } from '../../dist/ingestion/blob-keys.js';
import { IngestedVersionsService } from '../../dist/ingestion/ingested-versions.service.js';
import { ThumbnailService } from '../../dist/ingestion/thumbnails/thumbnail.service.js';
import { createTextExtractor } from '../../dist/conversion/text/text-extractor.factory.js';
import { FsBlobStore } from '../../dist/storage/blob/fs-blob-store.adapter.js';
import { renderDocument } from '../../dist/stand-in/documents/document-renderer.js';
import { planDocumentContent } from '../../dist/stand-in/seed/document-content.js';
import { buildSeedModel } from '../../dist/stand-in/seed/seed-model.js';

const run = promisify(execFile);
const here = fileURLToPath(new URL('.', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'bench-thumbnails-'));
const COLD_PAGES = Number(process.env.BENCH_COLD_PAGES ?? 30);
const CACHED_READS = Number(process.env.BENCH_CACHED_READS ?? 300);
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];
const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const drain = async (stream) => {
  let bytes = 0;
  for await (const chunk of stream) bytes += chunk.length;
  return bytes;
};
const timed = async (work) => {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

async function seeded(kind) {
  const model = buildSeedModel();
  const record = model.cases.find((candidate) => candidate.documents.some((document) => document.kind === kind));
  const document = record.documents.find((candidate) => candidate.kind === kind);
  const version = document.versions[0];
  const plan = planDocumentContent(model, record, document, version.versionId);
  const rendered = await renderDocument({ seed: model.seed, document, versionId: version.versionId, createdAt: new Date(version.createdAt), plan, attachments: [] });
  const path = join(work, `${kind}.pdf`);
  writeFileSync(path, rendered.bytes);
  return { path, ref: { caseId: String(record.caseId), documentId: String(document.documentId), versionId: String(version.versionId) } };
}

const blobs = new FsBlobStore({ root: join(work, 'blobs') });
const versions = new IngestedVersionsService(undefined, undefined, blobs);
const service = new ThumbnailService(versions, blobs, { workDir: join(work, 'scratch'), limits: { timeoutMs: 60_000, maxMemoryMb: 1024 } });
const extractor = createTextExtractor({ engine: 'poppler' });

async function store({ path, ref }) {
  const keys = blobKeys(ref.caseId, ref.documentId, ref.versionId);
  const { readFile } = await import('node:fs/promises');
  await blobs.put(keys.pdf, Readable.from([await readFile(path)]), { contentType: 'application/pdf' });
  const text = await extractor.extract(path);
  await blobs.put(keys.text, Readable.from([Buffer.from(JSON.stringify(text))]), { contentType: 'application/json' });
  return text.pageCount;
}

const report = await seeded('report-pdf');
const statement = await seeded('statement-pdf');
const reportPages = await store(report);
await store(statement);

const cold = { png: [], webp: [], pdftoppm: [] };
for (let pageIndex = 0; pageIndex < Math.min(COLD_PAGES, reportPages); pageIndex++) {
  const page = String(pageIndex + 1);
  cold.pdftoppm.push(await timed(() => run('pdftoppm', ['-png', '-f', page, '-l', page, '-singlefile', '-scale-to-x', '200', '-scale-to-y', '-1', report.path], { encoding: 'buffer', maxBuffer: 1 << 25 })));
  cold.png.push(await timed(async () => drain((await service.thumbnail(report.ref, { pageIndex, width: 200, format: 'png' })).stream)));
  cold.webp.push(await timed(async () => drain((await service.thumbnail(report.ref, { pageIndex, width: 200, format: 'webp' })).stream)));
}

await drain((await service.thumbnail(statement.ref, { pageIndex: 0, width: 200, format: 'png' })).stream);
const pdfKey = blobKeys(statement.ref.caseId, statement.ref.documentId, statement.ref.versionId).pdf;
const cached = { thumbnail: [], pdfBlob: [] };
for (let i = 0; i < CACHED_READS; i++) {
  cached.pdfBlob.push(await timed(async () => drain((await blobs.get(pdfKey)).stream)));
  cached.thumbnail.push(await timed(async () => drain((await service.thumbnail(statement.ref, { pageIndex: 0, width: 200, format: 'png' })).stream)));
}

const row = (name, values, peer) => `| ${name} | ${round(percentile(values, 50))} | ${round(percentile(values, 95))} | ${peer ? `${round(percentile(values, 50) / percentile(peer, 50))}×` : '—'} |`;
const lines = [
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg().map((value) => round(value)).join(' / ')}; ${cold.png.length} cold pages of the 240-page report, ${CACHED_READS} cached reads.`,
  '',
  '| what | p50 ms | p95 ms | p50 vs peer |',
  '|---|---|---|---|',
  row('bare pdftoppm, one page at 200 px (cold peer)', cold.pdftoppm),
  row('thumbnail cold, PNG (render + store + read)', cold.png, cold.pdftoppm),
  row('thumbnail cold, WebP', cold.webp, cold.pdftoppm),
  row('statement PDF blob read whole (cached peer)', cached.pdfBlob),
  row('thumbnail cached, PNG', cached.thumbnail, cached.pdfBlob),
];
console.log(lines.join('\n'));
writeFileSync(join(here, 'results-latest.json'), JSON.stringify({ cold, cached, loadavg: loadavg() }, null, 2));
rmSync(work, { recursive: true, force: true });
