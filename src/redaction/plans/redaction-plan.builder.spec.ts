import { describe, expect, it } from '@jest/globals';
import type { DocumentText, Line, PageText } from '../../common/word-model.js';
import type { CasePerson } from '../suggestions/case-people.js';
import { compilePlanQuery, planDocumentPages, rectsOf, wordsText, type PlanQuery } from './redaction-plan.builder.js';
import type { StoredPlanDocument } from './redaction-plan.model.js';
import { RedactionTypeCatalog } from '../log/redaction-type-catalog.js';
import { acceptedRedactions, redactionTypeOf } from './redaction-plan.runner.js';

/** A line of words 40 pt apart at `y`, each 30 pt wide and 10 pt tall. */
function line(y: number, ...words: string[]): Line {
  const placed = words.map((text, index) => ({ text, box: { x: 50 + index * 40, y, width: 30, height: 10 } }));
  return { text: words.join(' '), box: { x: 50, y, width: words.length * 40, height: 10 }, words: placed };
}

function page(pageIndex: number, ...lines: Line[]): PageText {
  return { pageIndex, width: 595, height: 842, rotation: 0, source: 'text-layer', lines };
}

const documentOf = (...pages: PageText[]): DocumentText => ({ pageCount: pages.length, pages });

const witness: CasePerson = { firstNames: 'Jane', surname: 'Fairweather', dateOfBirth: '1984-03-12', address: '12 Larkspur Lane, Fictonbury, QX12 3AB', phone: '07700 900123' };
const query = (partial: Partial<PlanQuery>): PlanQuery => ({ terms: [], people: [], categories: [], casePeople: [], ...partial });

describe('planDocumentPages', () => {
  it('boxes every occurrence of a term, tokenised like search, a phrase across a line break as one box with a rectangle per line', () => {
    const text = documentOf(
      page(0, line(100, 'Statement', 'of', 'Jane'), line(120, 'Fairweather,', 'who', 'saw', 'JANE', 'FAIRWEATHER')),
      page(1, line(100, 'Nothing', 'here')),
      page(2, line(100, 'jane', 'fairweather’s', 'car')),
    );
    const pages = planDocumentPages(text, compilePlanQuery(query({ terms: ['Jane Fairweather'] })));
    // "fairweather’s" holds the token "fairweather", as search finds it.
    expect(pages.map((p) => p.pageIndex)).toEqual([0, 2]);
    expect(wordsText(text.pages[2], pages[1].boxes[0].words)).toBe('jane fairweather’s');
    const [first, second] = pages[0].boxes;
    expect(first.words).toEqual([
      [0, 2],
      [1, 0],
    ]);
    expect(first.rects).toHaveLength(2);
    expect(first.origin).toEqual({ kind: 'term', termIndex: 0 });
    expect(wordsText(text.pages[0], first.words)).toBe('Jane Fairweather,');
    expect(second.words).toEqual([
      [1, 3],
      [1, 4],
    ]);
    expect(second.rects).toHaveLength(1);
    expect(pages[0].boxes.map((box) => box.boxId)).toEqual(['0.0', '0.1']);
  });

  it('finds a named person’s name, phone and address lines but only the categories asked for', () => {
    const text = documentOf(page(0, line(100, 'Jane', 'Fairweather', 'of'), line(120, '12', 'Larkspur', 'Lane'), line(140, 'tel', '07700', '900123')));
    const all = planDocumentPages(text, compilePlanQuery(query({ people: [{ person: witness, categories: ['name', 'address', 'phone'] }] })));
    const found = all[0].boxes.map((box) => [box.origin.kind === 'person' ? box.origin.category : '', wordsText(text.pages[0], box.words)]);
    expect(found).toEqual(expect.arrayContaining([['name', 'Jane Fairweather'], ['address', '12 Larkspur Lane'], ['phone', '07700 900123']]));
    // The full name, not also the surname alone inside it: one box per occurrence.
    expect(all[0].boxes.filter((box) => box.origin.kind === 'person' && box.origin.category === 'name')).toHaveLength(1);
    const phoneOnly = planDocumentPages(text, compilePlanQuery(query({ people: [{ person: witness, categories: ['phone'] }] })));
    expect(phoneOnly[0].boxes.map((box) => wordsText(text.pages[0], box.words))).toEqual(['07700 900123']);
  });

  it('finds suggestion categories (patterns) and makes one box of the same words found twice', () => {
    const text = documentOf(page(0, line(100, 'Email', 'jane@example.org', 'or'), line(120, 'call', '07700', '900123')));
    const pages = planDocumentPages(
      text,
      compilePlanQuery(query({ terms: ['07700 900123'], categories: ['email', 'phone'], casePeople: [witness] })),
    );
    const texts = pages[0].boxes.map((box) => wordsText(text.pages[0], box.words));
    expect(texts.sort()).toEqual(['07700 900123', 'jane@example.org']);
    expect(pages[0].boxes.find((box) => wordsText(text.pages[0], box.words) === '07700 900123')?.origin).toEqual({ kind: 'term', termIndex: 0 });
  });

  it('pads each rectangle around its words and keeps it on the page', () => {
    const edge = page(0, { text: 'Jane', box: { x: 0, y: 0, width: 30, height: 10 }, words: [{ text: 'Jane', box: { x: 0, y: 0, width: 30, height: 10 } }] });
    const [rect] = rectsOf(edge, [[0, 0]]);
    expect(rect.x).toBe(0);
    expect(rect.y).toBe(0);
    expect(rect.width).toBeGreaterThan(30);
    expect(rect.height).toBeGreaterThan(10);
    expect(wordsText(undefined, [[0, 0]])).toBe('');
  });
});

