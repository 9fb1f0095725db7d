#!/usr/bin/env node
/**
 * Hard corpus, area "ocr" (issue 12): scans at several resolutions, orientations and contrasts, a huge
 * resolution-less image, Welsh, a photo with no text and a fax with anisotropic resolution. Pages are
 * drawn on a canvas (@napi-rs/canvas, DejaVu fonts) like a scanner would see them, then saved as
 * PNG/JPEG or wrapped in a PDF with pdf-lib. Re-runnable: writes test/fixtures/hard-corpus/ocr/.
 */
import { createCanvas } from '@napi-rs/canvas';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/hard-corpus/ocr');
mkdirSync(OUT, { recursive: true });

/** A seeded generator, so every run writes the same files. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * A page of text as a scanner sees it: `widthIn`×`heightIn` inches at `dpi`, lines of `fontPt` points,
 * a slight grey background with speckles, optional rotation (degrees clockwise) of the whole sheet.
 */
function scanPage({ widthIn = 8.27, heightIn = 11.69, dpi, lines, font = 'DejaVu Serif', fontPt = 12, ink = '#111', paper = '#fcfcfa', speckles = 400, seed = 1, rotate = 0, marginIn = 1, columns = 1 }) {
  const width = Math.round(widthIn * dpi);
  const height = Math.round(heightIn * dpi);
  const sheet = createCanvas(width, height);
  const g = sheet.getContext('2d');
  g.fillStyle = paper;
  g.fillRect(0, 0, width, height);
  const next = random(seed);
  g.fillStyle = '#777';
  for (let i = 0; i < speckles; i++) g.fillRect(next() * width, next() * height, 1 + next() * 2, 1 + next() * 2);
  const px = (fontPt * dpi) / 72;
  g.fillStyle = ink;
  g.font = `${px}px "${font}"`;
  const columnWidth = (width - 2 * marginIn * dpi) / columns;
  const perColumn = Math.ceil(lines.length / columns);
  lines.forEach((line, index) => {
    const column = Math.floor(index / perColumn);
    const row = index % perColumn;
    const isHeading = index === 0;
    g.font = `${isHeading ? 'bold ' : ''}${isHeading ? px * 1.4 : px}px "${font}"`;
    g.fillText(line, marginIn * dpi + column * columnWidth, marginIn * dpi + px * 1.4 + row * px * 1.6 + (isHeading ? 0 : px));
  });
  if (rotate === 0) return sheet;
  const turned = rotate % 180 === 0 ? createCanvas(width, height) : createCanvas(height, width);
  const t = turned.getContext('2d');
  t.translate(turned.width / 2, turned.height / 2);
  t.rotate((rotate * Math.PI) / 180);
  t.drawImage(sheet, -width / 2, -height / 2);
  return turned;
}

/** Sets a PNG's pixel density (pHYs chunk, after IHDR). */
function withPngDpi(png, dpiX, dpiY = dpiX) {
  const data = Buffer.alloc(9);
  data.writeUInt32BE(Math.round(dpiX / 0.0254), 0);
  data.writeUInt32BE(Math.round(dpiY / 0.0254), 4);
  data[8] = 1;
  const chunk = Buffer.alloc(21);
  chunk.writeUInt32BE(9, 0);
  chunk.write('pHYs', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 17)), 17);
  return Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)]);
}

/** Sets a JPEG's JFIF density (units dots per inch), or 0×0 "no unit" when dpi is 0. */
function withJpegDpi(jpeg, dpiX, dpiY = dpiX) {
  const out = Buffer.from(jpeg);
  if (out.readUInt16BE(2) !== 0xffe0 || out.toString('latin1', 6, 10) !== 'JFIF') throw new Error('no JFIF header');
  out[13] = dpiX === 0 ? 0 : 1;
  out.writeUInt16BE(dpiX === 0 ? 1 : dpiX, 14);
  out.writeUInt16BE(dpiY === 0 ? 1 : dpiY, 16);
  return out;
}

