import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument, StandardFonts, degrees } from 'pdf-lib';
import { REAL_WORLD } from '../../fixtures/real-world-path.js';

export const REAL_WORLD_PDFS = join(REAL_WORLD, 'pdfjs');

/** What each generated page draws, so tests can check where the words land. */
export const GENERATED_LINES = [
  { page: 0, text: 'Hello Helvetica world', font: StandardFonts.Helvetica, size: 12, x: 72, y: 700 },
  { page: 0, text: 'Times at twenty points', font: StandardFonts.TimesRoman, size: 20, x: 72, y: 600 },
  { page: 0, text: 'Courier mono nine', font: StandardFonts.Courier, size: 9, x: 72, y: 500 },
  { page: 0, text: 'Bold knife found 07700 900123', font: StandardFonts.HelveticaBold, size: 30, x: 40, y: 400 },
  { page: 0, text: 'Italic witness statement', font: StandardFonts.TimesRomanItalic, size: 8, x: 300, y: 100 },
  { page: 1, text: 'Rotated quarter turn', font: StandardFonts.Helvetica, size: 14, x: 100, y: 700 },
  { page: 2, text: 'Cropped page words', font: StandardFonts.TimesRoman, size: 14, x: 100, y: 400 },
  { page: 3, text: 'Upside down text', font: StandardFonts.Courier, size: 16, x: 120, y: 300 },
  { page: 4, text: 'Rotated and cropped', font: StandardFonts.HelveticaOblique, size: 11, x: 150, y: 350 },
] as const;

/** Standard fonts at several sizes; a /Rotate 90 page, a CropBox offset, /Rotate 180, /Rotate 270 with a 300 × 400 CropBox. */
export async function writeGeneratedPdf(directory: string): Promise<string> {
  const document = await PDFDocument.create();
  const pages = [0, 1, 2, 3, 4].map(() => document.addPage([612, 792]));
  pages[1].setRotation(degrees(90));
  pages[2].setCropBox(50, 100, 400, 500);
  pages[3].setRotation(degrees(180));
  pages[4].setRotation(degrees(270));
  pages[4].setCropBox(100, 200, 300, 400);
  for (const line of GENERATED_LINES) {
    pages[line.page].drawText(line.text, { x: line.x, y: line.y, size: line.size, font: await document.embedFont(line.font) });
  }
  const path = join(directory, 'generated.pdf');
  await writeFile(path, await document.save());
  return path;
}
