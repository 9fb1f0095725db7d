import { splitName, type KnownPerson } from './later-mentions.js';

const fold = (word: string): string => word.toLowerCase().replace(/’/g, "'");

interface RegisteredPerson {
  readonly key: string;
  given: string | null;
  surname: string | null;
}

/**
 * The people of one document, keyed `person-1`, `person-2`, … in order of first finding: a name found
 * again (the same surname, or the same given name when no surname is known) is the same person.
 */
export class PersonRegistry {
  private readonly people: RegisteredPerson[] = [];
  private readonly bySurname = new Map<string, RegisteredPerson[]>();
  private readonly byGiven = new Map<string, RegisteredPerson[]>();

  /** The key of the person a name (its words as written) belongs to, registering a new person if needed. */
  resolve(words: readonly string[], titled: boolean): string {
    const { given, surname } = splitName(words, titled);
    const existing = this.findAny(words, given, surname);
    if (existing !== undefined) {
      if (existing.given === null && given !== null) this.index(this.byGiven, (existing.given = given), existing);
      if (existing.surname === null && surname !== null) this.index(this.bySurname, (existing.surname = surname), existing);
      return existing.key;
    }
    const person: RegisteredPerson = { key: `person-${this.people.length + 1}`, given, surname };
    this.people.push(person);
    if (given !== null) this.index(this.byGiven, given, person);
    if (surname !== null) this.index(this.bySurname, surname, person);
    return person.key;
  }

  /** The key of an already-known person a name belongs to, if any. */
  lookup(words: readonly string[], titled: boolean): string | null {
    const { given, surname } = splitName(words, titled);
    return this.findAny(words, given, surname)?.key ?? null;
  }

  known(): KnownPerson[] {
    return this.people.map((person) => ({ key: person.key, given: person.given, surname: person.surname ?? person.given ?? '' }));
  }

  private index(map: Map<string, RegisteredPerson[]>, word: string, person: RegisteredPerson): void {
    const list = map.get(fold(word));
    if (list === undefined) map.set(fold(word), [person]);
    else list.push(person);
  }

  /** A one-word name is looked up as a surname first ("Later Wisniewska told me"), then as a given name. */
  private findAny(words: readonly string[], given: string | null, surname: string | null): RegisteredPerson | undefined {
    if (words.length === 1) return this.find(null, words[0]) ?? this.find(words[0], null);
    return this.find(given, surname);
  }

  private find(given: string | null, surname: string | null): RegisteredPerson | undefined {
    if (surname !== null) {
      const sameSurname = this.bySurname.get(fold(surname)) ?? [];
      const exact = sameSurname.find((person) => given === null || person.given === null || fold(person.given) === fold(given));
      if (exact !== undefined) return exact;
      // A surname alone ("Later Wisniewska told me") that only one known person has.
      return given === null && sameSurname.length === 1 ? sameSurname[0] : undefined;
    }
    if (given === null) return undefined;
    const sameGiven = this.byGiven.get(fold(given)) ?? [];
    return sameGiven.length === 1 ? sameGiven[0] : undefined;
  }
}
