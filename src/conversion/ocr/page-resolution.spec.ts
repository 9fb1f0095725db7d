import { describe, expect, it } from '@jest/globals';
import { chooseDpi, DEFAULT_RESOLUTION_POLICY, imagesByPage, parseImageList, rasterSize } from './page-resolution.js';

const A4 = { width: 595.3, height: 841.9 };
const LISTING = `page   num  type   width height color comp bpc  enc interp  object ID x-ppi y-ppi size ratio
--------------------------------------------------------------------------------------------
   1     0 image    2481  3508  gray    1   8  jpeg   no         4  0   300   300  177K 2.1%
   1     1 smask    2481  3508  gray    1   8  image  no         5  0   300   300  1000B 0.0%
   1     2 image     120    80  rgb     3   8  image  no         6  0   720   720  2K  5%
`;
/** One listing of a whole document: a scan on page 1, nothing on page 2, a fax and a logo on page 3. */
const DOCUMENT_LISTING = `page   num  type   width height color comp bpc  enc interp  object ID x-ppi y-ppi size ratio
--------------------------------------------------------------------------------------------
   1     0 image    2481  3508  gray    1   8  jpeg   no         4  0   300   300  177K 2.1%
   1     1 smask    2481  3508  gray    1   8  image  no         5  0   300   300  1000B 0.0%
   3     2 image    1734  1078  gray    1   1  ccitt  no        12  0   204    98  40K 2.0%
   3     3 image     120    80  rgb     3   8  image  no        13  0   720   720  2K  5%
`;

describe('the resolution a page is rendered at for OCR', () => {
  it('reads the images of pdfimages -list, leaving out masks', () => {
    expect(parseImageList(LISTING)).toEqual([
      { pageIndex: 0, width: 2481, height: 3508, xPpi: 300, yPpi: 300 },
      { pageIndex: 0, width: 120, height: 80, xPpi: 720, yPpi: 720 },
    ]);
  });

  it("groups one document's listing by page (0-based), a page with no image having no entry", () => {
    const pages = imagesByPage(parseImageList(DOCUMENT_LISTING));
    expect([...pages.keys()]).toEqual([0, 2]);
    expect(pages.get(0)).toEqual([{ width: 2481, height: 3508, xPpi: 300, yPpi: 300 }]);
    expect(pages.get(2)).toEqual([
      { width: 1734, height: 1078, xPpi: 204, yPpi: 98 },
      { width: 120, height: 80, xPpi: 720, yPpi: 720 },
    ]);
    expect(pages.get(1)).toBeUndefined();
    expect(chooseDpi(pages.get(2) ?? [], { width: 612, height: 792 }, DEFAULT_RESOLUTION_POLICY)).toBe(204);
    expect(chooseDpi(pages.get(1) ?? [], A4, DEFAULT_RESOLUTION_POLICY)).toBe(300);
  });

  it("follows the largest image's own resolution, not a small logo's", () => {
    expect(chooseDpi(parseImageList(LISTING), A4, DEFAULT_RESOLUTION_POLICY)).toBe(300);
    expect(chooseDpi([{ width: 1275, height: 1650, xPpi: 150, yPpi: 150 }], { width: 612, height: 792 }, DEFAULT_RESOLUTION_POLICY)).toBe(150);
  });

  it('takes the finer axis of a fax (204×98 dpi) and the default for a page with no image', () => {
    expect(chooseDpi([{ width: 1734, height: 1078, xPpi: 204, yPpi: 98 }], { width: 612, height: 792 }, DEFAULT_RESOLUTION_POLICY)).toBe(204);
    expect(chooseDpi([], A4, DEFAULT_RESOLUTION_POLICY)).toBe(300);
  });

  it('keeps a huge resolution-less page within the pixel budget', () => {
    const page = { width: 6000, height: 8000 };
    const dpi = chooseDpi([{ width: 6000, height: 8000, xPpi: 72, yPpi: 72 }], page, DEFAULT_RESOLUTION_POLICY);
    const raster = rasterSize(page, dpi);
    expect(raster.width * raster.height).toBeLessThanOrEqual(25_000_000 * 1.001);
    expect(raster.width * raster.height).toBeGreaterThan(24_000_000);
    expect(dpi).toBeLessThan(72);
  });

  it('clamps a scan of 1200 dpi to the maximum and upscales a 72 dpi screenshot to the minimum', () => {
    expect(chooseDpi([{ width: 9924, height: 14032, xPpi: 1200, yPpi: 1200 }], A4, { ...DEFAULT_RESOLUTION_POLICY, maxPixels: 1e9 })).toBe(600);
    expect(chooseDpi([{ width: 595, height: 842, xPpi: 72, yPpi: 72 }], A4, DEFAULT_RESOLUTION_POLICY)).toBe(100);
    expect(chooseDpi([{ width: 992, height: 1403, xPpi: 120, yPpi: 120 }], A4, DEFAULT_RESOLUTION_POLICY)).toBe(120);
  });
});
