import { describe, expect, it } from '@jest/globals';
import { imageSize, negotiateThumbnailFormat } from './thumbnail-format.js';

describe('negotiateThumbnailFormat', () => {
  it('takes format= first, then WebP when Accept names it, else PNG', () => {
    expect(negotiateThumbnailFormat('png', 'image/webp')).toBe('png');
    expect(negotiateThumbnailFormat(undefined, 'image/avif,image/webp,*/*;q=0.8')).toBe('webp');
    expect(negotiateThumbnailFormat(undefined, 'image/webp;q=0, image/png')).toBe('png');
    expect(negotiateThumbnailFormat(undefined, undefined)).toBe('png');
    expect(negotiateThumbnailFormat(undefined, '*/*')).toBe('png');
  });
});

describe('imageSize', () => {
  it('reads PNG and WebP (lossy, lossless, extended) headers and refuses anything else', () => {
    const png = Buffer.alloc(24);
    png.writeUInt32BE(0x89504e47, 0);
    png.write('IHDR', 12, 'latin1');
    png.writeUInt32BE(200, 16);
    png.writeUInt32BE(283, 20);
    expect(imageSize(png)).toEqual({ format: 'png', width: 200, height: 283 });

    const webp = (chunk: string, fill: (buffer: Buffer) => void): Buffer => {
      const buffer = Buffer.alloc(30);
      buffer.write('RIFF', 0, 'latin1');
      buffer.write('WEBP', 8, 'latin1');
      buffer.write(chunk, 12, 'latin1');
      fill(buffer);
      return buffer;
    };
    expect(imageSize(webp('VP8X', (b) => (b.writeUIntLE(199, 24, 3), b.writeUIntLE(282, 27, 3))))).toEqual({ format: 'webp', width: 200, height: 283 });
    expect(imageSize(webp('VP8 ', (b) => (b.writeUInt16LE(200, 26), b.writeUInt16LE(283, 28))))).toEqual({ format: 'webp', width: 200, height: 283 });
    expect(imageSize(webp('VP8L', (b) => b.writeUInt32LE(199 | (282 << 14), 21)))).toEqual({ format: 'webp', width: 200, height: 283 });
    expect(imageSize(Buffer.from('%PDF-1.7 and more bytes than needed here'))).toBeNull();
  });
});
