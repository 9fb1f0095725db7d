import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { AzureDocumentIntelligenceOcr } from '../../../src/conversion/ocr/azure-document-intelligence-ocr.adapter.js';

const ENDPOINT = 'https://casework-ocr.cognitiveservices.azure.com';
const RESULT_ID = '3f1d2c4b-8a0e-4e55-9d7c-1b2a3c4d5e6f';
const OPERATION = `${ENDPOINT}/documentintelligence/documentModels/prebuilt-read/analyzeResults/${RESULT_ID}?api-version=2024-11-30`;

/** Shaped like a recorded prebuilt-read result for a 2000 × 500 px PNG (unit: pixel). */
const SUCCEEDED = {
  status: 'succeeded',
  createdDateTime: '2025-05-12T10:15:02Z',
  lastUpdatedDateTime: '2025-05-12T10:15:03Z',
  analyzeResult: {
    apiVersion: '2024-11-30',
    modelId: 'prebuilt-read',
    stringIndexType: 'textElements',
    content: 'KNIFE FOUND 07700 900123\nExhibit RT/1',
    pages: [
      {
        pageNumber: 1,
        angle: 0,
        width: 2000,
        height: 500,
        unit: 'pixel',
        words: [
          { content: 'KNIFE', polygon: [127, 212, 425, 212, 425, 281, 127, 281], confidence: 0.995, span: { offset: 0, length: 5 } },
          { content: 'FOUND', polygon: [463, 211, 801, 212, 801, 282, 463, 281], confidence: 0.994, span: { offset: 6, length: 5 } },
          { content: '07700', polygon: [839, 210, 1166, 211, 1166, 283, 839, 282], confidence: 0.993, span: { offset: 12, length: 5 } },
          { content: '900123', polygon: [1203, 210, 1596, 211, 1596, 283, 1203, 282], confidence: 0.991, span: { offset: 18, length: 6 } },
          { content: 'Exhibit', polygon: [130, 380, 300, 380, 300, 420, 130, 420], confidence: 0.98, span: { offset: 25, length: 7 } },
          { content: 'RT/1', polygon: [320, 380, 410, 380, 410, 420, 320, 420], confidence: 0.97, span: { offset: 33, length: 4 } },
        ],
        lines: [
          { content: 'KNIFE FOUND 07700 900123', polygon: [127, 210, 1596, 210, 1596, 283, 127, 283], spans: [{ offset: 0, length: 24 }] },
          { content: 'Exhibit RT/1', polygon: [130, 380, 410, 380, 410, 420, 130, 420], spans: [{ offset: 25, length: 12 }] },
        ],
        spans: [{ offset: 0, length: 37 }],
      },
    ],
    paragraphs: [{ spans: [{ offset: 0, length: 24 }], boundingRegions: [{ pageNumber: 1, polygon: [127, 210, 1596, 210, 1596, 283, 127, 283] }], content: 'KNIFE FOUND 07700 900123' }],
    styles: [],
    contentFormat: 'text',
  },
};

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('fake image body')]);
const PAGE = { pageIndex: 2, width: 720, height: 180 };

