import { describe, expect, it } from '@jest/globals';
import { deflateSync } from 'node:zlib';
import { scanPdfBytes } from './pdf-byte-scan.js';
import { decodeStream } from './pdf-stream-decode.js';
import { tokenizePdfSyntax } from './pdf-syntax-tokens.js';
import { needlesFor, redactedWords } from './redacted-needles.js';

const needles = (...strings: string[]) => needlesFor(redactedWords(strings));
const stream = (number: number, dict: string, body: Buffer): Buffer =>
  Buffer.concat([Buffer.from(`${number} 0 obj\n<< ${dict} /Length ${body.length} >>\nstream\n`, 'latin1'), body, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
const pdf = (...parts: Buffer[]): Buffer => Buffer.concat([Buffer.from('%PDF-1.7\n'), ...parts, Buffer.from('trailer\n<< /Root 1 0 R >>\n%%EOF\n')]);
const encodings = (bytes: Buffer, ...strings: string[]) => scanPdfBytes(bytes, needles(...strings)).findings.map((finding) => `${finding.location}: ${finding.encoding}`);

describe('redactedWords', () => {
  it('splits strings into distinct words of three or more characters, trimming punctuation', () => {
    expect(redactedWords(['John Smith,', 'of 12 Smith Street', '(Al)'])).toEqual([
      { stringIndex: 0, word: 'John' },
      { stringIndex: 0, word: 'Smith' },
      { stringIndex: 1, word: 'Street' },
    ]);
  });
});

describe('tokenizePdfSyntax', () => {
  it('decodes literal escapes, hex strings, TJ arrays and escaped names', () => {
    const tokens = tokenizePdfSyntax(Buffer.from('/Ann#6Fts [(Sm) -20 <6974> 5 (h)] TJ (a\\(b\\)\\101\\\nc) <4 1 4>', 'latin1'));
    expect(tokens.names.map((name) => name.name)).toEqual(['Annots']);
    expect(tokens.strings.map((string) => [string.form, string.bytes.toString('latin1')])).toEqual([
      ['literal', 'Sm'],
      ['hex', 'it'],
      ['literal', 'h'],
      ['TJ-split', 'Smith'],
      ['literal', 'a(b)Ac'],
      ['hex', 'A@'],
    ]);
  });

  it('survives unterminated input', () => {
    expect(tokenizePdfSyntax(Buffer.from('[(abc <41')).strings.map((string) => string.bytes.toString('latin1'))).toEqual(['abc <41']);
  });
});

describe('decodeStream', () => {
  it('applies filter chains and stops at image codecs', () => {
    const text = Buffer.from('Hello, stream');
    const hexOfFlate = Buffer.from(`${deflateSync(text).toString('hex')}>`);
    expect(decodeStream(hexOfFlate, ['AHx', 'FlateDecode'])).toEqual({ data: text, complete: true });
    expect(decodeStream(Buffer.from('87cURD]i,"Ebo80~>'), ['ASCII85Decode']).data.toString('latin1')).toBe('Hello World!');
    expect(decodeStream(Buffer.from([2, 0x61, 0x62, 0x63, 0xfe, 0x7a, 0x80]), ['RunLengthDecode']).data.toString('latin1')).toBe('abczzz');
    expect(decodeStream(Buffer.from([0xff, 0xd8]), ['DCTDecode']).complete).toBe(false);
  });

  it('decodes LZW', () => {
    // the example from the PDF specification: 45 45 45 45 45 65 45 45 45 66
    const lzw = Buffer.from([0x80, 0x0b, 0x60, 0x50, 0x22, 0x0c, 0x0c, 0x85, 0x01]);
    expect([...decodeStream(lzw, ['LZWDecode']).data]).toEqual([45, 45, 45, 45, 45, 65, 45, 45, 45, 66]);
  });
});

describe('scanPdfBytes', () => {
  it('finds a word in every encoding the issue names, case-insensitively', () => {
    const utf16be = Buffer.from('Quarrington', 'utf16le').swap16();
    const file = pdf(
      stream(4, '', Buffer.from('BT (quarrington) Tj ET')),
      stream(5, '', Buffer.from('BT <51 75 61 72 72 69 6e 67 74 6f 6E> Tj ET')),
      stream(6, '', Buffer.concat([Buffer.from('BT ('), utf16be, Buffer.from(') Tj ET')])),
      stream(7, '/Filter /FlateDecode', deflateSync(Buffer.from('QUARRINGTON', 'utf16le'))),
      stream(8, '', Buffer.from('BT [(Qua) -12 (rring) 40.5 (ton)] TJ ET')),
      stream(9, '', Buffer.from('BT (Qu\\141rrington) Tj ET')),
      Buffer.from('10 0 obj\n<< /Title <FEFF 0051 0075 0061 0072 0072 0069 006E 0067 0074 006F 006E> >>\nendobj\n'),
    );
    expect(encodings(file, 'Quarrington')).toEqual(
      expect.arrayContaining([
        'stream 4 0 R: plain',
        'stream 5 0 R: hex digits, plain',
        'stream 6 0 R: UTF-16BE',
        'stream 7 0 R: UTF-16LE',
        'stream 8 0 R: TJ-split, plain',
        'stream 9 0 R: literal string, plain',
        'object 10 0 R: hex digits, UTF-16BE',
        'object 10 0 R: hex string, UTF-16BE',
      ]),
    );
  });

  it('reads stream bodies the cross-reference no longer points at, and counts revisions', () => {
    const old = stream(4, '/Filter /FlateDecode', deflateSync(Buffer.from('BT (Quarrington) Tj ET')));
    const file = Buffer.concat([pdf(old), Buffer.from('4 0 obj\n<< /Length 0 >>\nstream\n\nendstream\nendobj\ntrailer\n<< /Prev 9 >>\n%%EOF\n')]);
    const result = scanPdfBytes(file, needles('Quarrington'));
    expect(result.findings).toEqual([{ location: 'stream 4 0 R', stringIndex: 0, encoding: 'plain' }]);
    expect(result.revisions).toEqual({ eofMarkers: 2, prevKeys: 1 });
  });

  it('scans embedded PDFs and undeclared zlib bodies', () => {
    const inner = pdf(stream(1, '/Filter /FlateDecode', deflateSync(Buffer.from('(Quarrington) Tj'))));
    const file = pdf(stream(4, '/Type /EmbeddedFile /Filter /FlateDecode', deflateSync(inner)), stream(5, '', deflateSync(Buffer.from('Quarrington'))));
    expect(encodings(file, 'Quarrington')).toEqual(expect.arrayContaining(['stream 4 0 R > embedded PDF > stream 1 0 R: plain', 'stream 5 0 R: plain']));
  });

  it('does not look for short needles in binary data, where they match by chance', () => {
    const binary = Buffer.alloc(4096);
    for (let i = 0; i < binary.length; i += 1) binary[i] = (i * 37) % 256;
    binary.write('Ann', 100, 'latin1');
    binary.write('Quarrington', 2000, 'latin1');
    const file = pdf(stream(4, '/Subtype /Image', binary));
    expect(encodings(file, 'Ann', 'Quarrington')).toEqual(['stream 4 0 R: plain']);
    expect(scanPdfBytes(file, needles('Ann', 'Quarrington')).findings[0]?.stringIndex).toBe(1);
  });

  it('finds nothing in a document without the words', () => {
    const file = pdf(stream(4, '', Buffer.from('BT (Witness statement) Tj ET')));
    expect(scanPdfBytes(file, needles('Quarrington')).findings).toEqual([]);
  });
});

describe('scanPdfBytes and the PDF grammar', () => {
  it('does not mistake names, keywords and operators for surviving words', () => {
    const file = pdf(
      Buffer.from('3 0 obj\n<< /Type /Page /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>\nendobj\n'),
      stream(4, '', Buffer.from('/Artifact BMC EMC BT /F1 12 Tf (Witness) Tj ET')),
      stream(6, '', Buffer.from('/CIDInit /ProcSet findresource begin 12 dict begin begincmap endcmap end end')),
    );
    expect(encodings(file, 'page', 'contents', 'font', 'trailer', 'stream', 'begin', 'identity', 'artifact')).toEqual([]);
  });

  it('still finds those words in strings, custom names and other text', () => {
    const file = pdf(
      Buffer.from('3 0 obj\n<< /Type /Page /Title (the trailer) /Page#20Turner 1 >>\nendobj\n'),
      stream(4, '/Type /EmbeddedFile', Buffer.from('Contents of the page of the trailer')),
    );
    expect(encodings(file, 'trailer', 'page')).toEqual(
      expect.arrayContaining(['object 3 0 R: literal string, plain', 'object 3 0 R: plain', 'stream 4 0 R: plain']),
    );
    expect(scanPdfBytes(file, needles('trailer', 'page')).findings.filter((finding) => finding.location === 'stream 4 0 R').map((finding) => finding.stringIndex)).toEqual([0, 1]);
  });

  it('looks for hex digits only inside hex strings, not in xref offsets', () => {
    const file = pdf(Buffer.from('xref\n0 2\n0000000000 65535 f \n0000616263 00000 n \n'), stream(4, '', Buffer.from('<00 61 62 63> Tj')));
    expect(encodings(file, 'abc')).toEqual(['stream 4 0 R: hex digits, plain', 'stream 4 0 R: hex string, plain']);
  });
});

describe('scanPdfBytes and hex strings', () => {
  it('does not mistake the hex digits of a <hex string> for redacted digits, but still finds a secret the string decodes to', () => {
    // "casework-facade" in UTF-16BE: its hex digits contain "0065007700", which holds "07700".
    const producer = Buffer.from('1 0 obj\n<< /Producer <FEFF0063006100730065 0077006F0072006B002D0066006100630061006400650> >>\nendobj\n', 'latin1');
    expect(encodings(pdf(producer), '07700 900123')).toEqual([]);

    const secret = Buffer.from(`1 0 obj\n<< /Title <${Buffer.from('07700 900123', 'latin1').toString('hex')}> >>\nendobj\n`, 'latin1');
    expect(encodings(pdf(secret), '07700 900123').length).toBeGreaterThan(0);
  });
});

describe('scanPdfBytes: numbers and names the engine writes are grammar, strings never are', () => {
  const content = (body: string): Buffer => pdf(stream(4, '', Buffer.from(body, 'latin1')));

  it('ignores a redacted number inside coordinates, lengths, cross-reference offsets and resource names', () => {
    const bytes = content('q 144.125 0 0 1967 0 0 cm /I0 Do Q BT /F1-4032 9.5 Tf 1 0 0 1 72 1980.5 Tm ET');
    expect(encodings(Buffer.concat([bytes, Buffer.from('xref\n0 2\n0000001967 00000 n \n')]), '144', '1967', '1980', '4032')).toEqual([]);
  });

  it('still finds a redacted number shown as a literal, hex or TJ-split string', () => {
    expect(encodings(content('BT (Tel 07700 900788) Tj ET'), '900788')).toEqual(['stream 4 0 R: literal string, plain']);
    expect(encodings(content('BT <393030373838> Tj ET'), '900788')).toEqual(expect.arrayContaining(['stream 4 0 R: hex string, plain']));
    expect(encodings(content('BT [(900) -12 (788)] TJ ET'), '900788')).toEqual(['stream 4 0 R: TJ-split, plain']);
  });

  it('treats the standard fonts as grammar but a redacted word in any other name as content', () => {
    expect(encodings(content('BT /Helvetica 9 Tf ET'), 'Helvetica')).toEqual([]);
    expect(encodings(content('q /Redacted-7098 Do Q'), 'Act')).toEqual(['stream 4 0 R: plain']);
  });
});
