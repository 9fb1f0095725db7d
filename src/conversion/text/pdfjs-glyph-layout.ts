/**
 * Places each glyph of a pdf.js operator list on the displayed page, the way a renderer would:
 * text state (Tm, Tlm, Tc, Tw, Tz, TL, Ts, Tf), the CTM with save/restore and form XObjects, and the
 * font's own glyph widths (each glyph's advance comes from the font, never from a character count).
 * Pure: it knows nothing about pdf.js beyond the operator numbers it is given.
 */

export type Matrix = readonly [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** `inner` applied first, then `outer`. */
export function compose(outer: Matrix, inner: Matrix): Matrix {
  return [
    outer[0] * inner[0] + outer[2] * inner[1],
    outer[1] * inner[0] + outer[3] * inner[1],
    outer[0] * inner[2] + outer[2] * inner[3],
    outer[1] * inner[2] + outer[3] * inner[3],
    outer[0] * inner[4] + outer[2] * inner[5] + outer[4],
    outer[1] * inner[4] + outer[3] * inner[5] + outer[5],
  ];
}

/** What the layout needs from a loaded font. */
export interface GlyphFont {
  /** Glyph space → text space; [0.001, 0, 0, 0.001, 0, 0] for all but Type 3 fonts. */
  readonly fontMatrix: Matrix;
  /** In text space units per unit font size (e.g. 0.718 for Helvetica). */
  readonly ascent: number;
  readonly descent: number;
}

/** A glyph as pdf.js puts it in a showText operation. */
export interface ShownGlyph {
  readonly unicode: string;
  readonly width: number;
  readonly isSpace: boolean;
}

/**
 * Receives each glyph as it is placed, as plain numbers (no object per glyph: a 200-page file has
 * half a million of them). Boxes are axis-aligned on the displayed page; the origin and end are the
 * baseline's start and end; (dirX, dirY) is the unit writing direction; size is the displayed font size.
 */
export interface GlyphSink {
  glyph(text: string, xMin: number, yMin: number, xMax: number, yMax: number, originX: number, originY: number, endX: number, endY: number, dirX: number, dirY: number, size: number): void;
  space(): void;
}

/** The pdf.js operator numbers the layout reacts to (pass `OPS` from pdfjs-dist). */
export interface LayoutOps {
  readonly save: number;
  readonly restore: number;
  readonly transform: number;
  readonly beginText: number;
  readonly setFont: number;
  readonly setTextMatrix: number;
  readonly moveText: number;
  readonly setLeading: number;
  readonly setLeadingMoveText: number;
  readonly nextLine: number;
  readonly setCharSpacing: number;
  readonly setWordSpacing: number;
  readonly setHScale: number;
  readonly setTextRise: number;
  readonly showText: number;
  readonly showSpacedText: number;
  readonly nextLineShowText: number;
  readonly nextLineSetSpacingShowText: number;
  readonly paintFormXObjectBegin: number;
  readonly paintFormXObjectEnd: number;
  readonly beginAnnotation: number;
  readonly endAnnotation: number;
}

interface TextState {
  ctm: Matrix;
  font: GlyphFont | undefined;
  fontSize: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
}

const DEFAULT_FONT_MATRIX: Matrix = [0.001, 0, 0, 0.001, 0, 0];

function asMatrix(value: unknown): Matrix | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const source = value as ArrayLike<number>;
  if (typeof source.length !== 'number' || source.length < 6) return undefined;
  const matrix = [source[0], source[1], source[2], source[3], source[4], source[5]] as const;
  return matrix.every((n) => typeof n === 'number' && Number.isFinite(n)) ? matrix : undefined;
}

