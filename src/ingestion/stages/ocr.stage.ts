import { ProcessingFailure } from '../../conversion/processing-failure.js';
import type { DocumentText, PageOcrStatus, PageText } from '../../common/word-model.js';
import type { IngestionTools } from '../ingestion-tools.port.js';

export interface OcrOutcome {
  readonly text: DocumentText;
  /** Pages whose words now come from OCR. */
  readonly ocrPageCount: number;
  /** Pages with no words after OCR: a photo or blank page, OCR failed on it, or OCR is off (each page's `ocr` says which). */
  readonly pagesWithoutText: number;
}

const hasWords = (page: PageText): boolean => page.lines.some((line) => line.words.length > 0);

/**
 * Stage 8: OCR for the pages with no text layer, merged into the document's text by page index. Every
 * such page gets an `ocr` status; a page the tools did not return was not OCR'd (OCR is off). A
 * document with no words anywhere whose every OCR page failed fails with that reason.
 */
export async function ocrMissingText(tools: IngestionTools, pdfPath: string, text: DocumentText, workDir: string): Promise<OcrOutcome> {
  const needed = new Set(await tools.pagesNeedingOcr(pdfPath, text));
  if (needed.size === 0) return { text, ocrPageCount: 0, pagesWithoutText: 0 };
  const recognised = await tools.ocrPages(
    pdfPath,
    text.pages.filter((page) => needed.has(page.pageIndex)).map((page) => ({ pageIndex: page.pageIndex, width: page.width, height: page.height })),
    workDir,
  );
  const byIndex = new Map(recognised.filter((page) => needed.has(page.pageIndex)).map((page) => [page.pageIndex, page]));
  const pages = text.pages.map((page): PageText => {
    if (!needed.has(page.pageIndex)) return page;
    const ocr = byIndex.get(page.pageIndex);
    if (ocr === undefined) return { ...page, ocr: { status: 'off' } };
    if (hasWords(ocr)) return { ...ocr, ocr: ocr.ocr ?? { status: 'text' } };
    // Keep the page as extracted (its rotation), with what OCR said about it.
    return { ...page, ocr: ocr.ocr ?? { status: 'no-text' } };
  });
  const statuses = pages.filter((page) => needed.has(page.pageIndex)).map((page) => page.ocr as PageOcrStatus);
  const failed = statuses.filter((status) => status.status === 'failed');
  if (failed.length > 0 && failed.length === statuses.length && !pages.some(hasWords)) {
    const first = failed[0];
    throw new ProcessingFailure(first.reason ?? 'OCR_FAILED', `OCR failed on ${failed.length === 1 ? 'the only page' : `all ${failed.length} pages`}: ${first.detail ?? 'no reason given'}`);
  }
  return {
    text: { pageCount: text.pageCount, pages },
    ocrPageCount: statuses.filter((status) => status.status === 'text').length,
    pagesWithoutText: pages.filter((page) => needed.has(page.pageIndex) && !hasWords(page)).length,
  };
}
