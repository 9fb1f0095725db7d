// Corpus B: police-style witness statements (MG11-like free text), generated here with its own
// vocabulary and templates, independent of the stand-in's seed. Deterministic for a seed.
// Each document: pages of text lines, the case data a lawyer would have (the statement maker and the
// suspect, as the legacy CMS lists witnesses and defendants), the personal data planted in it
// (category + text as written) and the look-alikes planted in it (not personal data).
// Usage: import { generateCorpusB } from './generate.mjs'; or `node generate.mjs --seed=17 --out=dir` to write text files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as V from './vocabulary.mjs';

function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(seed) { this.next = mulberry32(seed); }
  int(lo, hi) { return lo + Math.floor(this.next() * (hi - lo + 1)); }
  pick(list) { return list[Math.floor(this.next() * list.length)]; }
  chance(p) { return this.next() < p; }
  letters(n) { return Array.from({ length: n }, () => 'ABDEFGHJLNPQRSTUWXYZ'[this.int(0, 19)]).join(''); }
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ordinal = (day) => `${day}${day % 10 === 1 && day !== 11 ? 'st' : day % 10 === 2 && day !== 12 ? 'nd' : day % 10 === 3 && day !== 13 ? 'rd' : 'th'}`;
const pad = (n) => String(n).padStart(2, '0');

/** Every UK rendering of a date of birth the corpus uses. */
const DOB_RENDERINGS = [
  (d, m, y) => `${pad(d)}/${pad(m)}/${y}`,
  (d, m, y) => `${d}/${m}/${String(y).slice(2)}`,
  (d, m, y) => `${pad(d)}.${pad(m)}.${y}`,
  (d, m, y) => `${d}-${m}-${String(y).slice(2)}`,
  (d, m, y) => `${ordinal(d)} ${MONTHS[m - 1]} ${y}`,
  (d, m, y) => `${d} ${MONTHS[m - 1].slice(0, 3)} ${y}`,
  (d, m, y) => `${ordinal(d)} of ${MONTHS[m - 1]} ${y}`,
  (d, m, y) => `${d} ${MONTHS[m - 1]} ${String(y).slice(2)}`,
  (d, m, y) => `${pad(d)}-${MONTHS[m - 1].slice(0, 3)}-${y}`,
  (d, m, y) => `${MONTHS[m - 1]} ${d}, ${y}`,
];
const DOB_LABELS = [(date) => `DOB: ${date}`, (date) => `D.O.B. ${date}`, (date) => `date of birth ${date}`, (date) => `born ${date}`, (date) => `born on ${date}`, (date) => `(DOB ${date})`, (date) => `Date of Birth: ${date}`];

function person(rng, used) {
  // Distinct people while the vocabulary lasts (a long statement then repeats names, as real ones do).
  for (let tries = 0; ; tries += 1) {
    const given = rng.pick(V.GIVEN_NAMES);
    const surname = rng.pick(V.SURNAMES);
    if ((used.has(surname) || used.has(given)) && tries < 40) continue;
    used.add(surname);
    used.add(given);
    return { given, surname, dob: [rng.int(1, 28), rng.int(1, 12), rng.int(1948, 2006)] };
  }
}

function address(rng) {
  const [town, area] = rng.pick(V.TOWNS);
  const postcode = `${area}${rng.int(1, 48)} ${rng.int(1, 9)}${rng.letters(2)}`;
  const shape = rng.int(0, 3);
  const line =
    shape === 0 ? `${rng.int(1, 140)} ${rng.pick(V.KEYWORDLESS_STREETS)}`
      : shape === 1 ? `${rng.pick(V.HOUSE_NAMES)}, ${rng.pick(V.KEYWORD_STREETS)}`
        : shape === 2 ? `Flat ${rng.int(1, 12)}, ${rng.int(1, 90)} ${rng.pick(V.KEYWORDLESS_STREETS)}`
          : `${rng.int(1, 200)} ${rng.pick(V.KEYWORD_STREETS)}`;
  return { text: `${line}, ${town}`, postcode, town };
}

const phone = (rng) => rng.pick([() => `07700 900${rng.int(100, 999)}`, () => `0117 496 0${rng.int(100, 999)}`, () => `029 2018 0${rng.int(100, 999)}`, () => `07700900${rng.int(100, 999)}`])();

/**
 * Text with inline marks: [[name:…]] personal data of a category, [[x:…]] a look-alike. render() strips
 * the marks and collects the items.
 */
