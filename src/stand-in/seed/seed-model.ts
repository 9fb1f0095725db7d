import { Prng } from './prng.js';
import { fictionalPerson, fullName, type FictionalPerson } from './fictional-people.js';

/**
 * The stand-in's in-memory picture of the legacy CMS, generated deterministically from a seed.
 * Only metadata lives here; document bytes are rendered lazily by the document store.
 */
export const DEFAULT_SEED = 20240607;

export type DocumentKind =
  | 'statement-pdf'
  | 'letter-pdf'
  | 'report-pdf'
  | 'scanned-pdf'
  | 'scanned-bundle'
  | 'docx'
  | 'eml'
  | 'photo-jpeg'
  | 'photo-png'
  | 'text'
  | 'uploaded';

export type UserAccess = { readonly kind: 'all' } | { readonly kind: 'units'; readonly unitIds: readonly number[] } | { readonly kind: 'none' };

export interface SeedUser {
  readonly username: string;
  readonly displayName: string;
  readonly access: UserAccess;
  /** May see protected witnesses' date of birth, address and phone. */
  readonly witnessClearance: boolean;
  /** One of the numbered caseworkers generated for canary tests (listed in summary, not one by one). */
  readonly generated?: boolean;
}

export interface Unit {
  readonly unitId: number;
  readonly name: string;
}

export interface ChargeRecord {
  readonly chargeId: number;
  readonly offenceCode: string;
  readonly description: string;
  readonly offenceDate: Date | null;
  readonly plea: string | null;
  readonly status: string;
}

export interface DefendantRecord extends FictionalPerson {
  readonly defendantId: number;
  readonly youth: boolean;
  readonly charges: readonly ChargeRecord[];
}

export interface WitnessRecord extends FictionalPerson {
  readonly witnessId: number;
  readonly vulnerable: boolean;
  readonly intimidated: boolean;
}

export interface NoteRecord {
  readonly noteId: number;
  readonly text: string;
  readonly createdBy: string;
  readonly createdAt: Date;
}

export interface VersionRecord {
  readonly versionId: number;
  readonly createdAt: Date;
  /** Generated from the seed, or bytes uploaded at run time (check-in, admin upload). */
  readonly origin: 'generated' | 'uploaded';
}

export interface DocumentRecord {
  readonly documentId: number;
  readonly caseId: number;
  kind: DocumentKind;
  title: string;
  fileName: string;
  mimeType: string;
  category: string;
  documentDate: Date | null;
  parentDocumentId: number | null;
  used: boolean;
  /** Username holding the check-out, if any. */
  checkedOutBy: string | null;
  /** Who or what the document is about: an index into the case's witnesses (w) or defendants (d). */
  readonly subject: { readonly role: 'witness' | 'defendant'; readonly index: number };
  /** Oldest first; the last is current. */
  versions: VersionRecord[];
  /** Pages of a generated report (benchmark cases); the seeded report has 240. */
  readonly pageCount?: number;
}

export interface CaseRecord {
  readonly caseId: number;
  readonly urn: string;
  readonly title: string;
  readonly unitId: number;
  readonly status: string;
  readonly registeredDate: Date;
  readonly custody: boolean;
  readonly nextHearingDate: Date | null;
  readonly court: string;
  /** When set, only these users may see the case, whatever their unit. */
  readonly restrictedTo: readonly string[] | null;
  readonly defendants: readonly DefendantRecord[];
  readonly witnesses: readonly WitnessRecord[];
  notes: NoteRecord[];
  documents: DocumentRecord[];
}

export interface SeedModel {
  readonly seed: number;
  readonly units: readonly Unit[];
  readonly users: readonly SeedUser[];
  readonly cases: CaseRecord[];
  /** Next ids to hand out at run time. */
  nextIds: { documentId: number; versionId: number; noteId: number };
}

export const UNITS: readonly Unit[] = [
  { unitId: 11, name: 'Northshire Magistrates Unit' },
  { unitId: 12, name: 'Southvale Crown Court Unit' },
  { unitId: 13, name: 'Complex Casework Unit' },
];

export const NAMED_USERS: readonly SeedUser[] = [
  { username: 'alice.admin', displayName: 'Alice Admin', access: { kind: 'all' }, witnessClearance: true },
  { username: 'bob.north', displayName: 'Bob North', access: { kind: 'units', unitIds: [11] }, witnessClearance: false },
  { username: 'carol.none', displayName: 'Carol None', access: { kind: 'none' }, witnessClearance: false },
  { username: 'dave.south', displayName: 'Dave South', access: { kind: 'units', unitIds: [12] }, witnessClearance: false },
  { username: 'erin.ccu', displayName: 'Erin Complex-Casework', access: { kind: 'units', unitIds: [13] }, witnessClearance: true },
];

