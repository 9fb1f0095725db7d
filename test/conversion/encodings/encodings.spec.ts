/**
 * Issue 12, item 4: mail, RTF and text in the code pages they declare (or, for bare text, the one their
 * bytes show) come out as PDFs whose text layer reads back in the right script: a test per script
 * (Cyrillic, Greek, Chinese, Arabic) with files the project makes itself (scripts/hard-corpus/encoding-builders.mjs).
 * Checked with plain poppler `pdftotext`, which gives right-to-left text in logical order.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emlInCharset, msgInCodePage, rtfInCodePage, textInEncoding } from '../../../scripts/hard-corpus/encoding-builders.mjs';
import { DocumentConverter } from '../../../src/conversion/document-converter.service.js';
import type { ConversionResult } from '../../../src/conversion/converters/converter.js';
import { sniffFile } from '../../../src/conversion/sniff.js';
import { scratchDirectory, writeInput } from '../conversion-test-helpers.js';

/**
 * pdftotext marks right-to-left runs with embedding controls (U+202A–U+202E); the words are what count,
 * and a long line may be wrapped anywhere a space was.
 */
const textOf = (pdfPath: string) =>
  execFileSync('pdftotext', ['-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' })
    .replace(/[\u202a-\u202e]/g, '')
    .replace(/[ \n]+/g, ' ');
const note = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

