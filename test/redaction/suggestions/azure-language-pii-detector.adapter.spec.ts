import { describe, expect, it } from '@jest/globals';
import { useOfflineNock } from '../../helpers/offline-nock.js';
import nock from 'nock';
import { AzureLanguagePiiDetector, chunksOf } from '../../../src/redaction/suggestions/azure-language/azure-language-pii-detector.adapter.js';
import { LANGUAGE_ENDPOINT, replayAzureLanguage, TEST_CREDENTIAL } from './azure-language-replay.js';

describe('AzureLanguagePiiDetector (replayed responses)', () => {
  useOfflineNock();

  const detector = () => AzureLanguagePiiDetector.fromConfig({ endpoint: `${LANGUAGE_ENDPOINT}/`, credential: TEST_CREDENTIAL });

  it('posts PiiEntityRecognition with UTF-16 offsets, five documents per request, and maps categories to ours', async () => {
    const requests = replayAzureLanguage([
      ['Ngozi Okonkwo', 'Person', 0.95],
      ['07700 900123', 'PhoneNumber', 0.9],
      ['ngozi@example.org', 'Email', 0.9],
      ['QQ123456C', 'UKNationalInsuranceNumber', 0.85],
      ['Gwent Police', 'Organization', 0.95],
      ['Okonkwo', 'Person', 0.3],
    ]);
    const pages = Array.from({ length: 7 }, (_, pageIndex) => ({ pageIndex, text: `Page ${pageIndex}: Ngozi Okonkwo rang 07700 900123, e-mail ngozi@example.org, NI QQ123456C, Gwent Police.` }));
    const spans = await detector().detect({ pages, people: [] });

    expect(requests.map((request) => request.analysisInput.documents.length)).toEqual([5, 2]);
    expect(requests[0]).toMatchObject({ kind: 'PiiEntityRecognition', parameters: { stringIndexType: 'Utf16CodeUnit' } });
    const page6 = spans.filter((span) => span.pageIndex === 6);
    // The same phone, e-mail and NI number found by the UK patterns too collapse into one suggestion each.
    expect(page6.map((span) => [span.category, span.text])).toEqual([
      ['name', 'Ngozi Okonkwo'],
      ['phone', '07700 900123'],
      ['email', 'ngozi@example.org'],
      ['ni-number', 'QQ123456C'],
    ]);
    expect(page6[0].source).toBe('azure-language');
  });

  it('cuts a long page into chunks at whitespace and maps offsets back to the page', async () => {
    const filler = 'word '.repeat(1100);
    const text = `${filler}Rhiannon Pritchard ${filler}Rhiannon Pritchard`;
    expect(chunksOf(0, text).every((chunk) => chunk.text.length <= 5000 && text.startsWith(chunk.text, chunk.start))).toBe(true);
    replayAzureLanguage([['Rhiannon Pritchard', 'Person', 0.9]]);
    const spans = await detector().detect({ pages: [{ pageIndex: 0, text }], people: [] });
    expect(spans.map((span) => text.slice(span.start, span.end))).toEqual(['Rhiannon Pritchard', 'Rhiannon Pritchard']);
  });

  it('fails the detection when the service refuses a document or answers an error status', async () => {
    nock(LANGUAGE_ENDPOINT)
      .post('/language/:analyze-text')
      .query(true)
      .reply(200, { kind: 'PiiEntityRecognitionResults', results: { documents: [], errors: [{ id: '0-0', error: { code: 'InvalidArgument', message: 'Invalid document in request.' } }], modelVersion: '2023-09-01' } });
    await expect(detector().detect({ pages: [{ pageIndex: 0, text: 'Some text' }], people: [] })).rejects.toThrow(/InvalidArgument/);
    nock(LANGUAGE_ENDPOINT).post('/language/:analyze-text').query(true).reply(429, { error: { code: '429', message: 'Rate limit' } });
    await expect(detector().detect({ pages: [{ pageIndex: 0, text: 'Some text' }], people: [] })).rejects.toThrow(/429/);
  });
});
