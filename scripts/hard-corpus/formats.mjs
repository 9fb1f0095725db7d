#!/usr/bin/env node
/**
 * Hard corpus, area "formats" (issue 12, items 5 and 6): PDFs sniffed by content (junk before the
 * header, no header at all, blank but valid), a truncated DOCX, presentations made with LibreOffice
 * Impress, images in every raster format Skia decodes, a multi-page TIFF and a HEIC container.
 * Files from Apache POI's test suite (encrypted Office files, Publisher, Visio, PowerPoint) are committed
 * as they are and listed in SOURCES.md; this script does not touch them. Re-runnable:
 *   node scripts/hard-corpus/formats.mjs
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, 'test/fixtures/hard-corpus/formats');
const scratch = mkdtempSync(path.join(tmpdir(), 'corpus-formats-'));
const write = (name, bytes) => writeFileSync(path.join(out, name), bytes);

// ---- PDFs ----

async function textPdf(pages, font = StandardFonts.Helvetica) {
  const document = await PDFDocument.create();
  const embedded = await document.embedFont(font);
  for (const lines of pages) {
    const page = document.addPage([595, 842]);
    lines.forEach((line, index) => page.drawText(line, { x: 60, y: 760 - index * 24, size: 14, font: embedded }));
  }
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

// Junk before the header: a mail gateway's HTTP response and some binary bytes (within the first 1,024).
const junk = Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nX-Gateway: scan\r\n\r\n'), Buffer.from([0x00, 0x01, 0xfe, 0xff, 0x10, 0x0d, 0x0a])]);
write('junk-before-header.pdf', Buffer.concat([junk, await textPdf([['Magistrates listing adjourned until Thursday', 'Defendant Okonkwo remanded on conditional bail']], StandardFonts.TimesRoman)]));

// No header at all: everything before the first object is cut off (xref offsets are then wrong too).
const whole = await textPdf([['Headerless affidavit of Mr Pemberton', 'Sworn before the commissioner for oaths'], ['Second page exhibit schedule', 'Exhibit JP/4 mobile telephone']], StandardFonts.Courier);
write('headerless.pdf', whole.subarray(whole.indexOf('1 0 obj')));

// No header, and the objects packed in object streams (the file opens with a compressed stream object).
{
  const document = await PDFDocument.create();
  const font = await document.embedFont(StandardFonts.TimesRoman);
  document.addPage([612, 792]).drawText('Probation officer Nakamura report', { x: 50, y: 700, size: 18, font });
  const packed = Buffer.from(await document.save({ useObjectStreams: true }));
  write('headerless-object-streams.pdf', packed.subarray(/\d+ 0 obj/.exec(packed.toString('latin1')).index));
}

// Blank but valid: pages without content, and a page whose content stream is empty (zero length).
{
  const document = await PDFDocument.create();
  for (let page = 0; page < 3; page += 1) document.addPage([595, 842]);
  write('blank-three-pages.pdf', Buffer.from(await document.save({ useObjectStreams: false })));
}
{
  const document = await PDFDocument.create();
  const page = document.addPage([612, 792]);
  page.node.set(PDFName.of('Contents'), document.context.register(document.context.stream(new Uint8Array(0))));
  write('blank-empty-content-stream.pdf', Buffer.from(await document.save({ useObjectStreams: false })));
}

// ---- LibreOffice-made office files ----

function soffice(input, format) {
  const profile = path.join(scratch, 'profile');
  execFileSync('soffice', ['--headless', '--norestore', `-env:UserInstallation=file://${profile}`, '--convert-to', format, '--outdir', scratch, input], { stdio: 'ignore', env: { ...process.env, HOME: scratch } });
  return readFileSync(path.join(scratch, `${path.basename(input, path.extname(input))}.${format.split(':')[0]}`));
}

// A truncated DOCX: the central directory (at the end) is gone.
{
  const html = path.join(scratch, 'statement.html');
  writeFileSync(html, `<html><body><h1>Witness statement</h1>${Array.from({ length: 40 }, (_, index) => `<p>Paragraph ${index} of the statement of Ms Ferreira about the incident at the depot.</p>`).join('')}</body></html>`);
  const docx = soffice(html, 'docx:MS Word 2007 XML');
  write('truncated.docx', docx.subarray(0, Math.floor(docx.length * 0.7)));
}

// A presentation in flat ODF, saved by Impress as ODP, PPTX and PPT.
{
  const slide = (name, title, body) => `<draw:page draw:name="${name}" draw:master-page-name="Default">
      <draw:frame svg:x="2cm" svg:y="2cm" svg:width="24cm" svg:height="3cm"><draw:text-box><text:p text:style-name="P1">${title}</text:p></draw:text-box></draw:frame>
      <draw:frame svg:x="2cm" svg:y="6cm" svg:width="24cm" svg:height="10cm"><draw:text-box>${body.map((line) => `<text:p>${line}</text:p>`).join('')}</draw:text-box></draw:frame>
    </draw:page>`;
  const fodp = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.presentation">
  <office:automatic-styles><style:style style:name="P1" style:family="paragraph"><style:text-properties fo:font-size="28pt" fo:font-weight="bold"/></style:style></office:automatic-styles>
  <office:master-styles><style:master-page style:name="Default"/></office:master-styles>
  <office:body><office:presentation>
    ${slide('one', 'Operation Kingfisher briefing', ['Surveillance logs from the harbour', 'Vessel named Marguerite sighted twice'])}
    ${slide('two', 'Disclosure timetable', ['Unused material schedule due Friday', 'Counsel to review the telephone downloads'])}
  </office:presentation></office:body>
</office:document>`;
  const input = path.join(scratch, 'briefing.fodp');
  writeFileSync(input, fodp);
  write('briefing.odp', soffice(input, 'odp'));
  write('briefing.pptx', soffice(input, 'pptx'));
  write('briefing.ppt', soffice(input, 'ppt'));
}

// ---- images ----

/** A white canvas with lines of black text, for OCR. */
function textCanvas(width, height, lines, font) {
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#000000';
  context.font = font;
  const size = Number(/(\d+)px/.exec(font)[1]);
  lines.forEach((line, index) => context.fillText(line, 30, size * 1.5 * (index + 1)));
  return canvas;
}