/** Numbered caseworkers (cw001…cw200), all in one unit, so that tests can measure a canary's share of distinct users. */
export const GENERATED_CASEWORKER_COUNT = 200;
export const GENERATED_CASEWORKER_UNIT_ID = 11;
export const generatedCaseworkerName = (n: number): string => `cw${String(n).padStart(3, '0')}`;

const GENERATED_CASEWORKERS: readonly SeedUser[] = Array.from({ length: GENERATED_CASEWORKER_COUNT }, (_, i) => ({
  username: generatedCaseworkerName(i + 1),
  displayName: `Caseworker ${String(i + 1).padStart(3, '0')}`,
  access: { kind: 'units', unitIds: [GENERATED_CASEWORKER_UNIT_ID] },
  witnessClearance: false,
  generated: true,
}));

/** The named users first, then the generated caseworkers. */
export const SEED_USERS: readonly SeedUser[] = [...NAMED_USERS, ...GENERATED_CASEWORKERS];

const CASE_COUNT = 24;
const MIN_DOCUMENTS = 520;
/** Cases sharing a URN (1-based case ids). */
const SHARED_URNS: readonly (readonly number[])[] = [[2, 3], [4, 5], [12, 13, 14], [21, 22]];
/** Cases only named users may see. */
const RESTRICTED: ReadonlyMap<number, readonly string[]> = new Map([
  [4, ['alice.admin', 'erin.ccu']],
  [20, ['alice.admin', 'erin.ccu']],
]);
/** The case holding the 200+ page born-digital report and the one holding the 50 MB+ scanned bundle. */
export const LARGE_REPORT_CASE_ID = 3;
export const LARGE_BUNDLE_CASE_ID = 6;

const BASE_DATE = Date.UTC(2024, 5, 7, 9, 0, 0);
const DAY = 86_400_000;

const OFFENCES = [
  ['TH68001', 'Theft from a shop'],
  ['TH68010', 'Theft of a motor vehicle'],
  ['OF61016', 'Assault occasioning actual bodily harm'],
  ['CD71001', 'Criminal damage to property valued under £5,000'],
  ['PU86004', 'Using threatening words or behaviour'],
  ['FR06001', 'Fraud by false representation'],
  ['BG68001', 'Burglary of a dwelling'],
  ['RT88191', 'Dangerous driving'],
] as const;

const COURTS = ['Fictonbury Magistrates’ Court', 'Brackenholt Crown Court', 'Saltmarsh Combined Court', 'Eastwold Magistrates’ Court'] as const;
const CASE_STATUSES = ['Pre-charge', 'Charged', 'Awaiting trial', 'Trial listed', 'Finalised'] as const;

function urnFor(prng: Prng): string {
  return `${prng.digits(2)}${prng.letters(2)}${prng.digits(7)}`;
}

