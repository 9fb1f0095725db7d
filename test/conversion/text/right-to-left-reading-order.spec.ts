/**
 * Right-to-left text in reading order whichever engine extracts it (issue 12): poppler's -bbox-layout and the
 * pdf.js fallback both give display order, and both must come out as a reader reads, with a box per word.
 */
import { describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PdfjsTextExtractor } from '../../../src/conversion/text/pdfjs-text-extractor.adapter.js';
import { PopplerTextExtractor } from '../../../src/conversion/text/poppler-text-extractor.adapter.js';
import type { TextExtractor } from '../../../src/conversion/text/text-extractor.port.js';
import type { DocumentText } from '../../../src/common/word-model.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');
const scripts = (file: string): string => path.join(fixtures, 'hard-corpus/scripts', file);
const linesOf = (text: DocumentText): string[] => text.pages.flatMap((page) => page.lines.map((line) => line.text));

describe.each<[string, () => TextExtractor]>([
  ['poppler', () => PopplerTextExtractor.fromConfig()],
  ['pdf.js', () => PdfjsTextExtractor.fromConfig()],
])('%s: right-to-left text in reading order', (_engine, create) => {
  const extractor = create();

  it('reads Arabic from LibreOffice and Chromium, Hebrew from LibreOffice, in reading order', async () => {
    expect(linesOf(await extractor.extract(scripts('ar-libreoffice-html.pdf')))).toEqual(
      ['محكمة الاستئناف', 'قررت المحكمة رفض الطعن المقدم من المتهم بعد سماع أقوال الشاهد.', 'رقم القضية 2024/117'],
    );
    expect(linesOf(await extractor.extract(scripts('ar-chromium.pdf')))).toEqual(['بيان الشاهد', 'قال الشاهد لا أعرف السائق.', 'وصل الشرطي إلى مكان الحادث في الساعة العاشرة.', 'تم تسليم الملف إلى النيابة العامة.']);
    expect(linesOf(await extractor.extract(scripts('he-libreoffice-odt.pdf')))).toEqual(['בית המשפט המחוזי בתל אביב', 'השופט דחה את הערעור של הנאשם', 'Case 4471/23 – District Court']);
  }, 300_000);

  it('reads presentation forms drawn in display order or glyph by glyph leftwards as plain letters in reading order', async () => {
    const visual = linesOf(await extractor.extract(scripts('ar-presentation-forms-visual.pdf')));
    expect(visual.slice(1)).toEqual(['قررت المحكمة رفض الطعن', 'شهادة الشاهد مكتوبة', 'تسليم الملف الى النيابة']);
    const leftwards = await extractor.extract(scripts('ar-presentation-forms-reading-order.pdf'));
    expect(linesOf(leftwards).slice(1)).toEqual(['محضر التحقيق مع الشاهد', 'سلم المحقق الملف']);
    // one box per word, right to left on the page as the words are read
    const words = leftwards.pages[0].lines[1].words;
    expect(words.map((word) => word.text)).toEqual(['محضر', 'التحقيق', 'مع', 'الشاهد']);
    for (let index = 1; index < words.length; index += 1) expect(words[index].box.x + words[index].box.width).toBeLessThan(words[index - 1].box.x);
  }, 300_000);

  it("reads pdf.js's ArabicCIDTrueType.pdf (a CID TrueType font with presentation forms) in reading order", async () => {
    const lines = linesOf(await extractor.extract(path.join(fixtures, 'real-world/pdfjs/ArabicCIDTrueType.pdf')));
    expect(lines[0]).toBe('انواع الخطوط العربية');
  }, 300_000);

  it('keeps a mixed line: the Arabic run reversed inside the English sentence, the English one inside the Hebrew page', async () => {
    expect(linesOf(await extractor.extract(scripts('ar-en-mixed-libreoffice-odt.pdf')))).toEqual([
      'Witness statement of Omar Haddad, 12 March 2024',
      'أفاد الشاهد عمر حداد أن السيارة كانت حمراء',
      'The witness said: السيارة كانت حمراء (the car was red).',
      'Inspector Jones توقيع المحقق',
    ]);
    const hebrew = linesOf(await extractor.extract(scripts('he-en-mixed-chromium.pdf')));
    expect(hebrew[0]).toBe('עדות השוטר בפני בית המשפט');
    expect(hebrew[1]).toMatch(/^The officer .השוטר. \.arrived at 10:40 with Detective Cohen$/);
  }, 300_000);
});
