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

describe('sniff', () => {
  it.each<[string, () => Uint8Array | Promise<Uint8Array>, SniffedType]>([
    ['PDF', () => pdfFixture(), 'pdf'],
    ['PDF after junk', async () => Buffer.concat([Buffer.from('\r\n\r\n  '), await pdfFixture()]), 'pdf'],
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
