import { IngestionTracker } from '../../src/ingestion/tracker/ingestion-tracker.js';
import { startHostileE2e, type HostileE2e } from './helpers/hostile-e2e-kit.js';

/**
 * Every document- and version-scoped route, asked about a document of another case or a made-up id, answers
 * 404 (DOCUMENT_NOT_FOUND / DOCUMENT_VERSION_NOT_FOUND) on the real facade over the real stand-in, and none of
 * them starts a refresh of the case (a preview used to answer 409 DOCUMENT_NOT_INGESTED and start one).
 */
describe('foreign and made-up document ids (e2e)', () => {
  let kit: HostileE2e;
  let token: string;
  let own: { documentId: string; versionId: string };
  let foreign: { documentId: string; versionId: string };
  const CASE = '1';
  const MADE_UP = '99999999';
  const redaction = { redactions: [{ pageIndex: 0, pageWidth: 612, pageHeight: 792, rects: [{ x: 10, y: 10, width: 50, height: 20 }] }], reasonCodes: ['PII'] };

  beforeAll(async () => {
    kit = await startHostileE2e();
    token = await kit.token('alice.admin');
    const documentsOf = async (caseId: string) => ((await (await kit.api(token, `/cases/${caseId}/documents`)).json()) as { documents: { documentId: string; versionId: string }[] }).documents;
    own = (await documentsOf(CASE))[0]!;
    const ownIds = new Set((await documentsOf(CASE)).map((document) => document.documentId));
    foreign = (await documentsOf('2')).find((document) => !ownIds.has(document.documentId))!;
  });

  afterAll(async () => {
    await kit?.close();
  });

  type Call = { name: string; method: string; path: (documentId: string, versionId: string) => string; body?: unknown };
  const calls: Call[] = [
    { name: 'content', method: 'GET', path: (d, v) => `/documents/${d}/versions/${v}/content` },
    { name: 'pdf', method: 'GET', path: (d, v) => `/documents/${d}/versions/${v}/pdf` },
    { name: 'text', method: 'GET', path: (d, v) => `/documents/${d}/versions/${v}/text` },
    { name: 'redaction suggestions', method: 'GET', path: (d, v) => `/documents/${d}/versions/${v}/redaction-suggestions` },
    { name: 'redaction preview', method: 'POST', path: (d, v) => `/documents/${d}/versions/${v}/redactions/preview`, body: redaction },
    { name: 'redaction save', method: 'POST', path: (d, v) => `/documents/${d}/versions/${v}/redactions`, body: redaction },
  ];

  const codeOf = async (call: Call, documentId: string, versionId: string): Promise<[number, string]> => {
    const response = await kit.api(token, `/cases/${CASE}${call.path(documentId, versionId)}`, { method: call.method, ...(call.body === undefined ? {} : { body: call.body }) });
    const body = (await response.json()) as { code?: string };
    return [response.status, body.code ?? ''];
  };

  it.each(calls.map((call) => [call.name, call] as const))('%s: another case’s document is 404 DOCUMENT_NOT_FOUND', async (_name, call) => {
    expect(await codeOf(call, foreign.documentId, foreign.versionId)).toEqual([404, 'DOCUMENT_NOT_FOUND']);
  });

  it.each(calls.map((call) => [call.name, call] as const))('%s: a made-up document id is 404 DOCUMENT_NOT_FOUND', async (_name, call) => {
    expect(await codeOf(call, MADE_UP, MADE_UP)).toEqual([404, 'DOCUMENT_NOT_FOUND']);
  });

  it.each(calls.map((call) => [call.name, call] as const))('%s: a made-up version of the case’s own document is 404', async (_name, call) => {
    const [status, code] = await codeOf(call, own.documentId, MADE_UP);
    expect(status).toBe(404);
    expect(['DOCUMENT_VERSION_NOT_FOUND', 'DOCUMENT_NOT_FOUND']).toContain(code);
  });

  it('renaming another case’s document or a made-up one is 404 DOCUMENT_NOT_FOUND', async () => {
    for (const documentId of [foreign.documentId, MADE_UP]) {
      const response = await kit.api(token, `/cases/${CASE}/documents/${documentId}`, { method: 'PATCH', body: { title: 'Not mine' } });
      expect([response.status, ((await response.json()) as { code: string }).code]).toEqual([404, 'DOCUMENT_NOT_FOUND']);
    }
  });

  it('started no refresh of the case on behalf of any of those ids', async () => {
    expect(await kit.app.get(IngestionTracker).caseRun(CASE)).toBeNull();
    expect(await kit.app.get(IngestionTracker).documents(CASE)).toEqual([]);
  });
});
