import type { Prng } from './prng.js';

/**
 * Clearly fictional personal data. Phone numbers come from Ofcom's drama range
 * (07700 900000–900999), e-mail domains are reserved (RFC 2606), postcodes use the unused
 * "Q" area letters, NI numbers the never-issued "QQ" prefix. Names mix in é, ë, ö, ø and (in other text) £
 * text on purpose: the classic API's Windows-1252 encoding must matter.
 */
const FIRST_NAMES = [
  'Amélie', 'Zoë', 'Chloë', 'Noël', 'Björn', 'Renée', 'José', 'Anaïs', 'Søren', 'Cédric',
  'Harriet', 'Oswin', 'Tamsin', 'Rufus', 'Imogen', 'Barnaby', 'Petra', 'Linus', 'Marisol', 'Ezra',
  'Winifred', 'Caspian', 'Ottilie', 'Jago', 'Delphine', 'Leopold', 'Saoirse', 'Dmitri', 'Niamh', 'Maëlys',
] as const;

const SURNAMES = [
  'Quillfeather', 'Marchbank', 'Oakhollow', 'Penhallow', 'Thistlewood', 'Ravensworth', 'Fenwick-Dunmore',
  'Crèvecoeur', 'Brontëby', 'Lindqvist-Öberg', 'Ashgrove', 'Kettleby', 'Dubé-Harrow', 'Mossbright',
  'Fairweather', 'Inglenook', 'Wrenfield', 'Hollowell', 'Sparrowhawk', 'Gästrikland', 'Underhay', 'Castellane',
  'Bellweather', 'Northcote-Vane', 'Ploughwright',
] as const;

const STREETS = ['Larkspur Lane', 'Cobblers Row', 'Mill Pond Road', 'Juniper Close', 'Tanners Yard', 'Kingfisher Way', 'Old Forge Street', 'Beacon Rise', 'Willowmere Drive', 'Chantry Walk'] as const;

export const TOWNS = ['Fictonbury', 'Brackenholt', 'Saltmarsh-on-Sea', 'Eastwold', 'Lower Wickham Vale', 'Hexley Cross', 'Marrowdene', 'Pennyfold'] as const;

const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'] as const;

export interface FictionalPerson {
  readonly firstNames: string;
  readonly surname: string;
  readonly dateOfBirth: Date;
  readonly addressLine: string;
  readonly town: string;
  readonly postcode: string;
  readonly phone: string;
  readonly email: string;
  readonly niNumber: string;
}

export const fullName = (person: FictionalPerson): string => `${person.firstNames} ${person.surname}`;
export const fullAddress = (person: FictionalPerson): string => `${person.addressLine}, ${person.town}, ${person.postcode}`;

export function fictionalPostcode(prng: Prng): string {
  return `Q${prng.pick(['X', 'Z', 'Y'])}${prng.int(1, 19)} ${prng.int(1, 9)}${prng.letters(2)}`;
}

export function dramaPhone(prng: Prng): string {
  return `07700 900${prng.digits(3)}`;
}

const asciiLocal = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/g, 'o')
    .replace(/Ł/g, 'L')
    .replace(/[^A-Za-z-]/g, '')
    .toLowerCase();

export function fictionalPerson(prng: Prng, bornBetween: readonly [number, number]): FictionalPerson {
  const firstNames = prng.pick(FIRST_NAMES);
  const surname = prng.pick(SURNAMES);
  const year = prng.int(bornBetween[0], bornBetween[1]);
  return {
    firstNames,
    surname,
    dateOfBirth: new Date(Date.UTC(year, prng.int(0, 11), prng.int(1, 28))),
    addressLine: `${prng.int(1, 180)} ${prng.pick(STREETS)}`,
    town: prng.pick(TOWNS),
    postcode: fictionalPostcode(prng),
    phone: dramaPhone(prng),
    email: `${asciiLocal(firstNames)}.${asciiLocal(surname)}@${prng.pick(EMAIL_DOMAINS)}`,
    niNumber: `QQ ${prng.digits(2)} ${prng.digits(2)} ${prng.digits(2)} ${prng.pick(['A', 'B', 'C', 'D'])}`,
  };
}

export function vehicleRegistration(prng: Prng): string {
  return `${prng.letters(2)}${prng.digits(2)} ${prng.letters(3)}`;
}

export function sortCode(prng: Prng): string {
  return `${prng.digits(2)}-${prng.digits(2)}-${prng.digits(2)}`;
}
