import { GlobalFonts, createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import { strToU8, zipSync } from 'fflate';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { Prng } from '../seed/prng.js';
import type { DocumentContentPlan } from '../seed/document-content.js';
import type { DocumentRecord } from '../seed/seed-model.js';

/** Renders a planned document version into bytes. Everything is derived from the seed, so bytes are reproducible. */

const FONT_DIR = '/usr/share/fonts/truetype/dejavu';
const FONT_FAMILY = 'StandInDejaVuSans';
let fontsRegistered = false;

function registerFonts(): void {
  if (fontsRegistered) return;
  GlobalFonts.registerFromPath(`${FONT_DIR}/DejaVuSans.ttf`, FONT_FAMILY);
  fontsRegistered = true;
}

export interface RenderInput {
  readonly seed: number;
  readonly document: DocumentRecord;
  readonly versionId: number;
  readonly createdAt: Date;
  readonly plan: DocumentContentPlan;
  /** For e-mails: the bytes of each attachment (its first version), in document order. */
  readonly attachments: readonly { readonly fileName: string; readonly mimeType: string; readonly bytes: Buffer }[];
}

/** A rendered document: whole bytes, or a writer for documents too large to hold in memory. */
export type Rendered = { readonly kind: 'bytes'; readonly bytes: Buffer } | { readonly kind: 'stream'; readonly size: number; readonly write: (sink: (chunk: Buffer) => Promise<void>) => Promise<void> };

export async function renderDocument(input: RenderInput): Promise<Rendered> {
  const bytes = (value: Uint8Array | Buffer): Rendered => ({ kind: 'bytes', bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength) });
  switch (input.document.kind) {
    case 'statement-pdf':
    case 'letter-pdf':
    case 'report-pdf':
      return bytes(await renderBornDigitalPdf(input));
    case 'scanned-pdf':
      return bytes(await renderScannedPdf(input));
    case 'scanned-bundle':
      return renderScannedBundle(input);
    case 'docx':
      return bytes(renderDocx(input));
    case 'eml':
      return bytes(renderEmail(input));
    case 'photo-jpeg':
    case 'photo-png':
      return bytes(await renderPhoto(input));
    case 'text':
      return bytes(Buffer.from(`${input.plan.lines.join('\n')}\n`, 'utf8'));
    case 'uploaded':
      throw new Error('uploaded versions are not rendered');
  }
}

/** Size of a document that can be known without rendering it (the large scanned bundle), else null. */
export function predictableSize(document: DocumentRecord, plan: DocumentContentPlan): number | null {
  return document.kind === 'scanned-bundle' ? bundleLayout(plan).size : null;
}

// ---------- born-digital PDF (pdf-lib, standard fonts)

async function newPdf(input: RenderInput): Promise<PDFDocument> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setTitle(input.plan.heading);
  pdf.setProducer('Legacy CMS stand-in');
  pdf.setCreator('Legacy CMS stand-in');
  pdf.setCreationDate(input.createdAt);
  pdf.setModificationDate(input.createdAt);
  return pdf;
}

async function renderBornDigitalPdf(input: RenderInput): Promise<Uint8Array> {
  const pdf = await newPdf(input);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const { plan } = input;
  const prng = Prng.derive(input.seed, 'report', input.document.documentId, input.versionId);
  const lines = [...plan.lines];
  if (plan.pageCount > 1) {
    // The long report: pad with message-log lines so the text fills every page.
    const target = plan.pageCount * 45;
    for (let i = lines.length; i < target; i += 1) {
      lines.push(`Message ${i}: ${prng.pick(['Outgoing', 'Incoming'])} SMS at ${String(prng.int(0, 23)).padStart(2, '0')}:${String(prng.int(0, 59)).padStart(2, '0')} — ${prng.pick(['see you later', 'on my way', 'call me back', 'ok', 'where are you?'])}`);
    }
  }
  const perPage = plan.pageCount > 1 ? Math.ceil(lines.length / plan.pageCount) : 45;
  const pages = Math.max(plan.pageCount, Math.ceil(lines.length / perPage));
  for (let p = 0; p < pages; p += 1) {
    const page = pdf.addPage([595, 842]);
    page.drawText(plan.heading, { x: 50, y: 800, size: 13, font: bold, color: rgb(0, 0, 0) });
    page.drawText(`Page ${p + 1} of ${pages}`, { x: 480, y: 30, size: 8, font });
    page.drawText(lines.slice(p * perPage, (p + 1) * perPage).join('\n'), { x: 50, y: 770, size: 9.5, lineHeight: 16, font, maxWidth: 500 });
  }
  return pdf.save({ useObjectStreams: false });
}

