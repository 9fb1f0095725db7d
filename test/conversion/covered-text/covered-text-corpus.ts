import { createCanvas } from '@napi-rs/canvas';
import { PDFArray, PDFDocument, PDFName, StandardFonts, rgb, type PDFFont, type PDFImage, type PDFPage } from 'pdf-lib';

/**
 * A generated corpus of pages with fake and true redactions (ADR 0032). Every page carries ordinary text, and
 * each scenario puts something over or under a few of its words. The ground truth is geometric: the areas where
 * text was drawn and then hidden by an opaque dark fill, image or annotation. A word is covered when most of its
 * box lies in one; a word only grazed (at most 40 %) is not; words in between are ambiguous and not scored.
 */
export const SCENARIOS = [
  'black-box-after-text',
  'grey-box-after-text',
  'box-over-line',
  'true-redaction',
  'dark-background-white-text',
  'grey-background-black-text',
  'dark-image-over-text',
  'jpeg-bar-over-text',
  'square-annotation-over-text',
  'dark-highlight-annotation',
  'yellow-highlight-annotation',
  'half-transparent-box',
  'box-not-over-text',
  'partial-overlap',
  'underline-bar',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface CorpusPage {
  readonly scenario: Scenario;
  /** Areas (top-left origin, points) where live text lies hidden. */
  readonly hidden: readonly Rect[];
}

export interface Corpus {
  readonly bytes: Uint8Array;
  readonly pages: readonly CorpusPage[];
}

const PAGE = { width: 595, height: 842 };
const WORDS = ['Witness', 'Jane', 'Doe', 'lives', 'at', '14', 'Acacia', 'Avenue', 'Leeds', 'and', 'her', 'phone', 'is', '07700', '900123', 'the', 'vehicle', 'registration', 'AB12', 'CDE', 'was', 'seen', 'near', 'station', 'on', 'Tuesday', 'evening', 'Officer', 'Smith', 'recorded'];

class Prng {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return this.state / 2_147_483_648;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
}

interface PlacedWord {
  readonly text: string;
  readonly x: number;
  /** Baseline, PDF (bottom-left) coordinates. */
  readonly baseline: number;
  readonly width: number;
  readonly size: number;
}

interface Line {
  readonly words: PlacedWord[];
}

/** A line of words drawn one by one (their positions known), skipping the indexes in `omit` (a true redaction). */
function drawLine(page: PDFPage, font: PDFFont, prng: Prng, baseline: number, size: number, omit: ReadonlySet<number> = new Set(), color = rgb(0, 0, 0)): Line {
  const words: PlacedWord[] = [];
  let x = 50;
  const space = font.widthOfTextAtSize(' ', size);
  for (let index = 0; x < PAGE.width - 110; index++) {
    const text = prng.pick(WORDS);
    const width = font.widthOfTextAtSize(text, size);
    if (!omit.has(index)) page.drawText(text, { x, y: baseline, size, font, color });
    words.push({ text, x, baseline, width, size });
    x += width + space;
  }
  return { words };
}

/** The box (PDF coordinates) around words `from`..`to` of a line, with padding. */
function around(line: Line, from: number, to: number, pad = 1.5): { x: number; y: number; width: number; height: number } {
  const first = line.words[from];
  const last = line.words[Math.min(to, line.words.length - 1)];
  const size = first.size;
  return { x: first.x - pad, y: first.baseline - 0.25 * size - pad, width: last.x + last.width - first.x + 2 * pad, height: 1.05 * size + 2 * pad };
}

const topLeft = (box: { x: number; y: number; width: number; height: number }): Rect => ({ x: box.x, y: PAGE.height - box.y - box.height, width: box.width, height: box.height });

async function imageOf(pdf: PDFDocument, kind: 'png' | 'jpeg', prng: Prng): Promise<PDFImage> {
  const canvas = createCanvas(120, 24);
  const context = canvas.getContext('2d');
  const shade = prng.int(0, 40);
  context.fillStyle = `rgb(${shade},${shade},${shade})`;
  context.fillRect(0, 0, 120, 24);
  // a marker pen's uneven edge
  context.fillStyle = `rgb(${shade + 15},${shade + 15},${shade + 15})`;
  for (let i = 0; i < 12; i++) context.fillRect(prng.int(0, 118), prng.int(0, 22), 2, 2);
  return kind === 'png' ? pdf.embedPng(await canvas.encode('png')) : pdf.embedJpg(await canvas.encode('jpeg', 80));
}

function addAnnotation(pdf: PDFDocument, page: PDFPage, subtype: 'Square' | 'Highlight', box: { x: number; y: number; width: number; height: number }, gray: number | [number, number, number]): void {
  const color = typeof gray === 'number' ? [gray, gray, gray] : gray;
  const fill = `${color.join(' ')} rg`;
  const appearance = pdf.context.stream(`/GS0 gs ${fill} 0 0 ${box.width.toFixed(2)} ${box.height.toFixed(2)} re f`, {
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [0, 0, box.width, box.height],
    Resources: { ExtGState: { GS0: { BM: subtype === 'Highlight' ? 'Multiply' : 'Normal' } } },
  });
  const x1 = box.x + box.width;
  const y1 = box.y + box.height;
  const annotation = pdf.context.obj({
    Type: 'Annot',
    Subtype: subtype,
    Rect: [box.x, box.y, x1, y1],
    F: 4,
    C: color,
    ...(subtype === 'Square' ? { IC: color, BS: { W: 0 } } : { QuadPoints: [box.x, y1, x1, y1, box.x, box.y, x1, box.y] }),
    AP: { N: pdf.context.register(appearance) },
  });
  const annots = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray) ?? pdf.context.obj([]);
  annots.push(pdf.context.register(annotation));
  page.node.set(PDFName.of('Annots'), annots);
}

