#!/usr/bin/env node
// Hard corpus, area "scripts" (issue 12, item 3): right-to-left and CJK text made several ways.
// Re-runnable: `node scripts/hard-corpus/scripts.mjs` rewrites test/fixtures/hard-corpus/scripts/*.pdf.
// Needs soffice (LibreOffice Writer), /usr/bin/chromium, DejaVuSans and fonts-wqy-microhei.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, 'test/fixtures/hard-corpus/scripts');
mkdirSync(out, { recursive: true });
const work = mkdtempSync(path.join(tmpdir(), 'corpus-scripts-'));

const html = (lang, dir, body, style = '') =>
  `<!DOCTYPE html><html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><style>body{font-size:14pt;${style}}</style></head><body>${body}</body></html>`;

/** LibreOffice Writer: .html or .fodt → PDF. */
function soffice(name, extension, content) {
  const source = path.join(work, `${name}.${extension}`);
  writeFileSync(source, content);
  // Writer's own HTML filter: the default (Writer/Web) loses the first paragraph of an RTL page
  const filter = extension === 'html' ? ['--infilter=HTML (StarWriter)'] : [];
  execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${work}/profile`, ...filter, '--convert-to', 'pdf:writer_pdf_Export', '--outdir', work, source], { stdio: 'ignore', timeout: 300_000 });
  renameSync(path.join(work, `${name}.pdf`), path.join(out, `${name}.pdf`));
}

/** Chromium's print-to-PDF. */
async function chromiumPdf(browser, name, content) {
  const page = await browser.newPage();
  await page.setContent(content, { waitUntil: 'load' });
  await page.pdf({ path: path.join(out, `${name}.pdf`), format: 'A4', margin: { top: '20mm', bottom: '20mm', left: '20mm', right: '20mm' } });
  await page.close();
}

/** A flat ODF text document, one paragraph per entry; `rtl` paragraphs are right-to-left. */
const fodt = (paragraphs, font) => `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls><style:font-face style:name="F" svg:font-family="${font}" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"/></office:font-face-decls>
 <office:automatic-styles>
  <style:style style:name="R" style:family="paragraph"><style:paragraph-properties style:writing-mode="rl-tb" fo:text-align="end"/>
   <style:text-properties style:font-name="F" style:font-name-complex="F" style:font-name-asian="F" fo:font-size="13pt" style:font-size-complex="13pt" style:font-size-asian="13pt"/></style:style>
  <style:style style:name="L" style:family="paragraph"><style:paragraph-properties style:writing-mode="lr-tb"/>
   <style:text-properties style:font-name="F" style:font-name-complex="F" style:font-name-asian="F" fo:font-size="12pt" style:font-size-complex="12pt" style:font-size-asian="12pt"/></style:style>
 </office:automatic-styles>
 <office:body><office:text>
${paragraphs.map(([rtl, text]) => `  <text:p text:style-name="${rtl ? 'R' : 'L'}">${text}</text:p>`).join('\n')}
 </office:text></office:body></office:document>`;

// --- Arabic shaping into presentation forms, for the visual-order PDF: [isolated, final, initial, medial]
const FORMS = {
  'ا': [0xfe8d, 0xfe8e], 'ب': [0xfe8f, 0xfe90, 0xfe91, 0xfe92], 'ت': [0xfe95, 0xfe96, 0xfe97, 0xfe98],
  'ح': [0xfea1, 0xfea2, 0xfea3, 0xfea4], 'د': [0xfea9, 0xfeaa], 'ر': [0xfead, 0xfeae], 'س': [0xfeb1, 0xfeb2, 0xfeb3, 0xfeb4],
  'ش': [0xfeb5, 0xfeb6, 0xfeb7, 0xfeb8], 'ع': [0xfec9, 0xfeca, 0xfecb, 0xfecc], 'ق': [0xfed5, 0xfed6, 0xfed7, 0xfed8],
  'ك': [0xfed9, 0xfeda, 0xfedb, 0xfedc], 'ل': [0xfedd, 0xfede, 0xfedf, 0xfee0], 'م': [0xfee1, 0xfee2, 0xfee3, 0xfee4],
  'ن': [0xfee5, 0xfee6, 0xfee7, 0xfee8], 'ه': [0xfee9, 0xfeea, 0xfeeb, 0xfeec], 'ة': [0xfe93, 0xfe94],
  'و': [0xfeed, 0xfeee], 'ف': [0xfed1, 0xfed2, 0xfed3, 0xfed4], 'ض': [0xfebd, 0xfebe, 0xfebf, 0xfec0], 'ى': [0xfeef, 0xfef0],
  'ي': [0xfef1, 0xfef2, 0xfef3, 0xfef4], 'ط': [0xfec1, 0xfec2, 0xfec3, 0xfec4],
};
const joinsLeft = (letter) => FORMS[letter]?.length === 4;

/** One Arabic word → presentation forms, logical order (lam-alef becomes its ligature). */
function shape(word) {
  const letters = [...word];
  const forms = [];
  for (let i = 0; i < letters.length; i++) {
    const letter = letters[i];
    const joinsPrevious = i > 0 && joinsLeft(letters[i - 1]);
    if (letter === 'ل' && letters[i + 1] === 'ا') {
      forms.push(String.fromCodePoint(joinsPrevious ? 0xfefc : 0xfefb));
      i++;
      continue;
    }
    const table = FORMS[letter];
    const joinsNext = i + 1 < letters.length && table.length === 4;
    const index = joinsPrevious ? (joinsNext ? 3 : 1) : joinsNext ? 2 : 0;
    forms.push(String.fromCodePoint(table[index]));
  }
  return forms.join('');
}
/** A line drawn as old generators did: shaped and reversed into visual (left-to-right) order. */
const visual = (line) => [...line.split(' ').map(shape).join(' ')].reverse().join('');

/**
 * Presentation forms drawn one glyph at a time (so no shaping engine reorders them), as old generators
 * wrote Arabic: `visual` draws the line's glyphs left to right in display order; otherwise each glyph is
 * drawn in reading order, right to left.
 */
async function presentationFormsPdf(name, lines, { visualOrder, size: baseSize }) {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont(readFileSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'), { subset: true });
  const latin = await pdf.embedFont(StandardFonts.Helvetica);
  const page = pdf.addPage([595, 842]);
  page.drawText(`Case file 2024/117 (Arabic, ${visualOrder ? 'visual' : 'reading'} order)`, { x: 60, y: 780, size: 12, font: latin });
  lines.forEach((line, index) => {
    const size = baseSize - index * 2;
    const y = 720 - index * 40;
    const shaped = line.split(' ').map(shape).join(' ');
    if (visualOrder) {
      const glyphs = [...shaped].reverse();
      let x = 535 - font.widthOfTextAtSize(glyphs.join(''), size);
      for (const glyph of glyphs) {
        page.drawText(glyph, { x, y, size, font, color: rgb(0, 0, 0) });
        x += font.widthOfTextAtSize(glyph, size);
      }
    } else {
      let right = 535;
      for (const glyph of shaped) {
        right -= font.widthOfTextAtSize(glyph, size);
        page.drawText(glyph, { x: right, y, size, font, color: rgb(0, 0, 0) });
      }
    }
  });
  writeFileSync(path.join(out, `${name}.pdf`), await pdf.save({ useObjectStreams: false }));
}

/** pdf-lib's own drawText: fontkit shapes the Arabic and lays it out in display order, as a renderer of mail bodies may. */
async function shapedByFontkitPdf() {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont(readFileSync('/usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf'), { subset: true });
  const page = pdf.addPage([420, 595]);
  ['قررت المحكمة رفض الطعن', 'בית המשפט המחוזי', 'الاستئناف لا يقبل', 'Ref. 2024/117'].forEach((line, index) => {
    const size = 14 + (index % 2) * 3;
    page.drawText(line, { x: 380 - font.widthOfTextAtSize(line, size), y: 540 - index * 30, size, font });
  });
  writeFileSync(path.join(out, 'ar-he-pdf-lib-fontkit.pdf'), await pdf.save());
}

try {
  // LibreOffice, from HTML and from flat ODT
  soffice('ar-libreoffice-html', 'html', html('ar', 'rtl', '<p style="font-size:18pt"><b>محكمة الاستئناف</b></p><p>قررت المحكمة رفض الطعن المقدم من المتهم بعد سماع أقوال الشاهد.</p><p>رقم القضية 2024/117</p>', 'font-family:"DejaVu Sans"'));
  soffice('he-libreoffice-odt', 'fodt', fodt([[true, 'בית המשפט המחוזי בתל אביב'], [true, 'השופט דחה את הערעור של הנאשם'], [false, 'Case 4471/23 – District Court']], 'DejaVu Sans'));
  soffice('ar-en-mixed-libreoffice-odt', 'fodt', fodt([[false, 'Witness statement of Omar Haddad, 12 March 2024'], [true, 'أفاد الشاهد عمر حداد أن السيارة كانت حمراء'], [false, 'The witness said: السيارة كانت حمراء (the car was red).'], [true, 'توقيع المحقق Inspector Jones']], 'DejaVu Sans'));
  soffice('zh-hans-libreoffice-odt', 'fodt', fodt([[false, '中华人民共和国最高人民法院'], [false, '刑事判决书：被告人张某犯盗窃罪，判处有期徒刑三年。'], [false, '本判决为终审判决。']], 'WenQuanYi Micro Hei'));
  soffice('ko-libreoffice-odt', 'fodt', fodt([[false, '서울중앙지방법원 형사부'], [false, '피고인에게 무죄를 선고하였다'], [false, '사건번호 2023고단1234']], 'WenQuanYi Micro Hei'));

  // Chromium print-to-PDF
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    await chromiumPdf(browser, 'ar-chromium', html('ar', 'rtl', '<h2>بيان الشاهد</h2><p>قال الشاهد لا أعرف السائق.</p><p>وصل الشرطي إلى مكان الحادث في الساعة العاشرة.</p><p>تم تسليم الملف إلى النيابة العامة.</p>', 'font-family:"DejaVu Sans"'));
    await chromiumPdf(browser, 'he-en-mixed-chromium', html('he', 'rtl', '<p>עדות השוטר בפני בית המשפט</p><p>The officer (השוטר) arrived at 10:40 with Detective Cohen.</p><p>החקירה נמשכה שלוש שעות</p>', 'font-family:"DejaVu Sans"'));
    await chromiumPdf(browser, 'zh-hant-chromium', html('zh-TW', 'ltr', '<h2>臺灣高等法院刑事判決</h2><p>被告無罪。檢察官上訴駁回，證人證詞不足以證明犯罪。</p>', 'font-family:"WenQuanYi Micro Hei"'));
    await chromiumPdf(browser, 'ja-chromium', html('ja', 'ltr', '<h2>東京地方裁判所判決</h2><p>被告人に無罪を言い渡した。証拠書類はカタカナでファイルされた。</p>', 'font-family:"WenQuanYi Micro Hei"'));
  } finally {
    await browser.close();
  }

  // pdf-lib: presentation forms in visual order
  await presentationFormsPdf('ar-presentation-forms-visual', ['قررت المحكمة رفض الطعن', 'شهادة الشاهد مكتوبة', 'تسليم الملف الى النيابة'], { visualOrder: true, size: 18 });
  await shapedByFontkitPdf();
  await presentationFormsPdf('ar-presentation-forms-reading-order', ['محضر التحقيق مع الشاهد', 'سلم المحقق الملف'], { visualOrder: false, size: 15 });
} finally {
  rmSync(work, { recursive: true, force: true });
}
