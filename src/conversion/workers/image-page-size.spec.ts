import { describe, expect, it } from '@jest/globals';
import { imagePageSize } from './image-page-size.js';

const A4_WIDTH = 595.28;
const A4_HEIGHT = 841.89;

describe('imagePageSize', () => {
  it('keeps a declared resolution: 2480×3508 at 300 dpi is an A4 page', () => {
    const page = imagePageSize({ width: 2480, height: 3508, dpiX: 300, dpiY: 300 });
    expect(page.width).toBeCloseTo(595.2, 1);
    expect(page.height).toBeCloseTo(841.92, 1);
  });

  it('keeps a declared resolution even when the page is large (a 72 dpi poster stays a poster)', () => {
    expect(imagePageSize({ width: 6000, height: 4000, dpiX: 72 })).toEqual({ width: 6000, height: 4000 });
  });

  it('fits a resolution-less 6000×4000 photo to A4 landscape, keeping its aspect ratio (not an 83-inch page)', () => {
    const page = imagePageSize({ width: 6000, height: 4000 });
    expect(page.width).toBeCloseTo(A4_HEIGHT, 2);
    expect(page.height).toBeCloseTo((A4_HEIGHT * 4000) / 6000, 2);
    // the implied resolution is pixels / page inches
    expect(6000 / (page.width / 72)).toBeCloseTo(513.1, 0);
  });

  it('fits a tall resolution-less scan to A4 portrait by its height', () => {
    const page = imagePageSize({ width: 2000, height: 6000 });
    expect(page.height).toBeCloseTo(A4_HEIGHT, 2);
    expect(page.width).toBeCloseTo(A4_HEIGHT / 3, 2);
    expect(page.width).toBeLessThanOrEqual(A4_WIDTH);
  });

  it('leaves a small resolution-less image at one pixel per point', () => {
    expect(imagePageSize({ width: 400, height: 300 })).toEqual({ width: 400, height: 300 });
  });

  it('treats an implausible resolution (0 or 1 dpi) as none', () => {
    const page = imagePageSize({ width: 6000, height: 4000, dpiX: 1, dpiY: 1 });
    expect(page.width).toBeCloseTo(A4_HEIGHT, 2);
  });

  it('uses the decoded size when it differs from the header (a rotated image)', () => {
    expect(imagePageSize({ width: 300, height: 200, dpiX: 150 }, 200, 300)).toEqual({ width: 96, height: 144 });
  });
});
