import { readFile } from 'node:fs/promises';
import {
  PDFName,
  StandardFonts,
  TextRenderingMode,
  beginText,
  endText,
  setCharacterSqueeze,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  type PDFDocument,
  type PDFFont,
  type PDFOperator,
  type PDFPage,
} from 'pdf-lib';
import type { Word } from '../../common/word-model.js';

/** Used only when a kept word has characters Helvetica's WinAnsi encoding lacks. */
export const UNICODE_FALLBACK_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
export const FALLBACK_BASE_FONT = 'DejaVuSans';

interface LayerFont {
  readonly font: PDFFont;
  /** Ascent and descent (negative) per point of font size: the box a text extractor will report. */
  readonly ascent: number;
  readonly descent: number;
  readonly characters: ReadonlySet<number>;
}

/**
 * Lazily embedded fonts for the invisible text of rebuilt pages: Helvetica (standard, nothing
 * embedded) for WinAnsi text, else DejaVu Sans subset through fontkit.
 */
export class TextLayerFonts {
  private helvetica: LayerFont | undefined;
  private unicode: Promise<LayerFont | undefined> | undefined;

  constructor(
    private readonly document: PDFDocument,
    private readonly fallbackFontPath: string = UNICODE_FALLBACK_FONT,
  ) {}

  async fontFor(text: string): Promise<LayerFont | undefined> {
    this.helvetica ??= metrics(await this.document.embedFont(StandardFonts.Helvetica));
    if (covers(this.helvetica, text)) return this.helvetica;
    this.unicode ??= this.embedUnicode();
    const unicode = await this.unicode;
    return unicode && covers(unicode, text) ? unicode : undefined;
  }

  private async embedUnicode(): Promise<LayerFont | undefined> {
    try {
      const { default: fontkit } = await import('@pdf-lib/fontkit');
      this.document.registerFontkit(fontkit);
      // a fixed BaseFont: the default adds random digits, which a redacted number could match
      const font = await this.document.embedFont(await readFile(this.fallbackFontPath), { subset: true, customName: FALLBACK_BASE_FONT });
      return metrics(font);
    } catch {
      return undefined;
    }
  }
}

function metrics(font: PDFFont): LayerFont {
  const ascent = font.heightAtSize(1, { descender: false });
  const descent = ascent - font.heightAtSize(1, { descender: true });
  return { font, ascent, descent, characters: new Set(font.getCharacterSet()) };
}

function covers(layerFont: LayerFont, text: string): boolean {
  for (const character of text) {
    if (!layerFont.characters.has(character.codePointAt(0) ?? -1)) return false;
  }
  return true;
}

/**
 * Writes each word as invisible text (render mode 3) over its place on a rebuilt page: font size
 * from the box's thickness, horizontal scaling (Tz) to the box's length, so text extraction and
 * selection find the word where it was. A word whose box is taller than wide runs vertically: top to
 * bottom, unless the source page was turned 270° (then bottom to top), as text on a turned page reads.
 * `pageHeight` is the rebuilt page's height (unrotated, origin bottom-left).
 */
export async function addInvisibleText(
  page: PDFPage,
  words: readonly Word[],
  pageHeight: number,
  fonts: TextLayerFonts,
  sourceRotation = 0,
): Promise<number> {
  const operators: PDFOperator[] = [beginText(), setTextRenderingMode(TextRenderingMode.Invisible)];
  const fontKeys = new Map<PDFFont, PDFName>();
  let written = 0;
  for (const word of words) {
    const text = word.text.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    const layerFont = await fonts.fontFor(text);
    if (!layerFont) continue;
    const { font, ascent, descent } = layerFont;
    const { x, y, width, height } = word.box;
    const vertical = height > width && [...text].length > 1;
    const thickness = vertical ? width : height;
    const length = vertical ? height : width;
    const size = thickness / (ascent - descent);
    const naturalLength = font.widthOfTextAtSize(text, size);
    if (!(size > 0) || !(naturalLength > 0)) continue;
    let key = fontKeys.get(font);
    if (!key) {
      // "F0", "F1": pdf-lib's "Helvetica-<random digits>" could match a redacted number in the verifier's scan
      key = PDFName.of(`F${fontKeys.size}`);
      page.node.setFontDictionary(key, font.ref);
      fontKeys.set(font, key);
    }
    const bottom = pageHeight - (y + height);
    const top = pageHeight - y;
    // descent is negative: the baseline sits |descent| · size inside the box from the glyphs' feet
    const matrix: [number, number, number, number, number, number] = !vertical
      ? [1, 0, 0, 1, x, bottom - descent * size]
      : sourceRotation === 270
        ? [0, 1, -1, 0, x + width + descent * size, bottom]
        : [0, -1, 1, 0, x - descent * size, top];
    operators.push(
      setFontAndSize(key, round(size)),
      setCharacterSqueeze(round((100 * length) / naturalLength)),
      setTextMatrix(...(matrix.map(round) as typeof matrix)),
      showText(font.encodeText(text)),
    );
    written++;
  }
  operators.push(endText());
  if (written > 0) page.pushOperators(...operators);
  return written;
}

const round = (value: number): number => Math.round(value * 1000) / 1000;
