/** Builds test documents in memory: nothing here is checked in, so every byte is known. */
import { createCanvas } from '@napi-rs/canvas';
import { deflateSync, strToU8, zipSync } from 'fflate';
import MsgReaderModule from '@kenjiuno/msgreader';
import { burn, type Entry } from '@kenjiuno/msgreader/lib/Burner.js';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import UTIF from 'utif2';
import { constants as zlibConstants, crc32, deflateRawSync } from 'node:zlib';

export { REAL_WORLD } from '../fixtures/real-world-path.js';

export async function pdfFixture(pageTexts: readonly string[] = ['Hello from page one']): Promise<Uint8Array> {
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.Helvetica);
  for (const text of pageTexts) document.addPage([595, 842]).drawText(text, { x: 72, y: 760, size: 14, font });
  return document.save();
}

function drawPicture(width: number, height: number, label: string) {
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#1144aa';
  context.fillRect(width / 8, height / 8, width / 2, height / 3);
  context.fillStyle = '#000000';
  context.font = `${Math.max(10, Math.floor(height / 10))}px DejaVu Sans`;
  context.fillText(label, 10, height - 20);
  return canvas;
}

export function pngFixture(width = 400, height = 300, dpi?: number): Uint8Array {
  const png = drawPicture(width, height, 'PNG').encodeSync('png');
  return dpi ? withPngDpi(png, dpi) : png;
}

export function jpegFixture(width = 400, height = 300): Uint8Array {
  return drawPicture(width, height, 'JPEG').encodeSync('jpeg', 90);
}

export function rgbaPixels(width: number, height: number, label: string): Uint8Array {
  return new Uint8Array(drawPicture(width, height, label).getContext('2d').getImageData(0, 0, width, height).data.buffer);
}

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Inserts a pHYs chunk (pixels per metre) after IHDR. */
function withPngDpi(png: Uint8Array, dpi: number): Uint8Array {
  const bytes = Buffer.from(png);
  const afterHeader = 8 + 25;
  const physData = Buffer.alloc(9);
  const perMetre = Math.round(dpi / 0.0254);
  physData.writeUInt32BE(perMetre, 0);
  physData.writeUInt32BE(perMetre, 4);
  physData[8] = 1;
  return Buffer.concat([bytes.subarray(0, afterHeader), chunk('pHYs', physData), bytes.subarray(afterHeader)]);
}

/** A PNG whose header declares a huge image (the pixels are not there): a decompression-bomb stand-in. */
export function pngBombFixture(width = 100_000, height = 100_000): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])), chunk('IEND', Buffer.alloc(0))]);
}

/** A multi-page RGBA TIFF, written with utif2's IFD encoder; strips placed after the directories. */
export function tiffFixture(pages: ReadonlyArray<{ width: number; height: number; dpi?: number }>): Uint8Array {
  const pixels = pages.map((page, index) => rgbaPixels(page.width, page.height, `TIFF ${index + 1}`));
  const ifdFor = (page: { width: number; height: number; dpi?: number }, offset: number) => ({
    t256: [page.width],
    t257: [page.height],
    t258: [8, 8, 8, 8],
    t259: [1],
    t262: [2],
    t273: [offset],
    t277: [4],
    t278: [page.height],
    t279: [page.width * page.height * 4],
    t282: [[page.dpi ?? 72, 1]],
    t283: [[page.dpi ?? 72, 1]],
    t284: [1],
    t296: [2],
    t338: [1],
  });
  const encode = (offsets: number[]) => new Uint8Array(UTIF.encode(pages.map((page, index) => ifdFor(page, offsets[index])) as never));
  const prefixLength = encode(pages.map(() => 0)).length;
  const start = prefixLength + (4 - (prefixLength % 4));
  const offsets: number[] = [];
  let cursor = start;
  for (const page of pixels) {
    offsets.push(cursor);
    cursor += page.length;
  }
  const prefix = encode(offsets);
  const tiff = new Uint8Array(cursor);
  tiff.set(prefix, 0);
  pixels.forEach((page, index) => tiff.set(page, offsets[index]));
  return tiff;
}

