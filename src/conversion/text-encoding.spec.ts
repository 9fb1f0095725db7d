import { describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import { sniffBytes } from './sniff.js';
import { legacyEncodingOf } from './text-encoding.js';

const encoded = (text: string, encoding: string) => new Uint8Array(iconv.encode(text, encoding));

const RUSSIAN = 'Свидетель показал, что видел подозреваемого возле гаража поздно вечером в пятницу.';
const GREEK = 'Ο μάρτυρας δήλωσε ότι είδε τον ύποπτο κοντά στο γκαράζ αργά το βράδυ της Παρασκευής.';
const ARABIC = 'قال الشاهد إنه رأى المشتبه به قرب المرآب في وقت متأخر من مساء الجمعة.';
const HEBREW = 'העד מסר כי ראה את החשוד ליד המוסך בשעה מאוחרת ביום שישי בערב.';
const CHINESE = '证人说他在星期五晚上很晚的时候看见嫌疑人在车库附近。';
const TRADITIONAL = '證人說他在星期五晚上很晚的時候看見嫌疑人在車庫附近。';
const JAPANESE = '証人は金曜日の夜遅くにガレージの近くで容疑者を見たと述べた。';

describe('legacyEncodingOf', () => {
  it.each([
    ['Cyrillic, Windows-1251', RUSSIAN, 'cp1251', 'windows-1251'],
    ['Cyrillic, KOI8-R', RUSSIAN, 'koi8-r', 'koi8-r'],
    ['Cyrillic, ISO-8859-5', RUSSIAN, 'iso-8859-5', 'iso-8859-5'],
    ['Greek, ISO-8859-7', GREEK, 'iso-8859-7', 'iso-8859-7'],
    ['Arabic, Windows-1256', ARABIC, 'cp1256', 'windows-1256'],
    ['Hebrew, Windows-1255', `${HEBREW} — ״`, 'cp1255', 'windows-1255'],
    ['Chinese, GBK', CHINESE, 'gbk', 'gb18030'],
    ['Chinese, Big5', TRADITIONAL, 'big5', 'big5'],
    ['Japanese, Shift_JIS', JAPANESE, 'shift_jis', 'shift_jis'],
    ['Japanese, EUC-JP', JAPANESE, 'euc-jp', 'euc-jp'],
  ])('tells %s', (_name, text, encoding, expected) => {
    expect(legacyEncodingOf(encoded(`${text}\n${text}`, encoding))).toBe(expected);
  });

  it('says Windows-1253 for Greek text that uses the Windows-only punctuation', () => {
    expect(legacyEncodingOf(encoded(`«${GREEK}» — ${GREEK}`, 'cp1253'))).toBe('windows-1253');
  });

  it('leaves Western text and text with few non-ASCII bytes to Windows-1252', () => {
    expect(legacyEncodingOf(encoded('Déjà vu: the café’s naïve façade, São Paulo, Zürich, Malmö, £5 and €10 — “quoted”.', 'cp1252'))).toBeUndefined();
    expect(legacyEncodingOf(encoded('Caf\u00e9 au lait', 'cp1252'))).toBeUndefined();
  });
});

describe('sniff: text in a legacy code page', () => {
  it('reports the code page of a Windows-1251 or KOI8-R text file, and still Windows-1252 for Western text', async () => {
    expect(await sniffBytes(encoded(RUSSIAN, 'cp1251'))).toEqual({ type: 'text', mimeType: 'text/plain', textEncoding: 'windows-1251' });
    expect((await sniffBytes(encoded(RUSSIAN, 'koi8-r'))).textEncoding).toBe('koi8-r');
    expect((await sniffBytes(encoded('Witness: Zoë Brontë, café owner, Rue de l’Église.', 'cp1252'))).textEncoding).toBe('windows-1252');
  });

  it('takes double-byte Chinese text for text, not binary', async () => {
    expect(await sniffBytes(encoded(`${CHINESE}\n${CHINESE}`, 'gbk'))).toEqual({ type: 'text', mimeType: 'text/plain', textEncoding: 'gb18030' });
  });

  it('recognises 7-bit ISO-2022-JP by its escape sequences', async () => {
    expect((await sniffBytes(new Uint8Array(Buffer.from('\x1b$B>ZEr\x1b(B report', 'latin1')))).textEncoding).toBe('iso-2022-jp');
  });
});
