import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { CaseAccessCache } from '../../src/auth/case-access.cache.js';
import { CaseAccessService } from '../../src/auth/case-access.service.js';
import { LegacyCmsAdapter } from '../../src/legacy/legacy-cms.adapter.js';
import type { CaseDocument, LegacyCaller } from '../../src/legacy/legacy-cms.port.js';
import { GraphqlCaseQueryClient } from '../../src/legacy/graphql-case-query.client.js';
import { ModernCaseSummaryReader } from '../../src/modern/case-summary/modern-case-summary.service.js';
import { DocumentsReadModel } from '../../src/modern/documents/documents-read-model.service.js';
import { startStandIn, type RunningStandIn } from '../../src/stand-in/stand-in.js';
import { InMemoryStateStore } from '../../src/storage/state/in-memory-state-store.adapter.js';
import { domainFailureOf } from '../helpers/rejection-of.js';

/** The two modern implementations against the real stand-in, compared with the legacy adapter's answers. */

const MAX_AGE_MS = 60_000;

let standIn: RunningStandIn;
let dataDir: string;
let legacy: LegacyCmsAdapter;
let summaries: ModernCaseSummaryReader;
let readModel: DocumentsReadModel;
let clock = Date.parse('2024-06-07T09:00:00Z');

const as = (username: string): LegacyCaller => ({ username, correlationId: `e2e-modern-${username}` });
const alice = as('alice.admin');
const bob = as('bob.north');

const byDocumentId = (documents: CaseDocument[]): CaseDocument[] =>
  [...documents].sort((a, b) => a.documentId.padStart(8, '0').localeCompare(b.documentId.padStart(8, '0')));

async function admin(path: string, init: RequestInit = {}): Promise<void> {
  const response = await fetch(`${standIn.adminUrl}${path}`, { ...init, headers: { 'X-Admin-Key': standIn.adminKey, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
  if (!response.ok) throw new Error(`admin ${path}: HTTP ${response.status}`);
}

/** Every case alice.admin may see, found as a user would: by the URNs she can see. */
async function aliceCaseIds(): Promise<string[]> {
  const info = standIn.users.find((user) => user.username === alice.username)!;
  const found = await Promise.all(info.visibleUrns.map((urn) => legacy.findCasesByUrn(alice, urn)));
  return [...new Set(found.flat().map((ref) => ref.caseId))].sort((a, b) => Number(a) - Number(b));
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'modern-e2e-'));
  standIn = await startStandIn({ dataDir, rateLimitPerSecond: 0 });
  const config = {
    legacy: {
      soapUrl: standIn.soapUrl,
      graphqlUrl: standIn.graphqlUrl,
      filesUrl: standIn.filesUrl,
      serviceUsername: standIn.serviceUsername,
      servicePassword: standIn.servicePassword,
    },
    // A ceiling a loaded machine never reaches: the stand-in renders every document on first need of its size.
    legacyTimeoutMs: 120_000,
  };
  legacy = LegacyCmsAdapter.fromConfig(config);
  summaries = new ModernCaseSummaryReader(GraphqlCaseQueryClient.fromConfig(config));
  readModel = new DocumentsReadModel(legacy, new CaseAccessService(legacy, new CaseAccessCache(30_000)), new InMemoryStateStore(), { maxAgeMs: MAX_AGE_MS, now: () => clock });
});

afterEach(async () => {
  await admin('/faults', { method: 'DELETE' });
});

afterAll(async () => {
  await standIn.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('cases.getSummary from the GraphQL API', () => {
  it('answers exactly what Classic GetCaseSummary answers, for every case alice.admin can see', async () => {
    const caseIds = await aliceCaseIds();
    expect(caseIds).toHaveLength(24);
    const modern = await Promise.all(caseIds.map((caseId) => summaries.getCaseSummary(alice, caseId)));
    const classic = await Promise.all(caseIds.map((caseId) => legacy.getCaseSummary(alice, caseId)));
    expect(modern).toEqual(classic);
    // The comparison covers what the encodings could break and the optional fields.
    expect(classic.some((summary) => /[\u0080-\uffff]/.test(summary.title) || /[\u0080-\uffff]/.test(summary.court ?? ''))).toBe(true);
    expect(classic.some((summary) => summary.nextHearingDate === null)).toBe(true);
    expect(classic.some((summary) => summary.nextHearingDate !== null)).toBe(true);
  });

  it('fails with the same domain errors as the Classic path', async () => {
    for (const [caller, caseId] of [[bob, '4'], [bob, '777'], [as('carol.none'), '1']] as const) {
      const [modern, classic] = await Promise.all([domainFailureOf(summaries.getCaseSummary(caller, caseId)), domainFailureOf(legacy.getCaseSummary(caller, caseId))]);
      expect(modern.code).toBe(classic.code);
    }
    expect((await domainFailureOf(summaries.getCaseSummary(bob, '4'))).code).toBe('CASE_ACCESS_DENIED');
    expect((await domainFailureOf(summaries.getCaseSummary(bob, '777'))).code).toBe('CASE_NOT_FOUND');
  });

  it('maps a failing GraphQL API to LEGACY_UNAVAILABLE', async () => {
    await admin('/faults', { method: 'PUT', body: JSON.stringify({ target: 'graphql', errorRate: 1 }) });
    expect((await domainFailureOf(summaries.getCaseSummary(alice, '1'))).code).toBe('LEGACY_UNAVAILABLE');
  });
});

describe('documents.list from the read model', () => {
  it('answers exactly the legacy list, ordered by documentId, for every case alice.admin can see', async () => {
    for (const caseId of await aliceCaseIds()) {
      const expected = byDocumentId(await legacy.listDocuments(alice, caseId));
      expect(await readModel.listDocuments(alice, caseId)).toEqual(expected);
      // The second answer comes from the store.
      expect(await readModel.listDocuments(alice, caseId)).toEqual(expected);
    }
    // The stand-in renders every document on first need of its size (a 56 MB scan among them): over three minutes on a loaded machine.
  }, 600_000);

  it('stays stale after a rename in legacy until its max age or an explicit refresh, then matches again', async () => {
    const caseId = '2';
    const before = await readModel.listDocuments(alice, caseId);
    const target = before[before.length - 1];
    await legacy.renameDocument(alice, caseId, target.documentId, `Renamed ${target.documentId} in legacy`);
    const legacyNow = byDocumentId(await legacy.listDocuments(alice, caseId));
    expect(legacyNow.find((document) => document.documentId === target.documentId)!.title).toBe(`Renamed ${target.documentId} in legacy`);

    clock += MAX_AGE_MS - 1;
    expect(await readModel.listDocuments(alice, caseId)).toEqual(before);
    clock += 2;
    expect(await readModel.listDocuments(alice, caseId)).toEqual(legacyNow);

    await legacy.renameDocument(alice, caseId, target.documentId, target.title);
    expect(await readModel.listDocuments(alice, caseId)).toEqual(legacyNow);
    expect(await readModel.refresh(alice, caseId)).toEqual(before);
    expect(await readModel.listDocuments(alice, caseId)).toEqual(before);
  });

  it('refreshes as the calling user: legacy refusals reach that caller', async () => {
    expect((await domainFailureOf(readModel.refresh(bob, '4'))).code).toBe('CASE_ACCESS_DENIED');
    expect((await domainFailureOf(readModel.listDocuments(bob, '777'))).code).toBe('CASE_NOT_FOUND');
  });
});
