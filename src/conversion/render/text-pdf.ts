/**
 * Lays plain text out on A4 pages with pdf-lib: DejaVu Sans Mono embedded (subset) through fontkit
 * when the font file is present, else the standard Courier with characters outside WinAnsi replaced.
 * Monospace, so wrapping is by character count; tabs expand to 8-column stops; form feeds break pages.
 * Runs inside sandbox workers only.
 */
import fontkit from '@pdf-lib/fontkit';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib';
import { ProcessingFailure } from '../processing-failure.js';

export interface TextBlock {
  readonly text: string;
  /** Drawn in the bold face (email headers). */
  readonly heading?: boolean;
}

export interface TextPdfOptions {
  readonly maxPages: number;
  /** Regular and bold monospace TrueType fonts; Courier when absent. */
  readonly fontPath?: string;
  readonly boldFontPath?: string;
  readonly title?: string;
}

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = 56;
const FONT_SIZE = 10;
const LEADING = 12.5;
const REPLACEMENT = '?';

export const DEFAULT_MONO_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf';
export const DEFAULT_MONO_BOLD_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf';

interface Faces {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
  readonly supported: (codePoint: number) => boolean;
}

async function embedFaces(document: PDFDocument, options: TextPdfOptions): Promise<Faces> {
  const fontPath = options.fontPath ?? DEFAULT_MONO_FONT;
  const boldPath = options.boldFontPath ?? DEFAULT_MONO_BOLD_FONT;
  if (existsSync(fontPath)) {
    document.registerFontkit(fontkit);
    const regular = await document.embedFont(await readFile(fontPath), { subset: true });
    const bold = existsSync(boldPath) ? await document.embedFont(await readFile(boldPath), { subset: true }) : regular;
    const characters = new Set(regular.getCharacterSet());
    return { regular, bold, supported: (codePoint) => characters.has(codePoint) };
  }
  const regular = await document.embedFont(StandardFonts.Courier);
  const bold = await document.embedFont(StandardFonts.CourierBold);
  const characters = new Set(regular.getCharacterSet());
  return { regular, bold, supported: (codePoint) => characters.has(codePoint) };
}

/** Splits text into display lines of at most `columns` characters, preferring to break at spaces. */
export function wrapText(text: string, columns: number): string[] {
  const lines: string[] = [];
  for (const rawLine of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = expandTabs(rawLine);
    const characters = Array.from(line);
    if (characters.length === 0) {
      lines.push('');
      continue;
    }
    let start = 0;
    while (start < characters.length) {
      let end = Math.min(start + columns, characters.length);
      if (end < characters.length) {
        const lastSpace = characters.lastIndexOf(' ', end);
        if (lastSpace > start + columns / 2) end = lastSpace + 1;
      }
      lines.push(characters.slice(start, end).join('').trimEnd());
      start = end;
    }
  }
  return lines;
}

function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  let column = 0;
  for (const character of line) {
    if (character === '\t') {
      const spaces = 8 - (column % 8);
      out += ' '.repeat(spaces);
      column += spaces;
    } else {
      out += character;
      column += 1;
    }
  }
  return out;
}

export async function renderTextPdf(blocks: readonly TextBlock[], options: TextPdfOptions): Promise<{ bytes: Uint8Array; pageCount: number }> {
  const document = await PDFDocument.create();
  if (options.title) document.setTitle(options.title.slice(0, 200));
  document.setProducer('casework-facade');
  document.setCreator('casework-facade text conversion');
  const faces = await embedFaces(document, options);
  const columns = Math.floor((PAGE_WIDTH - 2 * MARGIN) / faces.regular.widthOfTextAtSize('M', FONT_SIZE));
  const linesPerPage = Math.floor((PAGE_HEIGHT - 2 * MARGIN) / LEADING);

  let page = document.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  let lineOnPage = 0;
  const newPage = () => {
    if (document.getPageCount() >= options.maxPages) {
      throw new ProcessingFailure('TOO_LARGE', `text needs more than ${options.maxPages} pages`);
    }
    page = document.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    lineOnPage = 0;
  };

  for (const block of blocks) {
    const pages = clean(block.text, faces.supported).split('\f');
    for (const [index, pageText] of pages.entries()) {
      if (index > 0) newPage();
      for (const line of wrapText(pageText, columns)) {
        if (lineOnPage >= linesPerPage) newPage();
        if (line.length > 0) {
          page.drawText(line, {
            x: MARGIN,
            y: PAGE_HEIGHT - MARGIN - FONT_SIZE - lineOnPage * LEADING,
            size: FONT_SIZE,
            font: block.heading ? faces.bold : faces.regular,
            color: rgb(0, 0, 0),
          });
        }
        lineOnPage += 1;
      }
    }
  }
  const bytes = await document.save({ useObjectStreams: true });
  return { bytes, pageCount: document.getPageCount() };
}

/** Drops control characters and replaces characters the font cannot draw. */
function clean(text: string, supported: (codePoint: number) => boolean): string {
  let out = '';
  for (const character of text.replace(/\r\n?/g, '\n')) {
    const codePoint = character.codePointAt(0)!;
    if (character === '\n' || character === '\t' || character === '\f') out += character;
    else if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint < 0xa0) || (codePoint >= 0xd800 && codePoint <= 0xdfff)) continue;
    else if (codePoint === 0xa0 || codePoint === 0x2007 || codePoint === 0x202f) out += ' ';
    else if (/\p{Mn}/u.test(character) && !supported(codePoint)) continue;
    else out += supported(codePoint) ? character : REPLACEMENT;
  }
  return out;
}
