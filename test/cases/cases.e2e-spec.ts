/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- assertions walk the JSON freely */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.setup.js';
import { parseConfig, resolveConfig } from '../../src/config/app-config.js';
import { startStandIn, type RunningStandIn, type StandInUserInfo } from '../../src/stand-in/stand-in.js';
import { checkContract } from '../openapi/traffic-contract.js';

/** The v1 resources over HTTP: the real app, the real legacy adapter, the real stand-in. */
const PROBLEM = 'application/problem+json';

let dataDir: string;
let standIn: RunningStandIn;
let app: NestFastifyApplication;
let base: string;
const tokens = new Map<string, string>();

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'facade-cases-e2e-'));
  standIn = await startStandIn({ dataDir, rateLimitPerSecond: 0 });
  const config = resolveConfig(
    // A legacy deadline a loaded machine never reaches (the stand-in renders documents on first need).
    parseConfig({ APP_ENV: 'test', LOG_LEVEL: 'silent', LEGACY_TIMEOUT_MS: '60000', DATA_DIR: path.join(dataDir, 'facade') }),
    { soapUrl: standIn.soapUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, serviceUsername: standIn.serviceUsername, servicePassword: standIn.servicePassword },
    { wsdlUrl: standIn.wsdlUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, adminUrl: standIn.adminUrl, adminKey: standIn.adminKey },
  );
  app = checkContract(await createApp(config));
  await app.listen(0, '127.0.0.1');
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
});

