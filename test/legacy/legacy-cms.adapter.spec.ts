import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import nock from 'nock';
import { LegacyCmsAdapter } from '../../src/legacy/legacy-cms.adapter.js';
import { LegacyConnection } from '../../src/legacy/legacy-connection.js';
import type { LegacyCaller } from '../../src/legacy/legacy-cms.port.js';
import { domainFailureOf } from '../helpers/rejection-of.js';

/** The adapter against recorded legacy answers (SOAP fault envelopes, GraphQL error JSON) replayed by nock. */

const ORIGIN = 'http://legacy.test';
const fixture = (name: string): Buffer => readFileSync(new URL(`../fixtures/legacy/${name}`, import.meta.url));
const fixtureJson = (name: string): unknown => JSON.parse(fixture(name).toString('utf8'));
const soapHeaders = { 'Content-Type': 'text/xml; charset=windows-1252' };
const caller: LegacyCaller = { username: 'alice.admin', correlationId: 'corr-123' };

const configFor = (soapUrl: string, legacyTimeoutMs: number) => ({
  legacy: { soapUrl, graphqlUrl: `${ORIGIN}/cms/graphql`, filesUrl: `${ORIGIN}/files`, serviceUsername: 'svc-facade', servicePassword: 'test-only-secret' },
  legacyTimeoutMs,
});

/** The legacy deadline is a ceiling a loaded machine never reaches; the deadline test sets its own. */
const adapterFor = (soapUrl = `${ORIGIN}/cms/classic`): LegacyCmsAdapter => LegacyCmsAdapter.fromConfig(configFor(soapUrl, 60_000));

/**
 * An adapter with a short deadline on its calls, whose logins go through a patient connection: the short
 * deadline can only ever cut the call under test, never a healthy login before it.
 */
function impatientAdapterFor(timeoutMs: number, soapUrl = `${ORIGIN}/cms/classic`): LegacyCmsAdapter {
  const patient = LegacyConnection.fromConfig(configFor(soapUrl, 60_000));
  const impatient = LegacyConnection.fromConfig(configFor(soapUrl, timeoutMs));
  return new LegacyCmsAdapter(impatient.classic, impatient.graphql, impatient.fileStore, patient.sessions);
}

const soap = () => nock(ORIGIN);
const isOperation = (element: string) => (body: string) => body.includes(`${element}`);
const withToken = (token: string) => (body: string) => body.includes(`<SessionToken>${token}</SessionToken>`) || body.includes(`:SessionToken>${token}<`);

/** Expects `count` logins for alice, each answering the next token. */
function expectLogins(...tokens: string[]): nock.Scope {
  const scope = soap();
  for (const token of tokens) {
    scope
      .post('/cms/classic', (body: string) => body.includes('AuthenticateOnBehalfOfRequest') && body.includes('alice.admin') && body.includes('svc-facade'))
      .reply(200, fixture('soap/authenticate-response.xml').toString('latin1').replace('{{TOKEN}}', token), soapHeaders);
  }
  return scope;
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});
// nock patches Node's http for the whole worker process: give it back (keep-alive pooling included) for the next test file.
afterAll(() => {
  nock.enableNetConnect();
  nock.restore();
});

