#!/usr/bin/env node
/**
 * Hard corpus, area "encodings" (issue 12, item 4): Outlook .msg in Windows code pages 1251, 1253, 936,
 * 950 and 1256; RFC 822 mail in koi8-r, iso-8859-7, gb2312, big5, iso-2022-jp and windows-1256 (RFC 2047
 * headers, an RFC 2231 attachment name); RTF in code pages 1251 and 936, and Greek \fcharset161 runs in an
 * \ansicpg1252 document; plain text in windows-1251 and koi8-r. Writes the files and their manifest.json
 * into test/fixtures/hard-corpus/encodings/.
 * Re-runnable: the same bytes every time.
 */
import iconv from 'iconv-lite';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { emlInCharset, msgInCodePage, rtfInCodePage, textInEncoding } from './encoding-builders.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, 'test/fixtures/hard-corpus/encodings');
mkdirSync(out, { recursive: true });

const manifest = {};
/** What the words look like when their bytes are read as Windows-1252: must never be indexed. */
const mojibake = (word, encoding) => iconv.decode(iconv.encode(word, encoding), 'cp1252');

function add(file, bytes, expectation) {
  writeFileSync(path.join(out, file), bytes);
  manifest[file] = { status: 'indexed', ...expectation };
}

const attachmentText = (text) => new Uint8Array(Buffer.from(text, 'utf8'));

// ---- Outlook .msg ----

add(
  'msg-cp1251-cyrillic.msg',
  msgInCodePage({
    codePage: 1251,
    subject: 'Уголовное дело № 12-345: протокол допроса свидетеля',
    from: 'Следователь Иванов',
    fromEmail: 'ivanov@example.test',
    to: 'Прокурор Смирнова',
    toEmail: 'smirnova@example.test',
    body: 'Уважаемая Анна Сергеевна,\n\nнаправляю протокол допроса свидетеля Петрова по уголовному делу.\nСвидетель подтвердил, что видел подозреваемого возле склада в понедельник вечером.\n\nС уважением,\nследователь Иванов',
    attachments: [{ fileName: 'Протокол допроса.txt', bytes: attachmentText('Протокол допроса свидетеля Петрова') }],
  }),
  {
    detectedType: 'application/vnd.ms-outlook',
    words: ['протокол', 'допроса', 'свидетеля', 'подозреваемого', 'склада', 'Иванов', 'Протокол допроса.txt'],
    search: ['подозреваемого', 'свидетель'],
    absent: [mojibake('протокол', 'cp1251')],
  },
);

add(
  'msg-cp1253-greek-html.msg',
  msgInCodePage({
    codePage: 1253,
    declare: ['internet'],
    subject: 'Υπόθεση 2024/778: κατάθεση μάρτυρα',
    from: 'Αστυνόμος Παπαδόπουλος',
    fromEmail: 'papadopoulos@example.test',
    to: 'Εισαγγελέας Νικολάου',
    toEmail: 'nikolaou@example.test',
    html: '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1253"></head><body><p>ΑΣΤΥΝΟΜΙΚΗ ΔΙΕΥΘΥΝΣΗ ΠΕΙΡΑΙΑ</p><p>Αξιότιμε κύριε Νικολάου,</p><p>σας αποστέλλω την <b>κατάθεση</b> του μάρτυρα σχετικά με την κλοπή στο λιμάνι του Πειραιά.</p><p>Με εκτίμηση,<br>Παπαδόπουλος</p></body></html>',
    attachments: [{ fileName: 'Κατάθεση μάρτυρα.txt', bytes: attachmentText('Κατάθεση μάρτυρα') }],
  }),
  {
    detectedType: 'application/vnd.ms-outlook',
    words: ['Υπόθεση', 'κατάθεση', 'μάρτυρα', 'κλοπή', 'Πειραιά', 'ΔΙΕΥΘΥΝΣΗ', 'Κατάθεση μάρτυρα.txt'],
    search: ['ΔΙΕΥΘΥΝΣΗ', 'ΑΣΤΥΝΟΜΙΚΗ'],
    absent: [mojibake('κατάθεση', 'cp1253')],
  },
);

