/**
 * One face of a TrueType collection (.ttc) as a standalone .ttf: pdf-lib hands font bytes to fontkit
 * without a face name, and fontkit returns the whole collection, which cannot be embedded.
 */
export function collectionFace(bytes: Uint8Array, index = 0): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || view.getUint32(0) !== 0x74746366 /* 'ttcf' */) return bytes;
  const faces = view.getUint32(8);
  if (index >= faces) throw new Error(`the font collection has ${faces} faces`);
  const start = view.getUint32(12 + 4 * index);
  const tableCount = view.getUint16(start + 4);
  const headerLength = 12 + 16 * tableCount;
  const tables = Array.from({ length: tableCount }, (_, table) => {
    const record = start + 12 + 16 * table;
    return { record, offset: view.getUint32(record + 8), length: view.getUint32(record + 12) };
  });
  const padded = (length: number) => (length + 3) & ~3;
  const out = new Uint8Array(headerLength + tables.reduce((sum, table) => sum + padded(table.length), 0));
  const outView = new DataView(out.buffer);
  out.set(bytes.subarray(start, start + 12), 0);
  let cursor = headerLength;
  tables.forEach((table, position) => {
    const record = 12 + 16 * position;
    out.set(bytes.subarray(table.record, table.record + 16), record);
    outView.setUint32(record + 8, cursor);
    out.set(bytes.subarray(table.offset, table.offset + table.length), cursor);
    cursor += padded(table.length);
  });
  return out;
}
