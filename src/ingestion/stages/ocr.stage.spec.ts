import { describe, expect, it } from '@jest/globals';
import type { DocumentText, PageText } from '../../common/word-model.js';
import type { IngestionTools } from '../ingestion-tools.port.js';
import { ocrMissingText } from './ocr.stage.js';

const page = (pageIndex: number, words: string[], source: PageText['source'] = 'text-layer'): PageText => ({
  pageIndex,
  width: 600,
  height: 800,
  rotation: 0,
  source,
  lines: words.length === 0 ? [] : [{ text: words.join(' '), box: { x: 0, y: 0, width: 1, height: 1 }, words: words.map((text) => ({ text, box: { x: 0, y: 0, width: 1, height: 1 } })) }],
});

function tools(recognise: (pages: readonly { pageIndex: number; width: number }[]) => PageText[]): IngestionTools & { asked: number[][] } {
  const asked: number[][] = [];
  return {
    asked,
    engines: { text: 'fake', ocr: 'fake' },
    sniff: () => Promise.resolve('application/pdf'),
    convert: () => Promise.reject(new Error('unused')),
    extractText: () => Promise.reject(new Error('unused')),
    pagesNeedingOcr: (_path, text) => Promise.resolve(text.pages.filter((candidate) => candidate.lines.length === 0).map((candidate) => candidate.pageIndex)),
    ocrPages: (_path, pages) => {
      asked.push(pages.map((candidate) => candidate.pageIndex));
      return Promise.resolve(recognise(pages));
    },
  };
}

describe('ocrMissingText', () => {
  it('OCRs only the pages without text, at their displayed size, and merges them by page index', async () => {
    const text: DocumentText = { pageCount: 3, pages: [page(0, ['typed']), page(1, []), page(2, [])] };
    const fake = tools((pages) => pages.map((candidate) => page(candidate.pageIndex, [`scanned${candidate.pageIndex}`, String(candidate.width)], 'ocr')));
    const outcome = await ocrMissingText(fake, 'x.pdf', text, '/tmp');
    expect(fake.asked).toEqual([[1, 2]]);
    expect(outcome.ocrPageCount).toBe(2);
    expect(outcome.text.pages.map((candidate) => [candidate.source, candidate.lines[0]?.text])).toEqual([
      ['text-layer', 'typed'],
      ['ocr', 'scanned1 600'],
      ['ocr', 'scanned2 600'],
    ]);
  });

  it('leaves a born-digital document alone and counts pages OCR could not read', async () => {
    const digital: DocumentText = { pageCount: 1, pages: [page(0, ['typed'])] };
    const fake = tools(() => []);
    expect(await ocrMissingText(fake, 'x.pdf', digital, '/tmp')).toEqual({ text: digital, ocrPageCount: 0, pagesWithoutText: 0 });
    expect(fake.asked).toEqual([]);
    const scanned: DocumentText = { pageCount: 1, pages: [page(0, [])] };
    expect(await ocrMissingText(fake, 'x.pdf', scanned, '/tmp')).toMatchObject({ ocrPageCount: 0, pagesWithoutText: 1 });
  });

  it('says per page whether OCR read words, found none, failed or is off, and counts the pages without text', async () => {
    const text: DocumentText = { pageCount: 4, pages: [page(0, []), { ...page(1, []), rotation: 90 }, page(2, []), page(3, ['typed'])] };
    const fake = tools(() => [
      { ...page(0, ['scanned'], 'ocr'), ocr: { status: 'text', dpi: 300 } },
      { ...page(1, [], 'ocr'), ocr: { status: 'no-text', dpi: 200 } },
      { ...page(2, [], 'ocr'), ocr: { status: 'failed', reason: 'OUT_OF_MEMORY', detail: 'the renderer ran out of memory at 9000×12000 pixels' } },
    ]);
    const outcome = await ocrMissingText(fake, 'x.pdf', text, '/tmp');
    expect({ ocrPageCount: outcome.ocrPageCount, pagesWithoutText: outcome.pagesWithoutText }).toEqual({ ocrPageCount: 1, pagesWithoutText: 2 });
    expect(outcome.text.pages.map((candidate) => [candidate.ocr?.status, candidate.ocr?.reason, candidate.rotation, candidate.lines[0]?.text])).toEqual([
      ['text', undefined, 0, 'scanned'],
      ['no-text', undefined, 90, undefined],
      ['failed', 'OUT_OF_MEMORY', 0, undefined],
      [undefined, undefined, 0, 'typed'],
    ]);
    const off = await ocrMissingText(tools(() => []), 'x.pdf', { pageCount: 1, pages: [page(0, [])] }, '/tmp');
    expect(off.text.pages[0].ocr).toEqual({ status: 'off' });
  });

  it('fails a document with no words anywhere when OCR failed on every page, with the reason', async () => {
    const text: DocumentText = { pageCount: 2, pages: [page(0, []), page(1, [])] };
    const failing = tools((pages) => pages.map((candidate) => ({ ...page(candidate.pageIndex, [], 'ocr'), ocr: { status: 'failed' as const, reason: 'OCR_FAILED' as const, detail: 'the renderer wrote 1×1 pixels' } })));
    await expect(ocrMissingText(failing, 'x.pdf', text, '/tmp')).rejects.toMatchObject({ reason: 'OCR_FAILED', message: 'OCR failed on all 2 pages: the renderer wrote 1×1 pixels' });
  });
});
