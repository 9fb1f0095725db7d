import type { TextMatch } from '../suggestion.types.js';

/**
 * Addresses written without a street keyword, or starting with a house name: "The Old Forge, Church
 * Street, Thornbury", "9 Heol y Nant, Cardiff", "Flat 2, 14 Maes y Deri, Llandeilo". Found after a
 * phrase that introduces an address ("lives at", "Address:") or, with no such phrase, when a house
 * number starts it and a postcode ends it. The address runs to the town; the postcode is its own
 * suggestion (postcode.pattern.ts), as the case data and the ground truth split them.
 */
const LABEL_WORDS = '(?:Postcode|Post|Tel|Telephone|Mobile|Phone|Email|E-mail|DOB|Date|Occupation|Home|Work)';
/** A Capitalised word, not a postcode ("CF14") and not a field label. */
const WORD = `(?!${LABEL_WORDS}(?![\\p{L}]))[A-Z][\\p{L}'’]*(?:-[\\p{L}'’]+)*(?![\\p{L}\\p{N}])`;
/** Welsh and English lower-case words inside a street or place name: Heol y Nant, Ffordd yr Afon, Stratford-upon-Avon. */
const INNER = '(?:y|yr|ar|an|of|the|upon|on|in|le|la|de|du)';
const WORDS = `${WORD}(?:[ \\n]+(?:${INNER}[ \\n]+)?${WORD}){0,4}`;
const NUMBERED = `(?:(?:Flat|Apartment|Apt|Unit|Room)[ \\n]+\\d{1,4}[A-Z]?,?[ \\n]+)?\\d{1,4}[A-Z]?(?:-\\d{1,4}[A-Z]?)?,?[ \\n]+${WORDS}`;
const SEGMENT = `(?:(?:Flat|Apartment|Apt|Unit|Room)[ \\n]+\\d{1,4}[A-Z]?|${NUMBERED}|${WORDS})`;
const ADDRESS = `${SEGMENT}(?:[ \\n]*,[ \\n]*${SEGMENT}){1,4}`;
const POSTCODE = '(?:[A-Z]{1,2}\\d[A-Z\\d]?|GIR) ?\\d[A-Z]{2}(?![\\p{L}\\p{N}])';
const CUE = '(?:lives|living|lived|live|resides|residing|resided|staying|stays|stayed|moved|moving)[ \\n]+(?:at|to)|[Aa]ddress(?:[ \\n]+(?:is|was|as|given[ \\n]+as))?[ \\n]*:?|came[ \\n]+out[ \\n]+of|went[ \\n]+(?:back[ \\n]+)?(?:in)?to';

const AFTER_CUE = new RegExp(`(?<![\\p{L}])(?:${CUE})[ \\n]+(${ADDRESS})`, 'gu');
const BEFORE_POSTCODE = new RegExp(`(?<![\\p{L}\\p{N}])(${NUMBERED}(?:[ \\n]*,[ \\n]*${SEGMENT}){1,4})(?=[ \\n]*,?[ \\n]*${POSTCODE})`, 'gu');

export function findCuedAddresses(text: string): TextMatch[] {
  const found: TextMatch[] = [];
  for (const regex of [AFTER_CUE, BEFORE_POSTCODE]) {
    for (const match of text.matchAll(regex)) {
      const start = match.index + match[0].length - match[1].length;
      const trimmed = match[1].replace(/[ \n,]+$/, '');
      found.push({ start, end: start + trimmed.length, category: 'address', source: 'pattern', confidence: regex === AFTER_CUE ? 0.85 : 0.8 });
    }
  }
  return found;
}
