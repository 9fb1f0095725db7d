import { DomainError } from '../../common/domain-error.js';
import type { CaseNote, PartialResult } from '../../legacy/legacy-cms.port.js';
import { toCaseNote } from '../../legacy/legacy-record.mapper.js';
import { legacyList } from '../../legacy/legacy.mapper.js';
import type { LegacyCaseRecord } from '../../legacy/graphql-case-query.client.js';

/** The GraphQL API's notes as CaseNote[], in the legacy CMS's order; an incomplete answer is refused. */
export function toNotesFromGraphql({ value, warnings }: PartialResult<LegacyCaseRecord>): CaseNote[] {
  if (warnings.length > 0) {
    throw new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS GraphQL API answered incomplete notes', { fields: warnings.join(',').slice(0, 200) });
  }
  return legacyList(value.notes as unknown[] | undefined).map(toCaseNote);
}
