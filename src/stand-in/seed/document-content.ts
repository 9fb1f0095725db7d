import { legacyDate } from '../legacy-format.js';
import { Prng } from './prng.js';
import { dramaPhone, fictionalPerson, fullName, sortCode, vehicleRegistration, type FictionalPerson } from './fictional-people.js';
import { subjectOf, type CaseRecord, type DocumentRecord, type SeedModel } from './seed-model.js';

export type PiiCategory =
  | 'name'
  | 'address'
  | 'phone'
  | 'dob'
  | 'email'
  | 'postcode'
  | 'ni-number'
  | 'vehicle-reg'
  | 'sort-code'
  | 'account-number';

/** One piece of personal data planted in a generated document, exactly as it appears in its text. */
export interface PlantedPii {
  readonly category: PiiCategory;
  readonly text: string;
}

/** What a generated document version says, before it is rendered into bytes. */
export interface DocumentContentPlan {
  readonly heading: string;
  readonly lines: readonly string[];
  readonly pii: readonly PlantedPii[];
  /** Text drawn on the photo (e.g. a number plate); photos carry no other text. */
  readonly caption: string | null;
  /** For the 200+ page report: how many pages to render. */
  readonly pageCount: number;
}

class PlanBuilder {
  readonly lines: string[] = [];
  readonly pii: PlantedPii[] = [];

  line(text: string): this {
    this.lines.push(text);
    return this;
  }

  /** Appends a line built from parts; parts tagged with a category are recorded as ground truth. */
  tagged(...parts: (string | readonly [PiiCategory, string])[]): this {
    let text = '';
    for (const part of parts) {
      if (typeof part === 'string') text += part;
      else {
        text += part[1];
        if (!this.pii.some((item) => item.category === part[0] && item.text === part[1])) this.pii.push({ category: part[0], text: part[1] });
      }
    }
    return this.line(text);
  }

  person(label: string, person: FictionalPerson): this {
    this.tagged(`${label}: `, ['name', fullName(person)]);
    this.tagged('Date of birth: ', ['dob', legacyDate(person.dateOfBirth)]);
    this.tagged('Address: ', ['address', `${person.addressLine}, ${person.town}`], ', ', ['postcode', person.postcode]);
    this.tagged('Telephone: ', ['phone', person.phone]);
    return this;
  }
}

const FILLER = [
  'The events described took place in the early evening and the lighting was good.',
  'I did not know the person before this incident and have not seen them since.',
  'I am willing to attend court to give evidence if required.',
  'The officer in the case showed me the exhibits listed below and I recognised them.',
  'Nothing further was said and the matter was reported to the police the following day.',
  'I have read this statement and it is true to the best of my knowledge and belief.',
  'The property was valued at £240 and has not been recovered.',
  'CCTV from the premises was seized and produced as an exhibit.',
] as const;

/** Plans the text and planted personal data of one generated document version. Pure and deterministic. */
export function planDocumentContent(model: SeedModel, record: CaseRecord, document: DocumentRecord, versionId: number): DocumentContentPlan {
  const prng = Prng.derive(model.seed, 'content', document.documentId, versionId);
  const versionIndex = document.versions.findIndex((version) => version.versionId === versionId);
  const subject = subjectOf(record, document);
  const builder = new PlanBuilder();
  let caption: string | null = null;
  let pageCount = 1;
  const filler = (count: number) => {
    for (let i = 0; i < count; i += 1) builder.line(prng.pick(FILLER));
  };
  builder.line(`Case URN ${record.urn} — ${record.title}`);
  switch (document.kind) {
    case 'statement-pdf':
    case 'scanned-pdf':
    case 'scanned-bundle':
      builder.line('WITNESS STATEMENT (CJ Act 1967, s.9; MC Act 1980, ss.5A(3)(a) and 5B)');
      builder.person('Statement of', subject);
      builder.tagged('Email: ', ['email', subject.email]);
      filler(prng.int(3, 6));
      builder.tagged('I was with ', ['name', fullName(record.defendants[0])], ' when the car ', ['vehicle-reg', vehicleRegistration(prng)], ' drove off.');
      filler(prng.int(2, 4));
      builder.tagged('Signed: ', ['name', fullName(subject)], `   Dated: ${legacyDate(document.versions[versionIndex].createdAt)}`);
      pageCount = document.kind === 'scanned-bundle' ? 10 : 1;
      break;
    case 'letter-pdf':
      builder.tagged('From: ', ['name', fullName(subject)]);
      builder.tagged('', ['address', `${subject.addressLine}, ${subject.town}`], ', ', ['postcode', subject.postcode]);
      builder.line('Dear Sir or Madam,');
      filler(prng.int(2, 4));
      builder.tagged('You can reach me on ', ['phone', subject.phone], ' or at ', ['email', subject.email], '.');
      builder.tagged('Yours faithfully, ', ['name', fullName(subject)]);
      break;
    case 'report-pdf': {
      builder.line('MOBILE PHONE DOWNLOAD REPORT — extraction summary');
      builder.person('Handset owner', subject);
      pageCount = document.pageCount ?? 240;
      for (let i = 0; i < 60; i += 1) {
        const contact = fictionalPerson(prng, [1950, 2010]);
        builder.tagged(`Contact ${i + 1}: `, ['name', fullName(contact)], ' ', ['phone', contact.phone]);
      }
      break;
    }
    case 'docx':
      builder.line(document.title.toUpperCase());
      builder.person('Defendant', subject);
      builder.tagged('National Insurance number: ', ['ni-number', subject.niNumber]);
      filler(prng.int(3, 5));
      builder.tagged('Proceeds were paid into sort code ', ['sort-code', sortCode(prng)], ' account ', ['account-number', prng.digits(8)], '.');
      break;
    case 'eml':
      builder.tagged('From: ', ['name', fullName(subject)], ' <', ['email', subject.email], '>');
      builder.tagged('Thank you for your message. My new number is ', ['phone', dramaPhone(prng)], '.');
      filler(prng.int(1, 3));
      builder.tagged('Kind regards, ', ['name', fullName(subject)]);
      break;
    case 'photo-jpeg':
    case 'photo-png':
      caption = vehicleRegistration(prng);
      builder.lines.length = 0;
      builder.tagged(['vehicle-reg', caption]);
      break;
    case 'text':
      builder.line(document.title.toUpperCase());
      builder.tagged(`${legacyDate(document.versions[0].createdAt)} 14:${prng.digits(2)} call from `, ['name', fullName(subject)], ' on ', ['phone', subject.phone]);
      builder.tagged('Caller gave address as ', ['address', `${subject.addressLine}, ${subject.town}`], ' ', ['postcode', subject.postcode]);
      filler(prng.int(1, 3));
      break;
    case 'uploaded':
      break;
  }
  if (versionIndex > 0 && caption === null) {
    builder.line(`Amended version ${versionIndex + 1}: corrections made after review.`);
    builder.tagged('Contact number corrected to ', ['phone', dramaPhone(prng)], '.');
  }
  return { heading: document.title, lines: builder.lines, pii: builder.pii, caption, pageCount };
}
