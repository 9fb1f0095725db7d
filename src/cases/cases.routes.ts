import type { CaseSummary, LegacyCaller, LegacyCms } from '../legacy/legacy-cms.port.js';
import { defineRoute } from '../strangler/route-definition.js';
import type { CaseListDto, CaseSummaryDto } from './case.dto.js';
import { toCaseListDto, toCaseSummaryDto } from './case.mapper.js';
import type { DefendantListDto } from './defendant.dto.js';
import { toDefendantListDto } from './defendant.mapper.js';
import type { WitnessListDto } from './witness.dto.js';
import { toWitnessListDto } from './witness.mapper.js';

/** Strangler routes of the cases controller: what each operation is, in legacy and (once written) modern form. */
export interface CaseArgs {
  readonly caller: LegacyCaller;
  readonly caseId: string;
}

export interface UrnArgs {
  readonly caller: LegacyCaller;
  readonly urn: string;
}

/** What a modern case-summary implementation offers (src/modern). */
export interface CaseSummaryReader {
  getCaseSummary(caller: LegacyCaller, caseId: string): Promise<CaseSummary>;
}

export interface CaseModernImplementations {
  readonly summary?: CaseSummaryReader;
}

/** Modern summary may take this long before a fallback to legacy answers instead. */
export const CASE_SUMMARY_LATENCY_BUDGET_MS = 2_000;

export function caseRoutes(legacy: LegacyCms, modern: CaseModernImplementations = {}) {
  const summary = modern.summary;
  return {
    findByUrn: defineRoute<UrnArgs, CaseListDto>({
      name: 'cases.findByUrn',
      kind: 'read',
      legacy: async ({ caller, urn }) => toCaseListDto(await legacy.findCasesByUrn(caller, urn)),
    }),
    getSummary: defineRoute<CaseArgs, CaseSummaryDto>({
      name: 'cases.getSummary',
      kind: 'read',
      legacy: async ({ caller, caseId }) => toCaseSummaryDto(await legacy.getCaseSummary(caller, caseId)),
      ...(summary === undefined ? {} : { modern: async ({ caller, caseId }: CaseArgs) => toCaseSummaryDto(await summary.getCaseSummary(caller, caseId)) }),
      latencyBudgetMs: CASE_SUMMARY_LATENCY_BUDGET_MS,
    }),
    getDefendants: defineRoute<CaseArgs, DefendantListDto>({
      name: 'cases.getDefendants',
      kind: 'read',
      legacy: async ({ caller, caseId }) => toDefendantListDto(await legacy.getDefendants(caller, caseId)),
    }),
    getWitnesses: defineRoute<CaseArgs, WitnessListDto>({
      name: 'cases.getWitnesses',
      kind: 'read',
      legacy: async ({ caller, caseId }) => toWitnessListDto(await legacy.getWitnesses(caller, caseId)),
    }),
  };
}
