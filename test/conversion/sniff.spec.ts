import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SNIFFED_TYPES, sniffBytes, sniffFile, type SniffedType } from '../../src/conversion/sniff.js';
import {
  REAL_WORLD,
  bmpFixture,
  compoundFixture,
  docxFixture,
  emlFixture,
  gifFixture,
  jpegFixture,
  msgFixture,
  odfFixture,
  ooxmlFixture,
  pdfFixture,
  pngFixture,
  rtfFixture,
  tiffFixture,
} from './conversion-fixtures.js';

const iconvText = (text: string, encoding: 'utf16le') => new Uint8Array(Buffer.from(text, encoding));


/** An ISO base media file's `ftyp` box with these brands, then filler. */
function ftyp(major: string, ...compatible: string[]): Uint8Array {
  const box = Buffer.alloc(16 + compatible.length * 4);
  box.writeUInt32BE(box.length, 0);
  box.write(`ftyp${major}`, 4, 'latin1');
  compatible.forEach((brand, index) => box.write(brand, 16 + index * 4, 'latin1'));
  return Buffer.concat([box, Buffer.alloc(64, 0)]);
}

/** A PDF with everything before its first object cut off. */
async function headerlessPdf(): Promise<Uint8Array> {
  const pdf = Buffer.from(await pdfFixture());
  const firstObject = /\d+ 0 obj/.exec(pdf.toString('latin1'))!;
  return pdf.subarray(firstObject.index);
}

/** Word's FIB: wIdent, then the flags word at 0x0A (0x0100 = fEncrypted). */
function wordDocumentStream(length: number, flags: number): Uint8Array {
  const bytes = Buffer.alloc(length);
  bytes.writeUInt16LE(0xa5ec, 0);
  bytes.writeUInt16LE(flags, 0x0a);
  return bytes;
}

/** Excel's Workbook stream: a BOF record, optionally a FILEPASS record, then EOF. */
function workbookStream(encrypted: boolean): Uint8Array {
  const bof = Buffer.alloc(20);
  bof.writeUInt16LE(0x0809, 0);
  bof.writeUInt16LE(16, 2);
  const filePass = Buffer.from([0x2f, 0x00, 0x02, 0x00, 0x01, 0x00]);
  return Buffer.concat([bof, ...(encrypted ? [filePass] : []), Buffer.from([0x0a, 0x00, 0x00, 0x00]), Buffer.alloc(600)]);
}

/** PowerPoint's Current User stream: a CurrentUserAtom whose header token says whether the file is encrypted. */
function currentUserStream(encrypted: boolean): Uint8Array {
  const atom = Buffer.alloc(40);
  atom.writeUInt16LE(0x0ff6, 2);
  atom.writeUInt32LE(32, 4);
  atom.writeUInt32LE(0x14, 8);
  atom.writeUInt32LE(encrypted ? 0xf3d1c4df : 0xe391c05f, 12);
  return atom;
}

