import { describe, expect, it } from '@jest/globals';
import { detectLocally } from '../pii-span-assembly.js';

const detect = (text: string, people = []) => detectLocally({ pages: [{ pageIndex: 0, text }], people });
const found = (text: string): string[] => detect(text).map((span) => `${span.category}:${span.text}`);

describe('detectLocally: what a careful lawyer would catch', () => {
  it.each([
    ['At 23:40 a man I now know to be Kwame Asante came in.', 'name:Kwame Asante'],
    ['DC Sarah Whitlock took my statement.', 'name:Sarah Whitlock'],
    ['I then spoke to Tobias FENWICK about the car.', 'name:Tobias FENWICK'],
    ['PC 4521 Dafydd PRICE arrived.', 'name:Dafydd PRICE'],
    ['I was seen by Dr Aisha Rahman.', 'name:Aisha Rahman'],
    ['I spoke to Ms. Siobhán Ní Bhriain.', 'name:Siobhán Ní Bhriain'],
    ["My brother Cathal O'Connor-Byrne was there.", "name:Cathal O'Connor-Byrne"],
    ['Her date of birth is 7/3/84 and she was born 7th June 1979.', 'dob:7th June 1979'],
    ['Suspect: Imran HUSSAIN DOB: 14/2/65', 'dob:14/2/65'],
    ['She lives at The Old Forge, Church Street, Thornbury.', 'address:The Old Forge, Church Street, Thornbury'],
    ['He lives at 9 Heol y Nant, Cardiff CF14 7QX.', 'address:9 Heol y Nant, Cardiff'],
    ['He lives at 9 Heol y Nant, Cardiff CF14 7QX.', 'postcode:CF14 7QX'],
  ])('in %j finds %s', (text, expected) => {
    expect(found(text)).toContain(expected);
  });

  it('finds later mentions (surname alone, first name alone) as the person already found', () => {
    const spans = detect('I was with Agnieszka Wisniewska at the bus station. Later Wisniewska told me she was scared. Agnieszka then left.');
    const names = spans.filter((span) => span.category === 'name');
    expect(names.map((span) => span.text)).toEqual(['Agnieszka Wisniewska', 'Wisniewska', 'Agnieszka']);
    expect(new Set(names.map((span) => span.personKey)).size).toBe(1);
    expect(names[0].personKey).not.toBeNull();
  });

  it('groups a name with the date of birth, address and phone written with it, and keeps two people apart', () => {
    const spans = detect('I saw Kwame ASANTE, born 7th June 1979, who lives at 9 Heol y Nant, Cardiff CF14 7QX. Tobias FENWICK gave me his number, 07700 900123.');
    const keyOf = (text: string) => spans.find((span) => span.text === text)?.personKey;
    expect(keyOf('Kwame ASANTE')).toBeTruthy();
    expect(keyOf('7th June 1979')).toBe(keyOf('Kwame ASANTE'));
    expect(keyOf('9 Heol y Nant, Cardiff')).toBe(keyOf('Kwame ASANTE'));
    expect(keyOf('CF14 7QX')).toBe(keyOf('Kwame ASANTE'));
    expect(keyOf('07700 900123')).toBe(keyOf('Tobias FENWICK'));
    expect(keyOf('Tobias FENWICK')).not.toBe(keyOf('Kwame ASANTE'));
  });

  it('finds a surname first written in capitals when it is later written Mc-capitalised', () => {
    const names = detect('I spoke to Eilidh MCALLISTER outside. McAllister said nothing.').filter((span) => span.category === 'name');
    expect(names.map((span) => span.text)).toEqual(['Eilidh MCALLISTER', 'McAllister']);
    expect(names[1].personKey).toBe(names[0].personKey);
  });

  it('gives the contact details a statement form lists apart to the statement maker', () => {
    const spans = detect(
      ['Statement of: Priya D’SOUZA', 'I then spoke to Tobias FENWICK about the car.', 'Witness contact details', 'Home address: 9 Heol y Nant, Cardiff Postcode: CF14 7QX', 'Mobile: 07700 900123', 'Date of birth: 5/2/92'].join('\n'),
    );
    const keyOf = (text: string) => spans.find((span) => span.text === text)?.personKey;
    expect(keyOf('Priya D’SOUZA')).toMatch(/^person-\d+$/);
    for (const detail of ['9 Heol y Nant, Cardiff', 'CF14 7QX', '07700 900123', '5/2/92']) expect(keyOf(detail)).toBe(keyOf('Priya D’SOUZA'));
    expect(keyOf('Tobias FENWICK')).not.toBe(keyOf('Priya D’SOUZA'));
  });

  it('resolves a surname alone to a person the case data lists', () => {
    const spans = detectLocally({
      pages: [{ pageIndex: 0, text: 'Later Wisniewska told me.' }],
      people: [{ firstNames: 'Agnieszka', surname: 'Wiśniewska', dateOfBirth: null, address: null, phone: null }],
    });
    expect(spans.map((span) => [span.category, span.text, span.personKey])).toEqual([['name', 'Wisniewska', 'person-1']]);
  });

  it.each([
    'I know that the offence of s.18 Offences Against the Person Act 1861 is serious.',
    'I produce the photographs as exhibit JW/1.',
    'This will be heard at Cardiff Crown Court. South Wales Police and Gwent Police attended.',
    'At about 23:40 hours on 11/09/2024 I handed over £450.00 to the officer.',
    'URN: 62SW1234524 MG11 STATEMENT OF WITNESS (Criminal Justice Act 1967, s.9; Magistrates’ Courts Act 1980, s.5B)',
    'I was walking along Queen Street towards the University Hospital of Wales.',
    'Statement taken at Cardiff Bay Police Station on 12/03/2024 at 14:20.',
  ])('suggests nothing in the look-alike %j', (text) => {
    expect(found(text)).toEqual([]);
  });
});
