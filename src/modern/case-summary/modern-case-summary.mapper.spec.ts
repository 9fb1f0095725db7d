import { describe, expect, it } from '@jest/globals';
import { toCaseSummary } from '../../legacy/legacy-record.mapper.js';
import { toCaseSummaryFromModern } from './modern-case-summary.mapper.js';

const modernCase = {
  id: '00000042',
  urn: '45AA2098224',
  title: 'R v Brønstad and others',
  unitId: '00000011',
  unitName: 'Northshire Magistrates Unit',
  status: 'Awaiting trial',
  registeredDate: '07/03/2024',
  custodyFlag: 'Y',
  nextHearingDate: null,
  court: 'Fictonbury Magistrates’ Court',
};

describe('toCaseSummaryFromModern', () => {
  it('maps the legacy formats as the Classic path does', () => {
    expect(toCaseSummaryFromModern({ value: modernCase, warnings: [] })).toEqual({
      caseId: '42',
      urn: '45AA2098224',
      title: 'R v Brønstad and others',
      unitId: '11',
      unitName: 'Northshire Magistrates Unit',
      status: 'Awaiting trial',
      registeredDate: '2024-03-07',
      isCustody: true,
      nextHearingDate: null,
      court: 'Fictonbury Magistrates’ Court',
    });
  });

  it('gives the same answer as the Classic mapper for the same values, absent ones included', () => {
    const classic = toCaseSummary({
      CaseId: '00000042',
      Urn: '45AA2098224',
      Title: 'R v Brønstad and others',
      UnitId: '00000011',
      UnitName: 'Northshire Magistrates Unit',
      Status: 'Awaiting trial',
      RegisteredDate: '07/03/2024',
      CustodyFlag: 'Y',
      Court: {},
    });
    expect(toCaseSummaryFromModern({ value: { ...modernCase, court: null }, warnings: [] })).toEqual(classic);
  });

  it('refuses a summary the legacy CMS answered only in part, or in a broken format', () => {
    expect(() => toCaseSummaryFromModern({ value: { ...modernCase, court: null }, warnings: ['court'] })).toThrow(expect.objectContaining({ code: 'LEGACY_BAD_RESPONSE' }));
    expect(() => toCaseSummaryFromModern({ value: { ...modernCase, custodyFlag: 'maybe' }, warnings: [] })).toThrow(expect.objectContaining({ code: 'LEGACY_BAD_RESPONSE' }));
    expect(() => toCaseSummaryFromModern({ value: { ...modernCase, registeredDate: '2024-03-07' }, warnings: [] })).toThrow(expect.objectContaining({ code: 'LEGACY_BAD_RESPONSE' }));
  });
});