function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function layoutGlyphs(
  fnArray: ArrayLike<number>,
  argsArray: ArrayLike<unknown>,
  ops: LayoutOps,
  viewport: Matrix,
  fontByName: (name: string) => GlyphFont | undefined,
  sink: GlyphSink,
): void {
  const stack: TextState[] = [];
  const initial = (ctm: Matrix): TextState => ({ ctm, font: undefined, fontSize: 0, charSpacing: 0, wordSpacing: 0, hScale: 1, leading: 0, rise: 0 });
  let state = initial(IDENTITY);
  let tm: Matrix = IDENTITY;
  let tlm: Matrix = IDENTITY;

  const moveText = (x: number, y: number): void => {
    tlm = compose(tlm, [1, 0, 0, 1, x, y]);
    tm = tlm;
  };

  const show = (glyphs: readonly unknown[]): void => {
    const font = state.font;
    if (!font || !Array.isArray(glyphs)) return;
    const fontMatrix = font.fontMatrix;
    const size = state.fontSize;
    const hScale = state.hScale;
    // text space → displayed page, at the start of this run
    const base = compose(viewport, compose(state.ctm, tm));
    const scaleY = Math.hypot(base[2], base[3]);
    const lengthX = Math.hypot(base[0], base[1]) || 1;
    const dirX = base[0] / lengthX;
    const dirY = base[1] / lengthX;
    const displayedSize = Math.abs(size) * scaleY;
    const low = state.rise + font.descent * size;
    const high = state.rise + font.ascent * size;
    let x = 0;
    for (const entry of glyphs) {
      if (typeof entry === 'number') {
        x -= (entry / 1000) * size * hScale;
        continue;
      }
      if (entry === null || typeof entry !== 'object') continue;
      const glyph = entry as ShownGlyph;
      const advance = num(glyph.width) * fontMatrix[0] * size * hScale;
      const spacing = (state.charSpacing + (glyph.isSpace ? state.wordSpacing : 0)) * hScale;
      const text = typeof glyph.unicode === 'string' ? glyph.unicode : '';
      if (text.length === 0) {
        // nothing to extract
      } else if (text.trim().length === 0) {
        // not `isSpace`: pdf.js sets it for character code 32, which a subset font (LibreOffice's) may give to `i`
        sink.space();
      } else {
        const x1 = x + advance;
        // corners (x, low) (x1, low) (x, high) (x1, high) through an affine map: the extremes per axis
        const ax0 = base[0] * x;
        const ax1 = base[0] * x1;
        const cLow = base[2] * low;
        const cHigh = base[2] * high;
        const bx0 = base[1] * x;
        const bx1 = base[1] * x1;
        const dLow = base[3] * low;
        const dHigh = base[3] * high;
        const xMin = Math.min(ax0, ax1) + Math.min(cLow, cHigh) + base[4];
        const xMax = Math.max(ax0, ax1) + Math.max(cLow, cHigh) + base[4];
        const yMin = Math.min(bx0, bx1) + Math.min(dLow, dHigh) + base[5];
        const yMax = Math.max(bx0, bx1) + Math.max(dLow, dHigh) + base[5];
        const riseX = base[2] * state.rise + base[4];
        const riseY = base[3] * state.rise + base[5];
        sink.glyph(text, xMin, yMin, xMax, yMax, ax0 + riseX, bx0 + riseY, ax1 + riseX, bx1 + riseY, dirX, dirY, displayedSize);
      }
      x += advance + spacing;
    }
    tm = compose(tm, [1, 0, 0, 1, x, 0]);
  };

  for (let index = 0; index < fnArray.length; index++) {
    const fn = fnArray[index];
    const args = (argsArray[index] ?? []) as unknown[];
    switch (fn) {
      case ops.save:
        stack.push({ ...state });
        break;
      case ops.restore:
        state = stack.pop() ?? state;
        break;
      case ops.transform: {
        const matrix = asMatrix(args);
        if (matrix) state.ctm = compose(state.ctm, matrix);
        break;
      }
      case ops.paintFormXObjectBegin: {
        stack.push({ ...state });
        const matrix = asMatrix(args[0]);
        if (matrix) state.ctm = compose(state.ctm, matrix);
        break;
      }
      case ops.paintFormXObjectEnd:
      case ops.endAnnotation:
        state = stack.pop() ?? state;
        break;
      case ops.beginAnnotation: {
        // an annotation's appearance starts from the page's initial state, placed by its own matrices
        stack.push({ ...state });
        const transform = asMatrix(args[2]) ?? IDENTITY;
        const matrix = asMatrix(args[3]) ?? IDENTITY;
        state = initial(compose(transform, matrix));
        tm = IDENTITY;
        tlm = IDENTITY;
        break;
      }
      case ops.beginText:
        tm = IDENTITY;
        tlm = IDENTITY;
        break;
      case ops.setFont:
        state.font = typeof args[0] === 'string' ? fontByName(args[0]) : undefined;
        state.fontSize = num(args[1]);
        break;
      case ops.setTextMatrix: {
        const matrix = asMatrix(args[0]) ?? asMatrix(args);
        if (matrix) {
          tm = matrix;
          tlm = matrix;
        }
        break;
      }
      case ops.moveText:
        moveText(num(args[0]), num(args[1]));
        break;
      case ops.setLeading:
        state.leading = num(args[0]);
        break;
      case ops.setLeadingMoveText:
        state.leading = -num(args[1]);
        moveText(num(args[0]), num(args[1]));
        break;
      case ops.nextLine:
        moveText(0, -state.leading);
        break;
      case ops.setCharSpacing:
        state.charSpacing = num(args[0]);
        break;
      case ops.setWordSpacing:
        state.wordSpacing = num(args[0]);
        break;
      case ops.setHScale:
        state.hScale = num(args[0], 100) / 100;
        break;
      case ops.setTextRise:
        state.rise = num(args[0]);
        break;
      case ops.showText:
      case ops.showSpacedText:
        show(args[0] as unknown[]);
        break;
      case ops.nextLineShowText:
        moveText(0, -state.leading);
        show(args[0] as unknown[]);
        break;
      case ops.nextLineSetSpacingShowText:
        state.wordSpacing = num(args[0]);
        state.charSpacing = num(args[1]);
        moveText(0, -state.leading);
        show(args[2] as unknown[]);
        break;
      default:
        break;
    }
  }
}

export { DEFAULT_FONT_MATRIX };
