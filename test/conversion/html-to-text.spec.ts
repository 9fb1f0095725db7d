import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { htmlToText } from '../../src/conversion/render/html-to-text.js';
import { wrapText } from '../../src/conversion/render/text-pdf.js';

const limits = { maxInputChars: 5_000_000, maxOutputChars: 1_000_000 };

describe('htmlToText', () => {
  it('keeps the text, breaks lines at blocks, drops scripts, styles and comments, decodes entities', () => {
    const html = '<html><head><title>t</title><style>p{}</style></head><body><p>Knife&nbsp;found &amp; bagged</p><!-- hidden --><script>alert(1)</script><div>Exhibit&#32;JS/1 &#x2014; &pound;5</div><ul><li>one</li><li>two</li></ul><table><tr><td>a</td><td>b</td></tr></table></body></html>';
    expect(htmlToText(html, limits).text).toBe('Knife found & bagged\nExhibit JS/1 — £5\n• one\n• two\na\tb');
    expect(htmlToText('line one<br><br>line three', limits).text).toBe('line one\n\nline three');
  });

  it('flattens 100,000 levels of nesting without recursion', () => {
    const depth = 100_000;
    const html = `${'<div><span>'.repeat(depth)}deep text${'</span></div>'.repeat(depth)}`;
    const { text } = htmlToText(html, limits);
    expect(text).toBe('deep text');
  });

  it('caps what it reads and what it writes', () => {
    const html = '<p>word</p>'.repeat(100_000);
    const result = htmlToText(html, { maxInputChars: 1_000_000, maxOutputChars: 1_000 });
    expect(result.truncated).toBe(true);
    expect(result.text.length).toBeLessThanOrEqual(1_000);
  });

  it('never throws and never returns markup for arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2_000 }), (html) => {
        const { text } = htmlToText(html, { maxInputChars: 10_000, maxOutputChars: 10_000 });
        expect(text.length).toBeLessThanOrEqual(10_000);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom('<b>', '</b>', '<p>', '<script>', '</script>', '<!--', '-->', 'word', ' ', '&amp;', '<', '>'), { maxLength: 200 }), (pieces) => {
        const { text } = htmlToText(pieces.join(''), limits);
        expect(text).not.toMatch(/<\/?(b|p|script)>/);
      }),
      { numRuns: 500 },
    );
  });
});

describe('wrapText', () => {
  it('never loses a character and never exceeds the width', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 1_000 }).map((text) => text.replace(/[\t\r]/g, ' ')), fc.integer({ min: 10, max: 120 }), (text, columns) => {
        const lines = wrapText(text, columns);
        for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(columns);
        expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      }),
      { numRuns: 300 },
    );
  });
});