function render(marked) {
  const items = [];
  const lookalikes = [];
  const text = marked.replace(/\[\[([a-z-]+):(.*?)\]\]/g, (_, category, value) => {
    (category === 'x' ? lookalikes : items).push(category === 'x' ? value : { category, text: value });
    return value;
  });
  return { text, items, lookalikes };
}

function wrap(paragraph, width) {
  const lines = [];
  let line = '';
  for (const word of paragraph.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

const upper = (surname) => surname.toUpperCase();

/** One statement's marked paragraphs. */
function statement(rng, pagesWanted) {
  const used = new Set();
  const witness = { ...person(rng, used), address: address(rng), phone: phone(rng) };
  const suspect = { ...person(rng, used), address: address(rng) };
  const officer = person(rng, used);
  const [rank, collared] = rng.pick(V.RANKS);
  const collar = collared ? ` ${rng.int(1000, 9999)}` : '';
  const court = rng.pick(V.COURTS);
  const force = rng.pick(V.FORCES);
  const station = rng.pick(V.STATIONS);
  const statute = rng.pick(V.STATUTES);
  const initials = `${witness.given[0]}${witness.surname.replace(/^[^A-Z]*/, '')[0] ?? 'X'}`;
  const when = `${rng.int(1, 28)}/${pad(rng.int(1, 12))}/2024`;
  const dobOf = (p) => rng.pick(DOB_RENDERINGS)(...p.dob);
  const fullAs = (p) => rng.pick([`${p.given} ${p.surname}`, `${p.given} ${upper(p.surname)}`, `${upper(p.given)} ${upper(p.surname)}`]);
  const name = (text) => `[[name:${text}]]`;

  const header = [
    `[[x:MG11]] STATEMENT OF WITNESS ([[x:Criminal Justice Act 1967, s.9]]; [[x:Magistrates' Courts Act 1980, s.5B]])`,
    `[[x:URN: 62SW${rng.int(10000, 99999)}24]] [[x:${force}]]`,
    `Statement of: ${name(`${witness.given} ${upper(witness.surname)}`)}`,
    `Age if under 18: Over 18 Occupation: ${rng.pick(V.OCCUPATIONS)}`,
    `This statement (consisting of __PAGES__ page(s) each signed by me) is true to the best of my knowledge and belief and I make it knowing that, if it is tendered in evidence, I shall be liable to prosecution if I have wilfully stated in it anything which I know to be false. Dated [[x:${when}]].`,
  ];
  const later = (p) => rng.pick([`[[name:${p.surname}]]`, `[[name:${p.given}]]`, `[[name:${upper(p.surname)}]]`]);
  const thirdParties = [];
  const paragraph = () => {
    const third = person(rng, used);
    thirdParties.push(third);
    const kin = rng.pick(V.KIN);
    const title = rng.pick(V.TITLES);
    const doctor = person(rng, used);
    const templates = [
      () => `At about [[x:23:40]] hours on [[x:${when}]] I was in ${rng.pick(V.VENUES)} with my ${kin} ${name(`${third.given} ${third.surname}`)}. A man I now know to be ${name(fullAs(suspect))} came in and started shouting. I have known ${later(suspect)} for about two years through work.`,
      () => `I then spoke to ${name(fullAs(third))}, who lives at [[address:${address(rng).text}]]. ${rng.chance(0.5) ? `Later ${name(third.surname)} told me` : `${name(third.given)} said`} that she had seen the whole thing from the window.`,
      () => `My ${kin}, ${name(`${third.given} ${upper(third.surname)}`)} (${rng.pick(DOB_LABELS)(`[[dob:${dobOf(third)}]]`).replace(/^\((.*)\)$/, '$1')}) arrived shortly afterwards. ${later(third)} was very upset.`,
      () => `I was seen at [[x:${rng.pick(V.HOSPITALS)}]] by ${title} ${name(`${doctor.given} ${doctor.surname}`)}, who told me I had a fractured cheekbone. I produce the photographs of my injuries as exhibit [[x:${initials}/${rng.int(1, 6)}]].`,
      () => `[[x:${rank}]]${collar} ${name(`${officer.given} ${upper(officer.surname)}`)} of [[x:${force}]] arrived at about [[x:00:15]]. I told ${name(officer.surname)} what had happened and I handed over [[x:£${rng.int(20, 900)}.${pad(rng.int(0, 99))}]] that I found on the floor.`,
      () => `I know that the offence of [[x:${statute}]] is serious. I understand this statement may be used at [[x:${court}]].`,
      () => `${name(`${third.given} ${third.surname}`)} gave me her number, [[phone:${phone(rng)}]], and said she was ${rng.pick(['born', 'born on'])} [[dob:${dobOf(third)}]] so she was old enough to buy the drinks.`,
      // Names with no cue at all (no title, rank, relation, introduction or telling verb), as people write in passing.
      () => {
        const other = person(rng, used);
        const full = (p) => name(`${p.given} ${p.surname}`);
        return rng.pick([
          `I think ${full(third)}'s car was parked across the road with its lights on.`,
          `Neither ${full(third)} nor I knew what to do, so we waited by the door.`,
          `${full(third)}, a neighbour from across the road, heard the bang too.`,
          `Everyone including ${full(third)} heard the glass break.`,
          `The only other person there was ${full(third)}.`,
          `Both ${full(third)} and ${full(other)} stayed outside until the ambulance came.`,
          `Not long after that ${full(third)} and I left together.`,
        ]);
      },
      () => `The man's ${kin} ${name(third.given)} came out of [[address:${address(rng).text}]] [[postcode:${address(rng).postcode}]] and shouted at him to come home.`,
    ];
    return rng.pick(templates)();
  };
  const narrative = [];
  const paragraphsPerPage = 14;
  for (let index = 0; index < pagesWanted * paragraphsPerPage - 3; index += 1) narrative.push(paragraph());
  narrative.splice(Math.min(2, narrative.length), 0, `${rng.pick(['I saw', 'I recognised', 'I spoke to'])} ${name(`${suspect.given} ${upper(suspect.surname)}`)}, ${rng.pick(DOB_LABELS)(`[[dob:${dobOf(suspect)}]]`)}, who lives at [[address:${suspect.address.text}]] [[postcode:${suspect.address.postcode}]].`);
  const footer = [
    `Witness contact details`,
    `Home address: [[address:${witness.address.text}]] Postcode: [[postcode:${witness.address.postcode}]]`,
    `Mobile: [[phone:${witness.phone}]] Email: [[email:${witness.given.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase()}.${rng.int(10, 99)}@example.org]]`,
    `${rng.pick(['Date of birth', 'DOB', 'D.O.B.'])}: [[dob:${dobOf(witness)}]]`,
    `Statement taken by: [[x:${rank}]]${collar} ${name(`${officer.given} ${upper(officer.surname)}`)} at [[x:${station}]] on [[x:${when}]] at [[x:14:20]].`,
  ];
  return { paragraphs: [...header, ...narrative, ...footer], witness, suspect };
}

const iso = ([d, m, y]) => `${y}-${pad(m)}-${pad(d)}`;

/**
 * Generates `documents` statements (lengths 1–3 pages) plus one 20-page statement for latency.
 * Returns [{ id, pages: string[][] (lines per page), people: CasePerson[], planted: {category,text}[], lookalikes: string[] }].
 */
export function generateCorpusB({ seed = 17, documents = 30, longPages = 20 } = {}) {
  const rng = new Rng(seed);
  const corpus = [];
  for (let index = 0; index <= documents; index += 1) {
    // About 9 paragraphs fill a page once wrapped.
    const pagesWanted = index === documents ? Math.ceil(longPages * 1.5) : rng.int(1, 3);
    const { paragraphs, witness, suspect } = statement(rng, pagesWanted);
    const rendered = paragraphs.map(render);
    const lines = rendered.flatMap((paragraph) => wrap(paragraph.text, 92));
    const pages = [];
    for (let at = 0; at < lines.length; at += 46) pages.push(lines.slice(at, at + 46));
    pages[0] = pages[0].map((line) => line.replace('__PAGES__', String(pages.length)));
    corpus.push({
      id: `b-${String(index + 1).padStart(3, '0')}`,
      pages,
      people: [
        { firstNames: witness.given, surname: witness.surname, dateOfBirth: iso(witness.dob), address: `${witness.address.text}, ${witness.address.postcode}`, phone: witness.phone },
        { firstNames: suspect.given, surname: suspect.surname, dateOfBirth: iso(suspect.dob), address: null, phone: null },
      ],
      planted: rendered.flatMap((paragraph) => paragraph.items),
      lookalikes: [...new Set(rendered.flatMap((paragraph) => paragraph.lookalikes))],
    });
  }
  return corpus;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = Object.fromEntries(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=')));
  const out = args.out ?? 'corpus-b-out';
  mkdirSync(out, { recursive: true });
  for (const document of generateCorpusB({ seed: Number(args.seed ?? 17) })) {
    writeFileSync(join(out, `${document.id}.txt`), document.pages.map((page) => page.join('\n')).join('\n\f\n'));
    writeFileSync(join(out, `${document.id}.truth.json`), `${JSON.stringify({ people: document.people, planted: document.planted, lookalikes: document.lookalikes }, null, 2)}\n`);
  }
}
