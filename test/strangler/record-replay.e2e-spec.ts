/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- assertions walk the JSON freely */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AuditTrail } from '../../src/audit/audit-trail.service.js';
import { ModernCaseSummaryReader } from '../../src/modern/case-summary/modern-case-summary.service.js';
import { STATE_STORE, type StateStore } from '../../src/storage/state/state-store.port.js';
import { Recorder } from '../../src/strangler/recording/recorder.service.js';
import { RECORDING_SAMPLES_TABLE } from '../../src/strangler/recording/recording.store.js';
import { SERVED_BY_HEADER } from '../../src/strangler/strangler-request.js';
import { ADMIN_USERNAME, eventually, startStranglerE2e, type StranglerE2e } from './strangler-e2e-kit.js';

/**
 * Record and replay (ADR 0026) end to end: the real facade and stand-in. Recording on cases.getSummary keeps
 * sanitised, encrypted samples of the legacy answers; replaying them against the modern summary (the legacy
 * CMS's GraphQL API) finds no mismatch, and a broken modern side is reported by path, without values.
 */
const json = (response: Response): Promise<any> => response.json();
const ROUTE = 'cases.getSummary';
const CLI = fileURLToPath(new URL('../../scripts/replay.mjs', import.meta.url));

/** `npm run replay` as a user runs it: spawned with node, with only the environment given. */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

let kit: StranglerE2e;
let admin: string;
let username: string;
let caseIds: string[];
/** Personal values the stand-in seed shows this user: none may reach the stored recording. */
const personal = new Set<string>();

async function recording(): Promise<any> {
  const response = await kit.api(admin, `/admin/routes/${ROUTE}/recording`);
  expect(response.status).toBe(200);
  return json(response);
}

async function replay(body: Record<string, unknown>): Promise<Response> {
  return kit.api(admin, `/admin/routes/${ROUTE}/replay`, { method: 'POST', body });
}

beforeAll(async () => {
  kit = await startStranglerE2e();
  admin = await kit.adminToken();
  const user = kit.standIn.users.find((candidate) => candidate.visibleUrns.length >= 3 && !candidate.generated && candidate.username !== ADMIN_USERNAME)!;
  username = user.username;
  const token = await kit.tokenFor(username);
  caseIds = [];
  for (const urn of user.visibleUrns.slice(0, 4)) {
    const found = await json(await kit.api(token, `/cases?urn=${encodeURIComponent(urn)}`));
    caseIds.push(found.cases[0].caseId as string);
  }
  for (const caseId of caseIds) {
    const summary = await json(await kit.api(token, `/cases/${caseId}`));
    for (const value of [summary.title, summary.court, summary.unitName]) if (typeof value === 'string' && value.length >= 4) personal.add(value);
    const defendants = await json(await kit.api(token, `/cases/${caseId}/defendants`));
    for (const defendant of defendants.defendants ?? []) for (const value of [defendant.firstNames, defendant.surname]) if (typeof value === 'string' && value.length >= 3) personal.add(value);
    const witnesses = await json(await kit.api(token, `/cases/${caseId}/witnesses`));
    for (const witness of witnesses.witnesses ?? []) for (const value of [witness.surname, witness.address]) if (typeof value === 'string' && value.length >= 3) personal.add(value);
  }
  personal.add(username);
});

afterAll(async () => {
  await kit?.close();
});

