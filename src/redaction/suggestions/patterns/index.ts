import type { TextMatcher } from '../suggestion.types.js';
import { findAccountNumbers, findSortCodes } from './bank-details.pattern.js';
import { findDatesOfBirth } from './date-of-birth.pattern.js';
import { findEmailAddresses } from './email.pattern.js';
import { findNiNumbers } from './ni-number.pattern.js';
import { findPhoneNumbers } from './phone.pattern.js';
import { findPostcodes } from './postcode.pattern.js';
import { findStreetAddresses } from './street-address.pattern.js';
import { findVehicleRegistrations } from './vehicle-registration.pattern.js';

/** Every pattern family, each a TextMatcher over a page's text. */
export const PATTERN_MATCHERS: readonly TextMatcher[] = [
  findPhoneNumbers,
  findEmailAddresses,
  findPostcodes,
  findNiNumbers,
  findDatesOfBirth,
  findVehicleRegistrations,
  findSortCodes,
  findAccountNumbers,
  findStreetAddresses,
];
