import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, PDFName, PDFString, StandardFonts, degrees, type PDFFont, type PDFPage } from 'pdf-lib';
import { createTextExtractor } from '../../../src/conversion/text/text-extractor.factory.js';
import type { Box, DocumentText, Word } from '../../../src/common/word-model.js';

const execFileAsync = promisify(execFile);

export async function scratch(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'redaction-engine-test-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Words written on the test pages. SECRET* words are the ones the tests redact. */
export const LINES = {
  first: ['Alpha Bravo SECRETALPHA Delta Echo', 'Foxtrot Golf Hotel India Juliet'],
  untouched: ['Kilo Lima UNTOUCHEDWORD Mike November'],
  rotated: ['Oscar Papa SECRETROTATED Quebec Romeo'],
  cropped: ['Sierra Tango SECRETCROPPED Uniform Victor'],
  outsideCrop: ['OUTSIDECROPSECRET Whiskey'],
};

function writeLines(page: PDFPage, font: PDFFont, lines: readonly string[], x: number, top: number): void {
  lines.forEach((line, index) => page.drawText(line, { x, y: top - index * 24, size: 14, font }));
}

/**
 * Four pages: 0 plain text (to redact), 1 untouched, 2 /Rotate 90 (to redact), 3 CropBox offset with
 * text outside the crop (to redact). Carries every kind of hidden content on the catalog and pages.
 */
export async function buildEngineFixture(): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  const first = document.addPage([612, 792]);
  writeLines(first, font, LINES.first, 72, 700);
  const untouched = document.addPage([612, 792]);
  writeLines(untouched, font, LINES.untouched, 72, 700);
  const rotated = document.addPage([612, 792]);
  writeLines(rotated, font, LINES.rotated, 72, 600);
  rotated.setRotation(degrees(90));
  const cropped = document.addPage([612, 792]);
  cropped.setCropBox(100, 100, 400, 500);
  writeLines(cropped, font, LINES.cropped, 120, 400);
  writeLines(cropped, font, LINES.outsideCrop, 120, 50);

  document.setTitle('Secret title');
  document.setAuthor('Secret author');
  const { context } = document;
  const xmp = context.stream('<x:xmpmeta xmlns:x="adobe:ns:meta/">secret</x:xmpmeta>', { Type: 'Metadata', Subtype: 'XML' });
  document.catalog.set(PDFName.of('Metadata'), context.register(xmp));
  document.catalog.set(PDFName.of('OpenAction'), context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }));
  document.catalog.set(PDFName.of('OCProperties'), context.obj({ OCGs: [], D: {} }));
  const outline = context.register(context.obj({ Type: 'Outlines', Count: 0 }));
  document.catalog.set(PDFName.of('Outlines'), outline);
  const file = context.register(context.stream('attached secret', { Type: 'EmbeddedFile' }));
  const spec = context.register(context.obj({ Type: 'Filespec', F: PDFString.of('a.txt'), EF: { F: file } }));
  document.catalog.set(PDFName.of('Names'), context.obj({ EmbeddedFiles: { Names: [PDFString.of('a.txt'), spec] } }));
  document.catalog.set(PDFName.of('AF'), context.obj([spec]));
  document.catalog.set(PDFName.of('AcroForm'), context.obj({ Fields: [] }));
  for (const page of document.getPages()) {
    const note = context.register(context.obj({ Type: 'Annot', Subtype: 'Text', Rect: [10, 10, 30, 30], Contents: PDFString.of('annotation secret') }));
    page.node.set(PDFName.of('Annots'), context.obj([note]));
    page.node.set(PDFName.of('PieceInfo'), context.obj({ App: { Private: PDFString.of('piece secret') } }));
    page.node.set(PDFName.of('Thumb'), context.register(context.stream('thumb', {})));
  }
  return document.save({ useObjectStreams: false });
}

/** `count` pages of plain text, each with the word SECRET<n> in the middle of its first line. */
export async function buildManyPages(count: number): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (let index = 0; index < count; index++) {
    const page = document.addPage([612, 792]);
    writeLines(page, font, [`Page ${index} opens SECRET${index} here`, 'and carries on with ordinary words'], 72, 700);
  }
  return document.save({ useObjectStreams: false });
}

export async function writePdf(directory: string, name: string, bytes: Uint8Array): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, bytes);
  return path;
}

export async function popplerText(pdfPath: string): Promise<string> {
  const { stdout } = await execFileAsync('pdftotext', ['-q', pdfPath, '-'], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

export async function extractWords(pdfPath: string): Promise<DocumentText> {
  return createTextExtractor({ engine: 'poppler' }).extract(pdfPath);
}

export function wordsOf(text: DocumentText, pageIndex: number): Word[] {
  return (text.pages[pageIndex]?.lines ?? []).flatMap((line) => line.words);
}

export function findWord(text: DocumentText, pageIndex: number, word: string): Box {
  const found = wordsOf(text, pageIndex).find((candidate) => candidate.text === word);
  if (!found) throw new Error(`fixture word ${word} not found on page ${pageIndex}`);
  return found.box;
}

export async function loadPdf(path: string): Promise<PDFDocument> {
  return PDFDocument.load(await readFile(path), { updateMetadata: false });
}
