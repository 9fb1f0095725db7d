import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { renderTextPdf } from '../../../src/conversion/render/text-pdf.js';
it('scratch', async () => {
const text = [
  'Cyrillic: Уважаемый господин Петров, судебное заседание назначено.',
  'Greek: Αξιότιμε κύριε Παπαδόπουλε, η δίκη ορίστηκε.',
  'Chinese: 尊敬的王先生，法院审理定于下周一在第三法庭举行。',
  'Japanese: 裁判所の審理は月曜日です。カタカナ',
  'المحكمة الجنائية في القاهرة قضية رقم 2024/15 (Cairo) تأجيل الجلسة',
  'Case 12/2024: المحكمة الجنائية ends here.',
  'שלום עולם בית המשפט המחוזי',
  'Korean: 법원 심리는 월요일입니다',
].join('\n');
const t0 = process.hrtime.bigint();
const result = await renderTextPdf([{ text: 'Subject: test', heading: true }, { text }], { maxPages: 10 });
console.log('ms', Number(process.hrtime.bigint() - t0) / 1e6, result.pageCount, result.undrawnCharacters, result.bytes.length);
writeFileSync('/tmp/enc-exp/r.pdf', result.bytes);
console.log(execFileSync('pdftotext', ['/tmp/enc-exp/r.pdf', '-'], { encoding: 'utf8' }));
});
