import { describe, expect, it } from '@jest/globals';
import type { DocumentText, PageText } from '../../common/word-model.js';
import type { IngestionTools } from '../ingestion-tools.port.js';
import { detectCoveredText, withCoveredWords } from './covered-text.stage.js';

const box = { x: 1, y: 2, width: 3, height: 4 };
const page = (pageIndex: number, source: PageText['source']): PageText => ({
  pageIndex,
  width: 100,
  height: 100,
  rotation: 0,
  source,
  lines: [{ text: 'a b', box, words: [{ text: 'a', box }, { text: 'b', box }] }],
});
const text: DocumentText = { pageCount: 2, pages: [page(0, 'text-layer'), page(1, 'ocr')] };
const tools = (result: Awaited<ReturnType<NonNullable<IngestionTools['detectCoveredText']>>> | null): IngestionTools =>
  ({ ...(result === null ? {} : { detectCoveredText: () => Promise.resolve(result) }) }) as IngestionTools;

describe('covered-text stage', () => {
  it('gives the tracker the pages and boxes, and marks only text-layer words', async () => {
    const found = { pageIndex: 0, boxes: [box], words: [[0, 1]] as const };
    const outcome = await detectCoveredText(tools({ status: 'checked', pages: [found, { ...found, pageIndex: 1 }] }), 'x.pdf', text);
    expect(outcome.coveredText).toEqual([{ pageIndex: 0, boxes: [box] }, { pageIndex: 1, boxes: [box] }]);
    const marked = withCoveredWords(text, outcome.pages);
    expect(marked.pages.map((p) => p.lines[0].words.map((word) => word.covered === true))).toEqual([[false, true], [false, false]]);
  });

  it('says "not looked at" (null) when detection is off or could not run, and marks nothing', async () => {
    expect(await detectCoveredText(tools(null), 'x.pdf', text)).toEqual({ pages: [], coveredText: null });
    expect(await detectCoveredText(tools({ status: 'failed', detail: 'pdftoppm exited with code 1' }), 'x.pdf', text)).toEqual({ pages: [], coveredText: null });
    expect(await detectCoveredText(tools({ status: 'checked', pages: [] }), 'x.pdf', text)).toEqual({ pages: [], coveredText: [] });
  });
});
