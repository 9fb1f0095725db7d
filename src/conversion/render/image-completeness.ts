/**
 * Whether a BMP, WebP or GIF holds all the data its header promises. Skia decodes a truncated file of
 * these formats without complaint and paints the missing part white: an image cut short would be indexed
 * as a silently shorter page. (PNG and JPEG have their own checks in image-header.ts.)
 */

/** The pixel array fits in the file (uncompressed rows padded to 4 bytes, or the declared image size). */
export function isCompleteBmp(bytes: Uint8Array): boolean {
  if (bytes.length < 34) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pixelOffset = view.getUint32(10, true);
  const infoSize = view.getUint32(14, true);
  if (infoSize === 12) {
    const rowBytes = Math.ceil((view.getUint16(18, true) * view.getUint16(24, true)) / 32) * 4;
    return pixelOffset + rowBytes * view.getUint16(20, true) <= bytes.length;
  }
  const compression = view.getUint32(30, true);
  const declared = bytes.length >= 38 ? view.getUint32(34, true) : 0;
  // BI_RGB (0) and BI_BITFIELDS (3, 6) are uncompressed: the size follows from the dimensions
  if (compression === 0 || compression === 3 || compression === 6) {
    const rowBytes = Math.ceil((Math.abs(view.getInt32(18, true)) * view.getUint16(28, true)) / 32) * 4;
    return pixelOffset + rowBytes * Math.abs(view.getInt32(22, true)) <= bytes.length;
  }
  return declared > 0 && pixelOffset + declared <= bytes.length;
}

/** The RIFF container's declared size is all there. */
export function isCompleteWebp(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  const riffSize = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  return riffSize + 8 <= bytes.length;
}

/** The first image (the frame that is converted) runs to its block terminator within the file. */
export function hasCompleteFirstGifFrame(bytes: Uint8Array): boolean {
  if (bytes.length < 13) return false;
  let position = 13;
  const packed = bytes[10];
  if (packed & 0x80) position += 3 * (1 << ((packed & 0x07) + 1));
  const skipSubBlocks = (): boolean => {
    while (position < bytes.length) {
      const length = bytes[position];
      position += 1;
      if (length === 0) return true;
      position += length;
    }
    return false;
  };
  while (position < bytes.length) {
    const introducer = bytes[position];
    if (introducer === 0x21) {
      position += 2;
      if (!skipSubBlocks()) return false;
    } else if (introducer === 0x2c) {
      if (position + 10 > bytes.length) return false;
      const local = bytes[position + 9];
      position += 10;
      if (local & 0x80) position += 3 * (1 << ((local & 0x07) + 1));
      position += 1; // LZW minimum code size
      return skipSubBlocks();
    } else {
      return false;
    }
  }
  return false;
}
