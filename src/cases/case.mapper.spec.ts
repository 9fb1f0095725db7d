import { describe, expect, it } from '@jest/globals';
import type { CaseSummary, Defendant, Witness } from '../legacy/legacy-cms.port.js';
import { toCaseListDto, toCaseSummaryDto } from './case.mapper.js';
import { toDefendantListDto } from './defendant.mapper.js';
import { toNoteListDto } from './note.mapper.js';
import { toWitnessListDto } from './witness.mapper.js';

describe('case mappers', () => {
  it('lists case refs in id order', () => {
    expect(toCaseListDto([{ caseId: '10', urn: '42AB1234524' }, { caseId: '9', urn: '42AB1234524' }])).toEqual({
      cases: [
        { caseId: '9', urn: '42AB1234524' },
        { caseId: '10', urn: '42AB1234524' },
      ],
    });
  });

  it('maps a case summary field by field, nothing more', () => {
    const summary: CaseSummary = {
      caseId: '42',
      urn: '42AB1234524',
      title: 'R v Example',
      unitId: '3',
      unitName: 'Central',
      status: 'ACTIVE',
      registeredDate: '2024-03-07',
      isCustody: true,
      nextHearingDate: null,
      court: null,
    };
    const dto = toCaseSummaryDto({ ...summary, legacyOnly: 'Y' } as CaseSummary);
    expect(dto).toEqual(summary);
    expect(dto).not.toHaveProperty('legacyOnly');
  });

  it('maps defendants with their charges', () => {
    const defendants: Defendant[] = [
      {
        defendantId: '5',
        firstNames: 'Alex',
        surname: 'Example',
        dateOfBirth: '1990-01-02',
        isYouth: false,
        charges: [{ chargeId: '8', code: 'TH68001', description: 'Theft', offenceDate: '2024-01-01', plea: null, status: 'PENDING' }],
      },
    ];
    expect(toDefendantListDto(defendants)).toEqual({ defendants });
  });

  it('keeps withheld witness fields as null and lists each warning path once, sorted', () => {
    const witness: Witness = {
      witnessId: '3',
      firstNames: 'Sam',
      surname: 'Witness',
      dateOfBirth: null,
      address: null,
      phone: '01234',
      isVulnerable: true,
      isIntimidated: false,
    };
    const dto = toWitnessListDto({ value: [witness], warnings: ['witnesses[0].dateOfBirth', 'witnesses[0].address', 'witnesses[0].dateOfBirth'] });
    expect(dto.witnesses).toEqual([witness]);
    expect(dto.witnesses[0]).toHaveProperty('address', null);
    expect(dto.warnings).toEqual(['witnesses[0].address', 'witnesses[0].dateOfBirth']);
    expect(toWitnessListDto({ value: [], warnings: [] })).toEqual({ witnesses: [], warnings: [] });
  });

  it('maps notes', () => {
    const note = { noteId: '1', text: 'hello', createdBy: 'jdoe', createdAt: '2024-03-07T10:00:00.000Z' };
    expect(toNoteListDto([note])).toEqual({ notes: [note] });
  });
});