add(
  'msg-cp936-chinese.msg',
  msgInCodePage({
    codePage: 936,
    declare: ['message'],
    subject: '案件编号 2025-031：证人询问笔录',
    from: '王警官',
    fromEmail: 'wang@example.test',
    to: '李检察官',
    toEmail: 'li@example.test',
    body: '李检察官：\n\n附件是证人张伟的询问笔录。证人称案发当晚在仓库附近看见嫌疑人。\n请于星期五之前审阅。\n\n王警官',
    attachments: [{ fileName: '询问笔录.txt', bytes: attachmentText('证人询问笔录') }],
  }),
  {
    detectedType: 'application/vnd.ms-outlook',
    words: ['证人询问笔录', '嫌疑人', '仓库附近', '王警官', '询问笔录.txt'],
    absent: [mojibake('证人', 'cp936')],
  },
);

add(
  'msg-cp950-traditional-chinese.msg',
  msgInCodePage({
    codePage: 950,
    subject: '刑事案件第 88 號：扣押物品清單',
    from: '陳督察',
    fromEmail: 'chen@example.test',
    to: '林律師',
    toEmail: 'lin@example.test',
    body: '林律師您好：\n\n隨信附上扣押物品清單。警方在碼頭倉庫扣押了手機兩部及現金。\n\n陳督察 敬上',
    attachments: [{ fileName: '扣押清單.txt', bytes: attachmentText('扣押物品清單') }],
  }),
  {
    detectedType: 'application/vnd.ms-outlook',
    words: ['扣押物品清單', '碼頭倉庫', '陳督察', '扣押清單.txt'],
    absent: [mojibake('扣押', 'cp950')],
  },
);

add(
  'msg-cp1256-arabic.msg',
  msgInCodePage({
    codePage: 1256,
    subject: 'القضية رقم 45: محضر الاستجواب',
    from: 'المحقق أحمد',
    fromEmail: 'ahmed@example.test',
    to: 'النيابة العامة',
    toEmail: 'niyaba@example.test',
    body: 'السيد وكيل النيابة المحترم\n\nمرفق محضر استجواب الشاهد في القضية.\nأكد الشاهد أنه رأى المتهم قرب المستودع.\n\nالمحقق أحمد',
    attachments: [{ fileName: 'محضر الاستجواب.txt', bytes: attachmentText('محضر الاستجواب') }],
  }),
  {
    detectedType: 'application/vnd.ms-outlook',
    words: ['ahmed@example.test', '45', 'txt', 'الشاهد', 'المتهم', 'المستودع'],
    search: ['المستودع'],
    absent: [mojibake('الشاهد', 'cp1256'), mojibake('المستودع', 'cp1256')],
  },
);

// ---- RFC 822 mail ----

add(
  'eml-koi8r-qp.eml',
  emlInCharset({
    charset: 'koi8-r',
    transferEncoding: 'quoted-printable',
    subject: 'Повестка в суд по делу о мошенничестве',
    from: 'Секретарь суда Кузнецова',
    fromEmail: 'sud@example.test',
    to: 'Адвокат Морозов',
    toEmail: 'morozov@example.test',
    body: 'Уважаемый Дмитрий Павлович,\n\nсудебное заседание по делу о мошенничестве назначено на вторник, 14 октября, в зале номер три.\nПросим обеспечить явку подзащитного.\n\nСекретарь суда',
  }),
  {
    detectedType: 'message/rfc822',
    words: ['Повестка', 'мошенничестве', 'заседание', 'подзащитного', 'Кузнецова'],
    search: ['мошенничестве', 'подзащитного'],
    absent: [mojibake('заседание', 'koi8-r')],
  },
);

add(
  'eml-iso88597-greek-8bit.eml',
  emlInCharset({
    charset: 'iso-8859-7',
    transferEncoding: '8bit',
    headerMode: 'Q',
    subject: 'Ειδοποίηση για τη δικάσιμο της Τρίτης',
    from: 'Γραμματεία Πρωτοδικείου',
    fromEmail: 'grammateia@example.test',
    to: 'Δικηγόρος Γεωργίου',
    toEmail: 'georgiou@example.test',
    body: 'ΠΡΩΤΟΔΙΚΕΙΟ ΑΘΗΝΩΝ - ΓΡΑΜΜΑΤΕΙΑ\n\nΚύριε Γεωργίου,\n\nη δικάσιμος για την υπόθεση απάτης μετατέθηκε για την Τρίτη στο Πρωτοδικείο Αθηνών.\n\nΗ Γραμματεία',
  }),
  {
    detectedType: 'message/rfc822',
    words: ['Ειδοποίηση', 'δικάσιμο', 'απάτης', 'Πρωτοδικείο', 'Γεωργίου'],
    search: ['ΑΘΗΝΩΝ', 'ΠΡΩΤΟΔΙΚΕΙΟ'],
    absent: [mojibake('απάτης', 'iso-8859-7')],
  },
);