afterAll(async () => {
  await app?.close();
  await standIn?.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function tokenFor(username: string): Promise<string> {
  const cached = tokens.get(username);
  if (cached !== undefined) return cached;
  const response = await fetch(`${base}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username }) });
  expect(response.status).toBe(200);
  const token = ((await response.json()) as { accessToken: string }).accessToken;
  tokens.set(username, token);
  return token;
}

async function call(user: StandInUserInfo, route: string, init: RequestInit = {}): Promise<Response> {
  const headers = { authorization: `Bearer ${await tokenFor(user.username)}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...(init.headers as Record<string, string>) };
  return fetch(`${base}/api/v1${route}`, { ...init, headers });
}

const json = (response: Response): Promise<any> => response.json();

async function expectProblem(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain(PROBLEM);
  const body = await json(response);
  expect(body).toMatchObject({ status, code, correlationId: response.headers.get('x-correlation-id') });
  expect(typeof body.title).toBe('string');
}

/** A user who can see some cases and not others. */
const partialUser = (): StandInUserInfo => {
  const user = standIn.users.find((candidate) => candidate.visibleUrns.length > 0 && candidate.hiddenUrns.length > 0);
  if (user === undefined) throw new Error('the stand-in has no user with partial access');
  return user;
};
const allSeeingUser = (): StandInUserInfo => {
  const user = standIn.users.find((candidate) => candidate.visibleUrns.length > 0 && candidate.hiddenUrns.length === 0);
  if (user === undefined) throw new Error('the stand-in has no user who sees every case');
  return user;
};

async function caseIdOf(user: StandInUserInfo, urn: string): Promise<string> {
  const response = await call(user, `/cases?urn=${urn}`);
  expect(response.status).toBe(200);
  const body = await json(response);
  expect(body.cases.length).toBeGreaterThan(0);
  return body.cases[0].caseId as string;
}

describe('cases (e2e)', () => {
  it('finds a case by URN, lower case accepted, and answers its summary', async () => {
    const user = partialUser();
    const urn = user.visibleUrns[0];
    const found = await json(await call(user, `/cases?urn=${urn.toLowerCase()}`));
    expect(found.cases).toEqual([{ caseId: expect.stringMatching(/^[1-9][0-9]*$/), urn }]);
    const summary = await json(await call(user, `/cases/${found.cases[0].caseId}`));
    expect(summary).toMatchObject({ caseId: found.cases[0].caseId, urn, isCustody: expect.any(Boolean) });
    expect(summary.registeredDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('refuses a user the legacy CMS does not let see the case: 403 on every case route', async () => {
    const user = partialUser();
    const hiddenCaseId = await caseIdOf(allSeeingUser(), user.hiddenUrns[0]);
    expect(await json(await call(user, `/cases?urn=${user.hiddenUrns[0]}`))).toEqual({ cases: [] });
    for (const route of ['', '/defendants', '/witnesses', '/documents', '/notes']) {
      await expectProblem(await call(user, `/cases/${hiddenCaseId}${route}`), 403, 'CASE_ACCESS_DENIED');
    }
    await expectProblem(await call(user, `/cases/${hiddenCaseId}/notes`, { method: 'POST', body: JSON.stringify({ text: 'no' }) }), 403, 'CASE_ACCESS_DENIED');
  });

  it('answers 404 for an unknown case and 400 for a bad id or URN', async () => {
    const user = partialUser();
    await expectProblem(await call(user, '/cases/99999999'), 404, 'CASE_NOT_FOUND');
    await expectProblem(await call(user, '/cases/00042'), 400, 'VALIDATION_FAILED');
    await expectProblem(await call(user, '/cases/abc/documents'), 400, 'VALIDATION_FAILED');
    await expectProblem(await call(user, '/cases?urn=NOT-A-URN'), 400, 'VALIDATION_FAILED');
    await expectProblem(await call(user, '/cases'), 400, 'VALIDATION_FAILED');
  });

  it('lists defendants with their charges', async () => {
    const user = partialUser();
    const caseId = await caseIdOf(user, user.visibleUrns[0]);
    const body = await json(await call(user, `/cases/${caseId}/defendants`));
    expect(body.defendants.length).toBeGreaterThan(0);
    for (const defendant of body.defendants) {
      expect(defendant).toMatchObject({ defendantId: expect.any(String), surname: expect.any(String), isYouth: expect.any(Boolean) });
      expect(Array.isArray(defendant.charges)).toBe(true);
    }
    expect(body.defendants.flatMap((d: any) => d.charges).length).toBeGreaterThan(0);
  });

  it('lists witnesses; withheld fields are null and named in warnings', async () => {
    let sawWarnings = false;
    // The named users (the 200 generated caseworkers all share one unit and add nothing here).
    for (const user of standIn.users.filter((candidate) => candidate.visibleUrns.length > 0 && !candidate.generated)) {
      const caseId = await caseIdOf(user, user.visibleUrns[0]);
      const body = await json(await call(user, `/cases/${caseId}/witnesses`));
      expect(body.witnesses.length).toBeGreaterThan(0);
      expect(Array.isArray(body.warnings)).toBe(true);
      for (const warning of body.warnings as string[]) {
        const match = /(\d+)\D+(dateOfBirth|address|phone)$/.exec(warning);
        expect(match).not.toBeNull();
        expect(body.witnesses[Number(match![1])][match![2]]).toBeNull();
        sawWarnings = true;
      }
    }
    expect(sawWarnings).toBe(true);
  });
});

describe('documents (e2e)', () => {
  let user: StandInUserInfo;
  let caseId: string;
  let documents: any[];

  beforeAll(async () => {
    user = partialUser();
    caseId = await caseIdOf(user, user.visibleUrns[0]);
    const response = await call(user, `/cases/${caseId}/documents`);
    expect(response.status).toBe(200);
    documents = (await json(response)).documents;
  });

  it('lists documents in id order, with versions and consistent parent/child links', () => {
    expect(documents.length).toBeGreaterThan(0);
    const ids = documents.map((d) => Number(d.documentId));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    for (const document of documents) {
      expect(document.versions.length).toBeGreaterThan(0);
      expect(document.versions.at(-1).versionId).toBe(document.versionId);
      for (const childId of document.childDocumentIds) expect(documents.find((d) => d.documentId === childId)?.parentDocumentId).toBe(document.documentId);
      if (document.parentDocumentId !== null) expect(documents.find((d) => d.documentId === document.parentDocumentId)?.childDocumentIds).toContain(document.documentId);
    }
    expect(documents.some((d) => d.childDocumentIds.length > 0)).toBe(true);
  });

  it('downloads a version in full and in byte ranges equal to slices of it', async () => {
    const document = documents.find((d) => d.sizeBytes > 200 && !d.isCheckedOut) ?? documents[0];
    const route = `/cases/${caseId}/documents/${document.documentId}/versions/${document.versionId}/content`;
    const full = await call(user, route);
    expect(full.status).toBe(200);
    const bytes = Buffer.from(await full.arrayBuffer());
    expect(bytes.length).toBe(document.sizeBytes);
    expect(full.headers.get('content-length')).toBe(String(bytes.length));
    expect(full.headers.get('content-type')).toBe(document.mimeType);
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    expect(full.headers.get('etag')).toBe(`"${document.documentId}-${document.versionId}"`);
    expect(full.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]+"; filename\*=UTF-8''/);

    const size = bytes.length;
    for (const [range, start, end] of [
      ['bytes=10-99', 10, 99],
      [`bytes=${size - 50}-`, size - 50, size - 1],
      ['bytes=-30', size - 30, size - 1],
    ] as const) {
      const partial = await call(user, route, { headers: { range } });
      expect(partial.status).toBe(206);
      expect(partial.headers.get('content-range')).toBe(`bytes ${start}-${end}/${size}`);
      expect(Buffer.from(await partial.arrayBuffer())).toEqual(bytes.subarray(start, end + 1));
    }
    const unsatisfiable = await call(user, route, { headers: { range: `bytes=${size}-` } });
    expect(unsatisfiable.headers.get('content-range')).toBe(`bytes */${size}`);
    await expectProblem(unsatisfiable, 416, 'RANGE_NOT_SATISFIABLE');
    expect((await call(user, `${route}?disposition=inline`)).headers.get('content-disposition')).toMatch(/^(inline|attachment); /);
  });

  it('answers 404 for an unknown document version', async () => {
    const document = documents[0];
    await expectProblem(await call(user, `/cases/${caseId}/documents/${document.documentId}/versions/99999999/content`), 404, 'DOCUMENT_VERSION_NOT_FOUND');
  });

  it('renames, reclassifies and marks a document used, then lists it so', async () => {
    const document = documents.find((d) => !d.isCheckedOut);
    const route = `/cases/${caseId}/documents/${document.documentId}`;
    const response = await call(user, route, { method: 'PATCH', body: JSON.stringify({ title: '  Renamed by e2e  ', category: 'Unused material', isUsed: !document.isUsed }) });
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({ documentId: document.documentId, title: 'Renamed by e2e', category: 'Unused material', isUsed: !document.isUsed });
    const listed = (await json(await call(user, `/cases/${caseId}/documents`))).documents.find((d: any) => d.documentId === document.documentId);
    expect(listed).toMatchObject({ title: 'Renamed by e2e', category: 'Unused material', isUsed: !document.isUsed });
    await expectProblem(await call(user, route, { method: 'PATCH', body: JSON.stringify({}) }), 400, 'VALIDATION_FAILED');
    await expectProblem(await call(user, route, { method: 'PATCH', body: JSON.stringify({ category: 'Nonsense' }) }), 400, 'VALIDATION_FAILED');
  });
});

describe('notes (e2e)', () => {
  it('adds a note (201) and lists it', async () => {
    const user = partialUser();
    const caseId = await caseIdOf(user, user.visibleUrns[0]);
    const created = await call(user, `/cases/${caseId}/notes`, { method: 'POST', body: JSON.stringify({ text: 'Added by the e2e test.' }) });
    expect(created.status).toBe(201);
    const note = await json(created);
    expect(note).toMatchObject({ noteId: expect.any(String), text: 'Added by the e2e test.' });
    const notes = (await json(await call(user, `/cases/${caseId}/notes`))).notes;
    expect(notes.map((n: any) => n.noteId)).toContain(note.noteId);
    await expectProblem(await call(user, `/cases/${caseId}/notes`, { method: 'POST', body: JSON.stringify({ text: '' }) }), 400, 'VALIDATION_FAILED');
  });
});
