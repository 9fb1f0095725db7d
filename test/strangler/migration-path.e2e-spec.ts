/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- assertions walk the JSON freely */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { AuditTrail } from '../../src/audit/audit-trail.service.js';
import { canaryBucket } from '../../src/strangler/mode-resolver.js';
import { SERVED_BY_HEADER } from '../../src/strangler/strangler-request.js';
import { classicClient, graphql, oboSession } from '../stand-in/stand-in-test-kit.js';
import { ADMIN_USERNAME, eventually, startStranglerE2e, type StranglerE2e } from './strangler-e2e-kit.js';

/**
 * The migration path of the first two modern modules, end to end: the real facade over HTTP, the
 * real stand-in, dev tokens. documents.list (the facade's read model) and cases.getSummary (the
 * legacy CMS's GraphQL API instead of SOAP) go through shadow, a deliberate difference, canary,
 * modern with fallback and rollback.
 */
const json = (response: Response): Promise<any> => response.json();
const CASEWORKERS = Array.from({ length: 200 }, (_, i) => `cw${String(i + 1).padStart(3, '0')}`);

let kit: StranglerE2e;
let caseId: string;
let admin: string;

async function migration(): Promise<any> {
  const response = await kit.api(admin, '/migration');
  expect(response.status).toBe(200);
  return json(response);
}

async function routeReport(name: string): Promise<any> {
  const report = await migration();
  return report.routes.find((route: { name: string }) => route.name === name);
}

beforeAll(async () => {
  kit = await startStranglerE2e({ strangler: { noiseFloorSampleRate: 1 } });
  admin = await kit.adminToken();
  const cw001 = kit.standIn.users.find((user) => user.username === 'cw001')!;
  const found = await json(await kit.api(await kit.tokenFor('cw001'), `/cases?urn=${cw001.visibleUrns[0]}`));
  caseId = found.cases[0].caseId as string;
});

afterAll(async () => {
  await kit?.close();
});

