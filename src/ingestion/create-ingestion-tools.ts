import { DefaultAzureCredential } from '@azure/identity';
import { DEFAULT_CONVERSION_OPTIONS } from '../conversion/conversion-options.js';
import { DocumentConverter } from '../conversion/document-converter.service.js';
import { createOcr, createTesseractCliOcr, createTesseractJsOcr } from '../conversion/ocr/ocr.factory.js';
import type { Ocr } from '../conversion/ocr/ocr.port.js';
import { PageOcrPipeline } from '../conversion/ocr/page-ocr-pipeline.js';
import { AzureDocumentIntelligenceOcr } from '../conversion/ocr/azure-document-intelligence-ocr.adapter.js';
import { programConcurrency, RoundRobinSlots } from '../conversion/sandbox/index.js';
import { sniffFile, type SniffResult } from '../conversion/sniff.js';
import { createTextExtractor } from '../conversion/text/text-extractor.factory.js';
import { PdftoppmCoveredTextDetector } from '../conversion/covered-text/pdftoppm-covered-text.detector.js';
import type { DocumentText, PageText } from '../common/word-model.js';
import type { IngestionConfig } from '../config/app-config.js';
import type { ConvertedPdf, IngestionTools } from './ingestion-tools.port.js';

/** Pages with no words at all are the ones OCR can help. */
/** Sniffs waiting for their conversion (one per document in flight; a bound against a convert that never came). */
const MAX_REMEMBERED_SNIFFS = 256;

export const pagesWithoutWords = (text: DocumentText): number[] =>
  text.pages.filter((page) => page.lines.every((line) => line.words.length === 0)).map((page) => page.pageIndex);

export interface IngestionToolsOptions {
  /** Force a text engine (benchmarks); by default poppler where installed, else pdf.js. */
  readonly textEngine?: 'poppler' | 'pdfjs';
  /** Disable external programs (tests of the fallbacks), e.g. ['soffice']. */
  readonly disabledPrograms?: readonly string[];
}

function ocrFor(config: Pick<IngestionConfig, 'sandbox' | 'ocr'>): Ocr | null {
  const limits = { timeoutMs: config.sandbox.timeoutMs, maxMemoryMb: config.sandbox.maxMemoryMb, language: config.ocr.languages };
  switch (config.ocr.mode) {
    case 'off':
      return null;
    case 'auto':
      return createOcr(limits);
    case 'tesseract':
      return createTesseractCliOcr(limits);
    case 'tesseract-js':
      return createTesseractJsOcr(limits);
    case 'azure-document-intelligence':
      return AzureDocumentIntelligenceOcr.fromConfig({ endpoint: config.ocr.documentIntelligenceEndpoint!, credential: new DefaultAzureCredential(config.ocr.managedIdentityClientId === undefined ? {} : { managedIdentityClientId: config.ocr.managedIdentityClientId }), timeoutMs: config.sandbox.timeoutMs });
  }
}

/**
 * The real tools, from the conversion, text and OCR modules, with the config's sandbox limits. Their
 * children reserve from the process-wide child memory budget, which whoever assembles the process sets
 * (IngestionModule.forRoot, or configureChildMemoryBudget in a bench or test).
 */
export function createIngestionTools(config: Pick<IngestionConfig, 'sandbox' | 'ocr' | 'concurrency'> & Partial<Pick<IngestionConfig, 'coveredText'>>, options: IngestionToolsOptions = {}): IngestionTools & { close(): Promise<void> } {
  const limits = { timeoutMs: config.sandbox.timeoutMs, maxMemoryMb: config.sandbox.maxMemoryMb };
  const timeout = { timeoutMs: config.sandbox.timeoutMs };
  // The JS parsers get the configured memory; LibreOffice, qpdf and image decoding keep their larger address-space limits.
  const converter = DocumentConverter.fromConfig({
    workerConcurrency: config.concurrency,
    workerLimits: limits,
    imageLimits: { ...DEFAULT_CONVERSION_OPTIONS.imageLimits, ...timeout },
    pdfToolLimits: { ...DEFAULT_CONVERSION_OPTIONS.pdfToolLimits, ...timeout },
    officeLimits: { ...DEFAULT_CONVERSION_OPTIONS.officeLimits, ...timeout },
    // The converter's own LibreOffice semaphore (default 1) opened to runProgram's slots, one per core:
    // each job has a fresh profile, so nothing else limits them, and this semaphore then never holds back
    // a job the cores could run; the cores and the child memory budget are what bound them.
    officeConcurrency: programConcurrency().permits,
    disabledPrograms: options.disabledPrograms ?? [],
  });
  const extractor = createTextExtractor({ ...limits, engine: options.textEngine });
  const ocr = ocrFor(config);
  const covered = config.coveredText === false ? null : new PdftoppmCoveredTextDetector(limits);
  const pageOcr = ocr && new PageOcrPipeline(ocr, { ...limits, maxMegapixels: config.ocr.maxMegapixels });
  // Pages of every document in flight share these slots, taken in turn document by document: one more than
  // INGESTION_CONCURRENCY, so the next page renders while the others are recognised. The cores (runProgram's
  // slots) and the child memory budget further bound what actually runs.
  const ocrSlots = new RoundRobinSlots(Math.max(1, config.concurrency) + 1);
  // The sniff stage's full result (encoding, encryption) goes on to conversion: the file is sniffed once.
  const sniffedFiles = new Map<string, SniffResult>();
  return {
    engines: { text: extractor.engine, ocr: ocr?.engine ?? 'off' },
    async sniff(path) {
      const sniffed = await sniffFile(path);
      sniffedFiles.delete(path);
      while (sniffedFiles.size >= MAX_REMEMBERED_SNIFFS) sniffedFiles.delete(sniffedFiles.keys().next().value as string);
      sniffedFiles.set(path, sniffed);
      return sniffed.mimeType;
    },
    async convert({ path, mimeType, workDir }): Promise<ConvertedPdf> {
      const remembered = sniffedFiles.get(path);
      sniffedFiles.delete(path);
      const sniffed = remembered !== undefined && remembered.mimeType === mimeType ? remembered : await sniffFile(path);
      const result = await converter.convert({ path, sniffedType: sniffed }, workDir);
      return { pdfPath: result.pdfPath, attachments: result.children.map((child) => ({ fileName: child.fileName, mimeType: child.mimeType, path: child.path })) };
    },
    extractText: (pdfPath) => extractor.extract(pdfPath),
    ...(covered === null ? {} : { detectCoveredText: (pdfPath: string, text: DocumentText) => covered.detect(pdfPath, text) }),
    pagesNeedingOcr: (_pdfPath, text) => Promise.resolve(pagesWithoutWords(text)),
    async ocrPages(pdfPath, pages): Promise<PageText[]> {
      if (pageOcr === null || pages.length === 0) return [];
      // one pdfimages -list for the document, not one per page
      const images = await pageOcr.pageImages(pdfPath, pages.map((page) => page.pageIndex));
      return Promise.all(pages.map((page) => ocrSlots.use(pdfPath, () => pageOcr.recognise(pdfPath, page, images.get(page.pageIndex) ?? []))));
    },
    close: () => converter.close(),
  };
}
