import { normaliseRotation, type PageGeometry } from './page-geometry.js';

export interface PdfInfoSummary {
  readonly pageCount: number;
  readonly encrypted: boolean;
  /** By 0-based page index. */
  readonly pages: ReadonlyMap<number, PageGeometry>;
}

const PAGE_LINE = /^Page\s+(\d+)\s+(rot|CropBox|MediaBox):\s+(.*)$/;

/** Reads `pdfinfo -f 1 -l N -box` output: page count, encryption, and each page's /Rotate and CropBox. */
export function parsePdfInfo(output: string): PdfInfoSummary {
  let pageCount = 0;
  let encrypted = false;
  const rotations = new Map<number, number>();
  const cropBoxes = new Map<number, PageGeometry['cropBox']>();
  const mediaBoxes = new Map<number, PageGeometry['cropBox']>();
  for (const line of output.split('\n')) {
    if (line.startsWith('Pages:')) {
      pageCount = Number.parseInt(line.slice(6).trim(), 10) || 0;
      continue;
    }
    if (line.startsWith('Encrypted:')) {
      encrypted = line.slice(10).trim().startsWith('yes');
      continue;
    }
    const match = PAGE_LINE.exec(line.trimEnd());
    if (!match) continue;
    const pageIndex = Number.parseInt(match[1], 10) - 1;
    const value = match[3].trim();
    if (match[2] === 'rot') {
      rotations.set(pageIndex, normaliseRotation(Number(value) || 0));
      continue;
    }
    const numbers = value.split(/\s+/).map(Number);
    if (numbers.length !== 4 || numbers.some((n) => !Number.isFinite(n))) continue;
    const box = {
      x0: Math.min(numbers[0], numbers[2]),
      y0: Math.min(numbers[1], numbers[3]),
      x1: Math.max(numbers[0], numbers[2]),
      y1: Math.max(numbers[1], numbers[3]),
    };
    (match[2] === 'CropBox' ? cropBoxes : mediaBoxes).set(pageIndex, box);
  }
  const pages = new Map<number, PageGeometry>();
  for (const [pageIndex, rotation] of rotations) {
    const cropBox = cropBoxes.get(pageIndex) ?? mediaBoxes.get(pageIndex);
    if (cropBox) pages.set(pageIndex, { rotation, cropBox });
  }
  return { pageCount, encrypted, pages };
}
