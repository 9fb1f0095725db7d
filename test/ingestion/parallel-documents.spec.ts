import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { parseConfig } from '../../src/config/app-config.js';
import { childMemoryBudget, configureChildMemoryBudget, configureProgramConcurrency, programConcurrency, type BudgetState } from '../../src/conversion/sandbox/index.js';
import { createIngestionTools } from '../../src/ingestion/create-ingestion-tools.js';
import { convertDocument } from '../../src/ingestion/stages/convert.stage.js';
import { extractDocumentText } from '../../src/ingestion/stages/extract.stage.js';
import { ocrMissingText } from '../../src/ingestion/stages/ocr.stage.js';

const DEJAVU_SANS = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

/** An image-only PDF: each page a 150 dpi "scan" of a few lines of large type. */
async function scannedPdf(pages: readonly string[][]): Promise<Uint8Array> {
  GlobalFonts.registerFromPath(DEJAVU_SANS, 'DejaVu Sans');
  const pdf = await PDFDocument.create();
  for (const lines of pages) {
    const canvas = createCanvas(1240, 1754);
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, 1240, 1754);
    context.fillStyle = '#000000';
    context.font = '56px "DejaVu Sans"';
    lines.forEach((line, i) => context.fillText(line, 120, 260 + i * 110));
    const image = await pdf.embedPng(canvas.toBuffer('image/png'));
    pdf.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
  }
  return pdf.save();
}

async function bornDigitalPdf(pages: readonly string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const text of pages) pdf.addPage([595, 842]).drawText(text, { x: 72, y: 760, size: 14, font });
  return pdf.save();
}

const wordsOf = (text: { pages: readonly { lines: readonly { words: readonly { text: string }[] }[] }[] }): string[] =>
  text.pages.flatMap((page) => page.lines.flatMap((line) => line.words.map((word) => word.text.toUpperCase())));

/**
 * Several documents at once through convert → extract → OCR on the real tools, as the worker runs the
 * documents it has in flight: they overlap (one document's children run while another's do), and the
 * children together never hold more than the memory budget. Event-driven: the budget reports every
 * grant and release, and each document reports when it starts and ends; nothing is timed.
 */
describe('several documents at once under the child memory budget (real qpdf, poppler, tesseract)', () => {
  // Small enough that two of the larger children (qpdf, pdftoppm, pdftotext) cannot run side by side.
  const BUDGET_MB = 256;
  let dir: string;
  let coresBefore: number;
  let budgetBefore: number;
  const tools = createIngestionTools({ ...parseConfig({ SANDBOX_TIMEOUT_MS: '300000' }).ingestion });
  const documents = [
    { name: 'holdall', scanned: [['HOLDALL SEIZED', 'EXHIBIT 14']], expect: ['HOLDALL', 'SEIZED'] },
    { name: 'lantern', scanned: [['LANTERN BROKEN'], ['WINDOW SMASHED']], expect: ['LANTERN', 'WINDOW'] },
    { name: 'receipt', scanned: [['RECEIPT MISSING', 'PAYMENT TAKEN']], expect: ['RECEIPT', 'PAYMENT'] },
    { name: 'statement', digital: ['Statement of the officer in the case', 'Second page of the statement'], expect: ['STATEMENT', 'OFFICER', 'SECOND'] },
  ];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parallel-documents-'));
    // as on a 4-core machine whatever this one has, so that memory, not the cores, is what holds children back
    coresBefore = programConcurrency().permits;
    configureProgramConcurrency(4);
    // as IngestionModule.forRoot sets it from INGESTION_CHILD_MEMORY_MB for the app
    budgetBefore = childMemoryBudget().totalMb;
    configureChildMemoryBudget(BUDGET_MB);
  });
  afterAll(async () => {
    configureProgramConcurrency(coresBefore);
    configureChildMemoryBudget(budgetBefore);
    await tools.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('overlaps the documents, keeps every reservation within the budget, and recovers every document\'s words', async () => {
    const budget = childMemoryBudget();
    expect(budget.totalMb).toBe(BUDGET_MB);
    const states: BudgetState[] = [];
    const stopListening = budget.onChange((state) => states.push(state));
    let inFlight = 0;
    let mostInFlightWhileChildrenRan = 0;
    const stopWatchingOverlap = budget.onChange((state) => {
      if (state.holders > 0) mostInFlightWhileChildrenRan = Math.max(mostInFlightWhileChildrenRan, inFlight);
    });

    for (const document of documents) {
      const work = path.join(dir, document.name);
      await mkdir(path.join(work, 'convert'), { recursive: true });
      await writeFile(path.join(work, 'source.pdf'), document.scanned ? await scannedPdf(document.scanned) : await bornDigitalPdf(document.digital ?? []));
    }

    const results = await Promise.all(
      documents.map(async (document) => {
        const work = path.join(dir, document.name);
        const source = path.join(work, 'source.pdf');
        inFlight += 1;
        try {
          const converted = await convertDocument(tools, { path: source, mimeType: 'application/pdf', fileName: `${document.name}.pdf`, workDir: path.join(work, 'convert') });
          const text = await extractDocumentText(tools, converted.pdfPath);
          const ocr = await ocrMissingText(tools, converted.pdfPath, text, work);
          return { document, words: wordsOf(ocr.text), ocrPageCount: ocr.ocrPageCount, pagesWithoutText: ocr.pagesWithoutText };
        } finally {
          inFlight -= 1;
        }
      }),
    );
    stopListening();
    stopWatchingOverlap();

    for (const result of results) {
      for (const word of result.document.expect) expect(result.words).toContain(word);
      expect(result.ocrPageCount).toBe(result.document.scanned?.length ?? 0);
      expect(result.pagesWithoutText).toBe(0);
    }
    // every document had started before the first one finished its children
    expect(mostInFlightWhileChildrenRan).toBe(documents.length);
    // children of different documents ran side by side, and never beyond the budget
    expect(Math.max(...states.map((state) => state.holders))).toBeGreaterThan(1);
    expect(Math.max(...states.map((state) => state.reservedMb))).toBeLessThanOrEqual(BUDGET_MB);
    // some had to wait for memory: the budget, not only the cores, held them back
    expect(states.some((state) => state.waiting > 0)).toBe(true);
    expect(states.at(-1)).toMatchObject({ reservedMb: 0, holders: 0 });
  }, 300_000);
});
