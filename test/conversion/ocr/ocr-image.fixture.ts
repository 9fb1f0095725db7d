import { GlobalFonts, createCanvas } from '@napi-rs/canvas';

export const OCR_TEXT = 'KNIFE FOUND 07700 900123';
const DEJAVU_SANS = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const DPI = 200;

export interface DrawnWord {
  readonly text: string;
  /** Where the word was drawn, in points on a page of `page.width` × `page.height`. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A clean 200 dpi scan of one line of large DejaVu Sans text, with where each word was drawn. */
export function renderOcrImage(): { png: Buffer; page: { pageIndex: number; width: number; height: number }; words: DrawnWord[] } {
  GlobalFonts.registerFromPath(DEJAVU_SANS, 'DejaVu Sans');
  const width = 2000;
  const height = 500;
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#000000';
  context.font = '96px "DejaVu Sans"';
  const left = 120;
  const baseline = 280;
  context.fillText(OCR_TEXT, left, baseline);
  const toPoints = 72 / DPI;
  const words: DrawnWord[] = [];
  let prefix = '';
  for (const text of OCR_TEXT.split(' ')) {
    const start = left + context.measureText(prefix).width;
    const metrics = context.measureText(text);
    words.push({
      text,
      x: (start + metrics.actualBoundingBoxLeft * -1) * toPoints,
      y: (baseline - metrics.actualBoundingBoxAscent) * toPoints,
      width: (metrics.actualBoundingBoxRight + metrics.actualBoundingBoxLeft) * toPoints,
      height: (metrics.actualBoundingBoxAscent + metrics.actualBoundingBoxDescent) * toPoints,
    });
    prefix += `${text} `;
  }
  return { png: canvas.toBuffer('image/png'), page: { pageIndex: 3, width: width * toPoints, height: height * toPoints }, words };
}