/** `pagesPerScenario` pages of each scenario, deterministic for a seed. */
export async function generateCorpus(pagesPerScenario: number, seed = 14): Promise<Corpus> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const prng = new Prng(seed);
  const pages: CorpusPage[] = [];
  for (const scenario of SCENARIOS) {
    for (let n = 0; n < pagesPerScenario; n++) {
      const page = pdf.addPage([PAGE.width, PAGE.height]);
      const hidden: Rect[] = [];
      page.drawText('WITNESS STATEMENT (CJ Act 1967, s.9)', { x: 50, y: 800, size: 16, font: bold });
      page.drawText('Small print: this statement is true to the best of my knowledge', { x: 50, y: 40, size: 6, font });
      const sizes = [7, 9, 10, 11, 12, 14, 18];
      const lines: Line[] = [];
      const target = prng.int(6, 14);
      const omitted = new Map<number, Set<number>>();
      if (scenario === 'true-redaction') omitted.set(target, new Set([1, 2, 3]));
      if (scenario === 'dark-background-white-text' || scenario === 'grey-background-black-text') {
        // a banner drawn before its text, in a band of its own (a banner over other text would hide that text)
        const dark = scenario === 'dark-background-white-text';
        page.drawRectangle({ x: 40, y: 742, width: 515, height: 30, color: dark ? rgb(0.1, 0.1, 0.15) : rgb(0.62, 0.62, 0.62) });
        drawLine(page, bold, prng, 752, prng.pick([10, 12, 14]), new Set(), dark ? rgb(1, 1, 1) : rgb(0, 0, 0));
      }
      let baseline = 720;
      for (let index = 0; baseline > 80; index++) {
        const size = prng.pick(sizes);
        const useFont = index % 5 === 0 ? bold : font;
        lines.push(drawLine(page, useFont, prng, baseline, size, omitted.get(index)));
        baseline -= size * 1.6 + 4;
      }
      const line = lines[target];
      const from = prng.int(0, Math.max(0, line.words.length - 4));
      const to = from + prng.int(0, 2);
      const black = rgb(0, 0, 0);
      switch (scenario) {
        case 'black-box-after-text':
        case 'grey-box-after-text': {
          const box = around(line, from, to);
          const shade = scenario === 'black-box-after-text' ? 0 : 0.2 + prng.next() * 0.12;
          page.drawRectangle({ ...box, color: rgb(shade, shade, shade) });
          hidden.push(topLeft(box));
          break;
        }
        case 'box-over-line': {
          const box = around(line, 0, line.words.length - 1, 3);
          page.drawRectangle({ ...box, color: black });
          hidden.push(topLeft(box));
          break;
        }
        case 'true-redaction':
          page.drawRectangle({ ...around(line, 1, 3), color: black });
          break;
        case 'dark-background-white-text':
        case 'grey-background-black-text':
          break;
        case 'dark-image-over-text':
        case 'jpeg-bar-over-text': {
          const box = around(line, from, to, 2);
          page.drawImage(await imageOf(pdf, scenario === 'dark-image-over-text' ? 'png' : 'jpeg', prng), box);
          hidden.push(topLeft(box));
          break;
        }
        case 'square-annotation-over-text': {
          const box = around(line, from, to);
          addAnnotation(pdf, page, 'Square', box, 0);
          hidden.push(topLeft(box));
          break;
        }
        case 'dark-highlight-annotation': {
          const box = around(line, from, to);
          addAnnotation(pdf, page, 'Highlight', box, 0.05);
          hidden.push(topLeft(box));
          break;
        }
        case 'yellow-highlight-annotation':
          addAnnotation(pdf, page, 'Highlight', around(line, from, to), [1, 1, 0]);
          break;
        case 'half-transparent-box':
          page.drawRectangle({ ...around(line, from, to), color: black, opacity: 0.35 });
          break;
        case 'box-not-over-text':
          // in the empty band above the small print
          page.drawRectangle({ x: 150 + prng.int(0, 250), y: 52, width: 120, height: 22, color: black });
          break;
        case 'partial-overlap': {
          // a box over whole words that also grazes the next word's first quarter
          const box = around(line, from, from);
          const next = line.words[from + 1];
          const graze = next === undefined ? 0 : next.x - (box.x + box.width) + next.width * 0.25;
          const drawn = { ...box, width: box.width + Math.max(0, graze) };
          page.drawRectangle({ ...drawn, color: black });
          hidden.push(topLeft(drawn));
          break;
        }
        case 'underline-bar': {
          // a thick rule under the words, over their descenders: they stay readable
          const box = around(line, from, to);
          page.drawRectangle({ x: box.x, y: line.words[from].baseline - 0.3 * line.words[from].size, width: box.width, height: 0.25 * line.words[from].size, color: black });
          break;
        }
      }
      pages.push({ scenario, hidden });
    }
  }
  return { bytes: await pdf.save({ useObjectStreams: false }), pages };
}

/** Share of `word`'s area inside `rect`. */
export function overlapShare(word: Rect, rect: Rect): number {
  const width = Math.min(word.x + word.width, rect.x + rect.width) - Math.max(word.x, rect.x);
  const height = Math.min(word.y + word.height, rect.y + rect.height) - Math.max(word.y, rect.y);
  return width > 0 && height > 0 ? (width * height) / (word.width * word.height) : 0;
}
