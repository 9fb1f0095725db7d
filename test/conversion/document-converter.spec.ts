import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DocumentConverter } from '../../src/conversion/document-converter.service.js';
import { findProgram } from '../../src/conversion/sandbox/index.js';
import { sniffFile } from '../../src/conversion/sniff.js';
import {
  compoundFixture,
  docxFixture,
  emlFixture,
  gifFixture,
  jpegFixture,
  msgFixture,
  pdfFixture,
  pngBombFixture,
  pngFixture,
  rtfFixture,
  tiffFixture,
  zipBombDocxFixture,
  bmpFixture,
} from './conversion-fixtures.js';
import { expectPdfPages, failureOf, failureReason, openPdf, scratchDirectory, writeInput } from './conversion-test-helpers.js';
import { createCanvas } from '@napi-rs/canvas';
import { randomBytes } from 'node:crypto';
import { PDFDocument, PDFName } from 'pdf-lib';

const hasQpdf = findProgram('qpdf') !== undefined;
const FORMATS_CORPUS = join(process.cwd(), 'test/fixtures/hard-corpus/formats');
const hasPdftotext = findProgram('pdftotext') !== undefined;
/** What a reader sees on the page (poppler), to check the rendering, not just the page count. */
const visibleText = (pdfPath: string) => execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
const hasLibreOffice = findProgram('soffice') !== undefined;