describe('sniff', () => {
  it.each<[string, () => Uint8Array | Promise<Uint8Array>, SniffedType]>([
    ['PDF', () => pdfFixture(), 'pdf'],
    ['PDF after junk', async () => Buffer.concat([Buffer.from('\r\n\r\n  '), await pdfFixture()]), 'pdf'],
    ['PDF after 1,000 bytes of binary junk', async () => Buffer.concat([Buffer.alloc(1000, 0x01), await pdfFixture()]), 'pdf'],
    ['PDF without a header (opens with `1 0 obj`)', headerlessPdf, 'pdf'],
    ['BMP', () => bmpFixture(8, 8), 'bmp'],
    ['WebP', () => Buffer.concat([Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'), Buffer.alloc(40)]), 'webp'],
    ['AVIF', () => ftyp('avif', 'mif1', 'miaf'), 'avif'],
    ['AVIF (brand among the compatible ones)', () => ftyp('mif1', 'avif', 'miaf'), 'avif'],
    ['HEIC', () => ftyp('heic', 'mif1', 'heic'), 'heic'],
    ['HEIF', () => ftyp('mif1', 'heix'), 'heic'],
    ['Visio VSD', () => compoundFixture([{ name: 'VisioDocument', bytes: new Uint8Array(5000) }]), 'vsd'],
    ['Publisher PUB', () => compoundFixture([{ name: 'Quill', children: [{ name: 'QuillSub', children: [{ name: 'CONTENTS', bytes: new Uint8Array(700) }] }] }, { name: 'Contents', bytes: new Uint8Array(5000) }]), 'pub'],
    ['Visio VSDX', () => zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'visio/document.xml': strToU8('<VisioDocument/>') }), 'vsdx'],
    ['text that starts with BM', () => Buffer.from('BMW 320d, registration seen at the scene\n'), 'text'],
    ['text that quotes PDF syntax but is no PDF', () => Buffer.from('1 0 obj is how a PDF object starts, says the manual.\n'), 'text'],
    ['an MP4 video (ftyp, but not an image)', () => ftyp('isom', 'iso2', 'mp41'), 'unknown'],
    ['PNG', () => pngFixture(20, 20), 'png'],
    ['JPEG', () => jpegFixture(20, 20), 'jpeg'],
    ['TIFF big-endian', () => tiffFixture([{ width: 4, height: 4 }]), 'tiff'],
    ['TIFF little-endian', () => Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), 'tiff'],
    ['GIF', gifFixture, 'gif'],
    ['DOCX', () => docxFixture(), 'docx'],
    ['XLSX', () => ooxmlFixture('xlsx'), 'xlsx'],
    ['PPTX', () => ooxmlFixture('pptx'), 'pptx'],
    ['ODT', () => odfFixture('text'), 'odt'],
    ['ODS', () => odfFixture('spreadsheet'), 'ods'],
    ['ODP', () => odfFixture('presentation'), 'odp'],
    ['DOC', () => compoundFixture([{ name: 'WordDocument', bytes: new Uint8Array(600) }, { name: '1Table', bytes: new Uint8Array(10) }]), 'doc'],
    ['XLS', () => compoundFixture([{ name: 'Workbook', bytes: new Uint8Array(700) }]), 'xls'],
    ['PPT', () => compoundFixture([{ name: 'PowerPoint Document', bytes: new Uint8Array(700) }]), 'ppt'],
    ['encrypted OOXML', () => compoundFixture([{ name: 'EncryptionInfo', bytes: new Uint8Array(100) }, { name: 'EncryptedPackage', bytes: new Uint8Array(5000) }]), 'encrypted-office'],
    ['MSG (with a Word attachment inside)', () => msgFixture({ subject: 's', from: 'f', body: 'b', attachments: [{ fileName: 'x.doc', bytes: new Uint8Array(10) }] }), 'msg'],
    ['RTF', rtfFixture, 'rtf'],
    ['EML', () => emlFixture([]), 'eml'],
    ['mbox-style EML', () => Buffer.from('From someone@example.com Mon Jan  1 00:00:00 2024\nFrom: a@example.com\nSubject: hi\n\nbody\n'), 'eml'],
    ['UTF-8 text', () => Buffer.from('Witness statement — “quoted” café\nline two\n'), 'text'],
    ['UTF-8 text with BOM', () => Buffer.from('\uFEFFhello'), 'text'],
    ['UTF-16LE text with BOM', () => Buffer.concat([Buffer.from([0xff, 0xfe]), iconvText('hello there', 'utf16le')]), 'text'],
    ['UTF-16LE text without BOM', () => iconvText('hello there, a longer line of text', 'utf16le'), 'text'],
    ['Windows-1252 text', () => Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x71, 0x94, 0x0a]), 'text'],
    ['a plain ZIP', () => zipSync({ 'readme.txt': strToU8('hello'), 'data/x.bin': new Uint8Array(100) }), 'zip'],
    ['binary noise', () => Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0x00, 0x9d, 0x00, 0x00, 0x00, 0x10]), 'unknown'],
  ])('recognises %s', async (_name, build, expected) => {
    const bytes = await build();
    expect((await sniffBytes(bytes)).type).toBe(expected);
  });

  it.each<[string, () => Uint8Array, SniffedType, boolean]>([
    ['a .doc with the FIB fEncrypted flag (stream in the mini stream)', () => compoundFixture([{ name: 'WordDocument', bytes: wordDocumentStream(600, 0x0100) }]), 'doc', true],
    ['a .doc with the FIB fEncrypted flag (stream in regular sectors)', () => compoundFixture([{ name: 'WordDocument', bytes: wordDocumentStream(6000, 0x0300) }]), 'doc', true],
    ['a plain .doc', () => compoundFixture([{ name: 'WordDocument', bytes: wordDocumentStream(6000, 0x0200) }]), 'doc', false],
    ['a .xls with a FILEPASS record', () => compoundFixture([{ name: 'Workbook', bytes: workbookStream(true) }]), 'xls', true],
    ['a plain .xls', () => compoundFixture([{ name: 'Workbook', bytes: workbookStream(false) }]), 'xls', false],
    ['a .ppt whose Current User atom is encrypted', () => compoundFixture([{ name: 'PowerPoint Document', bytes: new Uint8Array(5000) }, { name: 'Current User', bytes: currentUserStream(true) }]), 'ppt', true],
    ['a plain .ppt', () => compoundFixture([{ name: 'PowerPoint Document', bytes: new Uint8Array(5000) }, { name: 'Current User', bytes: currentUserStream(false) }]), 'ppt', false],
  ])('tells %s', async (_name, build, type, encrypted) => {
    const result = await sniffBytes(build());
    expect({ type: result.type, encrypted: result.encrypted === true }).toEqual({ type, encrypted });
  });

  it('reports the text encoding', async () => {
    expect(await sniffBytes(Buffer.from([0xfe, 0xff, 0, 0x68, 0, 0x69]))).toEqual({ type: 'text', mimeType: 'text/plain', textEncoding: 'utf-16be' });
    expect((await sniffBytes(Buffer.from([0x43, 0x61, 0x66, 0xe9]))).textEncoding).toBe('windows-1252');
    expect((await sniffBytes(Buffer.from('plain')))).toMatchObject({ textEncoding: 'utf-8' });
    // odd-length UTF-16 (a truncated file) must not throw
    expect((await sniffBytes(Buffer.from([0xfe, 0xff, 0, 0x68, 0])))).toMatchObject({ type: 'text', textEncoding: 'utf-16be' });
  });

  it('ignores the file name: a PDF called .docx is a PDF, a PNG called .txt is a PNG', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sniff-'));
    try {
      await writeFile(join(directory, 'statement.docx'), await pdfFixture());
      await writeFile(join(directory, 'notes.txt'), pngFixture(10, 10));
      expect((await sniffFile(join(directory, 'statement.docx'))).type).toBe('pdf');
      expect((await sniffFile(join(directory, 'notes.txt'))).type).toBe('png');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('reads files through the same rules as bytes, including the ZIP central directory at the end', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'sniff-'));
    try {
      // pad the archive with a large first entry so the central directory is beyond the first read
      const docx = docxFixture(Array.from({ length: 4000 }, (_, index) => `paragraph ${index} ${randomBytes(20).toString('hex')}`));
      expect(docx.length).toBeGreaterThan(64 * 1024);
      await writeFile(join(directory, 'big'), docx);
      expect((await sniffFile(join(directory, 'big'))).type).toBe('docx');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });

  it('recognises every real-world fixture by its bytes', async () => {
    const expected: Record<string, SniffedType> = { pdfjs: 'pdf', mammoth: 'docx', mailparser: 'eml' };
    for (const folder of Object.keys(expected)) {
      for (const name of (await readdir(join(REAL_WORLD, folder))).filter((file) => file !== 'LICENSE')) {
        const { type } = await sniffFile(join(REAL_WORLD, folder, name));
        expect({ name, type }).toEqual({ name, type: expected[folder] });
      }
    }
  });

  it('never throws and always answers a known type, whatever the bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        const result = await sniffBytes(bytes);
        expect(SNIFFED_TYPES).toContain(result.type);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on mangled containers (ZIP, OLE2) and truncations of real formats', async () => {
    const seeds = [docxFixture(), odfFixture('text'), compoundFixture([{ name: 'WordDocument', bytes: new Uint8Array(600) }]), await pdfFixture()];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
        fc.nat(),
        async (seed, flips, cut) => {
          const bytes = Buffer.from(seed);
          for (const [position, value] of flips) bytes[position % bytes.length] = value;
          const result = await sniffBytes(bytes.subarray(0, Math.max(8, cut % (bytes.length + 1))));
          expect(SNIFFED_TYPES).toContain(result.type);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('calls any printable UTF-8 prose text (and not an email unless it has headers)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 500 }).filter((text) => !text.includes(':') && !/\p{Cc}/u.test(text.replace(/[\t\n\r\f]/g, ''))), async (text) => {
        expect((await sniffBytes(Buffer.from(text, 'utf8'))).type).toBe('text');
      }),
      { numRuns: 300 },
    );
  });
});