// ---------- scanned (image-only) PDF

function drawScannedPage(ctx: SKRSContext2D, width: number, height: number, lines: readonly string[], prng: Prng): void {
  ctx.fillStyle = '#fbfaf6';
  ctx.fillRect(0, 0, width, height);
  ctx.save();
  ctx.translate(width / 2, height / 2);
  ctx.rotate((prng.next() - 0.5) * 0.02);
  ctx.translate(-width / 2, -height / 2);
  ctx.fillStyle = '#1a1a1a';
  const size = Math.round(width / 55);
  ctx.font = `${size}px ${FONT_FAMILY}`;
  lines.forEach((text, i) => ctx.fillText(text, width * 0.08, height * 0.08 + i * size * 1.7, width * 0.84));
  ctx.restore();
  // Scanner noise: specks in a few shades, and a faint streak.
  const specks = Math.round((width * height) / 5000);
  for (const shade of [100, 140, 180]) {
    ctx.fillStyle = `rgb(${shade},${shade},${shade})`;
    for (let i = 0; i < specks / 3; i += 1) ctx.fillRect(prng.int(0, width), prng.int(0, height), prng.int(1, 3), prng.int(1, 3));
  }
  ctx.fillStyle = 'rgba(120,120,120,0.08)';
  ctx.fillRect(prng.int(0, width), 0, prng.int(2, 6), height);
}

async function renderScannedPdf(input: RenderInput): Promise<Uint8Array> {
  registerFonts();
  const prng = Prng.derive(input.seed, 'scan', input.document.documentId, input.versionId);
  const width = 992;
  const height = 1403;
  const canvas = createCanvas(width, height);
  drawScannedPage(canvas.getContext('2d'), width, height, [input.plan.heading, '', ...input.plan.lines], prng);
  const jpeg = await canvas.encode('jpeg', 72);
  const pdf = await newPdf(input);
  const image = await pdf.embedJpg(jpeg);
  const page = pdf.addPage([595, 842]);
  page.drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
  return pdf.save({ useObjectStreams: false });
}

// ---------- the large scanned bundle: raw greyscale pages so its size is known without rendering

const BUNDLE_WIDTH = 2000;
const BUNDLE_HEIGHT = 2828;

type BundlePart = { readonly text: string } | { readonly page: number; readonly length: number };

function bundleLayout(plan: DocumentContentPlan): { parts: BundlePart[]; size: number } {
  const pages = plan.pageCount;
  const imageLength = BUNDLE_WIDTH * BUNDLE_HEIGHT;
  const parts: BundlePart[] = [];
  const offsets: number[] = [];
  let size = 0;
  const push = (part: BundlePart) => {
    parts.push(part);
    size += 'text' in part ? Buffer.byteLength(part.text, 'latin1') : part.length;
  };
  const object = (id: number, body: string) => {
    offsets[id] = size;
    push({ text: `${id} 0 obj\n${body}\nendobj\n` });
  };
  push({ text: '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n' });
  object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  const kids = Array.from({ length: pages }, (_, p) => `${3 + p * 3} 0 R`).join(' ');
  object(2, `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  for (let p = 0; p < pages; p += 1) {
    const pageId = 3 + p * 3;
    const content = `q 595 0 0 842 0 0 cm /Im${p} Do Q`;
    object(pageId, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im${p} ${pageId + 2} 0 R >> >> /Contents ${pageId + 1} 0 R >>`);
    object(pageId + 1, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    offsets[pageId + 2] = size;
    push({ text: `${pageId + 2} 0 obj\n<< /Type /XObject /Subtype /Image /Width ${BUNDLE_WIDTH} /Height ${BUNDLE_HEIGHT} /ColorSpace /DeviceGray /BitsPerComponent 8 /Length ${imageLength} >>\nstream\n` });
    push({ page: p, length: imageLength });
    push({ text: '\nendstream\nendobj\n' });
  }
  const count = 3 + pages * 3;
  const xrefOffset = size;
  let xref = `xref\n0 ${count}\n0000000000 65535 f \n`;
  for (let id = 1; id < count; id += 1) xref += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  push({ text: `${xref}trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n` });
  return { parts, size };
}