add(
  'eml-gb2312-attachment-rfc2231.eml',
  emlInCharset({
    charset: 'gb2312',
    transferEncoding: 'base64',
    subject: '关于盗窃案的证据材料',
    from: '赵律师',
    fromEmail: 'zhao@example.test',
    to: '法院立案庭',
    toEmail: 'court@example.test',
    body: '您好：\n\n现提交盗窃案的补充证据材料，包括监控录像截图和证人证言。\n\n赵律师',
    attachment: { fileName: '证人证言.txt', contentType: 'text/plain', bytes: attachmentText('证人证言') },
  }),
  {
    detectedType: 'message/rfc822',
    words: ['盗窃案', '证据材料', '监控录像', '赵律师', '证人证言.txt'],
    absent: [mojibake('证据', 'gb2312')],
  },
);

add(
  'eml-big5-html.eml',
  emlInCharset({
    charset: 'big5',
    transferEncoding: 'quoted-printable',
    subject: '開庭通知：詐欺案',
    from: '地方法院書記官',
    fromEmail: 'clerk@example.test',
    to: '黃律師',
    toEmail: 'huang@example.test',
    body: '黃律師您好：\n\n詐欺案定於下週三上午開庭，請準時出席。\n\n書記官',
    html: '<html><body><p>黃律師您好：</p><p><b>詐欺案</b>定於下週三上午開庭，請準時出席。</p><p>書記官</p></body></html>',
  }),
  {
    detectedType: 'message/rfc822',
    words: ['開庭通知', '詐欺案', '準時出席', '書記官'],
    absent: [mojibake('詐欺', 'big5')],
  },
);

add(
  'eml-iso2022jp.eml',
  emlInCharset({
    charset: 'iso-2022-jp',
    transferEncoding: '7bit',
    subject: '証拠書類の提出について',
    from: '山田弁護士',
    fromEmail: 'yamada@example.test',
    to: '東京地方裁判所',
    toEmail: 'tokyo@example.test',
    body: 'ご担当者様\n\n窃盗事件の証拠書類を提出いたします。\n防犯カメラの映像と目撃者の証言が含まれています。\n\n山田弁護士',
  }),
  {
    detectedType: 'message/rfc822',
    words: ['証拠書類', '窃盗事件', '防犯カメラ', '目撃者', '山田弁護士'],
  },
);

add(
  'eml-windows1256-arabic.eml',
  emlInCharset({
    charset: 'windows-1256',
    transferEncoding: 'base64',
    subject: 'موعد الجلسة في قضية الاحتيال',
    from: 'كاتب المحكمة',
    fromEmail: 'katib@example.test',
    to: 'المحامي يوسف',
    toEmail: 'yousef@example.test',
    body: 'الأستاذ يوسف المحترم\n\nنحيطكم علما بأن جلسة قضية الاحتيال تأجلت إلى يوم الخميس.\n\nكاتب المحكمة',
  }),
  {
    detectedType: 'message/rfc822',
    words: ['katib@example.test', 'yousef@example.test', 'الجلسة', 'الاحتيال', 'الخميس'],
    search: ['الخميس'],
    absent: [mojibake('الاحتيال', 'cp1256'), mojibake('الخميس', 'cp1256')],
  },
);

// an old client's message: raw Windows-1251 in the Subject header and the body, no charset anywhere
add(
  'eml-unlabelled-8bit-cp1251.eml',
  Buffer.concat([
    Buffer.from('From: "Kuznetsov" <kuznetsov@example.test>\r\nTo: <office@example.test>\r\nSubject: '),
    iconv.encode('Жалоба на действия следователя', 'cp1251'),
    Buffer.from('\r\nDate: Mon, 3 Mar 2003 09:00:00 +0300\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'),
    iconv.encode('Прошу рассмотреть жалобу на действия следователя Белова.\r\nОбыск проведён без понятых, протокол мне не вручили.\r\n', 'cp1251'),
  ]),
  {
    detectedType: 'message/rfc822',
    words: ['Жалоба', 'следователя', 'понятых', 'протокол', 'Белова'],
    search: ['понятых', 'Жалоба'],
    absent: ['\ufffd', mojibake('следователя', 'cp1251')],
  },
);

