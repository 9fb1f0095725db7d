import { describe, expect, it } from '@jest/globals';
import iconv from 'iconv-lite';
import { withUnlabelled8BitAsUtf8 } from './eml-unlabelled-8bit.js';

const RUSSIAN = 'Суд признал подсудимого виновным в грабеже и назначил наказание.';

describe('withUnlabelled8BitAsUtf8', () => {
  it('leaves a message that is valid UTF-8 alone', () => {
    const raw = Buffer.from(`Subject: ${RUSSIAN}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${RUSSIAN}\r\n`, 'utf8');
    expect(withUnlabelled8BitAsUtf8(raw)).toBe(raw);
  });

  it('re-encodes a message with no charset anywhere from the code page its bytes show', () => {
    const raw = Buffer.concat([Buffer.from('Subject: '), iconv.encode('Решение суда по делу', 'cp1251'), Buffer.from('\r\nMIME-Version: 1.0\r\n\r\n'), iconv.encode(RUSSIAN, 'cp1251')]);
    expect(withUnlabelled8BitAsUtf8(raw).toString('utf8')).toBe(`Subject: Решение суда по делу\r\nMIME-Version: 1.0\r\n\r\n${RUSSIAN}`);
  });

  it('re-encodes raw 8-bit headers in the charset the body declares, and leaves the declared body to the parser', () => {
    const body = iconv.encode(RUSSIAN, 'koi8-r');
    const raw = Buffer.concat([Buffer.from('Subject: '), iconv.encode('Повестка', 'koi8-r'), Buffer.from('\r\nContent-Type: text/plain; charset=koi8-r\r\n\r\n'), body]);
    const fixed = withUnlabelled8BitAsUtf8(raw);
    expect(fixed.subarray(0, fixed.indexOf('\r\n\r\n')).toString('utf8')).toBe('Subject: Повестка\r\nContent-Type: text/plain; charset=koi8-r');
    expect(fixed.subarray(fixed.length - body.length).equals(body)).toBe(true);
  });

  it('does not touch a body when a part is raw binary', () => {
    const raw = Buffer.concat([Buffer.from('Subject: x\r\nContent-Transfer-Encoding: binary\r\n\r\n'), Buffer.from([0xff, 0xfe, 0x00, 0x81, 0xc0])]);
    expect(withUnlabelled8BitAsUtf8(raw)).toBe(raw);
  });

  it('reads charset and transfer-encoding labels in header blocks only, never in a body or a base64 attachment', () => {
    // enough of a letter for its code page to show among the attachment's first lines
    const LETTER = Array.from({ length: 300 }, () => RUSSIAN).join('\r\n');
    // eight bytes per line of base64 that spell charset= (as a decoder reads them), in a 1 MB attachment
    const attachment = Array.from({ length: 16_384 }, (_, line) => `${Buffer.alloc(45, line % 251).toString('base64')}charset=`).join('\r\n');
    const raw = Buffer.concat([
      Buffer.from('Subject: '),
      iconv.encode('Решение суда по делу', 'cp1251'),
      Buffer.from('\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed;\r\n boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\n'),
      iconv.encode(LETTER, 'cp1251'),
      Buffer.from('\r\nThe letter quotes a header: Content-Type: text/plain; charset=iso-8859-7\r\n'),
      Buffer.from(`--b1\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename="scan.bin"\r\n\r\n${attachment}\r\n--b1--\r\n`),
    ]);
    expect(attachment.length).toBeGreaterThan(1_000_000);
    const fixed = withUnlabelled8BitAsUtf8(raw).toString('utf8');
    expect(fixed.startsWith('Subject: Решение суда по делу\r\n')).toBe(true);
    expect(fixed).toContain(`\r\n\r\n${LETTER}\r\nThe letter quotes`);
    expect(fixed.endsWith(`${attachment}\r\n--b1--\r\n`)).toBe(true);
  });

  it('finds the charset a nested part declares', () => {
    const raw = Buffer.concat([
      Buffer.from('Subject: '),
      iconv.encode('Повестка', 'koi8-r'),
      Buffer.from('\r\nContent-Type: multipart/mixed; boundary=outer\r\n\r\n--outer\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n--inner\r\nContent-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'),
      iconv.encode(RUSSIAN, 'koi8-r'),
      Buffer.from('\r\n--inner--\r\n--outer--\r\n'),
    ]);
    const fixed = withUnlabelled8BitAsUtf8(raw);
    expect(fixed.subarray(0, fixed.indexOf('\r\n')).toString('utf8')).toBe('Subject: Повестка');
    expect(fixed.includes(iconv.encode(RUSSIAN, 'koi8-r'))).toBe(true);
  });
});