function renderScannedBundle(input: RenderInput): Rendered {
  const layout = bundleLayout(input.plan);
  return {
    kind: 'stream',
    size: layout.size,
    write: async (sink) => {
      registerFonts();
      const canvas = createCanvas(BUNDLE_WIDTH, BUNDLE_HEIGHT);
      const ctx = canvas.getContext('2d');
      for (const part of layout.parts) {
        if ('text' in part) {
          await sink(Buffer.from(part.text, 'latin1'));
          continue;
        }
        const prng = Prng.derive(input.seed, 'bundle', input.document.documentId, input.versionId, part.page);
        const lines = [`${input.plan.heading} — page ${part.page + 1} of ${input.plan.pageCount}`, '', ...input.plan.lines];
        drawScannedPage(ctx, BUNDLE_WIDTH, BUNDLE_HEIGHT, lines, prng);
        const rgba = ctx.getImageData(0, 0, BUNDLE_WIDTH, BUNDLE_HEIGHT).data;
        const grey = Buffer.allocUnsafe(part.length);
        for (let i = 0, j = 0; j < part.length; i += 4, j += 1) grey[j] = (rgba[i] * 3 + rgba[i + 1] * 6 + rgba[i + 2]) / 10;
        await sink(grey);
      }
    },
  };
}

// ---------- DOCX (minimal OOXML package)

const xmlEscape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function renderDocx(input: RenderInput): Uint8Array {
  const paragraphs = [input.plan.heading, ...input.plan.lines]
    .map((text) => `<w:p><w:r><w:t xml:space="preserve">${xmlEscape(text)}</w:t></w:r></w:p>`)
    .join('');
  const files = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`,
    ),
  };
  return zipSync(files, { mtime: input.createdAt, level: 6 });
}

// ---------- EML with attachments

const encodedWord = (text: string): string => (/^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`);

const rfc2822Date = (date: Date): string => date.toUTCString().replace('GMT', '+0000');

function renderEmail(input: RenderInput): Buffer {
  const { document, plan, versionId } = input;
  const boundary = `----=_Part_${document.documentId}_${versionId}`;
  const from = plan.pii.find((item) => item.category === 'name')?.text ?? 'Unknown';
  const fromEmail = plan.pii.find((item) => item.category === 'email')?.text ?? 'unknown@example.org';
  const lines = [
    `From: ${encodedWord(from)} <${fromEmail}>`,
    'To: Case Team <case.team@example.org>',
    `Subject: ${encodedWord(document.title)}`,
    `Date: ${rfc2822Date(input.createdAt)}`,
    `Message-ID: <document-${document.documentId}-${versionId}@stand-in.example>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    ...plan.lines,
    '',
  ];
  for (const attachment of input.attachments) {
    const name = encodeURIComponent(attachment.fileName);
    lines.push(
      `--${boundary}`,
      `Content-Type: ${attachment.mimeType}`,
      `Content-Disposition: attachment; filename*=UTF-8''${name}`,
      'Content-Transfer-Encoding: base64',
      '',
      ...(attachment.bytes.toString('base64').match(/.{1,76}/g) ?? []),
      '',
    );
  }
  lines.push(`--${boundary}--`, '');
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

// ---------- photos

async function renderPhoto(input: RenderInput): Promise<Buffer> {
  registerFonts();
  const prng = Prng.derive(input.seed, 'photo', input.document.documentId, input.versionId);
  const width = 640;
  const height = 480;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const sky = ctx.createLinearGradient(0, 0, 0, height * 0.6);
  sky.addColorStop(0, `rgb(${prng.int(90, 140)},${prng.int(140, 180)},${prng.int(200, 240)})`);
  sky.addColorStop(1, '#dfe8ef');
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, width, height * 0.6);
  ctx.fillStyle = '#5b5b5b';
  ctx.fillRect(0, height * 0.6, width, height * 0.4);
  ctx.fillStyle = `rgb(${prng.int(20, 200)},${prng.int(20, 200)},${prng.int(20, 200)})`;
  const carX = prng.int(60, 260);
  ctx.fillRect(carX, 260, 300, 120);
  ctx.fillRect(carX + 50, 210, 190, 60);
  ctx.fillStyle = '#f5d90a';
  ctx.fillRect(carX + 75, 340, 150, 34);
  ctx.fillStyle = '#111';
  ctx.font = `26px ${FONT_FAMILY}`;
  ctx.fillText(input.plan.caption ?? '', carX + 83, 367);
  ctx.fillStyle = 'rgba(255,255,255,0.15)';
  for (let i = 0; i < 300; i += 1) ctx.fillRect(prng.int(0, width), prng.int(0, height), 2, 2);
  return input.document.kind === 'photo-png' ? canvas.encode('png') : canvas.encode('jpeg', 80);
}
