import type { CaseRef, CaseSummary } from '../legacy/legacy-cms.port.js';
import type { CaseListDto, CaseSummaryDto } from './case.dto.js';
import { compareIds } from './id-order.js';

export function toCaseListDto(refs: readonly CaseRef[]): CaseListDto {
  return {
    cases: [...refs].sort((a, b) => compareIds(a.caseId, b.caseId)).map((ref) => ({ caseId: ref.caseId, urn: ref.urn })),
  };
}

export function toCaseSummaryDto(summary: CaseSummary): CaseSummaryDto {
  return {
    caseId: summary.caseId,
    urn: summary.urn,
    title: summary.title,
    unitId: summary.unitId,
    unitName: summary.unitName,
    status: summary.status,
    registeredDate: summary.registeredDate,
    isCustody: summary.isCustody,
    nextHearingDate: summary.nextHearingDate,
    court: summary.court,
  };
}
