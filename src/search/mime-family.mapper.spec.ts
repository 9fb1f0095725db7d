import { describe, expect, it } from '@jest/globals';
import { mimeFamilyOf } from './mime-family.mapper.js';

describe('mimeFamilyOf', () => {
  it.each([
    ['application/pdf', 'x.bin', 'pdf'],
    ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'a.docx', 'word'],
    ['application/msword; charset=binary', 'a.doc', 'word'],
    ['text/csv', 'a.csv', 'spreadsheet'],
    ['message/rfc822', 'a.eml', 'email'],
    ['application/vnd.ms-outlook', 'a.msg', 'email'],
    ['IMAGE/JPEG', 'a.jpg', 'image'],
    ['text/html', 'a.htm', 'html'],
    ['text/plain', 'a.txt', 'text'],
    ['application/octet-stream', 'MG11 Smith.DOCX', 'word'],
    ['application/octet-stream', 'scan.tiff', 'image'],
    ['application/octet-stream', 'no-extension', 'other'],
    ['', 'archive.zip', 'other'],
  ])('%s / %s → %s', (mimeType, fileName, family) => {
    expect(mimeFamilyOf(mimeType, fileName)).toBe(family);
  });
});
