import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PDFDocument } from 'pdf-lib';
import { DocumentStore } from '../../src/stand-in/documents/document-store.js';
import { groundTruthFor } from '../../src/stand-in/seed/ground-truth.js';
import { LARGE_BUNDLE_CASE_ID, LARGE_REPORT_CASE_ID, buildSeedModel, type SeedModel } from '../../src/stand-in/seed/seed-model.js';
import { startHarness } from './stand-in-test-kit.js';

const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'stand-in-seed-'));
  dirs.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Every file under `dir` (directories alone do not count). */
const filesUnder = async (dir: string): Promise<string[]> =>
  (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));

/** Metadata only: what a client could see, without functions. */
const metadataOf = (model: SeedModel) => JSON.stringify(model.cases);

describe('seed model', () => {
  let model: SeedModel;
  beforeAll(() => {
    model = buildSeedModel();
  });

  it('has enough cases and documents, shared URNs, and 1-3 versions per document', () => {
    const documents = model.cases.flatMap((record) => record.documents);
    expect(model.cases.length).toBeGreaterThanOrEqual(20);
    expect(documents.length).toBeGreaterThanOrEqual(500);
    expect(documents.every((document) => document.versions.length >= 1 && document.versions.length <= 3)).toBe(true);
    const byUrn = new Map<string, number>();
    for (const record of model.cases) {
      expect(record.urn).toMatch(/^\d{2}[A-Z]{2}\d{7}$/);
      byUrn.set(record.urn, (byUrn.get(record.urn) ?? 0) + 1);
    }
    expect([...byUrn.values()].filter((count) => count > 1).length).toBeGreaterThanOrEqual(3);
    const kinds = new Set(documents.map((document) => document.kind));
    for (const kind of ['statement-pdf', 'scanned-pdf', 'docx', 'eml', 'photo-jpeg', 'photo-png', 'text']) expect(kinds.has(kind as never)).toBe(true);
    const attachments = documents.filter((document) => document.parentDocumentId !== null);
    expect(attachments.length).toBeGreaterThan(0);
    expect(attachments.every((attachment) => documents.find((document) => document.documentId === attachment.parentDocumentId)!.kind === 'eml')).toBe(true);
    expect(model.cases.some((record) => record.restrictedTo !== null)).toBe(true);
  });

  it('is deterministic: the same seed gives the same metadata, another seed different', () => {
    expect(metadataOf(buildSeedModel())).toBe(metadataOf(model));
    expect(metadataOf(buildSeedModel(7))).not.toBe(metadataOf(model));
  });

  it('plants only fictional personal data, recorded as ground truth that appears in the text', async () => {
    const record = model.cases[0];
    const text = record.documents.find((document) => document.kind === 'text')!;
    const version = text.versions[0];
    const truth = groundTruthFor(model, record.caseId, text.documentId, version.versionId)!;
    const store = new DocumentStore(model, await tempDir());
    await store.init();
    const content = (await store.readAll(record, text, version)).toString('utf8');
    expect(truth.length).toBeGreaterThan(3);
    for (const item of truth) expect(content).toContain(item.text);
    for (const phone of truth.filter((item) => item.category === 'phone')) expect(phone.text).toMatch(/^07700 900\d{3}$/);
    for (const postcode of truth.filter((item) => item.category === 'postcode')) expect(postcode.text).toMatch(/^Q[XYZ]\d{1,2} \d[A-Z]{2}$/);
  });

  it('renders identical bytes for the same seed in two data directories', async () => {
    const first = new DocumentStore(buildSeedModel(), await tempDir());
    const second = new DocumentStore(buildSeedModel(), await tempDir());
    await Promise.all([first.init(), second.init()]);
    const other = buildSeedModel();
    const sample = other.cases[1].documents.filter((document, index, all) => all.findIndex((candidate) => candidate.kind === document.kind) === index);
    expect(sample.length).toBeGreaterThanOrEqual(7);
    for (const document of sample) {
      const version = document.versions.at(-1)!;
      const record = other.cases[1];
      const a = await first.readAll(record, document, version);
      const b = await second.readAll(record, document, version);
      expect(a.length).toBeGreaterThan(0);
      expect(a.equals(b)).toBe(true);
    }
  });

  it('has a born-digital PDF of 200+ pages and declares a 50 MB+ document without rendering it', async () => {
    const store = new DocumentStore(model, await tempDir());
    await store.init();
    const reportCase = model.cases.find((record) => record.caseId === LARGE_REPORT_CASE_ID)!;
    const report = reportCase.documents.find((document) => document.kind === 'report-pdf')!;
    const pdf = await PDFDocument.load(await store.readAll(reportCase, report, report.versions[0]));
    expect(pdf.getPageCount()).toBeGreaterThanOrEqual(200);

    const bundleCase = model.cases.find((record) => record.caseId === LARGE_BUNDLE_CASE_ID)!;
    const bundle = bundleCase.documents.find((document) => document.kind === 'scanned-bundle')!;
    const bundleDir = await tempDir();
    const bundleStore = new DocumentStore(model, bundleDir);
    await bundleStore.init();
    expect(await bundleStore.sizeOf(bundleCase, bundle, bundle.versions[0])).toBeGreaterThanOrEqual(50 * 1_048_576);
    // Declared from the plan alone: nothing was rendered to disk.
    expect(await filesUnder(bundleDir)).toEqual([]);
  });

  it('renders the 50 MB+ scanned bundle on demand to exactly its declared size', async () => {
    const store = new DocumentStore(model, await tempDir());
    await store.init();
    const record = model.cases.find((candidate) => candidate.caseId === LARGE_BUNDLE_CASE_ID)!;
    const bundle = record.documents.find((document) => document.kind === 'scanned-bundle')!;
    const declared = await store.sizeOf(record, bundle, bundle.versions[0]);
    const path = await store.pathOf(record, bundle, bundle.versions[0]);
    expect((await stat(path)).size).toBe(declared);
    const pdf = await PDFDocument.load(await readFile(path));
    expect(pdf.getPageCount()).toBe(10);
  });
});

describe('stand-in start-up', () => {
  it('starts without rendering any document, and lists the seed users', async () => {
    const harness = await startHarness();
    try {
      // Documents render on first need, never at start-up (what keeps the start quick).
      expect(await filesUnder(harness.dataDir)).toEqual([]);
      const usernames = harness.standIn.users.map((user) => user.username);
      expect(usernames).toEqual(expect.arrayContaining(['alice.admin', 'bob.north', 'carol.none']));
      const carol = harness.standIn.users.find((user) => user.username === 'carol.none')!;
      expect(carol.visibleUrns).toEqual([]);
      const alice = harness.standIn.users.find((user) => user.username === 'alice.admin')!;
      expect(alice.hiddenUrns).toEqual([]);
      const bob = harness.standIn.users.find((user) => user.username === 'bob.north')!;
      expect(bob.visibleUrns.length).toBeGreaterThan(0);
      expect(bob.hiddenUrns.length).toBeGreaterThan(0);
    } finally {
      await harness.stop();
    }
  });
});
