import nock from 'nock';

export const LANGUAGE_ENDPOINT = 'https://casework-language.cognitiveservices.azure.com';
export const TEST_CREDENTIAL = { getToken: () => Promise.resolve({ token: 'test-token' }) };

/** What the service recognises, as it documents it: entity text, category, confidence (a replay, not a model). */
export type RecognisedEntity = readonly [text: string, category: string, confidenceScore: number];

interface AnalyzeRequest {
  readonly kind: string;
  readonly parameters?: { readonly stringIndexType?: string };
  readonly analysisInput: { readonly documents: readonly { readonly id: string; readonly language: string; readonly text: string }[] };
}

/**
 * Replays Azure AI Language's `:analyze-text` PiiEntityRecognition answer in its documented shape
 * (results.documents[].entities[] with text, category, offset, length, confidenceScore; redactedText;
 * warnings; errors; modelVersion) for whatever documents are posted, finding each recognised entity's
 * every occurrence. Returns the requests it saw.
 */
export function replayAzureLanguage(recognised: readonly RecognisedEntity[], times = 50): AnalyzeRequest[] {
  const seen: AnalyzeRequest[] = [];
  nock(LANGUAGE_ENDPOINT, { reqheaders: { authorization: 'Bearer test-token', 'content-type': 'application/json' } })
    .post('/language/:analyze-text')
    .query({ 'api-version': '2023-04-01' })
    .times(times)
    .reply(200, (_uri, body) => {
      const request = body as AnalyzeRequest;
      seen.push(request);
      return {
        kind: 'PiiEntityRecognitionResults',
        results: {
          documents: request.analysisInput.documents.map((document) => {
            const entities = recognised.flatMap(([text, category, confidenceScore]) =>
              [...document.text.matchAll(new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'))].map((match) => ({ text, category, offset: match.index, length: text.length, confidenceScore })),
            );
            let redactedText = document.text;
            for (const entity of entities) redactedText = redactedText.slice(0, entity.offset) + '*'.repeat(entity.length) + redactedText.slice(entity.offset + entity.length);
            return { id: document.id, redactedText, entities, warnings: [] };
          }),
          errors: [],
          modelVersion: '2023-09-01',
        },
      };
    });
  return seen;
}
