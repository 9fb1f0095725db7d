import { describe, expect, it } from '@jest/globals';
import { deflateSync } from 'node:zlib';
import { checkRaster, RasterFailure } from './raster-check.js';

/** A real, minimal greyscale PNG of `width`×`height` white pixels. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 0;
  const rows = Buffer.alloc((width + 1) * height, 0xff);
  for (let row = 0; row < height; row++) rows[row * (width + 1)] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

function crc(bytes: Buffer): number {
  let value = ~0;
  for (const byte of bytes) {
    value ^= byte;
    for (let bit = 0; bit < 8; bit++) value = (value >>> 1) ^ (0xedb88320 & -(value & 1));
  }
  return ~value >>> 0;
}

const pgm = (width: number, height: number, pixels = width * height): Buffer => Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1'), Buffer.alloc(pixels, 0xff)]);

const failureOf = (run: () => unknown): RasterFailure => {
  try {
    run();
  } catch (error) {
    if (error instanceof RasterFailure) return error;
    throw error;
  }
  throw new Error('the raster passed');
};

describe('checkRaster: a renderer that exits 0 may still have written nothing useful', () => {
  it('passes a whole image of the expected size (±2 px of rounding)', () => {
    expect(checkRaster({ format: 'png', image: png(40, 30), diagnostics: '' }, { width: 41, height: 30 })).toEqual({ width: 40, height: 30 });
    expect(checkRaster({ format: 'pgm', image: pgm(40, 30), diagnostics: '' }, { width: 40, height: 31 })).toEqual({ width: 40, height: 30 });
  });

  it("fails the 1×1 image pdftoppm writes after it ran out of memory, saying what it got and wanted", () => {
    const failure = failureOf(() => checkRaster({ format: 'png', image: png(1, 1), diagnostics: '' }, { width: 2480, height: 3508 }));
    expect({ reason: failure.reason, message: failure.message }).toEqual({ reason: 'OCR_FAILED', message: 'the renderer wrote 1×1 pixels where the page needs 2480×3508' });
  });

  it('fails on "Out of memory" on stderr even when the image looks whole', () => {
    const failure = failureOf(() => checkRaster({ format: 'pgm', image: pgm(40, 30), diagnostics: 'Out of memory\nInternal Error: bitmap->alpha is NULL' }, { width: 40, height: 30 }));
    expect(failure.reason).toBe('OUT_OF_MEMORY');
  });

  it('fails a truncated PNG or PGM, and output that is no image at all', () => {
    const whole = png(40, 30);
    expect(failureOf(() => checkRaster({ format: 'png', image: whole.subarray(0, whole.length - 12), diagnostics: '' }, { width: 40, height: 30 })).message).toMatch(/truncated/);
    expect(failureOf(() => checkRaster({ format: 'pgm', image: pgm(40, 30, 100), diagnostics: '' }, { width: 40, height: 30 })).message).toMatch(/truncated/);
    expect(failureOf(() => checkRaster({ format: 'pgm', image: Buffer.alloc(0), diagnostics: '' }, { width: 40, height: 30 })).message).toMatch(/no PGM/);
    expect(failureOf(() => checkRaster({ format: 'png', image: Buffer.from('GIF89a'), diagnostics: '' }, { width: 40, height: 30 })).message).toMatch(/no PNG/);
  });
});
