/* eslint-disable @typescript-eslint/no-explicit-any -- assertions walk the JSON freely */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SERVED_BY_HEADER } from '../../src/strangler/strangler-request.js';
import { eventually, startStranglerE2e, type StranglerE2e } from './strangler-e2e-kit.js';

/**
 * Ingestion calls the strangled port like any resource: a refresh's document list and the background
 * worker's downloads are counted on their routes, and they run as the user who asked for the refresh.
 */
const json = (response: Response): Promise<any> => response.json();

let kit: StranglerE2e;
let admin: string;
let caseId: string;

async function routeReport(name: string): Promise<any> {
  const report = await json(await kit.api(admin, '/migration'));
  return report.routes.find((route: { name: string }) => route.name === name);
}

beforeAll(async () => {
  kit = await startStranglerE2e();
  admin = await kit.adminToken();
  const cw002 = kit.standIn.users.find((user) => user.username === 'cw002')!;
  const found = await json(await kit.api(await kit.tokenFor('cw002'), `/cases?urn=${cw002.visibleUrns[0]}`));
  caseId = found.cases[0].caseId as string;
});

afterAll(async () => {
  await kit?.close();
});

describe('background work through the strangled port (e2e)', () => {
  it('serves a refresh asked by the canary user from modern, counts the background downloads on documents.getContent', async () => {
    // The canary's cohort is by token subject: dev tokens have `dev:<username>`.
    await kit.setRoute('documents.list', { mode: 'canary', cohort: ['dev:cw002'] }, 'the read model for cw002 only');
    const listBefore = (await routeReport('documents.list')).calls;
    const contentBefore = (await routeReport('documents.getContent')).calls.total as number;

    const byCanaryUser = await kit.api(await kit.tokenFor('cw002'), `/cases/${caseId}/refresh`, { method: 'POST' });
    expect(byCanaryUser.status).toBe(202);
    expect(byCanaryUser.headers.get(SERVED_BY_HEADER)).toBe('modern');
    const afterCanary = (await routeReport('documents.list')).calls;
    expect([afterCanary.modern - listBefore.modern, afterCanary.legacy - listBefore.legacy]).toEqual([1, 0]);

    const byOther = await kit.api(admin, `/cases/${caseId}/refresh`, { method: 'POST' });
    expect(byOther.status).toBe(202);
    expect(byOther.headers.get(SERVED_BY_HEADER)).toBe('legacy');
    const afterOther = (await routeReport('documents.list')).calls;
    expect([afterOther.modern - afterCanary.modern, afterOther.legacy - afterCanary.legacy]).toEqual([0, 1]);

    // The worker fetches each queued version in the background, off any request: still a route call.
    const tracker = await json(byCanaryUser);
    expect(tracker.documents.length).toBeGreaterThan(0);
    await eventually(async () => ((await routeReport('documents.getContent')).calls.total as number) > contentBefore, 'a background download');
    const content = await routeReport('documents.getContent');
    expect(content.calls.legacy).toBe(content.calls.total);
  }, 300_000);
});
