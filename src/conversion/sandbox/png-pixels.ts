/** Width × height from a PNG's IHDR, or undefined for anything that is not a PNG. */
export function pngPixels(bytes: Buffer): number | undefined {
  if (bytes.length < 24 || bytes.readUInt32BE(0) !== 0x89504e47 || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return bytes.readUInt32BE(16) * bytes.readUInt32BE(20);
}