describe('acceptedRedactions', () => {
  it('leaves out rejected boxes and pages left empty, in the PDF’s own units', () => {
    const document: StoredPlanDocument = {
      position: 0,
      documentId: '1001',
      versionId: '7001',
      pageCount: 3,
      pages: [
        { pageIndex: 0, width: 595, height: 842, boxes: [{ boxId: '0.0', origin: { kind: 'term', termIndex: 0 }, words: [[0, 0]], rects: [{ x: 1, y: 2, width: 3, height: 4 }] }] },
        {
          pageIndex: 2,
          width: 612,
          height: 792,
          boxes: [
            { boxId: '2.0', origin: { kind: 'term', termIndex: 0 }, words: [[0, 0]], rects: [{ x: 5, y: 6, width: 7, height: 8 }] },
            { boxId: '2.1', origin: { kind: 'term', termIndex: 0 }, words: [[1, 0], [2, 0]], rects: [{ x: 9, y: 10, width: 11, height: 12 }, { x: 9, y: 30, width: 11, height: 12 }] },
          ],
        },
      ],
      boxCount: 3,
      decision: 'accepted',
      rejectedBoxIds: ['0.0', '2.0'],
      blockedBy: null,
    };
    const { redactions, count } = acceptedRedactions(document);
    expect(count).toBe(1);
    expect(redactions).toEqual([{ pageIndex: 2, pageWidth: 612, pageHeight: 792, rects: [{ x: 9, y: 10, width: 11, height: 12 }, { x: 9, y: 30, width: 11, height: 12 }] }]);
  });
});

describe('redactionTypeOf', () => {
  it('types a person’s or a category’s box when the deployment has the type, and leaves a term’s untyped', () => {
    const types = new RedactionTypeCatalog(['named-person', 'phone']);
    expect(redactionTypeOf({ kind: 'person', personIndex: 0, category: 'name' }, types)).toBe('named-person');
    expect(redactionTypeOf({ kind: 'category', category: 'phone' }, types)).toBe('phone');
    expect(redactionTypeOf({ kind: 'category', category: 'sort-code' }, types)).toBeUndefined();
    expect(redactionTypeOf({ kind: 'term', termIndex: 0 }, types)).toBeUndefined();
  });
});
