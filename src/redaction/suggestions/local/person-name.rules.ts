import type { TextMatch } from '../suggestion.types.js';

/**
 * Person names the case data does not list, by the way statements write them: after a title or a
 * police rank (with a collar number), after a relation ("my sister"), after an introduction ("a man I
 * now know to be", "spoke to"), a given name followed by a surname in capitals ("Tobias FENWICK"), or
 * a name followed by what people do ("… told me"). Text is the page text folded of diacritics.
 * Organisations, places and statutes written like names are refused by their words.
 */

/** A name word: Capitalised (with O'/D'/Mc/Mac, hyphen and apostrophe parts) or in capitals. */
const CAP = "(?:[OD]['’])?(?:Ma?c)?\\p{Lu}\\p{Ll}+(?:[-'’]\\p{Lu}?\\p{Ll}+)*";
const UPPER = "(?:[OD]['’])?\\p{Lu}{2,}(?:[-'’]\\p{Lu}{2,})*";
const WORD_END = "(?![\\p{L}\\p{N}'’-])";
const PARTICLE = '(?:Ni|Nic|Mac|ap|ab|van|von|de|da|di|du|le|la|bin|al|el|O)';
const NAME_WORD = `(?:${CAP}|${UPPER})${WORD_END}`;
/** Two to four name words on one line or across a line break; a particle may stand before the last. */
const FULL_NAME = `${NAME_WORD}(?:[ \\n]+(?:${PARTICLE}[ \\n]+)?${NAME_WORD}){1,3}`;
/** Two to four name words (for the NLP second opinion's candidates). */
export const FULL_NAME_PATTERN = FULL_NAME;
const ONE_OR_MORE = `${NAME_WORD}(?:[ \\n]+(?:${PARTICLE}[ \\n]+)?${NAME_WORD}){0,3}`;

const TITLES = [
  'Dr', 'Mr', 'Mrs', 'Ms', 'Miss', 'Mx', 'Prof', 'Professor', 'Sir', 'Dame', 'Rev', 'Revd', 'Cllr',
  'PC', 'DC', 'PS', 'DS', 'DI', 'DCI', 'DSI', 'DCS', 'Supt', 'Sgt', 'Insp', 'Det', 'PCSO', 'SPC',
  'Police Constable', 'Police Sergeant', 'Detective Constable', 'Detective Sergeant', 'Detective Inspector', 'Sergeant', 'Inspector', 'Constable',
  'Nurse', 'Paramedic', 'Officer',
].join('|');
const KIN = [
  'sister', 'brother', 'mother', 'mum', 'mam', 'father', 'dad', 'partner', 'ex-partner', 'boyfriend', 'girlfriend', 'son', 'daughter',
  'cousin', 'husband', 'wife', 'ex-wife', 'ex-husband', 'uncle', 'aunt', 'auntie', 'nephew', 'niece', 'grandson', 'granddaughter',
  'grandmother', 'grandfather', 'nan', 'stepdaughter', 'stepson', 'stepfather', 'stepmother', 'friend', 'neighbour', 'colleague', 'flatmate', 'carer', 'child', 'baby',
].join('|');
const INTRODUCTIONS = [
  'know to be', 'knew to be', 'known to be', 'known as', 'called', 'named', 'name is', 'name was', 'names are', 'spoke to', 'speak to',
  'spoken to', 'talking to', 'talked to', 'saw', 'recognised', 'recognized', 'met', 'phoned', 'rang', 'texted', 'messaged', 'visited',
  'with', 'by', 'told', 'asked', 'informed', 'contacted', 'punched', 'kicked', 'assaulted', 'attacked', 'followed', 'helped', 'joined', 'behind',
  'Contact:', 'Caller:', 'Owner:', 'Driver:', 'Passenger:', 'From:', 'To:', 'Cc:', 'Complainant:', 'Informant:', 'Interpreter:', 'Parent:',
  'Guardian:', 'Appropriate adult:', 'Handset owner:', 'Account holder:', 'Subscriber:', 'Registered keeper:', 'Next of kin:',
  'Statement of:', 'Name:', 'Signed:', 'witnessed by:', 'taken by:', 'Officer:', 'Interviewer:', 'Witness:', 'Suspect:', 'Victim:',
].join('|');
const ACTIONS = [
  'said', 'says', 'told', 'tells', 'gave', 'asked', 'replied', 'shouted', 'screamed', 'came', 'went', 'arrived', 'left', 'ran', 'walked',
  'lives', 'lived', 'works', 'worked', 'was', 'is', 'had', 'has', 'did', 'would', 'could', 'then', 'who', 'whom', 'whose', 'punched',
  'hit', 'kicked', 'grabbed', 'pushed', 'phoned', 'rang', 'saw', 'admitted', 'denied', 'agreed', 'explained', 'confirmed', 'stated', 'called',
].join('|');

