import { describe, expect, it } from '@jest/globals';
import { scrubFindings } from './scrub-list.js';

const qpdfJson = (objects: Record<string, unknown>): string => JSON.stringify({ version: 2, qpdf: [{ jsonversion: 2 }, objects] });

describe('scrubFindings', () => {
  it('passes a bare document whose Info holds only the producer, and empty /Annots arrays', () => {
    const json = qpdfJson({
      'obj:1 0 R': { value: { '/Type': '/Catalog', '/Pages': '2 0 R' } },
      'obj:3 0 R': { value: { '/Type': '/Page', '/Annots': [] } },
      'obj:4 0 R': { value: { '/Producer': 'u:casework-facade' } },
      trailer: { value: { '/Root': '1 0 R', '/Info': '4 0 R', '/Size': 5 } },
    });
    expect(scrubFindings(json)).toEqual([]);
  });

  it('names every carrier on the scrub list and never quotes values or custom keys', () => {
    const json = qpdfJson({
      'obj:1 0 R': {
        value: {
          '/Type': '/Catalog',
          '/AcroForm': { '/Fields': ['9 0 R'] },
          '/Names': { '/EmbeddedFiles': { '/Names': ['u:x', '8 0 R'] }, '/JavaScript': '7 0 R' },
          '/OpenAction': { '/S': '/JavaScript', '/JS': 'u:app.alert(1)' },
          '/OCProperties': { '/OCGs': [] , '/D': {} },
          '/Outlines': '6 0 R',
          '/StructTreeRoot': '5 0 R',
          '/Metadata': '10 0 R',
          '/AF': ['8 0 R'],
        },
      },
      'obj:3 0 R': { value: { '/Type': '/Page', '/Annots': ['9 0 R'], '/Thumb': '11 0 R', '/AA': { '/O': '12 0 R' } } },
      'obj:4 0 R': { value: { '/Producer': 'u:x', '/Title': 'u:Secret title', '/SecretKeyName': 'u:y' } },
      'obj:10 0 R': { stream: { dict: { '/Type': '/Metadata', '/Subtype': '/XML' } } },
      trailer: { value: { '/Root': '1 0 R', '/Info': '4 0 R', '/Prev': 1234, '/Encrypt': '13 0 R' } },
    });
    const details = scrubFindings(json).map((finding) => finding.detail);
    expect(details).toEqual(
      expect.arrayContaining([
        '/AcroForm (form fields) in object 1 0 R',
        '/EmbeddedFiles (embedded files) in object 1 0 R',
        '/JavaScript (JavaScript) in object 1 0 R',
        '/JS (JavaScript) in object 1 0 R',
        '/OpenAction (an open action) in object 1 0 R',
        '/OCProperties (optional-content layers) in object 1 0 R',
        '/Outlines (outlines) in object 1 0 R',
        '/StructTreeRoot (a structure tree) in object 1 0 R',
        '/Metadata (XMP metadata) in object 1 0 R',
        '/AF (associated files) in object 1 0 R',
        '/Annots (annotations) in object 3 0 R',
        '/Thumb (a page thumbnail) in object 3 0 R',
        '/AA (additional actions) in object 3 0 R',
        'an XMP metadata stream in object 10 0 R',
        'the Info dictionary has /Title',
        'the Info dictionary has a custom key',
        'the trailer has /Prev: the file has more than one revision',
        'the output is encrypted, so its streams cannot be verified',
      ]),
    );
    expect(details.join('\n')).not.toMatch(/Secret|alert/);
  });

  it('fails when qpdf gave no object description', () => {
    expect(scrubFindings(JSON.stringify({ qpdf: [{}] }))).toEqual([{ detail: 'qpdf did not describe the objects of the output' }]);
  });
});