describe('LegacyCmsAdapter over SOAP (recorded answers)', () => {
  it('logs in on behalf of the user, sends the correlation id and decodes Windows-1252', async () => {
    expectLogins('tok-1');
    const summary = soap()
      .matchHeader('x-correlation-id', 'corr-123')
      .post('/cms/classic', (body: string) => isOperation('GetCaseSummaryRequest')(body) && withToken('tok-1')(body) && body.includes('00000042'))
      .reply(200, fixture('soap/case-summary-response.xml'), soapHeaders);
    const result = await adapterFor().getCaseSummary(caller, '42');
    expect(result).toEqual({
      caseId: '42',
      urn: '45AA1234524',
      title: 'R v Zoë Brontë-Müller (£5,000 damage)',
      unitId: '3',
      unitName: 'North – Crown Court Unit',
      status: 'Active',
      registeredDate: '2024-03-07',
      isCustody: true,
      nextHearingDate: null,
      court: 'Crown Court at Sheffield',
    });
    expect(summary.isDone()).toBe(true);
  });

  it('reuses the session for the next call and maps defendants with charges', async () => {
    expectLogins('tok-1');
    soap().post('/cms/classic', isOperation('GetCaseSummaryRequest')).reply(200, fixture('soap/case-summary-response.xml'), soapHeaders);
    soap()
      .post('/cms/classic', (body: string) => isOperation('GetDefendantsWithChargesRequest')(body) && withToken('tok-1')(body))
      .reply(200, fixture('soap/defendants-response.xml'), soapHeaders);
    const adapter = adapterFor();
    await adapter.getCaseSummary(caller, '42');
    const defendants = await adapter.getDefendants(caller, '42');
    expect(defendants).toEqual([
      {
        defendantId: '7',
        firstNames: 'José',
        surname: 'Öberg',
        dateOfBirth: '2004-02-29',
        isYouth: false,
        charges: [
          { chargeId: '11', code: 'CD71001', description: 'Criminal damage to property valued under £5,000', offenceDate: '2024-01-01', plea: null, status: 'Charged' },
        ],
      },
    ]);
  });

  it('answers access denied (2002) as "denied" and as CASE_ACCESS_DENIED elsewhere', async () => {
    expectLogins('tok-1');
    soap().post('/cms/classic', isOperation('CheckCaseAccessRequest')).reply(500, fixture('soap/fault-2002-access-denied.xml'), soapHeaders);
    soap().post('/cms/classic', isOperation('GetCaseSummaryRequest')).reply(500, fixture('soap/fault-2002-access-denied.xml'), soapHeaders);
    const adapter = adapterFor();
    expect(await adapter.checkCaseAccess(caller, '42')).toBe('denied');
    expect((await domainFailureOf(adapter.getCaseSummary(caller, '42'))).code).toBe('CASE_ACCESS_DENIED');
  });

  it('answers case not found (2001) as "not-found" and as CASE_NOT_FOUND elsewhere', async () => {
    expectLogins('tok-1');
    soap().post('/cms/classic', isOperation('CheckCaseAccessRequest')).reply(500, fixture('soap/fault-2001-case-not-found.xml'), soapHeaders);
    soap().post('/cms/classic', isOperation('GetDefendantsWithChargesRequest')).reply(500, fixture('soap/fault-2001-case-not-found.xml'), soapHeaders);
    const adapter = adapterFor();
    expect(await adapter.checkCaseAccess(caller, '99')).toBe('not-found');
    expect((await domainFailureOf(adapter.getDefendants(caller, '99'))).code).toBe('CASE_NOT_FOUND');
  });

  it('reports who holds a check-out (3001)', async () => {
    expectLogins('tok-1');
    soap().post('/cms/classic', isOperation('CheckOutDocumentRequest')).reply(500, fixture('soap/fault-3001-checked-out.xml'), soapHeaders);
    const error = await domainFailureOf(adapterFor().checkOutDocument(caller, '42', '201', '302'));
    expect(error.code).toBe('DOCUMENT_CHECKED_OUT');
    expect(error.details).toEqual({ checkedOutBy: 'bob.north' });
  });

  it('re-logs in once on an expired session (1001) and retries the call', async () => {
    const logins = expectLogins('tok-old', 'tok-new');
    soap().post('/cms/classic', (body: string) => isOperation('GetCaseSummaryRequest')(body) && withToken('tok-old')(body)).reply(500, fixture('soap/fault-1001-session-expired.xml'), soapHeaders);
    soap()
      .post('/cms/classic', (body: string) => isOperation('GetCaseSummaryRequest')(body) && withToken('tok-new')(body))
      .reply(200, fixture('soap/case-summary-response.xml'), soapHeaders);
    expect((await adapterFor().getCaseSummary(caller, '42')).caseId).toBe('42');
    expect(logins.isDone()).toBe(true);
  });

  it('gives up with LEGACY_AUTH_FAILED when the fresh session is refused too', async () => {
    expectLogins('tok-old', 'tok-new');
    soap().post('/cms/classic', isOperation('GetCaseSummaryRequest')).times(2).reply(500, fixture('soap/fault-1001-session-expired.xml'), soapHeaders);
    const error = await domainFailureOf(adapterFor().getCaseSummary(caller, '42'));
    expect(error.code).toBe('LEGACY_AUTH_FAILED');
  });

  it('maps a rate-limit fault (9001) to LEGACY_RATE_LIMITED with Retry-After', async () => {
    expectLogins('tok-1');
    soap()
      .post('/cms/classic', isOperation('FindCasesByUrnRequest'))
      .reply(429, fixture('soap/fault-9001-rate-limited.xml'), { ...soapHeaders, 'Retry-After': '3' });
    const error = await domainFailureOf(adapterFor().findCasesByUrn(caller, '45AA1234524'));
    expect(error.code).toBe('LEGACY_RATE_LIMITED');
    expect(error.details).toEqual({ retryAfterSeconds: 3 });
  });

  it('maps an internal fault (9999) and a bare 503 page to LEGACY_UNAVAILABLE', async () => {
    expectLogins('tok-1');
    soap().post('/cms/classic', isOperation('FindCasesByUrnRequest')).reply(500, fixture('soap/fault-9999-internal.xml'), soapHeaders);
    soap().post('/cms/classic', isOperation('FindCasesByUrnRequest')).reply(503, fixture('soap/unavailable.html'), { 'Content-Type': 'text/html' });
    const adapter = adapterFor();
    expect((await domainFailureOf(adapter.findCasesByUrn(caller, 'x'))).code).toBe('LEGACY_UNAVAILABLE');
    expect((await domainFailureOf(adapter.findCasesByUrn(caller, 'x'))).code).toBe('LEGACY_UNAVAILABLE');
  });

  it('refuses a response carrying a DOCTYPE before parsing it', async () => {
    expectLogins('tok-1');
    soap().post('/cms/classic', isOperation('CheckCaseAccessRequest')).reply(200, fixture('soap/doctype-response.xml'), soapHeaders);
    const error = await domainFailureOf(adapterFor().checkCaseAccess(caller, '42'));
    expect(error.code).toBe('LEGACY_BAD_RESPONSE');
    expect(error.message).toMatch(/DOCTYPE/);
  });

  it('maps malformed XML to LEGACY_BAD_RESPONSE', async () => {
    expectLogins('tok-1');
    soap().post('/cms/classic', isOperation('CheckCaseAccessRequest')).reply(200, fixture('soap/malformed-response.xml'), soapHeaders);
    expect((await domainFailureOf(adapterFor().checkCaseAccess(caller, '42'))).code).toBe('LEGACY_BAD_RESPONSE');
  });

  it('gives up after the configured legacy timeout with LEGACY_TIMEOUT', async () => {
    expectLogins('tok-1');
    // The legacy CMS never answers the summary; the deadline's timer runs on a fake clock, from the moment the call is sent.
    let sent!: () => void;
    const summarySent = new Promise<void>((resolve) => (sent = resolve));
    soap()
      .post('/cms/classic', isOperation('GetCaseSummaryRequest'))
      .reply(() => {
        sent();
        return new Promise<never>(() => undefined);
      });
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'Date', 'hrtime', 'performance'] });
    try {
      let settled = false;
      const failure = domainFailureOf(impatientAdapterFor(150).getCaseSummary(caller, '42')).finally(() => (settled = true));
      await summarySent;
      await jest.advanceTimersByTimeAsync(149);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      expect((await failure).code).toBe('LEGACY_TIMEOUT');
    } finally {
      jest.useRealTimers();
    }
  });

  it('maps a refused connection to LEGACY_UNAVAILABLE', async () => {
    const port = await closedPort();
    const error = await domainFailureOf(adapterFor(`http://127.0.0.1:${port}/cms/classic`).getCaseSummary(caller, '42'));
    expect(error.code).toBe('LEGACY_UNAVAILABLE');
  });

  it('maps a reset connection to LEGACY_UNAVAILABLE', async () => {
    // A real TCP peer that resets every connection as soon as a request arrives.
    const server = createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as import('node:net').AddressInfo;
    try {
      expect((await domainFailureOf(adapterFor(`http://127.0.0.1:${port}/cms/classic`).getCaseSummary(caller, '42'))).code).toBe('LEGACY_UNAVAILABLE');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('LegacyCmsAdapter over GraphQL (recorded answers)', () => {
  it('keeps partial witness data and reports the withheld fields as warnings', async () => {
    expectLogins('tok-1');
    nock(ORIGIN)
      .matchHeader('x-cms-session', 'tok-1')
      .matchHeader('x-correlation-id', 'corr-123')
      .post('/cms/graphql', (body: { query: string; variables: { caseId: string } }) => body.query.includes('witnesses') && body.variables.caseId === '00000042')
      .reply(200, fixtureJson('graphql/witnesses-partial.json') as nock.Body, { 'Content-Type': 'application/json' });
    const { value, warnings } = await adapterFor().getWitnesses(caller, '42');
    expect(warnings).toEqual(['witnesses[0].dateOfBirth', 'witnesses[0].address', 'witnesses[0].phone']);
    expect(value[0]).toEqual({
      witnessId: '101',
      firstNames: 'Renée',
      surname: "O'Brien",
      dateOfBirth: null,
      address: null,
      phone: null,
      isVulnerable: true,
      isIntimidated: false,
    });
    expect(value[1]).toMatchObject({ witnessId: '102', dateOfBirth: '1990-08-14', isIntimidated: true });
  });

  it('lists documents with the current version last and parent links', async () => {
    expectLogins('tok-1');
    nock(ORIGIN).post('/cms/graphql').reply(200, fixtureJson('graphql/documents.json') as nock.Body, { 'Content-Type': 'application/json' });
    const [email, attachment] = await adapterFor().listDocuments(caller, '42');
    expect(email.versions.map((version) => version.versionId)).toEqual(['301', '302']);
    expect(email.versions.at(-1)!.versionId).toBe(email.versionId);
    expect(email.versions[0].createdAt).toBe('2024-03-05T09:00:00.000Z');
    expect(attachment).toMatchObject({ documentId: '202', parentDocumentId: '201', isUsed: true, isCheckedOut: true, documentDate: null });
  });

  it('maps a case-not-found error (2001) to CASE_NOT_FOUND', async () => {
    expectLogins('tok-1');
    nock(ORIGIN).post('/cms/graphql').reply(200, fixtureJson('graphql/case-not-found.json') as nock.Body, { 'Content-Type': 'application/json' });
    expect((await domainFailureOf(adapterFor().listNotes(caller, '99'))).code).toBe('CASE_NOT_FOUND');
  });

  it('maps HTTP 429 to LEGACY_RATE_LIMITED', async () => {
    expectLogins('tok-1');
    nock(ORIGIN).post('/cms/graphql').reply(429, fixtureJson('graphql/rate-limited.json') as nock.Body, { 'Content-Type': 'application/json', 'Retry-After': '2' });
    const error = await domainFailureOf(adapterFor().listDocuments(caller, '42'));
    expect(error.code).toBe('LEGACY_RATE_LIMITED');
    expect(error.details).toEqual({ retryAfterSeconds: 2 });
  });

  it('re-logs in once when the session has expired (1001) and retries', async () => {
    const logins = expectLogins('tok-old', 'tok-new');
    nock(ORIGIN).matchHeader('x-cms-session', 'tok-old').post('/cms/graphql').reply(401, fixtureJson('graphql/session-expired.json') as nock.Body, { 'Content-Type': 'application/json' });
    nock(ORIGIN).matchHeader('x-cms-session', 'tok-new').post('/cms/graphql').reply(200, fixtureJson('graphql/documents.json') as nock.Body, { 'Content-Type': 'application/json' });
    expect(await adapterFor().listDocuments(caller, '42')).toHaveLength(2);
    expect(logins.isDone()).toBe(true);
  });

  it('gives up after the legacy timeout with LEGACY_TIMEOUT', async () => {
    expectLogins('tok-1');
    // The GraphQL API never answers: only the (short) deadline can end the call.
    nock(ORIGIN).post('/cms/graphql').reply(() => new Promise<never>(() => undefined));
    expect((await domainFailureOf(impatientAdapterFor(150).listDocuments(caller, '42'))).code).toBe('LEGACY_TIMEOUT');
  });
});

describe('LegacyCmsAdapter over the file store (recorded answers)', () => {
  const documentInfo = (fileStorePath: string): string =>
    '<?xml version="1.0" encoding="windows-1252"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
    '<GetDocumentInfoResponse xmlns="urn:legacy-cms:casework:v1"><DocumentId>00000201</DocumentId><VersionId>00000302</VersionId>' +
    '<FileName>café.txt</FileName><MimeType>text/plain</MimeType><SizeBytes>10</SizeBytes>' +
    `<FileStorePath>${fileStorePath}</FileStorePath><CheckedOutFlag>N</CheckedOutFlag></GetDocumentInfoResponse></soap:Body></soap:Envelope>`;

  it('streams a byte range with the session cookie', async () => {
    expectLogins('tok-1');
    soap().post('/cms/classic', isOperation('GetDocumentInfoRequest')).reply(200, Buffer.from(documentInfo('/files/00000042/00000201/00000302'), 'latin1'), soapHeaders);
    nock(ORIGIN)
      .matchHeader('cookie', 'CMSSESSION=tok-1')
      .matchHeader('range', 'bytes=2-5')
      .get('/files/00000042/00000201/00000302')
      .reply(206, '2345', { 'Content-Range': 'bytes 2-5/10', 'Content-Type': 'text/plain' });
    const content = await adapterFor().openDocumentContent(caller, '42', '201', '302', { start: 2, end: 5 });
    expect(content).toMatchObject({ fileName: 'café.txt', mimeType: 'text/plain', totalBytes: 10, range: { start: 2, end: 5 } });
    const chunks: Buffer[] = [];
    for await (const chunk of content.stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('2345');
  });

  it('maps 416 to RANGE_NOT_SATISFIABLE', async () => {
    expectLogins('tok-1');
    soap().post('/cms/classic', isOperation('GetDocumentInfoRequest')).reply(200, Buffer.from(documentInfo('/files/00000042/00000201/00000302'), 'latin1'), soapHeaders);
    nock(ORIGIN).get('/files/00000042/00000201/00000302').reply(416, '', { 'Content-Range': 'bytes */10' });
    expect((await domainFailureOf(adapterFor().openDocumentContent(caller, '42', '201', '302', { start: 50, end: 60 }))).code).toBe('RANGE_NOT_SATISFIABLE');
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
