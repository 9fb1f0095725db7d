import { describe, expect, it } from '@jest/globals';
import { findPersonNames } from './person-name.rules.js';

const names = (text: string): string[] => [...new Set(findPersonNames(text).map((match) => text.slice(match.start, match.end)))];

describe('findPersonNames', () => {
  it.each([
    ['a man I now know to be Kwame Asante came in', 'Kwame Asante'],
    ['DC Sarah Whitlock arrived', 'Sarah Whitlock'],
    ['I then spoke to Tobias FENWICK about it', 'Tobias FENWICK'],
    ['PC 4521 Dafydd PRICE of South Wales Police arrived', 'Dafydd PRICE'],
    ['The man’s sister Leanne came out', 'Leanne'],
    ['Aoife Bevan gave me her number', 'Aoife Bevan'],
    ['I spoke to FFION NOWAK, who was there', 'FFION NOWAK'],
    ['seen by Miss Malgorzata Nguyen, who told me', 'Malgorzata Nguyen'],
    ["with my wife Katarzyna\nO'Connor-Byrne. A man", "Katarzyna\nO'Connor-Byrne"],
    ['seen by Dr. Aisha Rahman at the hospital', 'Aisha Rahman'],
    ['Statement of: Priya D’SOUZA', 'Priya D’SOUZA'],
    ['I recognised Siobhan Ni Bhriain from school', 'Siobhan Ni Bhriain'],
    ['DS Al-Masri took the call', 'Al-Masri'],
    ['Contact 12: José Marchbank 07700 900123', 'José Marchbank'],
  ])('finds the name in %j', (text, name) => {
    expect(names(text)).toContain(name);
  });

  it.each([
    's.18 Offences Against the Person Act 1861',
    'the case will be heard at Cardiff Crown Court on Monday',
    'South Wales Police and Avon and Somerset Constabulary attended',
    'I produce exhibit JW/1 and the MG11 form',
    'URN: 62SW1234524 Gwent Police',
    'I was at the Red Lion in Bute Street when it happened',
    'STATEMENT OF WITNESS (Criminal Justice Act 1967, s.9)',
    'I was seen at the University Hospital of Wales',
    'R v Ploughwright CASE REVIEW',
    'MOBILE PHONE DOWNLOAD REPORT Incoming SMS',
  ])('finds no name in the look-alike %j', (text) => {
    expect(names(text)).toEqual([]);
  });
});