const TITLED = new RegExp(`(?<![\\p{L}])(?:${TITLES})\\.?(?:[ \\n]+\\d{2,6})?[ \\n]+(${ONE_OR_MORE})`, 'gu');
const RELATIVE = new RegExp(`\\b(?:[Mm]y|[Hh]is|[Hh]er|[Tt]heir|[Oo]ur|[Tt]he (?:man|woman|boy|girl|victim|suspect|defendant)['’]s)[ \\n]+(?:(?:late|older|younger|little|big|eldest|youngest|best|new|former|ex)[ \\n]+)?(?:${KIN})[ \\n]*,?[ \\n]+(${ONE_OR_MORE})`, 'gu');
const NUMBERED_LABEL = '(?:Contact|Caller|Participant|Party|Person|Witness|Suspect|Victim|Passenger|Occupant)[ \\n]+\\d{1,4}:';
/** A case caption ("R v Smith"): the name of the case, public in court lists, not a redaction candidate. */
export const NOT_IN_CAPTION = '(?<!\\b(?:R|Regina|Rex|The Queen|The King)\\.?[ \\n]+v\\.?[ \\n]+)';
const INTRODUCED = new RegExp(`(?:^|(?<=[ \\n(]))(?:${INTRODUCTIONS}|${NUMBERED_LABEL})[ \\n]+(${FULL_NAME})`, 'gu');
const GIVEN_AND_CAPITALS = new RegExp(`(?<![\\p{L}\\p{N}'’-])${NOT_IN_CAPTION}((?:${CAP}${WORD_END}[ \\n]+){1,2}(?:${PARTICLE}[ \\n]+)?${UPPER}${WORD_END})`, 'gu');
const ACTING = new RegExp(`(?<![\\p{L}\\p{N}'’-])${NOT_IN_CAPTION}(${FULL_NAME})(?=,?[ \\n]+(?:${ACTIONS})\\b)`, 'gu');

/** Words that make a capitalised phrase an organisation, a place, a document or a statute rather than a person. */
const NOT_A_PERSON_WORDS = new Set(
  [
    'police', 'constabulary', 'court', 'courts', 'crown', 'magistrates', 'justice', 'centre', 'center', 'hospital', 'ysbyty', 'clinic', 'surgery',
    'act', 'acts', 'regulations', 'order', 'rules', 'section', 'schedule', 'station', 'service', 'services', 'council', 'county', 'borough',
    'street', 'road', 'lane', 'avenue', 'close', 'drive', 'way', 'terrace', 'place', 'square', 'crescent', 'gardens', 'estate', 'park', 'heol',
    'ffordd', 'stryd', 'lon', 'maes', 'cottage', 'farm', 'house', 'forge', 'university', 'college', 'school', 'church', 'chapel', 'bank',
    'limited', 'ltd', 'plc', 'llp', 'shop', 'store', 'stores', 'pub', 'inn', 'hotel', 'bar', 'club', 'office', 'prison', 'hmp', 'nhs', 'cps',
    'wales', 'england', 'scotland', 'ireland', 'britain', 'kingdom', 'uk', 'statement', 'witness', 'exhibit', 'urn', 'mg11', 'mg5', 'dob',
    'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'june', 'july',
    'august', 'september', 'october', 'november', 'december', 'christmas', 'easter', 'postcode', 'mobile', 'email', 'telephone', 'tel',
    'occupation', 'age', 'aged', 'date', 'dated', 'time', 'signature', 'signed', 'born', 'address', 'ref', 'reference', 'page', 'pages', 'offences', 'against', 'person', 'theft', 'criminal', 'public',
    'co-op', 'tesco', 'asda', 'spar', 'aldi', 'lidl', 'sainsbury', 'ford', 'vauxhall', 'toyota', 'volkswagen', 'bmw', 'audi', 'honda',
    'the', 'a', 'an', 'i', 'we', 'he', 'she', 'they', 'it', 'this', 'that', 'there', 'then', 'when', 'after', 'before', 'at', 'on', 'in',
    'of', 'and', 'but', 'so', 'as', 'if', 'my', 'his', 'her', 'our', 'their', 'later', 'about', 'around', 'approximately', 'yes', 'no', 'ok',
    'case', 'review', 'call', 'calls', 'unused', 'used', 'material', 'sensitive', 'schedule', 'sms', 'mms', 'incoming', 'outgoing', 'missed',
    'report', 'log', 'notes', 'note', 'summary', 'record', 'records', 'download', 'extraction', 'message', 'messages', 'contact', 'contacts',
    'bundle', 'index', 'file', 'draft', 'final', 'copy', 'continued', 'interview', 'transcript', 'custody', 'charge', 'charges', 'count',
    'verdict', 'sentence', 'hearing', 'trial', 'plea', 'bail', 'warrant', 'application', 'defence', 'prosecution', 'evidence', 'exhibits',
    'official', 'restricted', 'confidential', 'secret', 'protect', 'handset', 'owner', 'total', 'details', 'attachment', 'attachments',
    'sir', 'madam', 'god', 'mx', 'detective', 'constable', 'sergeant', 'inspector', 'superintendent', 'officer', 'mum', 'dad', 'nan', 'anpr', 'cctv', 'pnc', 'dvla', 'pc', 'dc', 'ds', 'di', 'sgt', 'insp', 'mr', 'mrs', 'ms', 'dr', 'miss',
  ].map((word) => word.toLowerCase()),
);
/** Capitalised words that start sentences and headings, refused as a first name only when they are the name's first word. */
const NOT_A_FIRST_WORD = new Set(['later', 'then', 'after', 'when', 'while', 'once', 'both', 'all', 'one', 'some', 'another', 'today', 'yesterday', 'tonight', 'home', 'mobile', 'dated', 'statement', 'witness', 'name']);

