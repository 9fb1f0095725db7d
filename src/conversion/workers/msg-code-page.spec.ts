import { describe, expect, it } from '@jest/globals';
import MsgReaderModule from '@kenjiuno/msgreader';
import type { ParserConfig } from '@kenjiuno/msgreader/lib/MsgReader.js';
import { msgInCodePage, type MsgInCodePageOptions } from '../../../scripts/hard-corpus/encoding-builders.mjs';
import { readMsgFields } from './msg-code-page.js';

const MsgReader = MsgReaderModule.default;

const RUSSIAN: MsgInCodePageOptions = {
  codePage: 1251,
  subject: 'Протокол допроса свидетеля',
  from: 'Следователь Иванов',
  fromEmail: 'ivanov@example.test',
  to: 'Судья Петрова',
  toEmail: 'petrova@example.test',
  body: 'Свидетель показал, что видел подозреваемого у банка.',
  attachments: [{ fileName: 'Протокол.txt', bytes: new Uint8Array(Buffer.from('протокол')) }],
};

/** Parses the message through readMsgFields, recording the parser configuration of every reader it opens. */
function read(bytes: Uint8Array) {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const opened: ParserConfig[] = [];
  const result = readMsgFields((parserConfig) => {
    opened.push(parserConfig);
    const reader = new MsgReader(buffer);
    reader.parserConfig = parserConfig;
    return reader;
  });
  return { ...result, opened };
}

describe('readMsgFields', () => {
  it('parses a Unicode message once, though it declares a code page', () => {
    for (const stringEntries of [false, true]) {
      const { fields, parses, opened, ansiEncoding } = read(msgInCodePage({ ...RUSSIAN, unicode: true, stringEntries }));
      expect(parses).toBe(1);
      expect(opened).toHaveLength(1);
      expect(ansiEncoding).toBeUndefined();
      expect(fields.subject).toBe(RUSSIAN.subject);
      expect(fields.senderName).toBe(RUSSIAN.from);
      expect(fields.body).toBe(RUSSIAN.body);
      expect(fields.attachments?.[0]?.fileName).toBe('Протокол.txt');
    }
  });

  it('parses a message with 8-bit strings again in its code page', () => {
    for (const stringEntries of [false, true]) {
      const { fields, parses, opened, ansiEncoding } = read(msgInCodePage({ ...RUSSIAN, stringEntries }));
      expect(parses).toBe(2);
      expect(opened.map((config) => config.ansiEncoding)).toEqual([undefined, 'cp1251']);
      expect(ansiEncoding).toBe('cp1251');
      expect(fields.subject).toBe(RUSSIAN.subject);
      expect(fields.recipients?.[0]?.name).toBe(RUSSIAN.to);
      expect(fields.body).toBe(RUSSIAN.body);
      expect(fields.attachments?.[0]?.fileName).toBe('Протокол.txt');
    }
  });

  const ascii = { ...RUSSIAN, codePage: 1252, subject: 'Witness statement', from: 'DC Smith', to: 'Judge Brown', body: 'The witness saw the suspect near the bank.', attachments: [] };

  it('parses once when the 8-bit strings are all ASCII, which the code page reads as msgreader does', () => {
    const { fields, parses } = read(msgInCodePage({ ...ascii, stringEntries: true }));
    expect(parses).toBe(1);
    expect(fields.subject).toBe(ascii.subject);
    expect(fields.body).toBe(ascii.body);
  });

  it('reads an 8-byte 8-bit string that ends in NULs as text, not as a property-stream entry', () => {
    // "Дело" in cp1251, NUL-padded to eight bytes: the shape of an entry, but the subject's own stream,
    // and the only string of the message that is not ASCII
    const { fields, parses } = read(msgInCodePage({ ...ascii, codePage: 1251, subject: 'Дело\0\0\0\0', stringEntries: true }));
    expect(parses).toBe(2);
    expect(fields.subject).toBe('Дело');
  });

  it('parses a message that declares no code page once', () => {
    const { fields, parses } = read(msgInCodePage({ ...RUSSIAN, declare: [], unicode: true }));
    expect(parses).toBe(1);
    expect(fields.subject).toBe(RUSSIAN.subject);
  });
});
