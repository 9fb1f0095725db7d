import type { TextMatch } from '../suggestion.types.js';
import { NOT_IN_CAPTION } from './person-name.rules.js';

/** A person found in the document: the words of their name as first written. */
export interface KnownPerson {
  readonly key: string;
  readonly given: string | null;
  readonly surname: string;
}

/** Given names and surnames that are also everyday capitalised words: never suggested alone. */
const TOO_COMMON_ALONE = new Set(['may', 'june', 'april', 'will', 'grace', 'hope', 'joy', 'rose', 'mark', 'bill', 'sunny', 'summer', 'young', 'white', 'black', 'green', 'brown', 'long', 'little', 'rich', 'sharp', 'hall', 'wood', 'church', 'street', 'lane', 'king', 'the', 'police', 'court']);
const MIN_ALONE = 3;
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The word as a name is written: as first found (McAllister), Capitalised, or in capitals. */
function asWritten(word: string): string[] {
  const capitalised = word.toLowerCase().replace(/(^|[-'’ ])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());
  const scottish = capitalised.replace(/^(Ma?c)(\p{Ll})/u, (_, prefix: string, letter: string) => prefix + letter.toUpperCase());
  return [...new Set([word, capitalised, scottish, word.toUpperCase()])].map(escape);
}

/**
 * The split of a name into given name and surname: the first word, and the last word with a particle
 * before it ("Ni Bhriain", "O Murchu"). A one-word name is a surname when it came after a title or rank, else a given name.
 */
export function splitName(words: readonly string[], titled: boolean): { given: string | null; surname: string | null } {
  if (words.length === 1) return titled ? { given: null, surname: words[0] } : { given: words[0], surname: null };
  const last = words[words.length - 1];
  const particle = words.length > 2 && /^(?:Ni|Nic|Mac|ap|ab|van|von|de|da|di|du|le|la|bin|al|el|O)$/i.test(words[words.length - 2]);
  return { given: words[0], surname: particle ? `${words[words.length - 2]} ${last}` : last };
}

/**
 * Later mentions of people already found in the document: the surname alone, or the given name alone,
 * written as a name (Capitalised or in capitals, whole word). A word two people share is still a name,
 * but tied to neither (personKey null).
 */
export function laterMentionFinder(people: readonly KnownPerson[]): (text: string) => (TextMatch & { readonly personKey: string | null })[] {
  const owners = new Map<string, string | null>();
  const forms = new Set<string>();
  const claim = (word: string | null, key: string) => {
    if (word === null || word.length < MIN_ALONE || TOO_COMMON_ALONE.has(word.toLowerCase())) return;
    for (const form of asWritten(word)) forms.add(form);
    const folded = word.toLowerCase();
    const owner = owners.get(folded);
    owners.set(folded, owner === undefined || owner === key ? key : null);
  };
  for (const person of people) {
    claim(person.surname, person.key);
    claim(person.given, person.key);
  }
  if (owners.size === 0) return () => [];
  // One alternation for every word: one pass over each page.
  const alternatives = [...forms].sort((a, b) => b.length - a.length).map((form) => form.replace(/ /g, '[ \\n]+'));
  const regex = new RegExp(`(?<![\\p{L}\\p{N}'’-])${NOT_IN_CAPTION}(?:${alternatives.join('|')})(?![\\p{L}\\p{N}'’-])`, 'gu');
  return (text) =>
    [...text.matchAll(regex)].map((match) => {
      const key = owners.get(match[0].toLowerCase().replace(/\s+/g, ' ')) ?? null;
      return { start: match.index, end: match.index + match[0].length, category: 'name', source: 'name-rules', confidence: key === null ? 0.65 : 0.75, personKey: key };
    });
}
