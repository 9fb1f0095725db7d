import { describe, expect, it } from '@jest/globals';
import type { DocumentText, PageText } from '../../conversion/word-model.js';
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
});
