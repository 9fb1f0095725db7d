import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { DomainError } from '../common/domain-error.js';
import {
  decodeLegacyText,
  decodeWindows1252,
  fromLegacyDate,
  fromLegacyDateTime,
  fromLegacyFlag,
  fromLegacyId,
  legacyList,
  legacyText,
  toLegacyId,
} from './legacy.mapper.js';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not-a-domain-error';
  }
};

/** Every character Windows-1252 can carry (its five unassigned bytes excluded). */
const cp1252Chars = [...new Set(Array.from({ length: 256 }, (_, byte) => iconv.decode(Buffer.from([byte]), 'windows-1252')))].filter(
  (char) => char !== '\uFFFD' && iconv.encode(char, 'windows-1252').length === 1 && iconv.decode(iconv.encode(char, 'windows-1252'), 'windows-1252') === char,
);

describe('ids', () => {
  it('round-trips every facade id through the legacy form', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), (n) => {
        const legacy = toLegacyId(String(n));
        expect(legacy).toMatch(/^\d{8}$/);
        expect(fromLegacyId(legacy)).toBe(String(n));
      }),
    );
  });

  it('maps 00000042 to "42"', () => {
    expect(fromLegacyId('00000042')).toBe('42');
    expect(toLegacyId('42')).toBe('00000042');
  });

  it('rejects legacy ids that are not exactly 8 digits', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^\d{8}$/.test(s)),
        (bad) => {
          expect(codeOf(() => fromLegacyId(bad))).toBe('LEGACY_BAD_RESPONSE');
        },
      ),
    );
    expect(codeOf(() => fromLegacyId('42'))).toBe('LEGACY_BAD_RESPONSE');
    expect(codeOf(() => fromLegacyId('000000042'))).toBe('LEGACY_BAD_RESPONSE');
  });

  it('refuses facade ids that are not canonical decimals', () => {
    for (const bad of ['', '042', '-1', '1e3', '123456789', 'abc']) expect(codeOf(() => toLegacyId(bad))).toBe('VALIDATION_FAILED');
  });
});

describe('dates', () => {
  const validDate = fc.date({ min: new Date(Date.UTC(1, 0, 1)), max: new Date(Date.UTC(9999, 11, 31, 23, 59, 59)), noInvalidDate: true });
  const legacyDateOf = (d: Date): string =>
    `${String(d.getUTCDate()).padStart(2, '0')}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCFullYear()).padStart(4, '0')}`;

  it('turns any real dd/MM/yyyy into the same day as yyyy-MM-dd', () => {
    fc.assert(
      fc.property(validDate, (d) => {
        expect(fromLegacyDate(legacyDateOf(d))).toBe(d.toISOString().slice(0, 10));
      }),
    );
  });

  it('turns any real dd/MM/yyyy HH:mm:ss (UTC) into the same instant in ISO-8601', () => {
    fc.assert(
      fc.property(validDate, (d) => {
        const time = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
        const whole = new Date(Math.floor(d.getTime() / 1000) * 1000);
        expect(fromLegacyDateTime(`${legacyDateOf(d)} ${time}`)).toBe(whole.toISOString());
      }),
    );
  });

  it('rejects impossible dates and times', () => {
    for (const bad of ['31/02/2024', '29/02/2023', '00/01/2024', '32/01/2024', '01/13/2024', '2024-03-07', '7/3/2024']) {
      expect(codeOf(() => fromLegacyDate(bad))).toBe('LEGACY_BAD_RESPONSE');
    }
    expect(fromLegacyDate('29/02/2024')).toBe('2024-02-29');
    for (const bad of ['07/03/2024 24:00:00', '07/03/2024 12:60:00', '07/03/2024 12:00:60', '31/04/2024 10:00:00', '07/03/2024']) {
      expect(codeOf(() => fromLegacyDateTime(bad))).toBe('LEGACY_BAD_RESPONSE');
    }
  });

  it('treats empty and absent dates as null', () => {
    expect(fromLegacyDate('')).toBeNull();
    expect(fromLegacyDate(undefined)).toBeNull();
    expect(fromLegacyDate({})).toBeNull();
    expect(fromLegacyDateTime('')).toBeNull();
  });
});

describe('flags', () => {
  it('maps Y/N and rejects everything else', () => {
    expect(fromLegacyFlag('Y')).toBe(true);
    expect(fromLegacyFlag('N')).toBe(false);
    fc.assert(
      fc.property(
        fc.string().filter((s) => s !== 'Y' && s !== 'N'),
        (bad) => {
          expect(codeOf(() => fromLegacyFlag(bad))).toBe('LEGACY_BAD_RESPONSE');
        },
      ),
    );
  });
});

describe('Windows-1252', () => {
  it('has the characters legacy names need', () => {
    for (const char of ['é', 'ö', '£', '€', '’']) expect(cp1252Chars).toContain(char);
  });

  it('decodes back exactly any string of cp1252-representable characters', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...cp1252Chars), { maxLength: 200 }), (chars) => {
        const text = chars.join('');
        const bytes = iconv.encode(text, 'windows-1252');
        expect(decodeWindows1252(bytes)).toBe(text);
        expect(decodeLegacyText(bytes, 'text/xml; charset=windows-1252')).toBe(text);
      }),
    );
  });

  it('falls back to the XML declaration, then UTF-8', () => {
    const xml = '<?xml version="1.0" encoding="windows-1252"?><Name>Zoë £5</Name>';
    expect(decodeLegacyText(iconv.encode(xml, 'windows-1252'), 'text/xml')).toBe(xml);
    expect(decodeLegacyText(Buffer.from('<a>é</a>', 'utf8'), undefined)).toBe('<a>é</a>');
  });
});

describe('node-soap shapes', () => {
  it('reads empty elements as empty text and lists of one as arrays', () => {
    expect(legacyText({})).toBe('');
    expect(legacyText({ $value: 'x' })).toBe('x');
    expect(legacyList(undefined)).toEqual([]);
    expect(legacyList({ a: 1 })).toEqual([{ a: 1 }]);
    expect(legacyList([1, 2])).toEqual([1, 2]);
  });
});
