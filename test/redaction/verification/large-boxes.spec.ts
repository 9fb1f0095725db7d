/**
 * Issue 14 part 3: large boxes (header lines, full width 100/200/400 pt from the top, the whole page)
 * over the stand-in's own PDFs are redacted, verified through the port the service uses, and must
 * pass; the saved PDF is then read back (pdftotext) to show that nothing under the boxes survives and
 * that text outside them does. The same boxes over an output that still carries a covered word must fail.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { SandboxPool } from '../../../src/conversion/sandbox/index.js';
import type { Box, DocumentText, Word } from '../../../src/common/word-model.js';
import { PdfjsCanvasRedactor } from '../../../src/redaction/engine/pdfjs-canvas-redactor.adapter.js';
import type { RedactionPlan } from '../../../src/redaction/redaction.types.js';
import { ExtractingRedactionVerifier } from '../../../src/redaction/verification/redaction-verifier.adapter.js';
import { redactedStringsFor } from '../../../src/redaction/verification/verification-request.mapper.js';
import { intersectsRedaction } from '../../../src/redaction/verification/redaction-geometry.js';
import { renderDocument } from '../../../src/stand-in/documents/document-renderer.js';
import { planDocumentContent } from '../../../src/stand-in/seed/document-content.js';
import { buildSeedModel, type DocumentKind } from '../../../src/stand-in/seed/seed-model.js';
import { extractWords, popplerText, scratch, wordsOf } from '../engine/engine-fixtures.js';

const KINDS = ['statement-pdf', 'letter-pdf', 'report-pdf'] as const satisfies readonly DocumentKind[];

interface Seeded {
  readonly kind: (typeof KINDS)[number];
  readonly path: string;
  readonly text: DocumentText;
}

let directory: Awaited<ReturnType<typeof scratch>>;
let pool: SandboxPool;
let redactor: PdfjsCanvasRedactor;
let verifier: ExtractingRedactionVerifier;
const seeded = new Map<string, Seeded>();

beforeAll(async () => {
  directory = await scratch();
  pool = new SandboxPool({ concurrency: 2 });
  redactor = PdfjsCanvasRedactor.fromConfig({ pool });
  verifier = new ExtractingRedactionVerifier({ pool });
  const model = buildSeedModel();
  for (const kind of KINDS) {
    const record = model.cases.find((candidate) => candidate.documents.some((document) => document.kind === kind))!;
    const document = record.documents.find((candidate) => candidate.kind === kind)!;
    const version = document.versions[0];
    const plan = planDocumentContent(model, record, document, version.versionId);
    const rendered = await renderDocument({ seed: model.seed, document, versionId: version.versionId, createdAt: new Date(version.createdAt), plan, attachments: [] });
    if (rendered.kind !== 'bytes') throw new Error(`${kind} renders as a stream`);
    const path = join(directory.path, `${kind}.pdf`);
    await writeFile(path, rendered.bytes);
    seeded.set(kind, { kind, path, text: await extractWords(path) });
  }
}, 300_000);

afterAll(async () => {
  await redactor?.close();
  await pool?.close();
  await directory?.remove();
});

const lineBox = (text: DocumentText, startsWith: string): Box => {
  const line = text.pages[0].lines.find((candidate) => candidate.words.map((word) => word.text).join(' ').startsWith(startsWith));
  if (!line) throw new Error(`no line starting "${startsWith}"`);
  const left = Math.min(...line.words.map((word) => word.box.x));
  const right = Math.max(...line.words.map((word) => word.box.x + word.box.width));
  const top = Math.min(...line.words.map((word) => word.box.y));
  const bottom = Math.max(...line.words.map((word) => word.box.y + word.box.height));
  return { x: left - 2, y: top - 2, width: right - left + 4, height: bottom - top + 4 };
};

/** The header of each seeded kind: the line a lawyer boxes first. */
const HEADERS: Record<(typeof KINDS)[number], string> = {
  'statement-pdf': 'WITNESS STATEMENT (CJ Act 1967',
  'letter-pdf': 'Case URN',
  'report-pdf': 'MOBILE PHONE DOWNLOAD REPORT',
};

type BoxCase = [kind: (typeof KINDS)[number], label: string, box: (text: DocumentText) => Box];
const fullWidth = (height: number) => (text: DocumentText): Box => ({ x: 0, y: 0, width: text.pages[0].width, height });
const MATRIX: BoxCase[] = KINDS.flatMap((kind): BoxCase[] => [
  [kind, 'the header line', (text) => lineBox(text, HEADERS[kind])],
  [kind, 'the full-width header line', (text) => ({ ...lineBox(text, HEADERS[kind]), x: 0, width: text.pages[0].width })],
  [kind, 'full width, 100 pt from the top', fullWidth(100)],
  [kind, 'full width, 200 pt from the top', fullWidth(200)],
  [kind, 'full width, 400 pt from the top', fullWidth(400)],
  [kind, 'the whole page', (text) => ({ x: 0, y: 0, width: text.pages[0].width, height: text.pages[0].height })],
]);

const words = (text: DocumentText, pageIndex: number): Word[] => wordsOf(text, pageIndex);
const core = (word: string): string => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').toLowerCase();

async function redactAndVerify(source: Seeded, plan: RedactionPlan, name: string) {
  const output = join(directory.path, `${name}.pdf`);
  await redactor.redact(source.path, plan, output, { text: source.text });
  const report = await verifier.verify({ originalPdfPath: source.path, redactedPdfPath: output, plan, originalText: source.text });
  return { output, report };
}