describe('AzureDocumentIntelligenceOcr (recorded responses)', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  // nock patches Node's http for the whole worker process: give it back (keep-alive pooling included) for the next test file.
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });

  it('posts the image to prebuilt-read with the key, polls the Operation-Location and maps word polygons to points', async () => {
    const service = nock(ENDPOINT, { reqheaders: { 'ocp-apim-subscription-key': 'test-key-123', 'content-type': 'application/octet-stream' } })
      .post('/documentintelligence/documentModels/prebuilt-read:analyze', (body: unknown) => Buffer.from(String(body), 'hex').equals(PNG))
      .query({ 'api-version': '2024-11-30' })
      .reply(202, '', { 'Operation-Location': OPERATION, 'apim-request-id': RESULT_ID });
    const polls = nock(ENDPOINT, { reqheaders: { 'ocp-apim-subscription-key': 'test-key-123' } })
      .get(`/documentintelligence/documentModels/prebuilt-read/analyzeResults/${RESULT_ID}`)
      .query({ 'api-version': '2024-11-30' })
      .reply(200, { status: 'running', createdDateTime: '2025-05-12T10:15:02Z', lastUpdatedDateTime: '2025-05-12T10:15:02Z' }, { 'Retry-After': '1' })
      .get(`/documentintelligence/documentModels/prebuilt-read/analyzeResults/${RESULT_ID}`)
      .query({ 'api-version': '2024-11-30' })
      .reply(200, SUCCEEDED);

    const ocr = AzureDocumentIntelligenceOcr.fromConfig({ endpoint: `${ENDPOINT}/`, apiKey: 'test-key-123', pollIntervalMs: 5 });
    const text = await ocr.recognise(PNG, PAGE);

    expect(service.isDone()).toBe(true);
    expect(polls.isDone()).toBe(true);
    expect(text).toMatchObject({ pageIndex: 2, width: 720, height: 180, rotation: 0, source: 'ocr' });
    expect(text.lines.map((line) => line.text)).toEqual(['KNIFE FOUND 07700 900123', 'Exhibit RT/1']);
    // 2000 px → 720 pt: 0.36 pt per pixel
    expect(text.lines[0].words[0]).toEqual({ text: 'KNIFE', box: { x: 45.72, y: 76.32, width: 107.28, height: 24.84 } });
    expect(text.lines[0].words[3].box.x).toBeCloseTo(1203 * 0.36, 3);
    expect(text.lines[1].box).toEqual({ x: 46.8, y: 136.8, width: 100.8, height: 14.4 });
  });

  it('authenticates with a bearer token from a credential when no key is set', async () => {
    const scopes: string[] = [];
    const credential = {
      getToken: (scope: string) => {
        scopes.push(scope);
        return Promise.resolve({ token: 'entra-token-abc' });
      },
    };
    nock(ENDPOINT, { reqheaders: { authorization: 'Bearer entra-token-abc' }, badheaders: ['ocp-apim-subscription-key'] })
      .post('/documentintelligence/documentModels/prebuilt-read:analyze')
      .query({ 'api-version': '2024-11-30' })
      .reply(202, '', { 'Operation-Location': OPERATION })
      .get(`/documentintelligence/documentModels/prebuilt-read/analyzeResults/${RESULT_ID}`)
      .query({ 'api-version': '2024-11-30' })
      .reply(200, SUCCEEDED);

    const text = await AzureDocumentIntelligenceOcr.fromConfig({ endpoint: ENDPOINT, credential, pollIntervalMs: 5 }).recognise(PNG, PAGE);
    expect(text.lines).toHaveLength(2);
    expect(scopes).toEqual(['https://cognitiveservices.azure.com/.default', 'https://cognitiveservices.azure.com/.default']);
  });

  it('turns a rejected key into OCR_FAILED with the service error code', async () => {
    nock(ENDPOINT)
      .post('/documentintelligence/documentModels/prebuilt-read:analyze')
      .query(true)
      .reply(401, { error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint.' } });
    await expect(AzureDocumentIntelligenceOcr.fromConfig({ endpoint: ENDPOINT, apiKey: 'wrong' }).recognise(PNG, PAGE)).rejects.toMatchObject({
      reason: 'OCR_FAILED',
      message: expect.stringContaining('HTTP 401'),
    });
  });

  it('turns a failed analysis into OCR_FAILED', async () => {
    nock(ENDPOINT)
      .post('/documentintelligence/documentModels/prebuilt-read:analyze')
      .query(true)
      .reply(202, '', { 'Operation-Location': OPERATION })
      .get(/analyzeResults/)
      .query(true)
      .reply(200, { status: 'failed', error: { code: 'InvalidContent', message: 'The file is corrupted or format is unsupported.' } });
    await expect(AzureDocumentIntelligenceOcr.fromConfig({ endpoint: ENDPOINT, apiKey: 'k', pollIntervalMs: 5 }).recognise(PNG, PAGE)).rejects.toMatchObject({ reason: 'OCR_FAILED' });
  });

  it('refuses an Operation-Location on another host', async () => {
    nock(ENDPOINT)
      .post('/documentintelligence/documentModels/prebuilt-read:analyze')
      .query(true)
      .reply(202, '', { 'Operation-Location': 'https://attacker.example/analyzeResults/1' });
    await expect(AzureDocumentIntelligenceOcr.fromConfig({ endpoint: ENDPOINT, apiKey: 'k' }).recognise(PNG, PAGE)).rejects.toMatchObject({ reason: 'OCR_FAILED' });
  });
});