// ---- RTF ----

add(
  'rtf-ansicpg1251-cyrillic.rtf',
  rtfInCodePage({
    codePage: 1251,
    fontCharset: 204,
    fontName: 'Times New Roman Cyr',
    paragraphs: ['ОБВИНИТЕЛЬНОЕ ЗАКЛЮЧЕНИЕ', 'Обвиняемый Соколов совершил кражу имущества из магазина на улице Ленина.', 'Похищенное имущество изъято при обыске.'],
    unicodeParagraphs: ['Приложение: опись изъятого имущества (Ω 12).'],
  }),
  {
    detectedType: 'application/rtf',
    words: ['ОБВИНИТЕЛЬНОЕ', 'Обвиняемый', 'Соколов', 'кражу', 'обыске', 'опись'],
    search: ['обыске', 'Соколов'],
    absent: [mojibake('кражу', 'cp1251')],
  },
);

add(
  'rtf-ansicpg936-chinese.rtf',
  rtfInCodePage({
    codePage: 936,
    fontCharset: 134,
    fontName: '宋体',
    paragraphs: ['起诉书', '被告人刘某于二〇二四年三月在超市盗窃手机一部。', '以上事实有监控录像为证。'],
    unicodeParagraphs: ['附件：扣押物品清单 Ελληνικά'],
  }),
  {
    detectedType: 'application/rtf',
    words: ['起诉书', '被告人', '盗窃手机', '监控录像', '扣押物品清单', 'Ελληνικά'],
    absent: [mojibake('起诉书', 'cp936')],
  },
);

add(
  'rtf-ansicpg1252-fcharset161-greek.rtf',
  rtfInCodePage({
    codePage: 1253,
    documentCodePage: 1252,
    fontCharset: 161,
    fontName: 'Arial Greek',
    paragraphs: ['ΕΚΘΕΣΗ ΣΥΛΛΗΨΗΣ', 'Ο κατηγορούμενος Δημητρίου συνελήφθη στην οδό Ερμού με κλεμμένο πορτοφόλι.', 'Η σύλληψη έγινε παρουσία δύο μαρτύρων.'],
  }),
  {
    detectedType: 'application/rtf',
    words: ['ΕΚΘΕΣΗ', 'κατηγορούμενος', 'Δημητρίου', 'πορτοφόλι', 'μαρτύρων'],
    search: ['ΣΥΛΛΗΨΗΣ', 'ΕΚΘΕΣΗ'],
    absent: [mojibake('πορτοφόλι', 'cp1253')],
  },
);

// ---- plain text ----

const russianStatement = [
  'ПРОТОКОЛ ОСМОТРА МЕСТА ПРОИСШЕСТВИЯ',
  '',
  'Город Новосибирск, 12 февраля 2025 года.',
  'Следователь следственного отдела произвёл осмотр квартиры потерпевшей Волковой.',
  'В ходе осмотра обнаружены следы взлома входной двери и отпечатки пальцев на оконной раме.',
  'Изъяты: кухонный нож, перчатки, мобильный телефон чёрного цвета.',
  'Замечаний к протоколу не поступило.',
].join('\n');
add('txt-windows1251-protocol.txt', textInEncoding(russianStatement, 'cp1251'), {
  detectedType: 'text/plain',
  words: ['ПРОТОКОЛ', 'Новосибирск', 'потерпевшей', 'отпечатки', 'перчатки'],
  search: ['отпечатки', 'квартиры'],
  absent: [mojibake('потерпевшей', 'cp1251')],
});

const russianLetter = [
  'Ходатайство защитника',
  '',
  'Прошу приобщить к материалам уголовного дела характеристику с места работы обвиняемого Орлова',
  'и справку о состоянии его здоровья. Обвиняемый ранее не судим, имеет на иждивении двоих детей.',
  'Адвокат Белова',
].join('\n');
add('txt-koi8r-motion.txt', textInEncoding(russianLetter, 'koi8-r'), {
  detectedType: 'text/plain',
  words: ['Ходатайство', 'защитника', 'характеристику', 'иждивении', 'Белова'],
  search: ['характеристику', 'Орлова'],
  absent: [mojibake('Ходатайство', 'koi8-r')],
});

writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`encodings: wrote ${Object.keys(manifest).length} files to ${path.relative(root, out)}`);
