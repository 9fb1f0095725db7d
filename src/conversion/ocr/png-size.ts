import { ProcessingFailure } from '../processing-failure.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height in pixels of a PNG, or of a binary PGM (P5) header when `pgm` is allowed. */
export function imageSize(image: Buffer): { width: number; height: number } {
  const pgm = parsePgmHeader(image);
  return pgm ?? pngSize(image);
}

/** A binary PGM's size and where its pixels start, or null when it is not one. */
export function parsePgmHeader(image: Buffer): { width: number; height: number; maxValue: number; dataOffset: number } | null {
  const match = /^P5\s+(?:#[^\n]*\s+)*(\d+)\s+(\d+)\s+(\d+)\s/.exec(image.toString('latin1', 0, Math.min(image.length, 256)));
  if (!match) return null;
  const [width, height, maxValue] = match.slice(1, 4).map(Number);
  if (width === 0 || height === 0) throw new ProcessingFailure('OCR_FAILED', 'the page image is empty');
  return { width, height, maxValue, dataOffset: match[0].length };
}

/** Width and height in pixels from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 24 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('latin1', 12, 16) !== 'IHDR') {
    throw new ProcessingFailure('OCR_FAILED', 'the page image is not a PNG');
  }
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  if (width === 0 || height === 0) throw new ProcessingFailure('OCR_FAILED', 'the page image is empty');
  return { width, height };
}