describe('strangler migration path (e2e)', () => {
  it('registers every LegacyCms method as a route, each in legacy mode at first', async () => {
    const response = await kit.api(admin, '/admin/routes');
    expect(response.status).toBe(200);
    const routes = await json(response);
    expect(routes.map((route: any) => `${route.name}:${route.kind}:${route.mode}`)).toEqual([
      'cases.checkAccess:read:legacy',
      'cases.findByUrn:read:legacy',
      'cases.getDefendants:read:legacy',
      'cases.getSummary:read:legacy',
      'cases.getWitnesses:read:legacy',
      'documents.cancelCheckOut:write:legacy',
      'documents.checkIn:write:legacy',
      'documents.checkOut:write:legacy',
      'documents.getContent:read:legacy',
      'documents.getInfo:read:legacy',
      'documents.list:read:legacy',
      'documents.reclassify:write:legacy',
      'documents.rename:write:legacy',
      'documents.setUsed:write:legacy',
      'notes.add:write:legacy',
      'notes.list:read:legacy',
    ]);
    expect(routes.filter((route: any) => route.hasModern).map((route: any) => route.name)).toEqual(['cases.getDefendants', 'cases.getSummary', 'documents.list', 'notes.list']);
    const summary = await kit.api(await kit.tokenFor('cw001'), `/cases/${caseId}`);
    expect(summary.status).toBe(200);
    expect(summary.headers.get(SERVED_BY_HEADER)).toBe('legacy');
  });

  it('keeps the admin API to the Facade.Admin role', async () => {
    const caseworker = await kit.tokenFor('cw001');
    expect((await kit.api(caseworker, '/admin/routes')).status).toBe(403);
    const change = await kit.api(caseworker, '/admin/routes/documents.list', { method: 'PUT', body: { mode: 'shadow', reason: 'not allowed' } });
    expect(change.status).toBe(403);
    expect((await kit.api(admin, '/admin/routes')).status).toBe(200);
  });

  it('refuses shadow on a write route: a write is never performed twice', async () => {
    const response = await kit.api(admin, '/admin/routes/documents.rename', { method: 'PUT', body: { mode: 'shadow', reason: 'compare renames' } });
    expect(response.status).toBe(400);
    expect(await json(response)).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await routeReport('documents.rename')).mode).toBe('legacy');
  });

  it('shadows both routes with matching answers: ~0 mismatches, answers from legacy', async () => {
    await kit.setRoute('documents.list', { mode: 'shadow' }, 'compare the read model with legacy');
    await kit.setRoute('cases.getSummary', { mode: 'shadow' }, 'compare GraphQL summary with SOAP');
    const settled = (route: any): number => route.shadow.compared + route.shadow.modernErrors + route.shadow.modernTimeouts;
    // The first shadowed list fills the read model from legacy (a cold start, within its latency budget or counted as a timeout).
    expect((await kit.api(await kit.tokenFor('cw200'), `/cases/${caseId}/documents`)).status).toBe(200);
    await eventually(async () => settled(await routeReport('documents.list')) >= 1, 'the read model warm-up');
    const before = new Map<string, any>();
    for (const name of ['documents.list', 'cases.getSummary']) before.set(name, await routeReport(name));

    const calls = 12;
    for (let i = 0; i < calls; i += 1) {
      const token = await kit.tokenFor(CASEWORKERS[i]);
      const list = await kit.api(token, `/cases/${caseId}/documents`);
      expect(list.status).toBe(200);
      expect(list.headers.get(SERVED_BY_HEADER)).toBe('legacy');
      expect((await json(list)).documents.length).toBeGreaterThan(0);
      const summary = await kit.api(token, `/cases/${caseId}`);
      expect(summary.status).toBe(200);
      expect(summary.headers.get(SERVED_BY_HEADER)).toBe('legacy');
    }
    const shadowState = async () => (await migration()).routes.filter((each: any) => each.mode === 'shadow').map((each: any) => ({ name: each.name, shadow: each.shadow }));
    await eventually(
      async () => {
        const report = await migration();
        return ['documents.list', 'cases.getSummary'].every((name) => settled(report.routes.find((each: any) => each.name === name)) >= settled(before.get(name)) + calls);
      },
      'the shadow comparisons',
      shadowState,
    );
    for (const name of ['documents.list', 'cases.getSummary']) {
      const route = await routeReport(name);
      const earlier = before.get(name).shadow;
      expect(route).toMatchObject({ mode: 'shadow', calls: { modern: 0 } });
      expect(route.shadow).toMatchObject({ mismatches: 0, mismatchRate: 0, modernErrors: 0, modernTimeouts: earlier.modernTimeouts });
      expect(route.shadow.compared).toBe(earlier.compared + calls);
      // Legacy compared with itself on every shadowed call (noiseFloorSampleRate 1): no noise either.
      expect(route.shadow.noiseCompared).toBeGreaterThanOrEqual(calls);
      expect(route.shadow.noiseFloor).toBe(0);
      expect(route.shadow.topPaths).toEqual([]);
    }
  });

  it('detects a deliberate difference and reports it by path, without raw values', async () => {
    // Rename a document straight in the legacy CMS: the facade's read model has not seen it.
    const documents = (await json(await kit.api(admin, `/cases/${caseId}/documents`))).documents as { documentId: string; title: string }[];
    const target = documents[0];
    const newTitle = `Renamed behind the facade ${randomUUID()}`;
    const session = await oboSession(await classicClient(kit.standIn), kit.standIn, ADMIN_USERNAME);
    const renamed = await graphql(kit.standIn, session, 'mutation($caseId: ID!, $documentId: ID!, $title: String!) { renameDocument(caseId: $caseId, documentId: $documentId, title: $title) { title } }', {
      caseId,
      documentId: target.documentId,
      title: newTitle,
    });
    expect(renamed.body.errors).toBeUndefined();
    const before = (await routeReport('documents.list')).shadow.mismatches as number;

    const answered = await kit.api(await kit.tokenFor('cw050'), `/cases/${caseId}/documents`);
    expect(answered.headers.get(SERVED_BY_HEADER)).toBe('legacy');
    // Shadow answers from legacy: the user sees the new title at once.
    expect((await json(answered)).documents.find((each: any) => each.documentId === target.documentId).title).toBe(newTitle);
    await eventually(async () => (await routeReport('documents.list')).shadow.mismatches > before, 'the mismatch');

    const route = await routeReport('documents.list');
    // Paths refer to the port's answer (CaseDocument[]), not the REST DTO.
    expect(route.shadow.topPaths).toEqual([{ path: '$[*].title', count: route.shadow.mismatches, alsoInNoise: false }]);
    expect(route.shadow.mismatchRateAboveNoise).toBeGreaterThan(0);
    const samples = await json(await kit.api(admin, '/admin/routes/documents.list/diff-samples'));
    expect(samples[0]).toMatchObject({ route: 'documents.list', source: 'shadow' });
    expect(samples[0].differences).toEqual([
      { path: expect.stringMatching(/^\$\[\d+\]\.title$/), pattern: '$[*].title', kind: 'changed', legacy: { type: 'string', hash: expect.any(String) }, modern: { type: 'string', hash: expect.any(String) } },
    ]);
    const everything = JSON.stringify(samples) + JSON.stringify(await migration()) + (await (await kit.api(admin, '/migration/page')).text());
    expect(everything).not.toContain(newTitle);
    expect(everything).not.toContain(target.title);
  });

  it('routes a canary share of distinct users to modern, each user always on the same side', async () => {
    const percent = 25;
    await kit.setRoute('cases.getSummary', { mode: 'canary', percent }, 'ramp the GraphQL summary to a quarter of users');
    const sides = new Map<string, string>();
    // Ten users at a time.
    for (let i = 0; i < CASEWORKERS.length; i += 10) {
      await Promise.all(
        CASEWORKERS.slice(i, i + 10).map(async (username) => {
          const response = await kit.api(await kit.tokenFor(username), `/cases/${caseId}`);
          expect(response.status).toBe(200);
          sides.set(username, response.headers.get(SERVED_BY_HEADER)!);
        }),
      );
    }
    const modernUsers = CASEWORKERS.filter((username) => sides.get(username) === 'modern');
    // The share is ≈ the percentage (binomial: 50 ± 18 at three standard deviations)…
    expect(modernUsers.length).toBeGreaterThanOrEqual(32);
    expect(modernUsers.length).toBeLessThanOrEqual(68);
    // …and exactly the users whose stable bucket falls under it.
    expect(modernUsers).toEqual(CASEWORKERS.filter((username) => canaryBucket('cases.getSummary', `dev:${username}`) < percent * 100));
    for (const username of CASEWORKERS.slice(0, 40)) {
      const again = await kit.api(await kit.tokenFor(username), `/cases/${caseId}`);
      expect(again.headers.get(SERVED_BY_HEADER)).toBe(sides.get(username));
    }
    const route = await routeReport('cases.getSummary');
    expect(route.canary).toEqual({ percent, cohortSize: 0 });
    expect(route.calls.modern).toBeGreaterThanOrEqual(modernUsers.length);
  });

  it('in modern with fallback, survives a failing modern module and counts the fallback', async () => {
    await kit.setRoute('cases.getSummary', { mode: 'modern', fallback: true }, 'GraphQL summary for everyone, legacy as a safety net');
    const token = await kit.tokenFor('cw002');
    const healthy = await kit.api(token, `/cases/${caseId}`);
    expect(healthy.headers.get(SERVED_BY_HEADER)).toBe('modern');
    const expected = await json(healthy);
    const fallbacksBefore = (await routeReport('cases.getSummary')).fallbacks.onError as number;

    await kit.fault({ target: 'graphql', errorRate: 1 });
    try {
      for (let i = 0; i < 3; i += 1) {
        const response = await kit.api(token, `/cases/${caseId}`);
        expect(response.status).toBe(200);
        expect(response.headers.get(SERVED_BY_HEADER)).toBe('legacy');
        expect(await json(response)).toEqual(expected);
      }
      expect((await routeReport('cases.getSummary')).fallbacks.onError).toBe(fallbacksBefore + 3);

      // Without fallback the same failure reaches the user: the fallback is what saved them.
      await kit.setRoute('cases.getSummary', { mode: 'modern' }, 'modern without a safety net');
      const unprotected = await kit.api(token, `/cases/${caseId}`);
      expect(unprotected.status).toBeGreaterThanOrEqual(500);
    } finally {
      await kit.fault(null);
    }
  });

  it('rolls back on the very next request with the kill switch', async () => {
    await kit.setRoute('cases.getSummary', { mode: 'modern', fallback: true }, 'back to modern');
    const token = await kit.tokenFor('cw003');
    expect((await kit.api(token, `/cases/${caseId}`)).headers.get(SERVED_BY_HEADER)).toBe('modern');
    const killed = await kit.api(admin, '/admin/routes/cases.getSummary/kill-switch', { method: 'POST', body: { reason: 'modern answers look wrong' } });
    expect(killed.status).toBe(200);
    expect(await json(killed)).toMatchObject({ route: 'cases.getSummary', actor: ADMIN_USERNAME, from: { mode: 'modern', fallback: true }, to: { mode: 'legacy' } });
    expect((await kit.api(token, `/cases/${caseId}`)).headers.get(SERVED_BY_HEADER)).toBe('legacy');
    // Only an admin can force a side for one request.
    const forced = { headers: { 'x-strangler-mode': 'modern' } };
    expect((await kit.api(admin, `/cases/${caseId}`, forced)).headers.get(SERVED_BY_HEADER)).toBe('modern');
    expect((await kit.api(token, `/cases/${caseId}`, forced)).headers.get(SERVED_BY_HEADER)).toBe('legacy');

    await kit.setRoute('documents.list', { mode: 'modern' }, 'serve the read model');
    expect((await kit.api(token, `/cases/${caseId}/documents`)).headers.get(SERVED_BY_HEADER)).toBe('modern');
    await kit.setRoute('documents.list', { mode: 'legacy' }, 'roll back by hand');
    expect((await kit.api(token, `/cases/${caseId}/documents`)).headers.get(SERVED_BY_HEADER)).toBe('legacy');
  });

  it('keeps every change in the history with actor, time, from → to and reason', async () => {
    const response = await kit.api(admin, '/admin/routes/cases.getSummary/history');
    expect(response.status).toBe(200);
    const history = await json(response);
    // Newest first.
    expect(history.map((change: any) => `${change.from?.mode ?? 'none'} → ${change.to.mode}: ${change.reason}`)).toEqual([
      'modern → legacy: modern answers look wrong',
      'modern → modern: back to modern',
      'modern → modern: modern without a safety net',
      'canary → modern: GraphQL summary for everyone, legacy as a safety net',
      'shadow → canary: ramp the GraphQL summary to a quarter of users',
      'none → shadow: compare GraphQL summary with SOAP',
    ]);
    for (const change of history) {
      expect(change.actor).toBe(ADMIN_USERNAME);
      expect(Number.isNaN(Date.parse(change.at))).toBe(false);
    }
    const report = await routeReport('cases.getSummary');
    expect(report.lastChange).toMatchObject({ by: ADMIN_USERNAME, reason: 'modern answers look wrong' });

    // The same changes are in the facade's append-only audit trail.
    const trail = kit.app.get(AuditTrail);
    const records = (await Promise.all((await trail.days()).map((day) => trail.list({ day, limit: 1000 })))).flat();
    const routeChanges = records.filter((record) => record.action === 'route.change' && record.target === 'cases.getSummary');
    expect(routeChanges.map((record) => record.reason)).toEqual([...history].reverse().map((change: any) => change.reason));
    expect(routeChanges.at(-1)).toMatchObject({ actor: ADMIN_USERNAME, before: { mode: 'modern' }, after: { mode: 'legacy' } });
  });

  it('exposes the per-route series at /metrics (to an admin token on the API port)', async () => {
    expect((await fetch(`${kit.base}/metrics`)).status).toBe(401);
    const response = await fetch(`${kit.base}/metrics`, { headers: { authorization: `Bearer ${await kit.adminToken()}` } });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/strangler_requests_total\{route="cases\.getSummary",mode="canary",served_by="modern"\} [1-9]/);
    expect(text).toMatch(/strangler_requests_total\{route="documents\.list",mode="shadow",served_by="legacy"\} [1-9]/);
    expect(text).toMatch(/strangler_fallbacks_total\{route="cases\.getSummary",reason="error"\} 3/);
    expect(text).toMatch(/strangler_mismatches_total\{route="documents\.list",source="shadow",path="\$\[\*\]\.title"\} [1-9]/);
    expect(text).toContain('strangler_request_duration_seconds_bucket{le="0.005",route="cases.getSummary"');
    expect(text).toMatch(/strangler_route_mode\{route="cases\.getSummary",mode="legacy"\} 1/);
    expect(text).not.toContain('cw0');
  });
});