export function gifFixture(): Uint8Array {
  // 1×1 GIF89a
  return Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
}

const CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const ROOT_RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';

export function docxFixture(paragraphs: readonly string[] = ['A small Word document']): Uint8Array {
  const body = paragraphs.map((text) => `<w:p><w:r><w:t>${text}</w:t></w:r></w:p>`).join('');
  return zipSync({
    '[Content_Types].xml': strToU8(CONTENT_TYPES),
    '_rels/.rels': strToU8(ROOT_RELS),
    'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`),
  });
}

/**
 * A DOCX whose word/document.xml inflates to `inflatedBytes` of zeros: a zip bomb (about 1 MB per GB).
 * One 64 MiB block of zeros is deflated at level 9 with a full flush (so it stands alone) and repeated;
 * deflating a gigabyte for real would take the test a minute. The ZIP container is written by hand
 * around it, the small parts deflated by fflate.
 */
export function zipBombDocxFixture(inflatedBytes = 1.1 * 1024 * 1024 * 1024): Uint8Array {
  const blockBytes = 64 * 1024 * 1024;
  const blocks = Math.ceil(inflatedBytes / blockBytes);
  const zeros = new Uint8Array(blockBytes);
  const block = deflateRawSync(zeros, { level: 9, finishFlush: zlibConstants.Z_FULL_FLUSH });
  let crc = 0;
  for (let index = 0; index < blocks; index += 1) crc = crc32(zeros, crc);
  const finalEmptyBlock = Buffer.from([0x03, 0x00]);
  const bomb = { name: 'word/document.xml', data: Buffer.concat([...Array.from({ length: blocks }, () => block), finalEmptyBlock]), crc, size: blocks * blockBytes };
  const small = (name: string, text: string) => {
    const raw = Buffer.from(text, 'utf8');
    return { name, data: Buffer.from(deflateSync(raw, { level: 9 })), crc: crc32(raw), size: raw.length };
  };
  return zipContainer([small('[Content_Types].xml', CONTENT_TYPES), small('_rels/.rels', ROOT_RELS), bomb]);
}

function zipContainer(entries: ReadonlyArray<{ name: string; data: Buffer; crc: number; size: number }>): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.crc >>> 0, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export function ooxmlFixture(kind: 'xlsx' | 'pptx'): Uint8Array {
  const part = kind === 'xlsx' ? 'xl/workbook.xml' : 'ppt/presentation.xml';
  return zipSync({ '[Content_Types].xml': strToU8(CONTENT_TYPES.replace('/word/document.xml', `/${part}`)), '_rels/.rels': strToU8(ROOT_RELS), [part]: strToU8('<x/>') });
}

export function odfFixture(kind: 'text' | 'spreadsheet' | 'presentation'): Uint8Array {
  return zipSync({
    mimetype: [strToU8(`application/vnd.oasis.opendocument.${kind}`), { level: 0 }],
    'content.xml': strToU8('<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>'),
    'META-INF/manifest.xml': strToU8('<manifest/>'),
  });
}

type CompoundNode = { name: string; bytes?: Uint8Array; children?: CompoundNode[] };

/** An OLE2 compound file (CFB) with the given storages and streams. */
export function compoundFixture(children: readonly CompoundNode[]): Uint8Array {
  const entries: Entry[] = [{ name: 'Root Entry', type: 5, length: 0, children: [] }];
  const add = (node: CompoundNode, parent: number) => {
    const bytes = node.bytes ? Uint8Array.from(node.bytes) : undefined;
    entries.push(bytes ? { name: node.name, type: 2, length: bytes.length, binaryProvider: () => bytes } : { name: node.name, type: 1, length: 0, children: [] });
    const index = entries.length - 1;
    entries[parent].children!.push(index);
    for (const child of node.children ?? []) add(child, index);
  };
  for (const child of children) add(child, 0);
  return burn(entries);
}

