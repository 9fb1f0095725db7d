import { describe, expect, it } from '@jest/globals';
import { decodeXmlText, parseBboxLayout } from './poppler-bbox-layout.mapper.js';
import { parsePdfInfo } from './pdfinfo-page-boxes.mapper.js';

const OUTPUT = `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><html xmlns="http://www.w3.org/1999/xhtml">
<head>
<title>&amp; not a word</title>
<meta name="Creator" content="x &lt;word&gt;"/>
</head>
<body>
<doc>
  <page width="612.000000" height="792.000000">
    <flow>
      <block xMin="72.000000" yMin="83.384000" xMax="184.020000" yMax="94.484000">
        <line xMin="72.000000" yMin="83.384000" xMax="184.020000" yMax="94.484000">
          <word xMin="72.000000" yMin="83.384000" xMax="99.336000" yMax="94.484000">R&amp;D</word>
          <word xMin="102.672000" yMin="83.384000" xMax="152.016000" yMax="94.484000">&lt;knife&gt;</word>
          <word xMin="-1.5" yMin="83.384000" xMax="1e1" yMax="94.484000">&quot;&apos;&#65;&ent;</word>
        </line>
      </block>
    </flow>
  </page>
  <page width="400.000000" height="500.000000">
  </page>
</doc>
</body>
</html>`;

describe('parseBboxLayout', () => {
  it('reads pages, lines and words with boxes, skipping the DOCTYPE and head', () => {
    const pages = parseBboxLayout(OUTPUT);
    expect(pages.map(({ width, height }) => ({ width, height }))).toEqual([
      { width: 612, height: 792 },
      { width: 400, height: 500 },
    ]);
    expect(pages[1].lines).toEqual([]);
    const [line] = pages[0].lines;
    expect(line.text).toBe('R&D <knife> "\'&#65;&ent;');
    expect(line.box).toEqual({ x: 72, y: 83.384, width: 112.02, height: 11.1 });
    expect(line.words[0]).toEqual({ text: 'R&D', box: { x: 72, y: 83.384, width: 27.336, height: 11.1 } });
    expect(line.words[2].box).toEqual({ x: -1.5, y: 83.384, width: 11.5, height: 11.1 });
  });

  it('decodes only the five predefined entities', () => {
    expect(decodeXmlText('&amp;&lt;&gt;&quot;&apos;&#x41;&xxe;')).toBe('&<>"\'&#x41;&xxe;');
  });

  it('survives truncated output without throwing', () => {
    expect(() => parseBboxLayout(OUTPUT.slice(0, OUTPUT.indexOf('&lt;knife')))).not.toThrow();
    expect(parseBboxLayout('<page width="1" height="2"><line xMin="0" yMin="0" xMax="1" yMax="1"><word xMin="0"')).toHaveLength(1);
  });

  // Its speed (linear in the output's size) is measured by bench/ingestion ("extraction, word model (poppler)", 105,377 words).
  it('parses a 200-page, 100,000-word document completely', () => {
    const word = '          <word xMin="72.000000" yMin="83.384000" xMax="99.336000" yMax="94.484000">evidence</word>\n';
    const line = `        <line xMin="72.000000" yMin="83.384000" xMax="184.020000" yMax="94.484000">\n${word.repeat(10)}        </line>\n`;
    const page = `  <page width="612.000000" height="792.000000">\n${line.repeat(50)}  </page>\n`;
    const pages = parseBboxLayout(`<doc>\n${page.repeat(200)}</doc>`);
    expect(pages).toHaveLength(200);
    expect(pages.reduce((sum, p) => sum + p.lines.reduce((count, l) => count + l.words.length, 0), 0)).toBe(100_000);
    expect(pages[199].lines[49].words[9]).toEqual({ text: 'evidence', box: { x: 72, y: 83.384, width: 27.336, height: 11.1 } });
  });
});

describe('parsePdfInfo', () => {
  it('reads page count, encryption, and each page rotation and CropBox', () => {
    const info = parsePdfInfo(
      [
        'Pages:           2',
        'Encrypted:       no',
        'Page    1 size:  612 x 792 pts (letter)',
        'Page    1 rot:   90',
        'Page    1 MediaBox:      0.00     0.00   612.00   792.00',
        'Page    1 CropBox:      50.00   100.00   450.00   600.00',
        'Page    2 rot:   -90',
        'Page    2 MediaBox:      0.00     0.00   595.28   841.89',
      ].join('\n'),
    );
    expect(info.pageCount).toBe(2);
    expect(info.encrypted).toBe(false);
    expect(info.pages.get(0)).toEqual({ rotation: 90, cropBox: { x0: 50, y0: 100, x1: 450, y1: 600 } });
    expect(info.pages.get(1)).toEqual({ rotation: 270, cropBox: { x0: 0, y0: 0, x1: 595.28, y1: 841.89 } });
  });
});
