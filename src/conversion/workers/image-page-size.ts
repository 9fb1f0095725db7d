import { usableDpi, type ImageHeader } from '../render/image-header.js';

/** A4 in points, portrait. */
const A4 = { width: 595.28, height: 841.89 } as const;

/**
 * The PDF page (points) for an image. A declared resolution is kept; an image without one gets a page
 * that fits A4 (landscape for a wide image), so a 6000-pixel photo is not an 83-inch page: small images
 * keep one pixel per point, larger ones shrink with their aspect ratio (the implied ppi is pixels / page inches).
 */
export function imagePageSize(header: ImageHeader, width = header.width, height = header.height): { width: number; height: number } {
  if (hasResolution(header.dpiX)) {
    return { width: (width * 72) / usableDpi(header.dpiX), height: (height * 72) / usableDpi(hasResolution(header.dpiY) ? header.dpiY : header.dpiX) };
  }
  const box = width > height ? { width: A4.height, height: A4.width } : A4;
  const scale = Math.min(1, box.width / width, box.height / height);
  return { width: width * scale, height: height * scale };
}

function hasResolution(dpi: number | undefined): dpi is number {
  return usableDpi(dpi) === dpi;
}