const utf16 = (text: string) => new Uint8Array(Buffer.from(text, 'utf16le'));

/** An Outlook .msg with a subject, sender, body and attachments. */
export function msgFixture(options: { subject: string; from: string; body: string; attachments: ReadonlyArray<{ fileName: string; bytes: Uint8Array }> }): Uint8Array {
  return compoundFixture([
    { name: '__properties_version1.0', bytes: new Uint8Array(32) },
    { name: '__substg1.0_0037001F', bytes: utf16(options.subject) },
    { name: '__substg1.0_0C1A001F', bytes: utf16(options.from) },
    { name: '__substg1.0_1000001F', bytes: utf16(options.body) },
    ...options.attachments.map((attachment, index) => ({
      name: `__attach_version1.0_#${index.toString(16).toUpperCase().padStart(8, '0')}`,
      children: [
        { name: '__properties_version1.0', bytes: new Uint8Array(8) },
        { name: '__substg1.0_3707001F', bytes: utf16(attachment.fileName) },
        { name: '__substg1.0_37010102', bytes: attachment.bytes },
      ],
    })),
  ]);
}

export const MsgReader = MsgReaderModule.default;

export function emlFixture(attachments: ReadonlyArray<{ fileName: string; contentType: string; bytes: Uint8Array }>): Uint8Array {
  const boundary = 'b1_casework_test';
  const parts = [
    `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nPlease find the exhibits attached. The knife was found at 07700 900123.\r\n`,
    ...attachments.map(
      (attachment) =>
        `--${boundary}\r\nContent-Type: ${attachment.contentType}; name="${attachment.fileName}"\r\nContent-Disposition: attachment; filename="${attachment.fileName}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(attachment.bytes).toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n`,
    ),
  ];
  const message = [
    'From: "Officer Dibble" <dibble@example.police.uk>',
    'To: "CPS Caseworker" <caseworker@example.gov.uk>',
    'Subject: Exhibits for case 01AB2345678',
    'Date: Tue, 4 Mar 2025 10:15:00 +0000',
    'Message-ID: <exhibits-1@example.police.uk>',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    ...parts,
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return Buffer.from(message, 'utf8');
}

export function rtfFixture(): Uint8Array {
  return Buffer.from('{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0\\fs24 A small RTF statement.\\par Second line.\\par}', 'latin1');
}

/** A 24-bit BMP (BITMAPINFOHEADER) of `rgba` pixels (white when omitted), declaring `dpi` when given. */
export function bmpFixture(width: number, height: number, rgba?: Uint8ClampedArray, dpi?: number): Buffer {
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const bytes = Buffer.alloc(54 + rowBytes * height, 0xff);
  bytes.fill(0, 0, 54);
  bytes.write('BM', 0, 'latin1');
  bytes.writeUInt32LE(bytes.length, 2);
  bytes.writeUInt32LE(54, 10);
  bytes.writeUInt32LE(40, 14);
  bytes.writeInt32LE(width, 18);
  bytes.writeInt32LE(height, 22);
  bytes.writeUInt16LE(1, 26);
  bytes.writeUInt16LE(24, 28);
  bytes.writeUInt32LE(rowBytes * height, 34);
  if (dpi !== undefined) {
    bytes.writeInt32LE(Math.round(dpi / 0.0254), 38);
    bytes.writeInt32LE(Math.round(dpi / 0.0254), 42);
  }
  if (rgba === undefined) return bytes;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const target = 54 + (height - 1 - y) * rowBytes + x * 3;
      const source = (y * width + x) * 4;
      bytes[target] = rgba[source + 2];
      bytes[target + 1] = rgba[source + 1];
      bytes[target + 2] = rgba[source];
    }
  }
  return bytes;
}
