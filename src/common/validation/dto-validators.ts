import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';
import { ID_PATTERN, URN_PATTERN } from './id-patterns.js';

/** DTO property decorator: a facade id. */
export const IsFacadeId = (): PropertyDecorator => Matches(ID_PATTERN, { message: '$property must be a decimal id without leading zeros' });

/** DTO property decorator: a case URN, upper-cased before it is checked. */
export function IsUrn(): PropertyDecorator {
  const upperCase = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value));
  const matches = Matches(URN_PATTERN, { message: '$property must be a case URN such as 45AA2098224' });
  return (target, property) => {
    upperCase(target, property);
    matches(target, property);
  };
}
