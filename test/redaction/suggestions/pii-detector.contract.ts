import { describe, expect, it } from '@jest/globals';
import { useOfflineNock } from '../../helpers/offline-nock.js';
import { AzureLanguagePiiDetector } from '../../../src/redaction/suggestions/azure-language/azure-language-pii-detector.adapter.js';
import { LocalPiiDetector } from '../../../src/redaction/suggestions/local/local-pii-detector.adapter.js';
import type { PiiDetector, PiiSpan } from '../../../src/redaction/suggestions/pii-detector.port.js';
import { LANGUAGE_ENDPOINT, replayAzureLanguage, TEST_CREDENTIAL, type RecognisedEntity } from './azure-language-replay.js';

/** A statement in the words; each adapter must find the same personal data and none of the look-alikes. */
const STATEMENT = [
  'URN: 62SW1234524 MG11 statement under s.9 Criminal Justice Act 1967, to be heard at Cardiff Crown Court.',
  'At 23:40 a man I now know to be Kwame Asante, DOB: 14/2/65, came in. DC Sarah Whitlock of South Wales Police arrived later.',
  'I then spoke to Tobias FENWICK, who lives at 9 Heol y Nant, Cardiff CF14 7QX. Later Fenwick told me he had paid £450.',
  'I produce exhibit JW/1. The offence is s.18 Offences Against the Person Act 1861.',
].join('\n');

/** What Azure AI Language answers for STATEMENT (the replay): its categories, which the adapter maps to ours. */
const AZURE_RECOGNISES: readonly RecognisedEntity[] = [
  ['Kwame Asante', 'Person', 0.98],
  ['Sarah Whitlock', 'Person', 0.97],
  ['Tobias FENWICK', 'Person', 0.93],
  ['Fenwick', 'Person', 0.81],
  ['9 Heol y Nant, Cardiff', 'Address', 0.88],
  ['14/2/65', 'DateTime', 0.8],
  ['Cardiff Crown Court', 'Organization', 0.95],
  ['South Wales Police', 'Organization', 0.96],
  ['DC', 'PersonType', 0.7],
  ['23:40', 'DateTime', 0.9],
  ['£450', 'Quantity', 0.9],
];

const ADAPTERS: readonly [string, () => PiiDetector, () => void][] = [
  ['local', () => LocalPiiDetector.fromConfig(), () => undefined],
  ['azure-language (replayed)', () => AzureLanguagePiiDetector.fromConfig({ endpoint: LANGUAGE_ENDPOINT, credential: TEST_CREDENTIAL }), () => void replayAzureLanguage(AZURE_RECOGNISES)],
];

const PEOPLE = [{ firstNames: 'Kwame', surname: 'Asante', dateOfBirth: '1965-02-14', address: null, phone: null }];
const texts = (spans: readonly PiiSpan[], category: string) => spans.filter((span) => span.category === category).map((span) => span.text);

describe.each(ADAPTERS)('PiiDetector contract: %s', (_name, makeDetector, prepare) => {
  useOfflineNock();

  const detect = async (people = PEOPLE) => {
    prepare();
    return makeDetector().detect({ pages: [{ pageIndex: 3, text: STATEMENT }], people });
  };

  it('finds the names, the later mention, the date of birth and the address with its postcode', async () => {
    const spans = await detect();
    expect(texts(spans, 'name')).toEqual(expect.arrayContaining(['Kwame Asante', 'Sarah Whitlock', 'Tobias FENWICK', 'Fenwick']));
    expect(texts(spans, 'dob')).toEqual(['14/2/65']);
    expect(texts(spans, 'address')).toEqual(['9 Heol y Nant, Cardiff']);
    expect(texts(spans, 'postcode')).toEqual(['CF14 7QX']);
  });

  it('suggests none of the look-alikes', async () => {
    const spans = await detect();
    const all = spans.map((span) => span.text).join(' | ');
    for (const lookalike of ['62SW1234524', 'MG11', 'Criminal Justice Act', 'Cardiff Crown Court', 'South Wales Police', '23:40', '£450', 'JW/1', 'Offences Against', '1861', 'DC']) {
      expect(all).not.toContain(lookalike);
    }
  });

  it('answers spans whose offsets index the page text, on the page asked about, with a source and a confidence', async () => {
    const spans = await detect();
    expect(spans.length).toBeGreaterThan(0);
    for (const span of spans) {
      expect(span.pageIndex).toBe(3);
      expect(STATEMENT.slice(span.start, span.end).replace(/\s+/g, ' ')).toBe(span.text);
      expect(span.confidence).toBeGreaterThan(0);
      expect(span.confidence).toBeLessThanOrEqual(1);
      expect(['case-data', 'pattern', 'name-rules', 'azure-language']).toContain(span.source);
    }
  });

  it('groups a person: the later mention shares the full name’s key, a different person has another', async () => {
    const spans = await detect();
    const keyOf = (text: string) => spans.find((span) => span.text === text)?.personKey;
    expect(keyOf('Tobias FENWICK')).toMatch(/^person-\d+$/);
    expect(keyOf('Fenwick')).toBe(keyOf('Tobias FENWICK'));
    expect(keyOf('9 Heol y Nant, Cardiff')).toBe(keyOf('Tobias FENWICK'));
    expect(keyOf('Kwame Asante')).not.toBe(keyOf('Tobias FENWICK'));
  });

  it('is ready', async () => {
    await expect(makeDetector().readiness()).resolves.toMatchObject({ ready: true });
  });
});
