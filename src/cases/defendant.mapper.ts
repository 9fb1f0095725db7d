import type { Charge, Defendant } from '../legacy/legacy-cms.port.js';
import type { ChargeDto, DefendantDto, DefendantListDto } from './defendant.dto.js';

function toChargeDto(charge: Charge): ChargeDto {
  return {
    chargeId: charge.chargeId,
    code: charge.code,
    description: charge.description,
    offenceDate: charge.offenceDate,
    plea: charge.plea,
    status: charge.status,
  };
}

export function toDefendantDto(defendant: Defendant): DefendantDto {
  return {
    defendantId: defendant.defendantId,
    firstNames: defendant.firstNames,
    surname: defendant.surname,
    dateOfBirth: defendant.dateOfBirth,
    isYouth: defendant.isYouth,
    charges: defendant.charges.map(toChargeDto),
  };
}

export function toDefendantListDto(defendants: readonly Defendant[]): DefendantListDto {
  return { defendants: defendants.map(toDefendantDto) };
}
