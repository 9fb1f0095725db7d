import { describe, expect, it } from '@jest/globals';
import { caseDataMatcher } from './case-data.matcher.js';
import type { CasePerson } from './case-people.js';
import { foldDiacritics } from './page-text-index.js';

const WITNESS: CasePerson = {
  firstNames: 'Amélie Rose',
  surname: 'Quillfeather',
  dateOfBirth: '1984-03-07',
  address: '12 Larkspur Lane, Fictonbury, QX12 3AB',
  phone: '07700 900123',
};
const DEFENDANT: CasePerson = { firstNames: 'Søren', surname: 'Fenwick-Dunmore', dateOfBirth: '1990-11-02', address: null, phone: null };

function found(text: string): [string, string][] {
  const folded = foldDiacritics(text.normalize('NFC'));
  return caseDataMatcher([WITNESS, DEFENDANT])(folded)
    .sort((a, b) => a.start - b.start || b.end - a.end)
    .map((match) => [match.category, text.slice(match.start, match.end)]);
}

describe('caseDataMatcher', () => {
  it('finds full names, the given name with the surname, and SURNAME, Firstname', () => {
    expect(found('Statement of Amélie Rose Quillfeather')).toContainEqual(['name', 'Amélie Rose Quillfeather']);
    expect(found('I saw Amelie Quillfeather there')).toContainEqual(['name', 'Amelie Quillfeather']);
    expect(found('QUILLFEATHER, Amélie Rose (witness)')).toContainEqual(['name', 'QUILLFEATHER, Amélie Rose']);
    expect(found('FENWICK-DUNMORE, Soren')).toContainEqual(['name', 'FENWICK-DUNMORE, Soren']);
    expect(found('Søren Fenwick-\nDunmore')).toContainEqual(['name', 'Søren Fenwick-\nDunmore']);
  });

  it('finds the surname alone only when written as a name', () => {
    expect(found('Mr Quillfeather said')).toEqual([['name', 'Quillfeather']]);
    expect(found('MR QUILLFEATHER SAID')).toEqual([['name', 'QUILLFEATHER']]);
    expect(found('the quillfeather was blue')).toEqual([]);
    expect(found('Quillfeathers Ltd')).toEqual([]);
  });

  it('leaves the case caption alone: "R v Surname" is the name of the case', () => {
    expect(found('Case URN 42XY1234567 — R v Quillfeather and others')).toEqual([]);
    expect(found('Regina v. QUILLFEATHER')).toEqual([]);
    expect(found('R v Quillfeather: Amelie Quillfeather said')).toEqual([['name', 'Amelie Quillfeather'], ['name', 'Quillfeather']]);
  });

  it('finds the address lines together, the first line alone, and the postcode', () => {
    expect(found('Address: 12 Larkspur Lane, Fictonbury, QX12 3AB')).toEqual([
      ['address', '12 Larkspur Lane, Fictonbury'],
      ['address', '12 Larkspur Lane'],
      ['postcode', 'QX12 3AB'],
    ]);
    expect(found('12 Larkspur Lane\nFictonbury\nQX123AB')).toEqual([
      ['address', '12 Larkspur Lane\nFictonbury'],
      ['address', '12 Larkspur Lane'],
      ['postcode', 'QX123AB'],
    ]);
  });

  it('finds the phone number however it is grouped', () => {
    expect(found('call (07700) 900-123 or +44 (0)7700 900123')).toEqual([
      ['phone', '(07700) 900-123'],
      ['phone', '+44 (0)7700 900123'],
    ]);
  });

  it('finds dates of birth in any common UK rendering, and no other dates', () => {
    expect(found('07/03/1984, 7 March 1984, 07.03.84, 2 Nov 1990, 08/03/1984, 07/03/1985')).toEqual([
      ['dob', '07/03/1984'],
      ['dob', '7 March 1984'],
      ['dob', '07.03.84'],
      ['dob', '2 Nov 1990'],
    ]);
  });
});
