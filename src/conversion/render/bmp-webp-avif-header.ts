import type { ImageHeader } from './image-header.js';

/** Dimensions (and, for BMP, resolution) of the formats Skia decodes beyond PNG, JPEG and GIF, from headers only. */

export function bmpHeader(bytes: Uint8Array): ImageHeader | undefined {
  if (bytes.length < 26) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const infoSize = view.getUint32(14, true);
  if (infoSize === 12) return { width: view.getUint16(18, true), height: view.getUint16(20, true) };
  if (bytes.length < 46) return undefined;
  const width = Math.abs(view.getInt32(18, true));
  const height = Math.abs(view.getInt32(22, true)); // negative: rows run top-down
  const perMetre = (offset: number) => {
    const value = view.getInt32(offset, true);
    return value > 0 ? value * 0.0254 : undefined;
  };
  return { width, height, dpiX: perMetre(38), dpiY: perMetre(42) };
}

export function webpHeader(bytes: Uint8Array): ImageHeader | undefined {
  if (bytes.length < 30) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunk = Buffer.from(bytes.subarray(12, 16)).toString('latin1');
  const uint24 = (offset: number) => bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16);
  switch (chunk) {
    case 'VP8 ':
      return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
    case 'VP8L': {
      const bits = view.getUint32(21, true);
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    case 'VP8X':
      return { width: uint24(24) + 1, height: uint24(27) + 1 };
    default:
      return undefined;
  }
}

/** AVIF (HEIF container): the largest `ispe` (image spatial extent) property in the file's metadata. */
export function avifHeader(bytes: Uint8Array): ImageHeader | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 256 * 1024));
  let best: ImageHeader | undefined;
  for (let index = text.indexOf('ispe', 0, 'latin1'); index >= 4 && index + 16 <= bytes.length; index = text.indexOf('ispe', index + 4, 'latin1')) {
    const width = view.getUint32(index + 8);
    const height = view.getUint32(index + 12);
    if (!best || width * height > best.width * best.height) best = { width, height };
  }
  return best;
}
