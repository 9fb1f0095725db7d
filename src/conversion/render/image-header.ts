import { crc32 } from 'node:zlib';

/** Image dimensions and resolution read from headers only, so the pixel budget is checked before decoding. */
export interface ImageHeader {
  readonly width: number;
  readonly height: number;
  /** Dots per inch when the file says so. */
  readonly dpiX?: number;
  readonly dpiY?: number;
}

export function pngHeader(bytes: Uint8Array): ImageHeader | undefined {
  if (bytes.length < 33) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (ascii(bytes, 12, 4) !== 'IHDR') return undefined;
  const header = { width: view.getUint32(16), height: view.getUint32(20) };
  // pHYs must come before IDAT; walk the chunks up to there
  let position = 8;
  while (position + 12 <= bytes.length) {
    const length = view.getUint32(position);
    const type = ascii(bytes, position + 4, 4);
    if (type === 'IDAT' || type === 'IEND') break;
    if (type === 'pHYs' && length === 9 && position + 17 <= bytes.length && bytes[position + 16] === 1) {
      return { ...header, dpiX: view.getUint32(position + 8) * 0.0254, dpiY: view.getUint32(position + 12) * 0.0254 };
    }
    position += 12 + length;
  }
  return header;
}

export function jpegHeader(bytes: Uint8Array): ImageHeader | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let dpi: { dpiX: number; dpiY: number } | undefined;
  let position = 2;
  while (position + 4 <= bytes.length) {
    if (bytes[position] !== 0xff) return undefined;
    const marker = bytes[position + 1];
    if (marker === 0xff) {
      position += 1;
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      position += 2;
      continue;
    }
    const length = view.getUint16(position + 2);
    if (length < 2) return undefined;
    if (marker === 0xe0 && ascii(bytes, position + 4, 5) === 'JFIF\0' && position + 16 <= bytes.length) {
      const units = bytes[position + 11];
      const x = view.getUint16(position + 12);
      const y = view.getUint16(position + 14);
      if (units === 1) dpi = { dpiX: x, dpiY: y };
      else if (units === 2) dpi = { dpiX: x * 2.54, dpiY: y * 2.54 };
    }
    const startOfFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (startOfFrame && position + 9 <= bytes.length) {
      return { height: view.getUint16(position + 5), width: view.getUint16(position + 7), ...dpi };
    }
    position += 2 + length;
  }
  return undefined;
}

export function gifHeader(bytes: Uint8Array): ImageHeader | undefined {
  if (bytes.length < 10) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
}

/** A plausible resolution, or the 72 dpi fallback (one pixel per point). */
export function usableDpi(dpi: number | undefined): number {
  return dpi !== undefined && Number.isFinite(dpi) && dpi >= 10 && dpi <= 4800 ? dpi : 72;
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return Buffer.from(bytes.subarray(offset, offset + length)).toString('latin1');
}

/**
 * A PNG is whole when its chunks run from IHDR through at least one IDAT to IEND, each within the file
 * and with a matching CRC. (Decoders differ on broken files: some loop, some paint half an image.)
 */
export function isCompletePng(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let position = 8;
  let sawData = false;
  let first = true;
  while (position + 12 <= bytes.length) {
    const length = view.getUint32(position);
    const end = position + 12 + length;
    if (length > 0x7fffffff || end > bytes.length) return false;
    const type = ascii(bytes, position + 4, 4);
    if (first && type !== 'IHDR') return false;
    first = false;
    if (crc32(bytes.subarray(position + 4, position + 8 + length)) !== view.getUint32(position + 8 + length)) return false;
    if (type === 'IDAT') sawData = true;
    if (type === 'IEND') return sawData;
    position = end;
  }
  return false;
}

/** A JPEG is usable when a frame header and a scan start are present. */
export function hasJpegScan(bytes: Uint8Array): boolean {
  if (!jpegHeader(bytes)) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let position = 2;
  while (position + 4 <= bytes.length) {
    if (bytes[position] !== 0xff) return false;
    const marker = bytes[position + 1];
    if (marker === 0xff || marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      position += marker === 0xff ? 1 : 2;
      continue;
    }
    if (marker === 0xda) return position + 4 + view.getUint16(position + 2) < bytes.length;
    position += 2 + view.getUint16(position + 2);
  }
  return false;
}
