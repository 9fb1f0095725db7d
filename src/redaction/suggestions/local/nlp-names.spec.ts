import { detectLocally } from '../pii-span-assembly.js';

const namesIn = (text: string, nlpNames: boolean): string[] =>
  detectLocally({ pages: [{ pageIndex: 0, text }], people: [] }, { nlpNames })
    .filter((span) => span.category === 'name')
    .map((span) => span.text);

describe('names no rule explains, put to compromise (nlp-names)', () => {
  const uncued = "Kwame Asante went back inside. I think Ioana Petrescu's car was outside. Neither Dafydd Pryce nor I knew what to do.";

  it('finds full names with no title, relation or introduction, without a possessive', () => {
    expect(namesIn(uncued, false)).not.toEqual(expect.arrayContaining(['Ioana Petrescu', 'Dafydd Pryce']));
    expect(namesIn(uncued, true)).toEqual(expect.arrayContaining(['Kwame Asante', 'Ioana Petrescu', 'Dafydd Pryce']));
  });

  it('gives their later mentions the same person key', () => {
    const spans = detectLocally({ pages: [{ pageIndex: 0, text: `${uncued} Later Petrescu came back.` }], people: [] });
    const petrescu = spans.filter((span) => span.text.includes('Petrescu'));
    expect(petrescu.map((span) => span.text)).toEqual(['Ioana Petrescu', 'Petrescu']);
    expect(new Set(petrescu.map((span) => span.personKey)).size).toBe(1);
    expect(petrescu[0].personKey).not.toBeNull();
  });

  it('suggests no house, street, court, force, shop, month or heading', () => {
    expect(namesIn('Yours sincerely\nOswin Ploughwright\nFrom: the case team', true)).not.toContain('Ploughwright From');
    const lookalikes = 'Rose Cottage was dark. Cardiff Crown Court sat at ten. South Wales Police came. We went to Tesco Express in Swansea. It was Easter Monday in March. WITNESS STATEMENT. Kind Regards. Good Morning.';
    expect(namesIn(lookalikes, true)).toEqual([]);
  });
});