describe('DocumentConverter', () => {
  const converter = DocumentConverter.fromConfig({ workerConcurrency: 2 });
  const pdfLibOnly = DocumentConverter.fromConfig({ disabledPrograms: ['qpdf', 'soffice'] });
  let scratch: Awaited<ReturnType<typeof scratchDirectory>>;
  let jobs = 0;

  beforeAll(async () => {
    scratch = await scratchDirectory();
  });
  afterAll(async () => {
    await converter.close();
    await pdfLibOnly.close();
    await scratch.remove();
  });

  async function convert(name: string, bytes: Uint8Array, using = converter) {
    jobs += 1;
    const input = await writeInput(scratch.path, `${jobs}-${name}`, bytes);
    return using.convert({ path: input, sniffedType: await sniffFile(input) }, join(scratch.path, `out-${jobs}`));
  }

  describe('PDF', () => {
    it('passes a PDF through, re-saved, with its pages', async () => {
      const result = await convert('three.pdf', await pdfFixture(['one', 'two', 'three']));
      expect(result).toMatchObject({ pageCount: 3, children: [], converter: hasQpdf ? 'qpdf' : 'pdf-lib' });
      await expectPdfPages(result.pdfPath, 3);
    });

    it('re-saves with pdf-lib in a worker where qpdf is absent', async () => {
      const result = await convert('two.pdf', await pdfFixture(['one', 'two']), pdfLibOnly);
      expect(result).toMatchObject({ pageCount: 2, converter: 'pdf-lib' });
      await expectPdfPages(result.pdfPath, 2);
    });

    it('converts a PDF with junk before its header, without the junk', async () => {
      const junk = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n\r\n'), Buffer.alloc(600, 0x07)]);
      const result = await convert('junk.pdf', Buffer.concat([junk, await pdfFixture(['Jury bundle index', 'Tab two'])]));
      expect(result.pageCount).toBe(2);
      if (hasPdftotext) expect(visibleText(result.pdfPath)).toMatch(/Jury bundle index[\s\S]*Tab two/);
    });

    (hasQpdf ? it : it.skip)('repairs a PDF without a header with qpdf: its words, never its raw syntax', async () => {
      const pdf = Buffer.from(await pdfFixture(['Headerless custody log', 'Second page of the log']));
      const headerless = pdf.subarray(/\d+ 0 obj/.exec(pdf.toString('latin1'))!.index);
      const result = await convert('headerless.pdf', headerless);
      expect(result).toMatchObject({ converter: 'qpdf', pageCount: 2 });
      if (hasPdftotext) {
        const visible = visibleText(result.pdfPath);
        expect(visible).toMatch(/Headerless custody log[\s\S]*Second page of the log/);
        expect(visible).not.toMatch(/endobj|startxref|FlateDecode/);
      }
    });

    it('converts a valid PDF with only blank pages (no content, or an empty content stream)', async () => {
      const document = await PDFDocument.create();
      document.addPage([595, 842]);
      const page = document.addPage([595, 842]);
      page.node.set(PDFName.of('Contents'), document.context.register(document.context.stream(new Uint8Array(0))));
      const result = await convert('blank.pdf', await document.save());
      expect(result.pageCount).toBe(2);
      await expectPdfPages(result.pdfPath, 2);
    });

    it('fails a file that only claims to be a PDF as CORRUPT', async () => {
      expect(await failureReason(convert('fake.pdf', Buffer.from('%PDF-1.7\nnot really a pdf\n')))).toBe('CORRUPT');
      expect(await failureReason(convert('fake.pdf', Buffer.from('%PDF-1.7\nnot really a pdf\n'), pdfLibOnly))).toBe('CORRUPT');
    });

    (hasQpdf ? describe : describe.skip)('encrypted (fixtures made with qpdf --encrypt)', () => {
      let plain: Uint8Array;
      const encrypt = async (userPassword: string) => {
        const source = await writeInput(scratch.path, `plain-${userPassword || 'empty'}.pdf`, plain);
        const target = join(scratch.path, `encrypted-${userPassword || 'empty'}.pdf`);
        execFileSync('qpdf', ['--encrypt', userPassword, 'owner-secret', '256', '--', source, target]);
        return new Uint8Array(await readFile(target));
      };
      beforeAll(async () => {
        plain = await pdfFixture(['secret one', 'secret two']);
      });

      it('fails a PDF that needs a user password as PASSWORD_PROTECTED', async () => {
        expect(await failureReason(convert('locked.pdf', await encrypt('user-secret')))).toBe('PASSWORD_PROTECTED');
      });

      it('decrypts a PDF with only an owner password, or fails it as ENCRYPTED when told not to', async () => {
        const ownerOnly = await encrypt('');
        const result = await convert('owner-only.pdf', ownerOnly);
        const reopened = await openPdf(result.pdfPath);
        expect(reopened.getPageCount()).toBe(2);
        expect(reopened.isEncrypted).toBe(false);
        const strict = DocumentConverter.fromConfig({ decryptOwnerPasswordPdfs: false });
        try {
          expect(await failureReason(convert('owner-only.pdf', ownerOnly, strict))).toBe('ENCRYPTED');
        } finally {
          await strict.close();
        }
      });

      it('fails an encrypted PDF as ENCRYPTED in the pdf-lib fallback', async () => {
        expect(await failureReason(convert('locked.pdf', await encrypt('user-secret'), pdfLibOnly))).toBe('ENCRYPTED');
      });
    });
  });

  describe('images', () => {
    it('makes a PNG one page sized at its DPI', async () => {
      const result = await convert('scan.png', pngFixture(600, 300, 150));
      const page = (await expectPdfPages(result.pdfPath, 1)).getPage(0);
      expect(page.getWidth()).toBeCloseTo(288, 0); // 600 px at 150 dpi = 4 in
      expect(page.getHeight()).toBeCloseTo(144, 0);
    });

    it('keeps a point per pixel for a small JPEG without a resolution', async () => {
      const result = await convert('photo.jpg', jpegFixture(320, 200));
      const page = (await expectPdfPages(result.pdfPath, 1)).getPage(0);
      expect([page.getWidth(), page.getHeight()]).toEqual([320, 200]);
    });

    it('makes every page of a multi-page TIFF a PDF page, each sized to its image', async () => {
      const tiff = tiffFixture([
        { width: 300, height: 400, dpi: 100 },
        { width: 200, height: 100 },
        { width: 150, height: 150, dpi: 300 },
      ]);
      const result = await convert('fax.tif', tiff);
      const document = await expectPdfPages(result.pdfPath, 3);
      expect(document.getPages().map((page) => [Math.round(page.getWidth()), Math.round(page.getHeight())])).toEqual([
        [216, 288],
        [200, 100],
        [36, 36],
      ]);
    });

    it('converts a GIF', async () => {
      const result = await convert('pixel.gif', gifFixture());
      await expectPdfPages(result.pdfPath, 1);
    });

    it('fits a large image without a resolution to A4 (keeping its aspect ratio), not a page of one point per pixel', async () => {
      const result = await convert('photo.jpg', jpegFixture(3000, 2000));
      const page = (await expectPdfPages(result.pdfPath, 1)).getPage(0);
      expect(page.getWidth()).toBeCloseTo(841.89, 1);
      expect(page.getHeight()).toBeCloseTo((841.89 * 2000) / 3000, 1);
    });

    it.each<[string, 'webp' | 'avif' | 'bmp']>([
      ['WebP', 'webp'],
      ['AVIF', 'avif'],
      ['BMP', 'bmp'],
    ])('converts a %s to one page of its pixels', async (_name, format) => {
      const canvas = createCanvas(240, 120);
      const context = canvas.getContext('2d');
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, 240, 120);
      context.fillStyle = '#000000';
      context.fillRect(0, 0, 120, 120);
      const bytes = format === 'bmp' ? bmpFixture(canvas.width, canvas.height, canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data, 144) : format === 'avif' ? await canvas.encode('avif') : await canvas.encode('webp');
      const result = await convert(`image.${format}`, bytes);
      expect(result).toMatchObject({ converter: 'image', pageCount: 1 });
      const page = (await expectPdfPages(result.pdfPath, 1)).getPage(0);
      expect([page.getWidth(), page.getHeight()].map(Math.round)).toEqual(format === 'bmp' ? [120, 60] : [240, 120]); // the BMP declares 144 dpi
      if (findProgram('pdftoppm')) {
        // the left half is black, the right half white: the pixels survived, not only the size
        const pgm = execFileSync('pdftoppm', ['-r', '144', '-gray', '-singlefile', result.pdfPath], { maxBuffer: 1 << 24 });
        const [, width, height] = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.toString('latin1', 0, 40))!.map(Number);
        const pixels = pgm.subarray(pgm.length - width * height);
        const row = Math.floor(height / 2) * width;
        expect(pixels[row + Math.floor(width / 8)]).toBeLessThan(60);
        expect(pixels[row + Math.floor((width * 7) / 8)]).toBeGreaterThan(200);
      }
    });

    it('fails a truncated BMP, WebP, AVIF or GIF as CORRUPT (Skia would paint the missing part white)', async () => {
      for (const name of ['custody-record.bmp', 'interview-notes.webp', 'evidence-label.avif', 'animated-first-frame.gif']) {
        const bytes = await readFile(join(FORMATS_CORPUS, name));
        const failure = await failureOf(convert(`cut-${name}`, bytes.subarray(0, Math.floor(bytes.length * 0.3))));
        expect({ name, reason: failure.reason }).toEqual({ name, reason: 'CORRUPT' });
      }
    });

    it('refuses a HEIC photo as UNSUPPORTED_TYPE, saying what to do', async () => {
      const box = Buffer.alloc(24);
      box.writeUInt32BE(24, 0);
      box.write('ftypheicmif1heic', 4, 'latin1');
      const failure = await failureOf(convert('photo.heic', Buffer.concat([box, Buffer.alloc(100)])));
      expect(failure.reason).toBe('UNSUPPORTED_TYPE');
      expect(failure.message).toMatch(/HEIC.*export the photo as JPEG/);
    });

    it('refuses a PNG declaring more pixels than the budget (decompression bomb) as TOO_LARGE, before decoding', async () => {
      const failure = await failureOf(convert('bomb.png', pngBombFixture()));
      expect(failure.reason).toBe('TOO_LARGE');
      // Refused by the header check (its data could not even be decoded: it would fail as CORRUPT).
      expect(failure.message).toMatch(/^image of 100000×100000 pixels exceeds the budget/);
    });

    it('fails a truncated image as CORRUPT', async () => {
      expect(await failureReason(convert('cut.png', pngFixture(200, 200).subarray(0, 120)))).toBe('CORRUPT');
      expect(await failureReason(convert('cut.jpg', jpegFixture(200, 200).subarray(0, 10)))).toBe('CORRUPT');
    });
  });

  describe('text', () => {
    it('wraps and paginates plain text, keeping non-Latin characters', async () => {
      const longLine = 'knife '.repeat(200);
      const text = `Statement of witness — Zoë Ångström\n${longLine}\n${Array.from({ length: 150 }, (_, index) => `line ${index + 1}`).join('\n')}`;
      const result = await convert('statement.txt', Buffer.from(text, 'utf8'));
      expect(result.converter).toBe('text');
      const document = await openPdf(result.pdfPath);
      expect(document.getPageCount()).toBeGreaterThanOrEqual(3);
      expect(result.pageCount).toBe(document.getPageCount());
      if (hasPdftotext) {
        const visible = visibleText(result.pdfPath);
        expect(visible).toContain('Statement of witness — Zoë Ångström');
        expect(visible).toContain('line 150');
        // wrapped, not cut: every "knife" of the long line is on some page
        expect(visible.match(/knife/g)).toHaveLength(200);
      }
    });

    it('reads UTF-16 and Windows-1252 text', async () => {
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Exhibit JS/1\r\nCafé', 'utf16le')]);
      await expectPdfPages((await convert('utf16.txt', utf16)).pdfPath, 1);
      await expectPdfPages((await convert('cp1252.txt', Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x71, 0x94]))).pdfPath, 1);
    });

    it('refuses text that would exceed the page budget as TOO_LARGE', async () => {
      const small = DocumentConverter.fromConfig({ maxPages: 2 });
      try {
        const text = Array.from({ length: 400 }, (_, index) => `line ${index}`).join('\n');
        expect(await failureReason(convert('long.txt', Buffer.from(text), small))).toBe('TOO_LARGE');
      } finally {
        await small.close();
      }
    });
  });

  describe('email', () => {
    it('renders an EML and returns its two attachments as child documents', async () => {
      const attachedPdf = await pdfFixture(['attached statement']);
      const eml = emlFixture([
        { fileName: 'statement.pdf', contentType: 'application/pdf', bytes: attachedPdf },
        { fileName: '../../etc/photo.png', contentType: 'image/png', bytes: pngFixture(40, 40) },
      ]);
      const result = await convert('message.eml', eml);
      expect(result.converter).toBe('email');
      await expectPdfPages(result.pdfPath, 1);
      if (hasPdftotext) {
        const visible = visibleText(result.pdfPath);
        expect(visible).toContain('Subject: Exhibits for case 01AB2345678');
        expect(visible).toContain('From: "Officer Dibble" <dibble@example.police.uk>');
        expect(visible).toContain('Attachments: statement.pdf, photo.png');
        expect(visible).toContain('The knife was found at 07700 900123.');
      }
      expect(result.children.map(({ fileName, mimeType }) => ({ fileName, mimeType }))).toEqual([
        { fileName: 'statement.pdf', mimeType: 'application/pdf' },
        { fileName: 'photo.png', mimeType: 'image/png' },
      ]);
      expect(new Uint8Array(await readFile(result.children[0].path))).toEqual(attachedPdf);
      for (const child of result.children) expect(child.path.startsWith(join(scratch.path, `out-${jobs}`, 'attachments'))).toBe(true);
    });

    it('renders an Outlook MSG with its attachment as a child', async () => {
      const msg = msgFixture({ subject: 'Exhibit list', from: 'DC Smith', body: 'See the attached list.', attachments: [{ fileName: 'list.txt', bytes: Buffer.from('Exhibit JS/1 knife') }] });
      const result = await convert('message.msg', msg);
      await expectPdfPages(result.pdfPath, 1);
      if (hasPdftotext) expect(visibleText(result.pdfPath)).toMatch(/Subject: Exhibit list[\s\S]*See the attached list\./);
      expect(result.children).toEqual([{ fileName: 'list.txt', mimeType: 'text/plain', path: expect.any(String) }]);
      expect(await readFile(result.children[0].path, 'utf8')).toBe('Exhibit JS/1 knife');
    });
  });

  describe('office', () => {
    (hasLibreOffice ? it : it.skip)('converts a DOCX and an RTF with LibreOffice', async () => {
      const docx = await convert('statement.docx', docxFixture(['Statement of witness', 'I saw a knife.']));
      expect(docx.converter).toBe('libreoffice');
      await expectPdfPages(docx.pdfPath, 1);
      const rtf = await convert('statement.rtf', rtfFixture());
      await expectPdfPages(rtf.pdfPath, 1);
    }, 300_000);

    it('fails office documents as CONVERTER_UNAVAILABLE where LibreOffice is not installed', async () => {
      expect(await failureReason(convert('statement.docx', docxFixture(), pdfLibOnly))).toBe('CONVERTER_UNAVAILABLE');
    });

    it('refuses a DOCX zip bomb (document.xml inflating past 1 GB) as TOO_LARGE from its declared sizes, before inflating it', async () => {
      const failure = await failureOf(convert('bomb.docx', zipBomb()));
      expect(failure.reason).toBe('TOO_LARGE');
      expect(failure.message).toMatch(/^the archive declares \d+ bytes uncompressed/);
    }, 300_000);

    it('refuses a zip bomb whose headers lie about its size, by counting what it inflates to', async () => {
      const lying = Buffer.from(zipBomb());
      // rewrite every declared uncompressed size (local and central headers) to 1 KB
      for (let offset = lying.indexOf('PK\x03\x04', 0, 'latin1'); offset >= 0; offset = lying.indexOf('PK\x03\x04', offset + 4, 'latin1')) lying.writeUInt32LE(1024, offset + 22);
      for (let offset = lying.indexOf('PK\x01\x02', 0, 'latin1'); offset >= 0; offset = lying.indexOf('PK\x01\x02', offset + 4, 'latin1')) lying.writeUInt32LE(1024, offset + 24);
      const guarded = DocumentConverter.fromConfig({ maxZipUncompressedBytes: 128 * 1024 * 1024 });
      try {
        const failure = await failureOf(convert('lying-bomb.docx', lying, guarded));
        expect(failure.reason).toBe('TOO_LARGE');
        expect(failure.message).toMatch(/^the archive inflates to more than/);
      } finally {
        await guarded.close();
      }
    }, 300_000);
  });

  describe('damaged archives and encrypted Office files: the exact reason', () => {
    const docx = () => Buffer.from(docxFixture(Array.from({ length: 200 }, (_, index) => `paragraph ${index} ${randomBytes(24).toString('hex')}`)));
    const endOfDirectory = (bytes: Buffer) => bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));

    it.each<[string, () => Buffer]>([
      ['truncated', () => docx().subarray(0, Math.floor(docx().length * 0.6))],
      ['with a central directory overwritten by noise', () => {
        const bytes = docx();
        const end = endOfDirectory(bytes);
        const start = bytes.readUInt32LE(end + 16);
        randomBytes(end - start).copy(bytes, start);
        return bytes;
      }],
      ['declaring sizes deflate cannot produce', () => {
        const bytes = docx();
        for (let offset = bytes.indexOf('PK\x01\x02', 0, 'latin1'); offset >= 0; offset = bytes.indexOf('PK\x01\x02', offset + 4, 'latin1')) bytes.writeUInt32LE(0xfffffff0, offset + 24);
        return bytes;
      }],
      ['declaring 60,000 entries its directory cannot hold', () => {
        const bytes = docx();
        bytes.writeUInt16LE(60_000, endOfDirectory(bytes) + 8);
        bytes.writeUInt16LE(60_000, endOfDirectory(bytes) + 10);
        return bytes;
      }],
      ['with garbage after the PK header', () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(4000)])],
    ])('fails a ZIP %s as CORRUPT, not TOO_LARGE', async (_name, build) => {
      const failure = await failureOf(convert('damaged.docx', build()));
      expect(failure.reason).toBe('CORRUPT');
      expect(failure.message).toMatch(/^the archive is damaged/);
    });

    it('fails an encrypted .doc (FIB fEncrypted) and .ppt as PASSWORD_PROTECTED, before LibreOffice', async () => {
      const fib = Buffer.alloc(6000);
      fib.writeUInt16LE(0xa5ec, 0);
      fib.writeUInt16LE(0x0100, 0x0a);
      const failure = await failureOf(convert('locked.doc', compoundFixture([{ name: 'WordDocument', bytes: fib }]), pdfLibOnly));
      expect(failure).toMatchObject({ reason: 'PASSWORD_PROTECTED', message: expect.stringMatching(/Word document is encrypted/) });
      const atom = Buffer.alloc(40);
      atom.writeUInt32LE(0xf3d1c4df, 12);
      const ppt = compoundFixture([{ name: 'PowerPoint Document', bytes: new Uint8Array(5000) }, { name: 'Current User', bytes: atom }]);
      expect(await failureReason(convert('locked.ppt', ppt, pdfLibOnly))).toBe('PASSWORD_PROTECTED');
    });

    it('fails an encrypted OOXML package as PASSWORD_PROTECTED where LibreOffice cannot try the default password', async () => {
      const encrypted = compoundFixture([{ name: 'EncryptionInfo', bytes: new Uint8Array(100) }, { name: 'EncryptedPackage', bytes: new Uint8Array(5000) }]);
      expect(await failureReason(convert('locked.docx', encrypted, pdfLibOnly))).toBe('PASSWORD_PROTECTED');
    });

    (hasLibreOffice ? it : it.skip)('fails an encrypted OOXML package LibreOffice cannot open as PASSWORD_PROTECTED, not CORRUPT', async () => {
      const encrypted = compoundFixture([{ name: 'EncryptionInfo', bytes: new Uint8Array(100) }, { name: 'EncryptedPackage', bytes: new Uint8Array(5000) }]);
      expect(await failureReason(convert('locked.docx', encrypted))).toBe('PASSWORD_PROTECTED');
    }, 300_000);
  });

  it('fails types it cannot convert as UNSUPPORTED_TYPE', async () => {
    expect(await failureReason(convert('noise.bin', Buffer.from([0, 1, 2, 3, 0xfe, 0, 0x9d, 0, 0, 0])))).toBe('UNSUPPORTED_TYPE');
  });

  it('reports which external converters are installed', () => {
    expect(converter.availability()).toEqual({ qpdf: hasQpdf, libreOffice: hasLibreOffice, prlimit: findProgram('prlimit') !== undefined });
    expect(pdfLibOnly.availability()).toMatchObject({ qpdf: false, libreOffice: false });
  });
});

let bomb: Uint8Array | undefined;
function zipBomb(): Uint8Array {
  bomb ??= zipBombDocxFixture();
  return bomb;
}
