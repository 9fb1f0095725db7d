import { DomainError } from '../../common/domain-error.js';
import type { Defendant, PartialResult } from '../../legacy/legacy-cms.port.js';
import { toDefendant } from '../../legacy/legacy-record.mapper.js';
import { legacyList } from '../../legacy/legacy.mapper.js';
import type { LegacyCaseRecord } from '../../legacy/graphql-case-query.client.js';

type Fields = Readonly<Record<string, unknown>>;

const asFields = (value: unknown): Fields => (value !== null && typeof value === 'object' ? (value as Fields) : {});

/** A GraphQL charge as the Classic `Charge` element (absent optional elements stay absent). */
const toClassicCharge = (value: unknown): Fields => {
  const charge = asFields(value);
  return {
    ChargeId: charge.id,
    OffenceCode: charge.offenceCode,
    Description: charge.description,
    ...(charge.offenceDate === null || charge.offenceDate === undefined ? {} : { OffenceDate: charge.offenceDate }),
    ...(charge.plea === null || charge.plea === undefined ? {} : { Plea: charge.plea }),
    Status: charge.status,
  };
};

const toClassicDefendant = (value: unknown): Fields => {
  const defendant = asFields(value);
  return {
    DefendantId: defendant.id,
    FirstNames: defendant.firstNames,
    Surname: defendant.surname,
    DateOfBirth: defendant.dateOfBirth ?? undefined,
    YouthFlag: defendant.youthFlag,
    Charges: { Charge: legacyList(defendant.charges as unknown[] | undefined).map(toClassicCharge) },
  };
};

/**
 * The GraphQL API's defendants as Defendant[], through the mapper the Classic path uses, so that both
 * answer the same. An answer with a field the legacy CMS failed to produce is refused.
 */
export function toDefendantsFromGraphql({ value, warnings }: PartialResult<LegacyCaseRecord>): Defendant[] {
  if (warnings.length > 0) {
    throw new DomainError('LEGACY_BAD_RESPONSE', 'legacy CMS GraphQL API answered incomplete defendants', { fields: warnings.join(',').slice(0, 200) });
  }
  return legacyList(value.defendants as unknown[] | undefined).map((defendant) => toDefendant(toClassicDefendant(defendant)));
}