function rgbaOf(canvas) {
  return canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
}

/** 24-bit bottom-up BMP with a declared resolution (pixels per metre). */
function bmp(canvas, dpi) {
  const { width, height } = canvas;
  const rgba = rgbaOf(canvas);
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const file = Buffer.alloc(54 + rowBytes * height);
  file.write('BM', 0, 'latin1');
  file.writeUInt32LE(file.length, 2);
  file.writeUInt32LE(54, 10);
  file.writeUInt32LE(40, 14);
  file.writeInt32LE(width, 18);
  file.writeInt32LE(height, 22);
  file.writeUInt16LE(1, 26);
  file.writeUInt16LE(24, 28);
  file.writeUInt32LE(rowBytes * height, 34);
  file.writeInt32LE(Math.round(dpi / 0.0254), 38);
  file.writeInt32LE(Math.round(dpi / 0.0254), 42);
  for (let y = 0; y < height; y += 1) {
    const row = 54 + (height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x += 1) {
      const source = (y * width + x) * 4;
      file[row + x * 3] = rgba[source + 2];
      file[row + x * 3 + 1] = rgba[source + 1];
      file[row + x * 3 + 2] = rgba[source];
    }
  }
  return file;
}

write('custody-record.bmp', bmp(textCanvas(900, 260, ['Custody record reviewed', 'Sergeant Abernethy signed'], '44px "DejaVu Serif"'), 150));
write('interview-notes.webp', await textCanvas(1000, 260, ['Interview notes transcribed', 'Solicitor Lindqvist present'], '46px "DejaVu Sans"').encode('webp', 90));
write('evidence-label.avif', await textCanvas(1000, 260, ['Evidence label photographed', 'Bag sealed by Constable Tremayne'], 'bold 42px "DejaVu Sans"').encode('avif', { quality: 90 }));

// A large photo-sized scan without a resolution (no pHYs): its page must fit A4, not be 33 inches wide.
write('no-resolution-scan.png', await textCanvas(2400, 900, ['Warrant executed at Holloway Road', 'Items seized listed overleaf'], '80px "DejaVu Serif"').encode('png'));

/** A GIF (greyscale palette) with one frame per canvas, each LZW-coded as literals with a clear code every 254. */
function animatedGif(frames) {
  const { width, height } = frames[0];
  const bytes = [];
  const push = (...values) => bytes.push(...values);
  const u16 = (value) => push(value & 0xff, value >> 8);
  push(...Buffer.from('GIF89a'));
  u16(width);
  u16(height);
  push(0xf7, 0, 0); // global colour table of 256 entries
  for (let index = 0; index < 256; index += 1) push(index, index, index);
  push(0x21, 0xff, 0x0b, ...Buffer.from('NETSCAPE2.0'), 3, 1, 0, 0, 0); // loop for ever
  for (const frame of frames) {
    const rgba = rgbaOf(frame);
    push(0x21, 0xf9, 4, 0, 100, 0, 0, 0); // one second per frame
    push(0x2c);
    u16(0);
    u16(0);
    u16(width);
    u16(height);
    push(0);
    push(8); // LZW minimum code size: codes are 9 bits while the table stays below 512
    const codes = [];
    for (let pixel = 0; pixel < width * height; pixel += 1) {
      if (pixel % 254 === 0) codes.push(256);
      const source = pixel * 4;
      codes.push(Math.round((rgba[source] + rgba[source + 1] + rgba[source + 2]) / 3));
    }
    codes.push(257);
    const packed = [];
    let buffer = 0;
    let bits = 0;
    for (const code of codes) {
      buffer |= code << bits;
      bits += 9;
      while (bits >= 8) {
        packed.push(buffer & 0xff);
        buffer >>= 8;
        bits -= 8;
      }
    }
    if (bits > 0) packed.push(buffer & 0xff);
    for (let offset = 0; offset < packed.length; offset += 255) {
      const block = packed.slice(offset, offset + 255);
      push(block.length, ...block);
    }
    push(0);
  }
  push(0x3b);
  return Buffer.from(bytes);
}

