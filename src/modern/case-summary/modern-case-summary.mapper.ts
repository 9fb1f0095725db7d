import { DomainError } from '../../common/domain-error.js';
import type { CaseSummary, PartialResult } from '../../legacy/legacy-cms.port.js';
import { toCaseSummary } from '../../legacy/legacy-record.mapper.js';
import type { LegacyCaseRecord } from '../../legacy/graphql-case-query.client.js';

/** Modern `Case` field → the Classic GetCaseSummary element carrying the same value. */
const CLASSIC_ELEMENTS = {
  id: 'CaseId',
  urn: 'Urn',
  title: 'Title',
  unitId: 'UnitId',
  unitName: 'UnitName',
  status: 'Status',
  registeredDate: 'RegisteredDate',
  custodyFlag: 'CustodyFlag',
  nextHearingDate: 'NextHearingDate',
  court: 'Court',
} as const;

/**
 * The GraphQL API's case as a CaseSummary, through the very mapper the Classic path uses, so both
 * answer the same (ids unpadded, dates ISO, Y/N as booleans, empty text as null). A summary with
 * a field the legacy CMS failed to produce is refused rather than answered incomplete.
 */
export function toCaseSummaryFromModern({ value, warnings }: PartialResult<LegacyCaseRecord>): CaseSummary {
  if (warnings.length > 0) {
    throw new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS GraphQL API answered an incomplete case summary', { fields: warnings.join(',').slice(0, 200) });
  }
  const classic = Object.fromEntries(Object.entries(CLASSIC_ELEMENTS).map(([field, element]) => [element, value[field]]));
  return toCaseSummary(classic);
}
