/**
 * The text renderer (text and email PDFs) draws every script with a face that has it, right-to-left runs
 * so that the text layer reads back in logical order, and says plainly when no installed face can draw a
 * document's letters. Checked with plain poppler `pdftotext`.
 */
import { describe, expect, it } from '@jest/globals';
import fontkit from '@pdf-lib/fontkit';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { collectionFace } from '../../../src/conversion/render/font-collection.js';
import { DEFAULT_FALLBACK_FONTS, cellsOf, renderTextPdf, wrapText } from '../../../src/conversion/render/text-pdf.js';
import { failureOf, scratchDirectory } from '../conversion-test-helpers.js';

const CJK_FONT = DEFAULT_FALLBACK_FONTS.find((path) => path.endsWith('.ttc'))!;

async function pdftotext(bytes: Uint8Array, flags: readonly string[] = []): Promise<string> {
  const scratch = await scratchDirectory();
  try {
    const path = join(scratch.path, 'text.pdf');
    await writeFile(path, bytes);
    return execFileSync('pdftotext', [...flags, '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/[\u202a-\u202e]/g, '');
  } finally {
    await scratch.remove();
  }
}

describe('text PDFs in every script', () => {
  it('reads back Cyrillic, Greek, Chinese, Japanese, Korean and Hebrew, each drawn with a face that has it', async () => {
    const lines = ['Показания свидетеля Ковалёва', 'Η κατάθεση του μάρτυρα', '证人的证词', '証人の供述書とカタカナ', '증인의 진술서', 'עדות העד בבית המשפט'];
    const { bytes, undrawnCharacters } = await renderTextPdf([{ text: lines.join('\n') }], { maxPages: 5 });
    expect(undrawnCharacters).toBe(0);
    const text = await pdftotext(bytes);
    for (const line of lines) expect(text).toContain(line);
  });

  it('draws a mixed-direction line in visual order so the extractor gets each run in logical order', async () => {
    const { bytes } = await renderTextPdf([{ text: 'Case 12/2024: المحكمة الجنائية في القاهرة ends here.\nالمحامي طلب تأجيل الجلسة إلى يوم 15 مارس (آذار)' }], { maxPages: 5 });
    const text = await pdftotext(bytes);
    expect(text).toContain('Case 12/2024:');
    expect(text).toContain('المحكمة الجنائية في القاهرة');
    expect(text).toContain('ends here.');
    expect(text).toContain('المحامي طلب تأجيل الجلسة إلى يوم');
    expect(text).toContain('آذار');
  });

  it('keeps lam-alef as two characters (no ligature glyph for the extractor to turn round)', async () => {
    const { bytes } = await renderTextPdf([{ text: 'الأحد والثلاثاء لا إله' }], { maxPages: 1 });
    expect(await pdftotext(bytes)).toContain('الأحد والثلاثاء لا إله');
  });

  it('right-aligns a right-to-left paragraph', async () => {
    const { bytes } = await renderTextPdf([{ text: 'Left\nيمين' }], { maxPages: 1 });
    const words = [...(await pdftotext(bytes, ['-bbox'])).matchAll(/<word xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>([^<]+)<\/word>/g)].map((match) => ({ xMin: Number(match[1]), xMax: Number(match[2]) }));
    expect(words).toHaveLength(2);
    expect(words[0].xMin).toBeLessThan(100);
    // A4 is 595 points wide, with 56-point margins
    expect(words[1].xMax).toBeGreaterThan(530);
  });

  it('fails CONVERTER_UNAVAILABLE when no installed face draws most of the letters, and says which package to install', async () => {
    const chinese = '被告人于二〇二四年三月在超市盗窃手机一部，以上事实有监控录像为证。'.repeat(3);
    const failure = await failureOf(renderTextPdf([{ text: chinese }], { maxPages: 5, fallbackFontPaths: [] }));
    expect(failure.reason).toBe('CONVERTER_UNAVAILABLE');
    expect(failure.message).toMatch(/fonts-wqy-microhei/);
    expect(failure.message).not.toContain('盗窃');
  });

  it('draws a stray character no face has as "?" and counts it, keeping the rest of the document', async () => {
    const { bytes, undrawnCharacters } = await renderTextPdf([{ text: 'Exhibit 7 was labelled 证 by the officer.' }], { maxPages: 1, fallbackFontPaths: [] });
    expect(undrawnCharacters).toBe(1);
    expect(await pdftotext(bytes)).toContain('Exhibit 7 was labelled ? by the officer.');
  });
});

describe('wrapText in character cells', () => {
  it('counts East Asian wide characters as two cells, so a line of Chinese fills half as many characters', () => {
    const lines = wrapText('证'.repeat(100), 80);
    expect(lines.map((line) => Array.from(line).length)).toEqual([40, 40, 20]);
    expect(cellsOf('A'.codePointAt(0)!)).toBe(1);
    expect(cellsOf('한'.codePointAt(0)!)).toBe(2);
    expect(cellsOf('Ж'.codePointAt(0)!)).toBe(1);
  });
});

describe('collectionFace', () => {
  it('takes the first face of a TrueType collection as a standalone font that has the Han characters', () => {
    const face = fontkit.create(Buffer.from(collectionFace(readFileSync(CJK_FONT)))) as unknown as { postscriptName: string; hasGlyphForCodePoint(codePoint: number): boolean };
    expect(face.postscriptName).toBe('WenQuanYiMicroHei');
    expect(face.hasGlyphForCodePoint('证'.codePointAt(0)!)).toBe(true);
  });

  it('returns a plain TrueType font unchanged', () => {
    const ttf = readFileSync(DEFAULT_FALLBACK_FONTS[0]);
    expect(collectionFace(ttf)).toBe(ttf);
  });
});