/** Builds the whole metadata model. Cheap (milliseconds): no document bytes are made here. */
export function buildSeedModel(seed: number = DEFAULT_SEED): SeedModel {
  const prng = new Prng(seed);
  const urns = new Map<number, string>();
  for (const group of SHARED_URNS) {
    const urn = urnFor(prng);
    for (const caseId of group) urns.set(caseId, urn);
  }
  const ids = { documentId: 1, versionId: 1, noteId: 1, defendantId: 1, witnessId: 1, chargeId: 1 };
  const cases: CaseRecord[] = [];
  for (let caseId = 1; caseId <= CASE_COUNT; caseId += 1) {
    const casePrng = Prng.derive(seed, 'case', caseId);
    const unitId = caseId <= 10 ? 11 : caseId <= 18 ? 12 : 13;
    const registeredDate = new Date(BASE_DATE - casePrng.int(30, 700) * DAY);
    const defendants: DefendantRecord[] = [];
    for (let d = 0, n = casePrng.int(1, 3); d < n; d += 1) {
      const person = fictionalPerson(casePrng, [1960, 2008]);
      const charges: ChargeRecord[] = [];
      for (let c = 0, m = casePrng.int(1, 3); c < m; c += 1) {
        const [offenceCode, description] = casePrng.pick(OFFENCES);
        charges.push({
          chargeId: ids.chargeId++,
          offenceCode,
          description,
          offenceDate: casePrng.chance(0.9) ? new Date(registeredDate.getTime() - casePrng.int(1, 60) * DAY) : null,
          plea: casePrng.pick([null, 'Not guilty', 'Guilty', 'No plea']),
          status: casePrng.pick(['Charged', 'Summonsed', 'Discontinued', 'Awaiting trial']),
        });
      }
      defendants.push({ ...person, defendantId: ids.defendantId++, youth: person.dateOfBirth.getUTCFullYear() > 2006, charges });
    }
    const witnesses: WitnessRecord[] = [];
    for (let w = 0, n = casePrng.int(2, 5); w < n; w += 1) {
      const person = fictionalPerson(casePrng, [1940, 2012]);
      // Every case has at least one protected (vulnerable or intimidated) witness.
      const vulnerable = w === 0 ? true : casePrng.chance(0.2);
      witnesses.push({ ...person, witnessId: ids.witnessId++, vulnerable, intimidated: w === 1 ? true : casePrng.chance(0.15) });
    }
    const lead = defendants[0];
    const status = casePrng.pick(CASE_STATUSES);
    const record: CaseRecord = {
      caseId,
      urn: urns.get(caseId) ?? urnFor(casePrng),
      title: `R v ${lead.surname}${defendants.length > 1 ? ' and others' : ''}`,
      unitId,
      status,
      registeredDate,
      custody: casePrng.chance(0.3),
      nextHearingDate: status === 'Finalised' ? null : new Date(BASE_DATE + casePrng.int(3, 120) * DAY),
      court: casePrng.pick(COURTS),
      restrictedTo: RESTRICTED.get(caseId) ?? null,
      defendants,
      witnesses,
      notes: [],
      documents: [],
    };
    for (let n = 0, count = casePrng.int(0, 3); n < count; n += 1) {
      record.notes.push({
        noteId: ids.noteId++,
        text: casePrng.pick([
          `Spoke to OIC about outstanding exhibits; chase by ${casePrng.int(2, 9)} working days.`,
          `Witness care unit updated ${fullName(casePrng.pick(witnesses))} on trial date.`,
          'Defence served case statement; review unused material schedule.',
          `Disclosure officer confirmed MG6C is complete.`,
        ]),
        createdBy: casePrng.pick(['alice.admin', 'erin.ccu', 'bob.north', 'dave.south']),
        createdAt: new Date(registeredDate.getTime() + casePrng.int(1, 25) * DAY + casePrng.int(0, 36_000) * 1000),
      });
    }
    cases.push(record);
  }
  for (const record of cases) addSeedDocuments(seed, record, ids);
  // Top up with plain-text unused material until the corpus is big enough.
  for (let i = 0; cases.reduce((sum, c) => sum + c.documents.length, 0) < MIN_DOCUMENTS; i += 1) {
    const record = cases[i % cases.length];
    record.documents.push(newDocument(seed, record, ids, 'text', 'Unused material', { role: 'witness', index: i % record.witnesses.length }, null));
  }
  return { seed, units: UNITS, users: SEED_USERS, cases, nextIds: { documentId: ids.documentId, versionId: ids.versionId, noteId: ids.noteId } };
}

type Ids = { documentId: number; versionId: number };

const ATTACHMENT_KINDS: readonly Exclude<DocumentKind, 'uploaded'>[] = ['letter-pdf', 'photo-jpeg', 'text', 'docx', 'scanned-pdf'];

function addSeedDocuments(seed: number, record: CaseRecord, ids: Ids): void {
  const prng = Prng.derive(seed, 'documents', record.caseId);
  const docs = record.documents;
  const witness = (index: number) => ({ role: 'witness' as const, index: index % record.witnesses.length });
  const defendant = (index: number) => ({ role: 'defendant' as const, index: index % record.defendants.length });
  record.witnesses.forEach((_, w) => docs.push(newDocument(seed, record, ids, 'statement-pdf', 'MG11 Witness statement', witness(w), null)));
  for (let i = 0, n = prng.int(2, 3); i < n; i += 1) docs.push(newDocument(seed, record, ids, 'scanned-pdf', 'Scanned correspondence', witness(i + 1), null));
  docs.push(newDocument(seed, record, ids, 'docx', 'MG5 Case summary', defendant(0), null));
  docs.push(newDocument(seed, record, ids, 'docx', 'MG3 Report to prosecutor', defendant(1), null));
  for (let e = 0, n = prng.int(2, 3); e < n; e += 1) {
    const email = newDocument(seed, record, ids, 'eml', 'Correspondence', witness(e), null);
    docs.push(email);
    for (let a = 0, m = prng.int(1, 3); a < m; a += 1) {
      docs.push(newDocument(seed, record, ids, prng.pick(ATTACHMENT_KINDS), 'Email attachment', witness(e + a), email.documentId));
    }
  }
  for (let p = 0, n = prng.int(3, 5); p < n; p += 1) {
    docs.push(newDocument(seed, record, ids, prng.chance(0.6) ? 'photo-jpeg' : 'photo-png', 'Exhibit photograph', defendant(p), null));
  }
  for (let t = 0, n = prng.int(2, 3); t < n; t += 1) docs.push(newDocument(seed, record, ids, 'text', 'Unused material', witness(t), null));
  if (record.caseId === LARGE_REPORT_CASE_ID) docs.push(newDocument(seed, record, ids, 'report-pdf', 'Phone download report', defendant(0), null));
  if (record.caseId === LARGE_BUNDLE_CASE_ID) docs.push(newDocument(seed, record, ids, 'scanned-bundle', 'Scanned exhibit bundle', witness(0), null));
}

