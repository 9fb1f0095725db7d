import { describe, expect, test } from '@jest/globals';
import { DomainError } from '../common/domain-error.js';
import { MAX_RECTS_PER_PAGE, toPdfBoxes, type PageRedaction } from './redaction.types.js';

const letter = { width: 612, height: 792 };
const landscape = { width: 792, height: 612 };

function geometryCode(pages: PageRedaction[], sizes = [letter]): string | undefined {
  try {
    toPdfBoxes(pages, sizes);
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
}

describe('toPdfBoxes', () => {
  test('scales client units to displayed-page points on each axis', () => {
    const boxes = toPdfBoxes([{ pageIndex: 1, pageWidth: 1224, pageHeight: 1584, rects: [{ x: 100, y: 200, width: 50, height: 20 }] }], [letter, letter]);
    expect(boxes).toEqual([{ pageIndex: 1, box: { x: 50, y: 100, width: 25, height: 10 } }]);
  });

  test('uses the displayed (rotated) page size, so a landscape rendering maps to the landscape page', () => {
    const [only] = toPdfBoxes([{ pageIndex: 0, pageWidth: 1000, pageHeight: 772.727, rects: [{ x: 500, y: 0, width: 500, height: 100 }] }], [landscape]);
    expect(only?.box.x).toBeCloseTo(396);
    expect(only?.box.width).toBeCloseTo(396);
    expect(only?.box.height).toBeCloseTo(79.2, 1);
  });

  test('clips a rectangle dragged past the page edges', () => {
    const [only] = toPdfBoxes([{ pageIndex: 0, pageWidth: 612, pageHeight: 792, rects: [{ x: -10, y: 780, width: 40, height: 50 }] }], [letter]);
    expect(only?.box).toEqual({ x: 0, y: 780, width: 30, height: 12 });
  });

  test.each([
    ['a NaN coordinate', { x: Number.NaN, y: 0, width: 5, height: 5 }],
    ['an infinite width', { x: 0, y: 0, width: Number.POSITIVE_INFINITY, height: 5 }],
    ['a negative width', { x: 10, y: 10, width: -5, height: 5 }],
    ['a zero height', { x: 10, y: 10, width: 5, height: 0 }],
    ['a rectangle wholly off the page', { x: 700, y: 10, width: 5, height: 5 }],
    ['a rectangle wholly above the page', { x: 10, y: -50, width: 5, height: 20 }],
  ])('rejects %s with INVALID_GEOMETRY', (_name, rect) => {
    expect(geometryCode([{ pageIndex: 0, pageWidth: 612, pageHeight: 792, rects: [rect] }])).toBe('INVALID_GEOMETRY');
  });

  test.each([
    ['a page index out of range', { pageIndex: 3, pageWidth: 612, pageHeight: 792, rects: [] }],
    ['a negative page index', { pageIndex: -1, pageWidth: 612, pageHeight: 792, rects: [] }],
    ['a fractional page index', { pageIndex: 0.5, pageWidth: 612, pageHeight: 792, rects: [] }],
    ['a zero page width', { pageIndex: 0, pageWidth: 0, pageHeight: 792, rects: [] }],
    ['a NaN page height', { pageIndex: 0, pageWidth: 612, pageHeight: Number.NaN, rects: [] }],
  ])('rejects %s with INVALID_GEOMETRY', (_name, page: PageRedaction) => {
    expect(geometryCode([page])).toBe('INVALID_GEOMETRY');
  });

  test('rejects absurd counts of rectangles', () => {
    const rects = Array.from({ length: MAX_RECTS_PER_PAGE + 1 }, () => ({ x: 1, y: 1, width: 1, height: 1 }));
    expect(geometryCode([{ pageIndex: 0, pageWidth: 612, pageHeight: 792, rects }])).toBe('INVALID_GEOMETRY');
    expect(geometryCode([{ pageIndex: 0, pageWidth: 612, pageHeight: 792, rects: rects.slice(1) }])).toBeUndefined();
  });
});