describe.each(MATRIX)('%s: a box over %s', (kind, label, boxOf) => {
  it('saves (verification passes), nothing under the box survives, the text outside it does', async () => {
    const source = seeded.get(kind)!;
    const box = boxOf(source.text);
    const plan: RedactionPlan = { boxes: [{ pageIndex: 0, box }], pageModifications: [] };
    const { output, report } = await redactAndVerify(source, plan, `${kind}-${label.replace(/\W+/g, '-')}`);
    expect(report).toEqual({ ok: true, failures: [] });

    const under = words(source.text, 0).filter((word) => intersectsRedaction(word.box, box));
    const outside = source.text.pages.flatMap((page) => words(source.text, page.pageIndex).filter((word) => page.pageIndex > 0 || !intersectsRedaction(word.box, box, 0)));
    expect(under.length).toBeGreaterThan(0);
    const after = await extractWords(output);
    expect(words(after, 0).filter((word) => intersectsRedaction(word.box, box))).toEqual([]);

    const saved = (await popplerText(output)).toLowerCase();
    const keptCores = new Set(outside.map((word) => core(word.text)));
    const gone = under.map((word) => core(word.text)).filter((word) => word.length >= 3 && ![...keptCores].some((kept) => kept.includes(word)));
    expect(gone.length).toBeGreaterThan(0);
    for (const word of gone) expect(saved).not.toContain(word);
    const survivors = outside.map((word) => core(word.text)).filter((word) => /^\p{L}{4,}$/u.test(word));
    // only a whole-page box over a one-page document leaves nothing outside (the footer survives 400 pt boxes)
    expect(survivors.length > 0).toBe(!(label === 'the whole page' && source.text.pageCount === 1));
    for (const word of survivors.slice(0, 20)) expect(saved).toContain(word);
  });
});

describe('large boxes still refuse leaks', () => {
  const statementPlan = (): { source: Seeded; plan: RedactionPlan; covered: string } => {
    const source = seeded.get('statement-pdf')!;
    const box = { x: 0, y: 0, width: source.text.pages[0].width, height: 200 };
    const plan: RedactionPlan = { boxes: [{ pageIndex: 0, box }], pageModifications: [] };
    // a word that is under the box and nowhere else: one that stays visible elsewhere may legitimately remain
    const covered = redactedStringsFor(plan, source.text).map(core).find((word) => /^\p{L}{6,}$/u.test(word))!;
    return { source, plan, covered };
  };

  it('the unredacted statement under a full-width 200 pt box fails every content check', async () => {
    const { source, plan } = statementPlan();
    const report = await verifier.verify({ originalPdfPath: source.path, redactedPdfPath: source.path, plan, originalText: source.text });
    expect(report.ok).toBe(false);
    expect(new Set(report.failures.map((failure) => failure.check))).toEqual(new Set(['extracted-text', 'stream-scan', 'scrub']));
  });

  it.each([
    ['an orphaned content stream', (covered: string) => `BT /F0 9 Tf (${covered}) Tj ET`],
    ['a TJ-split string', (covered: string) => `BT /F0 9 Tf [(${covered.slice(0, 3)}) -40 (${covered.slice(3)})] TJ ET`],
    ['a hex string', (covered: string) => `BT /F0 9 Tf <${Buffer.from(covered, 'latin1').toString('hex')}> Tj ET`],
  ])('a covered word that survives in %s is refused, although the page text is clean', async (_where, contentOf) => {
    const { source, plan, covered } = statementPlan();
    expect(covered).toBeDefined();
    const { output, report: clean } = await redactAndVerify(source, plan, 'statement-200-clean');
    expect(clean.ok).toBe(true);
    const tampered = await PDFDocument.load(await readFile(output), { updateMetadata: false });
    const leak = tampered.context.register(tampered.context.flateStream(contentOf(covered)));
    tampered.getPage(0).node.set(PDFName.of('Leak'), leak);
    tampered.getPage(0).node.set(PDFName.of('Note'), PDFString.of('nothing here'));
    const tamperedPath = join(directory.path, 'statement-200-tampered.pdf');
    await writeFile(tamperedPath, await tampered.save({ useObjectStreams: false, updateFieldAppearances: false }));
    const report = await verifier.verify({ originalPdfPath: source.path, redactedPdfPath: tamperedPath, plan, originalText: source.text });
    expect(report.ok).toBe(false);
    expect(report.failures.map((failure) => failure.check)).toContain('stream-scan');
    expect(JSON.stringify(report).toLowerCase()).not.toContain(covered);
  });

  it('a covered phone number that survives in a string is refused, though numbers in the page syntax are not', async () => {
    const source = seeded.get('statement-pdf')!;
    const box = lineBox(source.text, 'Telephone:');
    const plan: RedactionPlan = { boxes: [{ pageIndex: 0, box }], pageModifications: [] };
    const digits = words(source.text, 0).filter((word) => intersectsRedaction(word.box, box)).map((word) => core(word.text)).find((word) => /^\d{6,}$/.test(word))!;
    expect(digits).toBeDefined();
    const { output, report: clean } = await redactAndVerify(source, plan, 'statement-phone');
    expect(clean).toEqual({ ok: true, failures: [] });
    const tampered = await PDFDocument.load(await readFile(output), { updateMetadata: false });
    tampered.getPage(0).node.set(PDFName.of('Leak'), tampered.context.register(tampered.context.flateStream(`BT (${digits}) Tj ET`)));
    const tamperedPath = join(directory.path, 'statement-phone-tampered.pdf');
    await writeFile(tamperedPath, await tampered.save({ useObjectStreams: false }));
    const report = await verifier.verify({ originalPdfPath: source.path, redactedPdfPath: tamperedPath, plan, originalText: source.text });
    expect(report.ok).toBe(false);
    expect(report.failures.map((failure) => failure.check)).toContain('stream-scan');
  });
});