write(
  'animated-first-frame.gif',
  animatedGif([
    textCanvas(800, 200, ['Shoplifting footage still', 'Till number seven'], '42px "DejaVu Sans"'),
    textCanvas(800, 200, ['Second frame Zanzibar', 'Quokka carousel'], '42px "DejaVu Sans"'),
  ]),
);

/** A multi-page greyscale TIFF, PackBits-compressed, 200 dpi. */
function multiPageTiff(pages) {
  const packBits = (row) => {
    const output = [];
    let index = 0;
    while (index < row.length) {
      let run = 1;
      while (index + run < row.length && run < 128 && row[index + run] === row[index]) run += 1;
      if (run > 1) {
        output.push(257 - run, row[index]);
        index += run;
        continue;
      }
      let literal = 1;
      while (index + literal < row.length && literal < 128 && row[index + literal] !== row[index + literal - 1]) literal += 1;
      output.push(literal - 1, ...row.subarray(index, index + literal));
      index += literal;
    }
    return output;
  };
  const parts = [Buffer.from([0x49, 0x49, 0x2a, 0x00, 0, 0, 0, 0])];
  let offset = 8;
  const ifdOffsets = [];
  const pending = [];
  for (const canvas of pages) {
    const { width, height } = canvas;
    const rgba = rgbaOf(canvas);
    const grey = new Uint8Array(width * height);
    for (let pixel = 0; pixel < grey.length; pixel += 1) grey[pixel] = Math.round((rgba[pixel * 4] + rgba[pixel * 4 + 1] + rgba[pixel * 4 + 2]) / 3);
    const data = [];
    for (let y = 0; y < height; y += 1) data.push(...packBits(grey.subarray(y * width, (y + 1) * width)));
    const strip = Buffer.from(data);
    const stripOffset = offset;
    parts.push(strip);
    offset += strip.length + (strip.length % 2);
    if (strip.length % 2) parts.push(Buffer.from([0]));
    const resolution = Buffer.alloc(8);
    resolution.writeUInt32LE(200, 0);
    resolution.writeUInt32LE(1, 4);
    const resolutionOffset = offset;
    parts.push(resolution);
    offset += 8;
    const tags = [
      [256, 3, width],
      [257, 3, height],
      [258, 3, 8],
      [259, 3, 32773],
      [262, 3, 1],
      [273, 4, stripOffset],
      [277, 3, 1],
      [278, 3, height],
      [279, 4, strip.length],
      [282, 5, resolutionOffset],
      [283, 5, resolutionOffset],
      [296, 3, 2],
    ];
    const ifd = Buffer.alloc(2 + tags.length * 12 + 4);
    ifd.writeUInt16LE(tags.length, 0);
    tags.forEach(([tag, type, value], index) => {
      ifd.writeUInt16LE(tag, 2 + index * 12);
      ifd.writeUInt16LE(type, 4 + index * 12);
      ifd.writeUInt32LE(1, 6 + index * 12);
      if (type === 3) ifd.writeUInt16LE(value, 10 + index * 12);
      else ifd.writeUInt32LE(value, 10 + index * 12);
    });
    ifdOffsets.push(offset);
    pending.push(ifd);
    parts.push(ifd);
    offset += ifd.length;
  }
  parts[0].writeUInt32LE(ifdOffsets[0], 4);
  pending.forEach((ifd, index) => ifd.writeUInt32LE(ifdOffsets[index + 1] ?? 0, ifd.length - 4));
  return Buffer.concat(parts);
}

write(
  'three-pages.tiff',
  multiPageTiff([
    textCanvas(1200, 400, ['Fax cover sheet', 'From the Crown Court at Lewes'], '48px "DejaVu Serif"'),
    textCanvas(1200, 400, ['Page two schedule of hearings', 'Courtroom Ashdown reserved'], '48px "DejaVu Sans"'),
    textCanvas(1200, 400, ['Page three sentencing remarks', 'Judge Whitcombe presiding'], '48px "DejaVu Sans Mono"'),
  ]),
);

// HEIC: no encoder here; an ISO-BMFF file with the `ftyp heic` box and an empty `meta` box, as a phone writes it first.
{
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypheic', 4, 'latin1');
  ftyp.writeUInt32BE(0, 12);
  ftyp.write('mif1heic', 16, 'latin1');
  const meta = Buffer.alloc(12);
  meta.writeUInt32BE(12, 0);
  meta.write('meta', 4, 'latin1');
  write('iphone-photo.heic', Buffer.concat([ftyp, meta, Buffer.alloc(200, 0x5a)]));
}

rmSync(scratch, { recursive: true, force: true });
console.log(`wrote the generated files of ${path.relative(root, out)}`);
