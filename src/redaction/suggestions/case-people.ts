import type { Defendant, Witness } from '../../legacy/legacy-cms.port.js';

/** A person the case names in the legacy CMS, with whatever the legacy CMS let us see. */
export interface CasePerson {
  readonly firstNames: string;
  readonly surname: string;
  /** ISO yyyy-MM-dd, or null when unknown or withheld. */
  readonly dateOfBirth: string | null;
  /** Comma-separated lines, e.g. "12 Larkspur Lane, Fictonbury, QX12 3AB"; null when unknown or withheld. */
  readonly address: string | null;
  readonly phone: string | null;
}

export function casePeople(witnesses: readonly Witness[], defendants: readonly Defendant[]): CasePerson[] {
  return [
    ...witnesses.map((witness) => ({
      firstNames: witness.firstNames,
      surname: witness.surname,
      dateOfBirth: witness.dateOfBirth,
      address: witness.address,
      phone: witness.phone,
    })),
    ...defendants.map((defendant) => ({
      firstNames: defendant.firstNames,
      surname: defendant.surname,
      dateOfBirth: defendant.dateOfBirth,
      address: null,
      phone: null,
    })),
  ];
}
