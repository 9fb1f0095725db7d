import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { avifHeader, bmpHeader, webpHeader } from './bmp-webp-avif-header.js';
import { hasCompleteFirstGifFrame, isCompleteBmp, isCompleteWebp } from './image-completeness.js';

const corpus = (name: string) => new Uint8Array(readFileSync(join(process.cwd(), 'test/fixtures/hard-corpus/formats', name)));
const cut = (bytes: Uint8Array, fraction: number) => bytes.subarray(0, Math.floor(bytes.length * fraction));

describe('headers of BMP, WebP and AVIF (read before any pixel is decoded)', () => {
  it('reads a BMP’s size and its resolution in pixels per metre', () => {
    const header = bmpHeader(corpus('custody-record.bmp'))!;
    expect([header.width, header.height]).toEqual([900, 260]);
    expect(header.dpiX).toBeCloseTo(150, 0);
  });

  it('reads a lossy WebP’s size', () => {
    expect(webpHeader(corpus('interview-notes.webp'))).toEqual({ width: 1000, height: 260 });
  });

  it('reads an AVIF’s size from its ispe property', () => {
    expect(avifHeader(corpus('evidence-label.avif'))).toEqual({ width: 1000, height: 260 });
  });

  it('answers undefined for headers it cannot read', () => {
    expect(bmpHeader(new Uint8Array(10))).toBeUndefined();
    expect(webpHeader(Buffer.from('RIFF\0\0\0\0WEBPXXXX'.padEnd(40, '\0'), 'latin1'))).toBeUndefined();
    expect(avifHeader(new Uint8Array(64))).toBeUndefined();
  });
});

describe('completeness of files Skia would decode half-way', () => {
  it.each<[string, (bytes: Uint8Array) => boolean]>([
    ['custody-record.bmp', isCompleteBmp],
    ['interview-notes.webp', isCompleteWebp],
    ['animated-first-frame.gif', hasCompleteFirstGifFrame],
  ])('accepts the whole %s and refuses it cut short', (name, isComplete) => {
    const bytes = corpus(name);
    expect(isComplete(bytes)).toBe(true);
    expect(isComplete(cut(bytes, name.endsWith('.gif') ? 0.3 : 0.9))).toBe(false);
  });

  it('needs only the first frame of an animated GIF', () => {
    const gif = corpus('animated-first-frame.gif');
    expect(hasCompleteFirstGifFrame(cut(gif, 0.8))).toBe(true);
  });
});