describe('encodings: legacy code pages and scripts come back as the right words', () => {
  const converter = DocumentConverter.fromConfig({ workerConcurrency: 2 });
  let scratch: Awaited<ReturnType<typeof scratchDirectory>>;
  let jobs = 0;

  beforeAll(async () => {
    scratch = await scratchDirectory();
  });
  afterAll(async () => {
    await converter.close();
    await scratch.remove();
  });

  async function convert(name: string, bytes: Uint8Array): Promise<{ result: ConversionResult; text: string }> {
    jobs += 1;
    const input = await writeInput(scratch.path, `${jobs}-${name}`, bytes);
    const result = await converter.convert({ path: input, sniffedType: await sniffFile(input) }, join(scratch.path, `out-${jobs}`));
    return { result, text: textOf(result.pdfPath) };
  }

  describe('Cyrillic', () => {
    it('reads an Outlook message in code page 1251: subject, names, body and attachment name', async () => {
      const msg = msgInCodePage({
        codePage: 1251,
        subject: 'Протокол обыска по делу 77-12',
        from: 'Оперуполномоченный Громов',
        fromEmail: 'gromov@example.test',
        to: 'Следователь Лебедева',
        toEmail: 'lebedeva@example.test',
        body: 'В ходе обыска в гараже обнаружены канистры с бензином и монтировка.',
        attachments: [{ fileName: 'Опись изъятого.txt', bytes: note('опись') }],
      });
      const { result, text } = await convert('cyrillic.msg', msg);
      expect(text).toContain('Subject: Протокол обыска по делу 77-12');
      expect(text).toContain('Оперуполномоченный Громов <gromov@example.test>');
      expect(text).toContain('Следователь Лебедева');
      expect(text).toContain('обнаружены канистры с бензином и монтировка');
      expect(text).not.toContain('Ïðîòîêîë'); // the same bytes read as Windows-1252
      expect(result.children.map((child) => child.fileName)).toEqual(['Опись изъятого.txt']);
      expect(await readFile(result.children[0].path, 'utf8')).toBe('опись');
    });

    it('reads a KOI8-R message with RFC 2047 headers, and a Windows-1251 one sent 8-bit', async () => {
      const common = { from: 'Судья Орлов', fromEmail: 'orlov@example.test', to: 'Адвокат Зайцев', toEmail: 'zaitsev@example.test' };
      const koi8 = await convert('koi8.eml', emlInCharset({ ...common, charset: 'koi8-r', headerMode: 'Q', subject: 'Отложение слушания', body: 'Слушание по делу о грабеже отложено до пятницы.' }));
      expect(koi8.text).toContain('Subject: Отложение слушания');
      expect(koi8.text).toContain('Судья Орлов');
      expect(koi8.text).toContain('Слушание по делу о грабеже отложено до пятницы.');
      const cp1251 = await convert('cp1251.eml', emlInCharset({ ...common, charset: 'windows-1251', transferEncoding: '8bit', subject: 'Решение суда', body: 'Суд признал подсудимого виновным в грабеже.' }));
      expect(cp1251.text).toContain('Subject: Решение суда');
      expect(cp1251.text).toContain('Суд признал подсудимого виновным в грабеже.');
    });

    it('reads mail whose 8-bit subject and body carry no charset label, by the code page the bytes show', async () => {
      const raw = Buffer.concat([
        Buffer.from('From: court@example.test\r\nTo: lawyer@example.test\r\nSubject: '),
        iconv.encode('Решение суда по делу Морозова', 'cp1251'),
        Buffer.from('\r\nDate: Tue, 4 Mar 2025 10:15:00 +0000\r\nMIME-Version: 1.0\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'),
        iconv.encode('Суд признал подсудимого Морозова виновным в грабеже.\r\n', 'cp1251'),
      ]);
      const { text } = await convert('unlabelled.eml', raw);
      expect(text).toContain('Subject: Решение суда по делу Морозова');
      expect(text).toContain('Суд признал подсудимого Морозова виновным в грабеже.');
      expect(text).not.toContain('\ufffd');
    });

    it('reads plain text in Windows-1251 and in KOI8-R by the code page its bytes show', async () => {
      const statement = 'Объяснение гражданина Соловьёва\nЯ проживаю по адресу: улица Садовая, дом 5. Вечером услышал звон разбитого стекла.';
      for (const encoding of ['cp1251', 'koi8-r']) {
        const { result, text } = await convert(`statement-${encoding}.txt`, textInEncoding(statement, encoding));
        expect(result.converter).toBe('text');
        expect(text).toContain('Объяснение гражданина Соловьёва');
        expect(text).toContain('услышал звон разбитого стекла');
      }
    });

    it('reads RTF in \\ansicpg1251 with \\fcharset204 escapes and \\uN escapes through LibreOffice', async () => {
      const rtf = rtfInCodePage({ codePage: 1251, fontCharset: 204, fontName: 'Arial Cyr', paragraphs: ['Заявление потерпевшего Кравцова', 'Прошу привлечь к ответственности неизвестное лицо.'], unicodeParagraphs: ['Подпись: Кравцов'] });
      const { result, text } = await convert('cyrillic.rtf', rtf);
      expect(result.converter).toBe('libreoffice');
      expect(text).toContain('Заявление потерпевшего Кравцова');
      expect(text).toContain('Прошу привлечь к ответственности неизвестное лицо.');
      expect(text).toContain('Подпись: Кравцов');
    });
  });

  describe('Greek', () => {
    it('reads an Outlook message in code page 1253 whose body is HTML, declared by the internet code page only', async () => {
      const msg = msgInCodePage({
        codePage: 1253,
        declare: ['internet'],
        subject: 'Έκθεση αυτοψίας',
        from: 'Υπαστυνόμος Καραγιάννης',
        fromEmail: 'karagiannis@example.test',
        to: 'Ανακριτής Σταύρου',
        toEmail: 'stavrou@example.test',
        html: '<html><body><p>Στο διαμέρισμα βρέθηκαν <b>ίχνη αίματος</b> και ένα σπασμένο παράθυρο.</p></body></html>',
        attachments: [{ fileName: 'Φωτογραφίες.txt', bytes: note('φωτογραφίες') }],
      });
      const { result, text } = await convert('greek.msg', msg);
      expect(text).toContain('Subject: Έκθεση αυτοψίας');
      expect(text).toContain('Υπαστυνόμος Καραγιάννης');
      expect(text).toContain('Στο διαμέρισμα βρέθηκαν ίχνη αίματος και ένα σπασμένο παράθυρο.');
      expect(result.children.map((child) => child.fileName)).toEqual(['Φωτογραφίες.txt']);
    });

    it('reads an ISO-8859-7 message sent 8-bit with Q-encoded headers', async () => {
      const eml = emlInCharset({ charset: 'iso-8859-7', transferEncoding: '8bit', headerMode: 'Q', subject: 'Κλήτευση μάρτυρα', from: 'Γραμματεία', fromEmail: 'g@example.test', to: 'Μάρτυς Ιωάννου', toEmail: 'i@example.test', body: 'Καλείστε να καταθέσετε ως μάρτυρας την Πέμπτη.' });
      const { text } = await convert('greek.eml', eml);
      expect(text).toContain('Subject: Κλήτευση μάρτυρα');
      expect(text).toContain('Μάρτυς Ιωάννου');
      expect(text).toContain('Καλείστε να καταθέσετε ως μάρτυρας την Πέμπτη.');
    });
  });

  describe('Chinese', () => {
    it('reads Outlook messages in code pages 936 and 950, drawing the Han text in the fallback face', async () => {
      const simplified = await convert(
        'gbk.msg',
        msgInCodePage({ codePage: 936, declare: ['message'], subject: '关于抢劫案的报告', from: '刘警官', fromEmail: 'liu@example.test', to: '周法官', toEmail: 'zhou@example.test', body: '嫌疑人于昨晚在银行门口被捕。', attachments: [{ fileName: '逮捕报告.txt', bytes: note('报告') }] }),
      );
      expect(simplified.text).toContain('Subject: 关于抢劫案的报告');
      expect(simplified.text).toContain('刘警官');
      expect(simplified.text).toContain('嫌疑人于昨晚在银行门口被捕。');
      expect(simplified.result.children.map((child) => child.fileName)).toEqual(['逮捕报告.txt']);
      const traditional = await convert('big5.msg', msgInCodePage({ codePage: 950, subject: '搶劫案報告', from: '劉警官', fromEmail: 'liu@example.test', to: '周法官', toEmail: 'zhou@example.test', body: '嫌疑人於昨晚在銀行門口被捕。' }));
      expect(traditional.text).toContain('Subject: 搶劫案報告');
      expect(traditional.text).toContain('嫌疑人於昨晚在銀行門口被捕。');
    });

    it('reads a GB2312 message whose attachment name is an RFC 2231 parameter, and a Big5 one', async () => {
      const gb = await convert(
        'gb2312.eml',
        emlInCharset({ charset: 'gb2312', transferEncoding: 'base64', subject: '补充证据', from: '孙律师', fromEmail: 'sun@example.test', to: '法院', toEmail: 'court@example.test', body: '请查收补充证据。', attachment: { fileName: '证据清单.txt', contentType: 'text/plain', bytes: note('证据') } }),
      );
      expect(gb.text).toContain('Subject: 补充证据');
      expect(gb.text).toContain('请查收补充证据。');
      expect(gb.text).toContain('Attachments: 证据清单.txt');
      expect(gb.result.children.map((child) => child.fileName)).toEqual(['证据清单.txt']);
      const big5 = await convert('big5.eml', emlInCharset({ charset: 'big5', subject: '開庭通知', from: '書記官', fromEmail: 'clerk@example.test', to: '律師', toEmail: 'lawyer@example.test', body: '本案定於週三開庭。' }));
      expect(big5.text).toContain('Subject: 開庭通知');
      expect(big5.text).toContain('本案定於週三開庭。');
    });

    it('reads plain text in GBK and RTF in \\ansicpg936 with double-byte escapes', async () => {
      const txt = await convert('gbk.txt', textInEncoding('证人证言\n我看见一个穿黑色外套的男子从商店跑出来。\n他手里拿着一个包。', 'gbk'));
      expect(txt.result.converter).toBe('text');
      expect(txt.text).toContain('我看见一个穿黑色外套的男子从商店跑出来。');
      const rtf = await convert('chinese.rtf', rtfInCodePage({ codePage: 936, fontCharset: 134, fontName: '宋体', paragraphs: ['判决书', '被告人犯盗窃罪，判处有期徒刑一年。'] }));
      expect(rtf.text).toContain('判决书');
      expect(rtf.text).toContain('被告人犯盗窃罪，判处有期徒刑一年。');
    });

    it('reads Japanese mail in ISO-2022-JP', async () => {
      const { text } = await convert('jis.eml', emlInCharset({ charset: 'iso-2022-jp', transferEncoding: '7bit', subject: '期日変更のお知らせ', from: '書記官', fromEmail: 'clerk@example.test', to: '弁護士', toEmail: 'lawyer@example.test', body: '次回期日は来週の火曜日に変更されました。' }));
      expect(text).toContain('Subject: 期日変更のお知らせ');
      expect(text).toContain('次回期日は来週の火曜日に変更されました。');
    });
  });

  describe('Arabic', () => {
    it('reads an Outlook message in code page 1256 and draws it so the text reads back in logical order', async () => {
      const msg = msgInCodePage({
        codePage: 1256,
        subject: 'تقرير الشرطة عن السرقة',
        from: 'الرائد خالد',
        fromEmail: 'khaled@example.test',
        to: 'وكيل النيابة',
        toEmail: 'prosecutor@example.test',
        body: 'تم القبض على المتهم في المطار صباح الأحد.\nالقضية رقم 2024/17 (القاهرة)',
        attachments: [{ fileName: 'تقرير.txt', bytes: note('تقرير') }],
      });
      const { result, text } = await convert('arabic.msg', msg);
      expect(text).toContain('تقرير الشرطة عن السرقة');
      expect(text).toContain('الرائد خالد');
      expect(text).toContain('تم القبض على المتهم في المطار صباح الأحد.');
      expect(text).toContain('khaled@example.test');
      expect(result.children.map((child) => child.fileName)).toEqual(['تقرير.txt']);
    });

    it('reads a Windows-1256 message and Windows-1256 plain text', async () => {
      const eml = await convert('arabic.eml', emlInCharset({ charset: 'windows-1256', transferEncoding: 'base64', subject: 'إشعار بموعد الجلسة', from: 'المحكمة', fromEmail: 'court@example.test', to: 'المحامية سارة', toEmail: 'sara@example.test', body: 'نحيطكم علما بأن الجلسة ستعقد يوم الثلاثاء.' }));
      expect(eml.text).toContain('إشعار بموعد الجلسة');
      expect(eml.text).toContain('نحيطكم علما بأن الجلسة ستعقد يوم الثلاثاء.');
      const txt = await convert('arabic.txt', textInEncoding('محضر جلسة\nحضر المتهم ومعه محاميه وطلب التأجيل للاطلاع.', 'cp1256'));
      expect(txt.result.converter).toBe('text');
      expect(txt.text).toContain('حضر المتهم ومعه محاميه وطلب التأجيل للاطلاع.');
    });
  });
});
