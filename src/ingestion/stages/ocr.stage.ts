import type { DocumentText } from '../../conversion/word-model.js';
import type { IngestionTools } from '../ingestion-tools.port.js';

export interface OcrOutcome {
  readonly text: DocumentText;
  /** Pages whose words now come from OCR. */
  readonly ocrPageCount: number;
  /** Pages that still have no words: OCR off or missing, or OCR found none (a blank page, a photo without text). */
  readonly pagesWithoutText: number;
}

/** Stage 8: OCR for the pages with no text layer, merged into the document's text by page index. */
export async function ocrMissingText(tools: IngestionTools, pdfPath: string, text: DocumentText, workDir: string): Promise<OcrOutcome> {
  const needed = await tools.pagesNeedingOcr(pdfPath, text);
  if (needed.length === 0) return { text, ocrPageCount: 0, pagesWithoutText: 0 };
  const recognised = await tools.ocrPages(
    pdfPath,
    text.pages.filter((page) => needed.includes(page.pageIndex)).map((page) => ({ pageIndex: page.pageIndex, width: page.width, height: page.height })),
    workDir,
  );
  const byIndex = new Map(recognised.filter((page) => needed.includes(page.pageIndex)).map((page) => [page.pageIndex, page]));
  const pages = text.pages.map((page) => byIndex.get(page.pageIndex) ?? page);
  const withoutWords = pages.filter((page) => needed.includes(page.pageIndex) && page.lines.every((line) => line.words.length === 0)).length;
  return { text: { pageCount: text.pageCount, pages }, ocrPageCount: byIndex.size, pagesWithoutText: withoutWords };
}