const MIME: Record<Exclude<DocumentKind, 'uploaded'>, readonly [string, string]> = {
  'statement-pdf': ['application/pdf', 'pdf'],
  'letter-pdf': ['application/pdf', 'pdf'],
  'report-pdf': ['application/pdf', 'pdf'],
  'scanned-pdf': ['application/pdf', 'pdf'],
  'scanned-bundle': ['application/pdf', 'pdf'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
  eml: ['message/rfc822', 'eml'],
  'photo-jpeg': ['image/jpeg', 'jpg'],
  'photo-png': ['image/png', 'png'],
  text: ['text/plain', 'txt'],
};

const TITLES: Record<Exclude<DocumentKind, 'uploaded'>, readonly string[]> = {
  'statement-pdf': ['MG11 Statement of {name}'],
  'letter-pdf': ['Letter from {name}', 'Victim personal statement covering letter'],
  'report-pdf': ['Mobile phone download report'],
  'scanned-pdf': ['Scanned handwritten note', 'Scanned MG6 schedule', 'Scanned letter from {name}'],
  'scanned-bundle': ['Scanned exhibit bundle (court copy)'],
  docx: ['Case summary', 'Review note', 'Report to prosecutor'],
  eml: ['Email from {name}', 'Email: trial readiness', 'Email: exhibits update'],
  'photo-jpeg': ['Exhibit photo {n}', 'Scene photograph {n}'],
  'photo-png': ['Vehicle photograph {n}', 'CCTV still {n}'],
  text: ['Call log', 'Exhibit list', 'Officer notes', 'Unused material schedule'],
};

function newDocument(
  seed: number,
  record: CaseRecord,
  ids: Ids,
  kind: Exclude<DocumentKind, 'uploaded'>,
  category: string,
  subject: DocumentRecord['subject'],
  parentDocumentId: number | null,
): DocumentRecord {
  const documentId = ids.documentId++;
  const prng = Prng.derive(seed, 'document', documentId);
  const person = subject.role === 'witness' ? record.witnesses[subject.index] : record.defendants[subject.index];
  const title = prng.pick(TITLES[kind]).replace('{name}', fullName(person)).replace('{n}', String(prng.int(1, 40)));
  const [mimeType, extension] = MIME[kind];
  const large = kind === 'report-pdf' || kind === 'scanned-bundle';
  const versionCount = large ? 1 : prng.chance(0.55) ? 1 : prng.chance(0.7) ? 2 : 3;
  const firstCreated = record.registeredDate.getTime() + prng.int(1, 40) * DAY + prng.int(0, 30_000) * 1000;
  const versions: VersionRecord[] = [];
  let created = firstCreated;
  for (let v = 0; v < versionCount; v += 1) {
    // Each version a few days after the one before: oldest first, as the port promises.
    const daysAfter = prng.int(1, 9);
    if (v > 0) created += daysAfter * DAY;
    versions.push({ versionId: ids.versionId++, createdAt: new Date(created), origin: 'generated' });
  }
  return {
    documentId,
    caseId: record.caseId,
    kind,
    title,
    fileName: `${title.replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_|_$/g, '')}.${extension}`,
    mimeType,
    category,
    documentDate: prng.chance(0.85) ? new Date(firstCreated - prng.int(0, 5) * DAY) : null,
    parentDocumentId,
    used: prng.chance(0.6),
    checkedOutBy: null,
    subject,
    versions,
  };
}

export function canSeeCase(user: SeedUser, record: CaseRecord): boolean {
  if (user.access.kind === 'all') return true;
  if (record.restrictedTo !== null) return record.restrictedTo.includes(user.username);
  if (user.access.kind === 'none') return false;
  return user.access.unitIds.includes(record.unitId);
}

export function subjectOf(record: CaseRecord, document: DocumentRecord): FictionalPerson {
  return document.subject.role === 'witness' ? record.witnesses[document.subject.index] : record.defendants[document.subject.index];
}
