import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { asciiFallback, contentDisposition, encodeRfc5987, sanitizeFileName } from './content-disposition.js';

/** Reads filename* back the way a user agent does (RFC 5987 / 8187). */
const decodedExtValue = (header: string): string => {
  const match = /filename\*=UTF-8''([^;\s]*)$/.exec(header);
  if (match === null) throw new Error(`no filename* in ${header}`);
  return decodeURIComponent(match[1]);
};
const fallbackOf = (header: string): string => {
  const match = /filename="([^"]*)"/.exec(header);
  if (match === null) throw new Error(`no filename in ${header}`);
  return match[1];
};

describe('contentDisposition', () => {
  it('keeps a plain ASCII name as it is in both parameters', () => {
    expect(contentDisposition('attachment', 'statement.pdf')).toBe(`attachment; filename="statement.pdf"; filename*=UTF-8''statement.pdf`);
    expect(contentDisposition('inline', 'statement.pdf')).toMatch(/^inline; /);
  });

  it('gives non-ASCII names an ASCII fallback and an exact UTF-8 filename*', () => {
    const header = contentDisposition('attachment', 'Déclaration de témoin – Zoë 東京.pdf');
    expect(fallbackOf(header)).toBe('Declaration de temoin _ Zoe __.pdf');
    expect(decodedExtValue(header)).toBe('Déclaration de témoin – Zoë 東京.pdf');
    expect(header).toContain("filename*=UTF-8''D%C3%A9claration%20de%20t%C3%A9moin%20%E2%80%93%20Zo%C3%AB%20%E6%9D%B1%E4%BA%AC.pdf");
  });

  it('cannot be broken out of by quotes, backslashes, semicolons or CR/LF in the name', () => {
    const header = contentDisposition('attachment', 'evil";\r\nSet-Cookie: a=b; filename="x.exe\\.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    expect(fallbackOf(header)).toBe('evil_;Set-Cookie: a=b; filename=_x.exe_.pdf');
    expect(header.match(/"/g)).toHaveLength(2);
    expect(decodedExtValue(header)).toBe('evil";Set-Cookie: a=b; filename="x.exe_.pdf');
  });

  it('drops path separators and control characters, and names an empty file "download"', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(sanitizeFileName('a\u0000b\u007fc\td')).toBe('abcd');
    expect(sanitizeFileName(' \r\n ')).toBe('download');
    expect(contentDisposition('attachment', '')).toBe(`attachment; filename="download"; filename*=UTF-8''download`);
  });

  it('survives lone surrogates', () => {
    const header = contentDisposition('attachment', 'a\uD800b.pdf');
    expect(decodedExtValue(header)).toBe('a\uFFFDb.pdf');
  });

  it("percent-encodes RFC 5987's non-attr-chars that encodeURIComponent leaves alone", () => {
    expect(encodeRfc5987("it's (1)*.pdf")).toBe('it%27s%20%281%29%2A.pdf');
    expect(asciiFallback('100% done.pdf')).toBe('100_ done.pdf');
  });

  it('always yields a single-line header whose filename* decodes to the sanitised name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (name) => {
        const header = contentDisposition('attachment', name);
        expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
        expect(fallbackOf(header)).not.toMatch(/["\\%]/);
        expect(decodedExtValue(header)).toBe(sanitizeFileName(name));
      }),
    );
  });
});
