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
});
