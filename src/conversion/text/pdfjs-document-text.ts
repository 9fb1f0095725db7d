import { readFile } from 'node:fs/promises';
import { ProcessingFailure } from '../processing-failure.js';
import type { DocumentText, PageText } from '../../common/word-model.js';
import { GlyphWordGrouping } from './glyph-word-grouping.js';
import { toReadingOrder } from './reading-order.mapper.js';
import { normaliseRotation, roundPoints } from './page-geometry.js';
import { DEFAULT_FONT_MATRIX, layoutGlyphs, type GlyphFont, type LayoutOps, type Matrix } from './pdfjs-glyph-layout.js';
import { loadPdfjs } from '../pdfjs/load-pdfjs.js';

interface PdfjsFont {
  readonly name?: string;
  readonly fontMatrix?: ArrayLike<number>;
  readonly ascent?: number;
  readonly descent?: number;
  readonly missingFile?: boolean;
}

/**
 * Vertical metrics of the standard fonts' families (AFM Ascender/Descender). Like poppler, a font that is
 * not embedded but names a standard family (Arial, TimesNewRomanPSMT, CourierNew…) gets these, not
 * the FontDescriptor's numbers.
 */
const STANDARD_FAMILY_METRICS: readonly { readonly pattern: RegExp; readonly ascent: number; readonly descent: number }[] = [
  { pattern: /^(helvetica|arial)/, ascent: 0.718, descent: -0.207 },
  { pattern: /^(times|timesnewroman)/, ascent: 0.683, descent: -0.217 },
  { pattern: /^(courier|couriernew)/, ascent: 0.629, descent: -0.157 },
];

function toGlyphFont(font: PdfjsFont | undefined): GlyphFont | undefined {
  if (!font) return undefined;
  const m = font.fontMatrix;
  const fontMatrix: Matrix = m && m.length >= 6 ? [m[0], m[1], m[2], m[3], m[4], m[5]] : DEFAULT_FONT_MATRIX;
  if (font.missingFile) {
    const name = (font.name ?? '').replace(/^[A-Z]{6}\+/, '').replace(/[\s_-]/g, '').toLowerCase();
    const standard = STANDARD_FAMILY_METRICS.find((family) => family.pattern.test(name));
    if (standard) return { fontMatrix, ascent: standard.ascent, descent: standard.descent };
  }
  // pdf.js falls back to 0 when a font states no metrics; poppler's defaults are 0.95 / -0.35
  const ascent = typeof font.ascent === 'number' && font.ascent !== 0 ? Math.abs(font.ascent) : 0.95;
  const descent = typeof font.descent === 'number' && font.descent !== 0 ? -Math.abs(font.descent) : -0.35;
  return { fontMatrix, ascent, descent };
}

function failureFor(error: unknown): ProcessingFailure {
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') return new ProcessingFailure('PASSWORD_PROTECTED', 'the PDF needs a password', { cause: error });
  if (name === 'InvalidPDFException' || name === 'FormatError') return new ProcessingFailure('CORRUPT', 'the PDF could not be parsed', { cause: error });
  return new ProcessingFailure('EXTRACTION_FAILED', `pdf.js could not read the PDF (${name || 'error'})`, { cause: error });
}


/**
 * Extracts the text layer with pdf.js: each page's operator list is laid out glyph by glyph with the
 * fonts' own widths and metrics, then grouped into words and lines on the displayed page (the viewport
 * applies the CropBox and /Rotate). Runs inside the sandbox worker; importable in-process for tests.
 */
export async function extractWithPdfjs(pdfPath: string): Promise<DocumentText> {
  const pdfjs = await loadPdfjs();
  const data = new Uint8Array(await readFile(pdfPath));
  const ops = pdfjs.OPS as unknown as LayoutOps;
  let document: Awaited<ReturnType<typeof pdfjs.getDocument>['promise']>;
  try {
    document = await pdfjs.getDocument({
      data,
      useSystemFonts: false,
      disableFontFace: false,
      maxImageSize: 1,
      isEvalSupported: false,
      stopAtErrors: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    throw failureFor(error);
  }
  try {
    const pages: PageText[] = [];
    for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber++) {
      const page = await document.getPage(pageNumber);
      const viewport = page.getViewport({ scale: 1 });
      const operatorList = await page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.ENABLE });
      const fonts = new Map<string, GlyphFont | undefined>();
      for (let index = 0; index < operatorList.fnArray.length; index++) {
        if (operatorList.fnArray[index] !== ops.setFont) continue;
        const name = (operatorList.argsArray[index] as unknown[])[0];
        if (typeof name !== 'string' || fonts.has(name)) continue;
        fonts.set(name, toGlyphFont(page.commonObjs.has(name) ? (page.commonObjs.get(name) as PdfjsFont) : undefined));
      }
      const transform = viewport.transform as unknown as Matrix;
      const width = roundPoints(viewport.width);
      const height = roundPoints(viewport.height);
      const grouping = new GlyphWordGrouping({ width, height });
      layoutGlyphs(operatorList.fnArray, operatorList.argsArray, ops, transform, (name) => fonts.get(name), grouping);
      pages.push({
        pageIndex: pageNumber - 1,
        width,
        height,
        rotation: normaliseRotation(page.rotate),
        source: 'text-layer',
        lines: toReadingOrder(grouping.finish()),
      });
      page.cleanup();
    }
    return { pageCount: document.numPages, pages };
  } catch (error) {
    throw failureFor(error);
  } finally {
    await document.destroy();
  }
}