describe('record and replay (e2e)', () => {
  it('keeps recording to Facade.Admin and refuses the streamed content route', async () => {
    const caseworker = await kit.tokenFor(username);
    expect((await kit.api(caseworker, `/admin/routes/${ROUTE}/recording`)).status).toBe(403);
    expect((await kit.api(caseworker, `/admin/routes/${ROUTE}/replay`, { method: 'POST', body: { as: username } })).status).toBe(403);
    const content = await kit.api(admin, '/admin/routes/documents.getContent/recording', { method: 'PUT', body: { reason: 'record downloads' } });
    expect(content.status).toBe(400);
    expect(await recording()).toMatchObject({ route: ROUTE, enabled: false, samples: 0 });
  });

  it('records the legacy answers of N calls with no personal value in the stored or decrypted text', async () => {
    const started = await kit.api(admin, `/admin/routes/${ROUTE}/recording`, { method: 'PUT', body: { maxSamples: 50, sampleRate: 1, reason: 'test the GraphQL summary offline' } });
    expect(started.status).toBe(200);
    expect(await json(started)).toMatchObject({ enabled: true, maxSamples: 50, sampleRate: 1, updatedBy: ADMIN_USERNAME });

    const token = await kit.tokenFor(username);
    for (const caseId of caseIds) {
      const response = await kit.api(token, `/cases/${caseId}`);
      expect(response.status).toBe(200);
      expect(response.headers.get(SERVED_BY_HEADER)).toBe('legacy');
    }
    await eventually(async () => (await recording()).samples === caseIds.length, `${caseIds.length} samples recorded`, recording);

    expect(personal.size).toBeGreaterThan(5);
    const state = kit.app.get<StateStore>(STATE_STORE);
    const raw = JSON.stringify(await state.list(RECORDING_SAMPLES_TABLE, `route:${ROUTE}`));
    const decrypted = JSON.stringify(await kit.app.get(Recorder).recorded(ROUTE, 100));
    expect(decrypted).toContain(`"caseId":"${caseIds[0]}"`);
    expect(raw).not.toContain('caseId');
    // The rows as stored (the state store keeps values as this JSON text), and the same rows decrypted.
    expect(raw).toContain('"sealed":"v1.');
    for (const value of personal) {
      expect(raw).not.toContain(value);
      expect(decrypted).not.toContain(value);
    }
  });

  it('replays against the modern summary as a user with access: 0 mismatches, and no user reached modern', async () => {
    const response = await replay({ as: username });
    expect(response.status).toBe(200);
    const report = await json(response);
    expect(report).toMatchObject({ route: ROUTE, kind: 'read', implementation: 'modern', as: username, recorded: caseIds.length, compared: caseIds.length, mismatches: 0, modernErrors: 0, topPaths: [], samples: [] });
    const migration = await json(await kit.api(admin, '/migration'));
    expect(migration.routes.find((route: any) => route.name === ROUTE)).toMatchObject({ mode: 'legacy', calls: { modern: 0 } });
  });

  it('reports a broken modern side by path, with types and hashes but never values', async () => {
    const reader = kit.app.get(ModernCaseSummaryReader);
    const original = reader.getCaseSummary.bind(reader);
    const broken = jest.spyOn(reader, 'getCaseSummary').mockImplementation(async (caller, caseId) => ({ ...(await original(caller, caseId)), court: 'Nowhere Magistrates', isCustody: true }));
    try {
      const report = await json(await replay({ as: username, limit: caseIds.length }));
      expect(report.mismatches).toBeGreaterThan(0);
      expect(report.compared).toBe(caseIds.length);
      expect(report.topPaths.map((entry: any) => entry.path)).toContain('$.court');
      const difference = report.samples[0].differences.find((entry: any) => entry.path === '$.court');
      expect(difference).toEqual({ path: '$.court', pattern: '$.court', kind: expect.stringMatching(/changed|type/), legacy: { type: expect.any(String), hash: expect.any(String) }, modern: { type: 'string', hash: expect.any(String) } });
      const text = JSON.stringify(report);
      expect(text).not.toContain('Nowhere');
      for (const value of personal) if (value !== username) expect(text).not.toContain(value);
    } finally {
      broken.mockRestore();
    }
  });

  it('prints the report with npm run replay, exit code 3 on differences', async () => {
    const healthy = await cli([ROUTE, '--as', username, '--url', kit.base]);
    expect(healthy.stderr).toBe('');
    expect(healthy.code).toBe(0);
    expect(healthy.stdout).toContain(`compared ${caseIds.length}: ${caseIds.length} match, 0 mismatch (0.0%)`);

    const reader = kit.app.get(ModernCaseSummaryReader);
    const original = reader.getCaseSummary.bind(reader);
    const broken = jest.spyOn(reader, 'getCaseSummary').mockImplementation(async (caller, caseId) => ({ ...(await original(caller, caseId)), court: 'Nowhere Magistrates' }));
    try {
      const differing = await cli([ROUTE, '--as', username, '--limit', '2', '--url', kit.base], { FACADE_TOKEN: admin });
      expect(differing.code).toBe(3);
      expect(differing.stdout).toContain('compared 2: 0 match, 2 mismatch (100.0%)');
      expect(differing.stdout).toMatch(/^\$\.court\s+2$/m);
      expect(differing.stdout).toMatch(/changed\s+\$\.court\s+legacy string#[0-9a-f]{8}\s+modern string#[0-9a-f]{8}/);
      expect(differing.stdout).not.toContain('Nowhere');
      const json = await cli([ROUTE, '--as', username, '--json', '--url', kit.base], { FACADE_TOKEN: admin });
      expect(JSON.parse(json.stdout)).toMatchObject({ route: ROUTE, mismatches: caseIds.length });
    } finally {
      broken.mockRestore();
    }
    const refused = await cli(['notes.add', '--url', kit.base], { FACADE_TOKEN: admin });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('400 VALIDATION_FAILED');
  });

  it('counts modern failures as errors when the GraphQL API fails', async () => {
    await kit.fault({ target: 'graphql', errorRate: 1 });
    try {
      const report = await json(await replay({ as: username }));
      expect(report).toMatchObject({ compared: 0, modernErrors: caseIds.length });
    } finally {
      await kit.fault(null);
    }
  });

  it('refuses a replay without a user, and a write route without a dry run', async () => {
    expect((await replay({})).status).toBe(400);
    const write = await kit.api(admin, '/admin/routes/notes.add/replay', { method: 'POST', body: { as: username } });
    expect(write.status).toBe(400);
  });

  it('stops recording, deletes the samples, and audits the change', async () => {
    const stopped = await kit.api(admin, `/admin/routes/${ROUTE}/recording?reason=${encodeURIComponent('replay done')}`, { method: 'DELETE' });
    expect(stopped.status).toBe(200);
    expect(await json(stopped)).toMatchObject({ enabled: false, samples: 0 });
    const trail = kit.app.get(AuditTrail);
    await eventually(async () => {
      const records = (await Promise.all((await trail.days()).map((day) => trail.list({ day, limit: 1000 })))).flat();
      return records.some((record) => record.action === 'route.recording.stop' && record.target === ROUTE && record.actor === ADMIN_USERNAME && record.reason === 'replay done');
    }, 'route.recording.stop audited');
  });

  it('reports which legacy operations are wrapped, routed, migrated or never called', async () => {
    expect((await kit.api(await kit.tokenFor(username), '/migration/legacy-operations')).status).toBe(403);
    expect((await kit.api(admin, '/migration/legacy-operations?windowHours=0')).status).toBe(400);
    const response = await kit.api(admin, '/migration/legacy-operations?windowHours=24');
    expect(response.status).toBe(200);
    const report = await json(response);
    const operation = (name: string) => report.operations.find((entry: any) => entry.name === name);
    expect(operation('GetCaseSummary')).toMatchObject({ interface: 'classic-soap', status: 'routed', routes: [ROUTE], neverCalled: false });
    expect(operation('GetCaseSummary').calls).toBeGreaterThanOrEqual(caseIds.length);
    expect(operation('Ping')).toMatchObject({ status: 'wrapped', routes: [] });
    expect(operation('Query.case')).toMatchObject({ interface: 'graphql' });
    expect(report.unwrapped).toEqual(['classic-soap:Authenticate']);
    expect(report.windowHours).toBe(24);
  });
});