/** One PDF page per image, each drawn over `pageSizes[i]` points (the scanner's placement). */
async function scannedPdf(pages) {
  const document = await PDFDocument.create();
  // Fixed dates: a re-run writes the same bytes.
  document.setCreationDate(new Date('2026-12-04T00:00:00Z'));
  document.setModificationDate(new Date('2026-12-04T00:00:00Z'));
  for (const { jpeg, widthPt, heightPt, rotate = 0 } of pages) {
    const image = await document.embedJpg(jpeg);
    const page = document.addPage([widthPt, heightPt]);
    page.drawImage(image, { x: 0, y: 0, width: widthPt, height: heightPt });
    if (rotate) page.setRotation({ type: 'degrees', angle: rotate });
  }
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

const write = (name, bytes) => {
  writeFileSync(path.join(OUT, name), bytes);
  console.log(`${name}: ${(bytes.length / 1024).toFixed(0)} KiB`);
};
const jpeg = (canvas, quality = 70) => canvas.toBuffer('image/jpeg', quality);

// 1. A witness statement scanned at 300 dpi, A4, serif.
{
  const page = scanPage({
    dpi: 300,
    seed: 11,
    lines: [
      'WITNESS STATEMENT',
      'I live at the address overleaf and I have known the defendant',
      'for about four years. On the evening of the ninth of March I',
      'saw a blue Vauxhall parked outside the pharmacy on Kingsway.',
      'Two men got out and walked towards the alleyway behind the shop.',
      'One of them was carrying a holdall and a crowbar. I telephoned',
      'the police at about eleven minutes past ten.',
      'This statement is true to the best of my knowledge and belief.',
    ],
  });
  write('scan-300dpi-statement.pdf', await scannedPdf([{ jpeg: jpeg(page, 60), widthPt: 595.3, heightPt: 841.9 }]));
}

// 2. A letter scanned at 150 dpi, US Letter, sans, two columns of short lines.
{
  const page = scanPage({
    dpi: 150,
    widthIn: 8.5,
    heightIn: 11,
    font: 'DejaVu Sans',
    fontPt: 11,
    columns: 2,
    seed: 12,
    lines: [
      'Invoice schedule',
      'Scaffolding hire',
      'Skip collection',
      'Plumbing repairs',
      'Window glazing',
      'Electrical survey',
      'Roofing materials',
      'Carpentry labour',
      'Plastering works',
      'Drainage inspection',
      'Landscaping deposit',
    ],
  });
  write('scan-150dpi-invoice-schedule.pdf', await scannedPdf([{ jpeg: jpeg(page, 75), widthPt: 612, heightPt: 792 }]));
}

// 3. A huge photo of a page with no resolution: 6000×8000 px PNG (one pixel per point when read at 72 dpi).
{
  const page = scanPage({
    dpi: 725,
    widthIn: 6000 / 725,
    heightIn: 8000 / 725,
    font: 'DejaVu Sans',
    fontPt: 14,
    speckles: 0,
    paper: '#ffffff',
    seed: 13,
    lines: ['Custody record', 'The detainee was booked in at the custody suite', 'and asked whether he wanted a solicitor.', 'He requested the duty solicitor and a telephone call.'],
  });
  write('huge-resolution-less-custody-record.png', page.toBuffer('image/png'));
}

// 4. A page fed sideways (turned 90° clockwise), JPEG with 200 dpi density.
{
  const page = scanPage({
    dpi: 200,
    font: 'DejaVu Sans',
    fontPt: 13,
    seed: 14,
    rotate: 90,
    lines: ['Exhibit list', 'Mobile telephone recovered from the glovebox', 'Receipt from the hardware store on Station Road', 'Bank statement showing the cash withdrawal', 'Photographs of the damaged window frame'],
  });
  write('sideways-exhibit-list.jpg', withJpegDpi(jpeg(page, 70), 200));
}

// 5. A page scanned upside down, in a PDF at 240 dpi.
{
  const page = scanPage({
    dpi: 240,
    fontPt: 12,
    seed: 15,
    rotate: 180,
    lines: ['Tenancy agreement', 'The landlord agrees to repair the boiler within', 'fourteen days of written notice from the tenant.', 'Rent is payable monthly in advance by standing order.', 'The deposit is protected by an approved scheme.'],
  });
  write('upside-down-tenancy.pdf', await scannedPdf([{ jpeg: jpeg(page, 65), widthPt: 595.3, heightPt: 841.9 }]));
}

// 6. Welsh: a bilingual court notice at 300 dpi (real Welsh sentences).
{
  const page = scanPage({
    dpi: 300,
    font: 'DejaVu Sans',
    fontPt: 13,
    seed: 16,
    lines: [
      'Hysbysiad o wrandawiad',
      'Bydd y gwrandawiad yn Llys Ynadon Caerdydd ddydd Llun.',
      'Mae gennych hawl i siarad Cymraeg yn y llys.',
      'Dywedodd y tyst iddo weld y dyn yn gadael y tŷ am hanner nos.',
      'Roedd ei ŵyr yn aros wrth y drws gyda’r heddlu.',
      'Rhaid i chi ddod â’r ddogfen hon gyda chi.',
    ],
  });
  write('welsh-court-notice.png', withPngDpi(page.toBuffer('image/png'), 300));
}

// 7. A photo with no text: sky, hills, a tree, sensor noise.
{
  const width = 1600;
  const height = 1200;
  const canvas = createCanvas(width, height);
  const g = canvas.getContext('2d');
  const sky = g.createLinearGradient(0, 0, 0, height * 0.6);
  sky.addColorStop(0, '#6fa8dc');
  sky.addColorStop(1, '#d9ecf7');
  g.fillStyle = sky;
  g.fillRect(0, 0, width, height);
  const next = random(17);
  for (let hill = 0; hill < 3; hill++) {
    g.fillStyle = ['#5b8c3a', '#4a7a2c', '#3d6624'][hill];
    g.beginPath();
    g.moveTo(0, height);
    for (let x = 0; x <= width; x += 40) g.lineTo(x, height * (0.55 + hill * 0.1) + Math.sin(x / (180 + hill * 70) + hill) * 60 + next() * 8);
    g.lineTo(width, height);
    g.fill();
  }
  g.fillStyle = '#5a3b1e';
  g.fillRect(1100, 520, 40, 260);
  for (let leaf = 0; leaf < 400; leaf++) {
    g.fillStyle = `rgba(${30 + next() * 40}, ${90 + next() * 60}, ${20 + next() * 30}, 0.8)`;
    g.beginPath();
    g.arc(1120 + (next() - 0.5) * 260, 470 + (next() - 0.5) * 200, 6 + next() * 18, 0, Math.PI * 2);
    g.fill();
  }
  const pixels = g.getImageData(0, 0, width, height);
  for (let i = 0; i < pixels.data.length; i += 4) {
    const noise = (next() - 0.5) * 18;
    for (let c = 0; c < 3; c++) pixels.data[i + c] = Math.max(0, Math.min(255, pixels.data[i + c] + noise));
  }
  g.putImageData(pixels, 0, 0);
  write('photo-no-text.jpg', withJpegDpi(jpeg(canvas, 80), 96));
}

// 8. A faded carbon copy: low contrast grey on grey, 200 dpi.
{
  const page = scanPage({
    dpi: 200,
    font: 'DejaVu Serif',
    fontPt: 12,
    ink: '#9c9c9c',
    paper: '#cfcfcf',
    speckles: 1500,
    seed: 18,
    lines: ['Delivery note', 'Received in good condition: twelve pallets', 'of ceramic floor tiles and four tubs of adhesive.', 'Signed by the warehouse supervisor on arrival.'],
  });
  write('low-contrast-delivery-note.pdf', await scannedPdf([{ jpeg: jpeg(page, 75), widthPt: 595.3, heightPt: 841.9 }]));
}

// 9. A fax: 204×98 dpi (fine horizontal, standard vertical), the JPEG claiming 1 dpi, placed on a Letter page.
{
  const sheet = scanPage({
    dpi: 204,
    widthIn: 8.5,
    heightIn: 11,
    font: 'DejaVu Sans',
    fontPt: 14,
    speckles: 800,
    seed: 19,
    lines: ['Fax transmission', 'Please find attached the signed consent order.', 'The hearing has been adjourned until further notice.', 'Kindly acknowledge receipt by return.'],
  });
  const fax = createCanvas(sheet.width, Math.round(11 * 98));
  fax.getContext('2d').drawImage(sheet, 0, 0, fax.width, fax.height);
  write('fax-odd-dpi-consent-order.pdf', await scannedPdf([{ jpeg: withJpegDpi(jpeg(fax, 75), 1), widthPt: 612, heightPt: 792 }]));
}

// 10. Two pages: a scanned covering letter, then a scanned photograph (no words on page 2).
{
  const letter = scanPage({
    dpi: 200,
    font: 'DejaVu Serif',
    fontPt: 12,
    seed: 20,
    lines: ['Covering letter', 'We enclose a photograph of the boundary fence', 'taken by our client before the hedge was removed.'],
  });
  const photo = createCanvas(1654, 2339);
  const g = photo.getContext('2d');
  const next = random(21);
  const ground = g.createLinearGradient(0, 0, 1654, 2339);
  ground.addColorStop(0, '#8a7f6a');
  ground.addColorStop(1, '#4c5a3a');
  g.fillStyle = ground;
  g.fillRect(0, 0, 1654, 2339);
  for (let post = 0; post < 9; post++) {
    g.fillStyle = `rgb(${100 + next() * 30}, ${80 + next() * 20}, 50)`;
    g.fillRect(120 + post * 170, 900 + next() * 40, 36, 700);
  }
  for (let blade = 0; blade < 3000; blade++) {
    g.strokeStyle = `rgba(40, ${100 + next() * 80}, 30, 0.7)`;
    const x = next() * 1654;
    const y = 1500 + next() * 839;
    g.beginPath();
    g.moveTo(x, y);
    g.lineTo(x + (next() - 0.5) * 20, y - 20 - next() * 40);
    g.stroke();
  }
  write('letter-then-photo.pdf', await scannedPdf([
    { jpeg: jpeg(letter, 70), widthPt: 595.3, heightPt: 841.9 },
    { jpeg: jpeg(photo, 70), widthPt: 595.3, heightPt: 841.9 },
  ]));
}