export interface NameCandidate extends TextMatch {
  /** How the rule found it: titled, relative, introduced, capitals, acting. */
  readonly rule: string;
}

function acceptable(words: readonly string[], after: string): boolean {
  if (words.length === 0) return false;
  if (words.some((word) => NOT_A_PERSON_WORDS.has(word.toLowerCase()))) return false;
  if (NOT_A_FIRST_WORD.has(words[0].toLowerCase())) return false;
  // "Bute Street", "Cardiff Crown Court": the next word says what the phrase is.
  const next = /^[ \n]*([\p{L}'’-]+)/u.exec(after)?.[1];
  return next === undefined || !NOT_A_PERSON_WORDS.has(next.toLowerCase()) || /^(?:the|a|an|i|at|on|in|of|and|so|as|my|his|her|then|later|when|after|before|about)$/i.test(next);
}

/** Titles and ranks that may lead a matched phrase: dropped from the name ("Detective Constable Kwame DEMIR" → "Kwame DEMIR"). */
const LEADING_TITLE_WORDS = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'sir', 'dame', 'rev', 'revd', 'cllr', 'pc', 'dc', 'ps', 'ds', 'di', 'dci', 'dsi', 'dcs', 'supt', 'sgt', 'insp', 'det', 'pcso', 'spc', 'police', 'detective', 'constable', 'sergeant', 'inspector', 'superintendent', 'chief', 'officer', 'nurse', 'paramedic']);

/** Trims a matched phrase to the words before any organisation word ("Sarah PRICE of South Wales Police" keeps "Sarah PRICE"). */
function candidate(text: string, groupStart: number, group: string, rule: string, confidence: number, minWords: number): NameCandidate | null {
  const all = [...group.matchAll(/[^ \n]+/g)];
  const lead = all.findIndex((word) => !LEADING_TITLE_WORDS.has(word[0].replace(/\.$/, '').toLowerCase()) && !/^\d+$/.test(word[0]));
  if (lead === -1) return null;
  const words = all.slice(lead);
  const offset = words[0].index;
  groupStart += offset;
  const stop = words.findIndex((word) => NOT_A_PERSON_WORDS.has(word[0].toLowerCase()));
  const kept = stop === -1 ? words : words.slice(0, stop);
  if (kept.length < minWords) return null;
  const last = kept[kept.length - 1];
  const end = groupStart + last.index - offset + last[0].length;
  if (!acceptable(kept.map((word) => word[0]), text.slice(end, end + 30))) return null;
  return { start: groupStart, end, category: 'name', source: 'name-rules', confidence, rule };
}

/** [start, end) as a name of at least two words once titles are dropped and organisation words cut, or null. */
export function acceptableName(text: string, start: number, end: number): { start: number; end: number } | null {
  const name = candidate(text, start, text.slice(start, end), 'nlp', 0, 2);
  return name === null ? null : { start: name.start, end: name.end };
}

function run(regex: RegExp, text: string, rule: string, confidence: number, minWords: number): NameCandidate[] {
  const found: NameCandidate[] = [];
  for (const match of text.matchAll(regex)) {
    // Every rule's name group ends where its match ends (what follows is a lookahead).
    const group = match[1];
    const name = candidate(text, match.index + match[0].length - group.length, group, rule, confidence, minWords);
    if (name !== null) found.push(name);
  }
  return found;
}

/** Names found by the rules in one page's folded text (may overlap: the caller collapses). */
export function findPersonNames(text: string): NameCandidate[] {
  return [
    ...run(TITLED, text, 'titled', 0.85, 1),
    ...run(RELATIVE, text, 'relative', 0.8, 1),
    ...run(INTRODUCED, text, 'introduced', 0.85, 2),
    ...run(GIVEN_AND_CAPITALS, text, 'capitals', 0.85, 2),
    ...run(ACTING, text, 'acting', 0.75, 2),
  ];
}
