import type { Box, Line, PageText, Word } from '../../common/word-model.js';
import { roundPoints } from '../text/page-geometry.js';
import type { OcrPage } from './ocr.port.js';

/** A word as an OCR engine reports it: pixel box in the image, and the line it belongs to. */
export interface PixelWord {
  readonly text: string;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  /** Words with the same key are on the same line, in reading order. */
  readonly lineKey: string;
}

function union(boxes: readonly Box[]): Box {
  const xMin = Math.min(...boxes.map((box) => box.x));
  const yMin = Math.min(...boxes.map((box) => box.y));
  const xMax = Math.max(...boxes.map((box) => box.x + box.width));
  const yMax = Math.max(...boxes.map((box) => box.y + box.height));
  return { x: roundPoints(xMin), y: roundPoints(yMin), width: roundPoints(xMax - xMin), height: roundPoints(yMax - yMin) };
}

/** Scales pixel words to points on the page and groups them into lines. */
export function toOcrPageText(words: readonly PixelWord[], image: { width: number; height: number }, page: OcrPage): PageText {
  const scaleX = page.width / image.width;
  const scaleY = page.height / image.height;
  const lines = new Map<string, Word[]>();
  for (const word of words) {
    const text = word.text.trim();
    if (text.length === 0) continue;
    const box: Box = {
      x: roundPoints(word.left * scaleX),
      y: roundPoints(word.top * scaleY),
      width: roundPoints(word.width * scaleX),
      height: roundPoints(word.height * scaleY),
    };
    const line = lines.get(word.lineKey) ?? [];
    line.push({ text, box });
    lines.set(word.lineKey, line);
  }
  const pageLines: Line[] = [...lines.values()].map((lineWords) => ({
    text: lineWords.map((word) => word.text).join(' '),
    box: union(lineWords.map((word) => word.box)),
    words: lineWords,
  }));
  return { pageIndex: page.pageIndex, width: page.width, height: page.height, rotation: 0, source: 'ocr', lines: pageLines };
}
