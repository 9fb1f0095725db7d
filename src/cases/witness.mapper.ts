import type { PartialResult, Witness } from '../legacy/legacy-cms.port.js';
import type { WitnessDto, WitnessListDto } from './witness.dto.js';

export function toWitnessDto(witness: Witness): WitnessDto {
  return {
    witnessId: witness.witnessId,
    firstNames: witness.firstNames,
    surname: witness.surname,
    dateOfBirth: witness.dateOfBirth,
    address: witness.address,
    phone: witness.phone,
    isVulnerable: witness.isVulnerable,
    isIntimidated: witness.isIntimidated,
  };
}

export function toWitnessListDto(result: PartialResult<readonly Witness[]>): WitnessListDto {
  return {
    witnesses: result.value.map(toWitnessDto),
    warnings: [...new Set(result.warnings)].sort(),
  };
}
