import type { Box, Line, Word } from '../../common/word-model.js';
import { roundPoints } from './page-geometry.js';

/** One `<page>` of `pdftotext -bbox-layout` output, in poppler's coordinates. */
export interface PopplerBboxPage {
  readonly width: number;
  readonly height: number;
  readonly lines: Line[];
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined XML entities and nothing else (no DTD, no numeric references). */
export function decodeXmlText(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(amp|lt|gt|quot|apos);/g, (_match, name: string) => ENTITIES[name] ?? '');
}

function numberAttribute(source: string, name: string, from: number, to: number): number {
  const at = source.indexOf(name, from);
  if (at < 0 || at > to) return Number.NaN;
  return readNumber(source, at + name.length, to);
}

/** Reads a plain decimal (`-12.345000`) without allocating a substring; NaN for anything else. */
function readNumber(source: string, start: number, to: number): number {
  let index = start;
  let negative = false;
  if (source.charCodeAt(index) === 45) {
    negative = true;
    index++;
  }
  let value = 0;
  let digits = 0;
  let code = source.charCodeAt(index);
  while (code >= 48 && code <= 57 && index < to) {
    value = value * 10 + (code - 48);
    digits++;
    code = source.charCodeAt(++index);
  }
  if (code === 46) {
    let scale = 1;
    code = source.charCodeAt(++index);
    while (code >= 48 && code <= 57 && index < to) {
      value = value * 10 + (code - 48);
      scale *= 10;
      digits++;
      code = source.charCodeAt(++index);
    }
    value /= scale;
  }
  if (digits === 0 || code !== 34) return fallbackNumber(source, start);
  return negative ? -value : value;
}

/** Exponents and other rare spellings take the slow path. */
function fallbackNumber(source: string, start: number): number {
  const end = source.indexOf('"', start);
  if (end < 0) return Number.NaN;
  const text = source.slice(start, end).trim();
  return text.length === 0 ? Number.NaN : Number(text);
}

function boxAttributes(source: string, from: number, to: number): Box | undefined {
  const xMin = numberAttribute(source, 'xMin="', from, to);
  const yMin = numberAttribute(source, 'yMin="', from, to);
  const xMax = numberAttribute(source, 'xMax="', from, to);
  const yMax = numberAttribute(source, 'yMax="', from, to);
  if (!Number.isFinite(xMin) || !Number.isFinite(yMin) || !Number.isFinite(xMax) || !Number.isFinite(yMax)) return undefined;
  return { x: roundPoints(xMin), y: roundPoints(yMin), width: roundPoints(xMax - xMin), height: roundPoints(yMax - yMin) };
}

function tagIs(source: string, at: number, name: string): boolean {
  if (!source.startsWith(name, at)) return false;
  const next = source.charCodeAt(at + name.length);
  return next === 32 || next === 62 || next === 47 || next === 10 || next === 9 || next === 13; // space > / \n \t \r
}

/**
 * Reads `pdftotext -bbox-layout` XHTML with a small, linear, tolerant scanner. It is not an XML
 * parser: the DOCTYPE and anything unknown are skipped, and entities other than the five
 * predefined ones are never expanded.
 */
export function parseBboxLayout(xhtml: string): PopplerBboxPage[] {
  const pages: PopplerBboxPage[] = [];
  let page: { width: number; height: number; lines: Line[] } | undefined;
  let lineBox: Box | undefined;
  let words: Word[] = [];
  let cursor = 0;

  const closeLine = (): void => {
    if (page && lineBox && words.length > 0) {
      page.lines.push({ text: words.map((word) => word.text).join(' '), box: lineBox, words });
    }
    lineBox = undefined;
    words = [];
  };

  for (;;) {
    const open = xhtml.indexOf('<', cursor);
    if (open < 0) break;
    const close = xhtml.indexOf('>', open + 1);
    if (close < 0) break;
    const nameAt = open + 1;
    if (tagIs(xhtml, nameAt, 'word')) {
      const end = xhtml.indexOf('</word>', close + 1);
      if (end < 0) break;
      const box = boxAttributes(xhtml, nameAt, close);
      const text = decodeXmlText(xhtml.slice(close + 1, end));
      if (box && text.length > 0 && lineBox) words.push({ text, box });
      cursor = end + 7;
      continue;
    }
    if (tagIs(xhtml, nameAt, 'line')) {
      closeLine();
      lineBox = boxAttributes(xhtml, nameAt, close);
    } else if (tagIs(xhtml, nameAt, '/line')) {
      closeLine();
    } else if (tagIs(xhtml, nameAt, 'page')) {
      closeLine();
      page = {
        width: numberAttribute(xhtml, 'width="', nameAt, close),
        height: numberAttribute(xhtml, 'height="', nameAt, close),
        lines: [],
      };
      pages.push(page);
    } else if (tagIs(xhtml, nameAt, '/page')) {
      closeLine();
      page = undefined;
    }
    cursor = close + 1;
  }
  closeLine();
  return pages;
}
