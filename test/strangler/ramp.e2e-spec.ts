/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return -- assertions walk the JSON freely */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CASE_ENTITY_KEY, type CaseReadModelState } from '../../src/modern/case-read-model/case-read-model.js';
import { CASE_NOTES_TABLE } from '../../src/modern/notes/notes-read-model.service.js';
import { STATE_STORE, type StateStore } from '../../src/storage/state/state-store.port.js';
import { RampController } from '../../src/strangler/ramp-controller.service.js';
import { RouteTraffic } from '../../src/strangler/route-traffic.js';
import { SERVED_BY_HEADER } from '../../src/strangler/strangler-request.js';
import { startStranglerE2e, type StranglerE2e } from './strangler-e2e-kit.js';

/**
 * Ramps that stop themselves, end to end: the real facade and stand-in, an injected clock and explicit
 * evaluation rounds (no sleeps). Each route with a modern side is ramped step by step under healthy traffic,
 * then one injected fault in the stand-in trips a gate and the ramp rolls the route back by itself.
 */
interface RampedRoute {
  readonly route: string;
  /** The REST path (under /api/v1) that calls the route, for a case the caller may see. */
  readonly path: (caseId: string) => string;
  /** Injects one fault that breaks the route's modern side only; answers how to clear it. */
  readonly fault: (caseId: string) => Promise<() => Promise<void>>;
}

/** The stand-in's GraphQL API fails every call: the modern side of a route whose legacy side is Classic SOAP. */
const graphqlFault = async (): Promise<() => Promise<void>> => {
  await kit.fault({ target: 'graphql', errorRate: 1 });
  return () => kit.fault(null);
};

/**
 * The notes read model's case entity in the state store is poisoned: fresh (a far-future refresh) but with no list
 * of note keys, so every modern read of the case throws. Legacy notes.list (GraphQL) is untouched.
 */
const poisonedNotesReadModel = async (caseId: string): Promise<() => Promise<void>> => {
  const store = kit.app.get<StateStore>(STATE_STORE);
  await store.put(CASE_NOTES_TABLE, caseId, CASE_ENTITY_KEY, { refreshedAt: '2999-01-01T00:00:00.000Z', itemKeys: null });
  return async () => {
    await store.put<CaseReadModelState>(CASE_NOTES_TABLE, caseId, CASE_ENTITY_KEY, { refreshedAt: '', itemKeys: [] });
  };
};

// One line per route with a modern side.
const RAMPED_ROUTES: readonly RampedRoute[] = [
  { route: 'cases.getSummary', path: (caseId) => `/cases/${caseId}`, fault: graphqlFault },
  { route: 'cases.getDefendants', path: (caseId) => `/cases/${caseId}/defendants`, fault: graphqlFault },
  { route: 'notes.list', path: (caseId) => `/cases/${caseId}/notes`, fault: poisonedNotesReadModel },
];

const CALLERS = Array.from({ length: 40 }, (_, i) => `cw${String(i + 1).padStart(3, '0')}`);
const BAKE_SECONDS = 60;
const PLAN = {
  steps: [5, 25, 50, 100],
  bakeSeconds: BAKE_SECONDS,
  minCalls: CALLERS.length,
  // The p99 ratio gate is off here: real latencies depend on the machine (its arithmetic is unit-tested).
  gates: { maxMismatchAboveNoise: 0.05, maxFallbackRate: 0.02, maxModernErrorRate: 0.02, maxP99Ratio: 1000 },
  fallback: true,
};

const json = (response: Response): Promise<any> => response.json();

let kit: StranglerE2e;
let admin: string;
let caseId: string;
// A whole minute, so that each step starts on a traffic bucket boundary.
let clock = Date.parse('2030-01-01T09:00:00Z');

beforeAll(async () => {
  kit = await startStranglerE2e({ strangler: { now: () => new Date(clock), rampIntervalMs: 3_600_000, trafficFlushMs: 3_600_000 } });
  admin = await kit.adminToken();
  const cw001 = kit.standIn.users.find((user) => user.username === 'cw001')!;
  const found = await json(await kit.api(await kit.tokenFor('cw001'), `/cases?urn=${cw001.visibleUrns[0]}`));
  caseId = found.cases[0].caseId as string;
});

afterAll(async () => {
  await kit?.close();
});

/** Every caller asks once; answers which side served how many. */
async function traffic(ramped: RampedRoute): Promise<{ legacy: number; modern: number }> {
  const served = { legacy: 0, modern: 0 };
  for (let i = 0; i < CALLERS.length; i += 10) {
    await Promise.all(
      CALLERS.slice(i, i + 10).map(async (username) => {
        const response = await kit.api(await kit.tokenFor(username), ramped.path(caseId), { headers: { 'x-client-name': 'ramp-e2e' } });
        expect(response.status).toBe(200);
        served[response.headers.get(SERVED_BY_HEADER) as 'legacy' | 'modern'] += 1;
      }),
    );
  }
  return served;
}

async function evaluate(): Promise<any[]> {
  const evaluations = await kit.app.get(RampController).evaluate();
  expect(evaluations).not.toBeNull();
  return evaluations!;
}

async function ramp(route: string): Promise<any> {
  const response = await kit.api(admin, `/admin/routes/${route}/ramp`);
  expect(response.status).toBe(200);
  return json(response);
}

describe.each(RAMPED_ROUTES)('ramp of $route (e2e)', (ramped) => {
  it('refuses a malformed plan', async () => {
    const falling = await kit.api(admin, `/admin/routes/${ramped.route}/ramp`, { method: 'PUT', body: { ...PLAN, steps: [50, 25] } });
    expect(falling.status).toBe(400);
    expect((await json(falling)).code).toBe('VALIDATION_FAILED');
    const unknownField = await kit.api(admin, `/admin/routes/${ramped.route}/ramp`, { method: 'PUT', body: { ...PLAN, gates: { ...PLAN.gates, extra: 1 } } });
    expect(unknownField.status).toBe(400);
    const caseworker = await kit.api(await kit.tokenFor('cw001'), `/admin/routes/${ramped.route}/ramp`, { method: 'PUT', body: PLAN });
    expect(caseworker.status).toBe(403);
  });

  it('advances step by step under healthy traffic, then rolls back by itself when a fault trips a gate', async () => {
    await kit.setRoute(ramped.route, { mode: 'shadow' }, 'compare before the ramp');
    const started = await kit.api(admin, `/admin/routes/${ramped.route}/ramp`, { method: 'PUT', body: PLAN });
    expect(started.status).toBe(200);
    expect(await json(started)).toMatchObject({ status: 'active', stepIndex: 0, percent: 5, safeSettings: { mode: 'shadow' } });
    expect((await json(await kit.api(admin, `/admin/routes/${ramped.route}`))).desired).toMatchObject({ mode: 'canary', percent: 5, fallback: true });

    // Healthy steps: 5% → 25% → 50%, each after its bake time with enough calls.
    for (const [index, next] of [[0, 25], [1, 50]] as const) {
      await traffic(ramped);
      expect((await evaluate())[0]).toMatchObject({ verdict: 'wait', stepIndex: index, tripped: [] });
      clock += BAKE_SECONDS * 1000;
      const advanced = (await evaluate())[0];
      expect(advanced).toMatchObject({ verdict: 'advance', stepIndex: index, tripped: [], figures: { calls: CALLERS.length } });
      expect(advanced.figures.fallbackRate ?? 0).toBe(0);
      expect(await ramp(ramped.route)).toMatchObject({ status: 'active', stepIndex: index + 1, percent: next });
    }
    const atHalf = await traffic(ramped);
    expect(atHalf.modern).toBeGreaterThan(0);

    // One injected fault: the modern side fails, every modern attempt falls back to legacy.
    clock += BAKE_SECONDS * 1000;
    expect((await evaluate())[0]).toMatchObject({ verdict: 'advance', stepIndex: 2 });
    const clearFault = await ramped.fault(caseId);
    try {
      const faulty = await traffic(ramped);
      expect(faulty.modern).toBe(0);
      const tripped = (await evaluate())[0];
      expect(tripped).toMatchObject({ verdict: 'trip', stepIndex: 3, percent: 100 });
      expect(tripped.tripped).toEqual(expect.arrayContaining(['fallbackRate', 'modernErrorRate']));
      expect(tripped.figures.fallbackRate).toBe(1);
    } finally {
      await clearFault();
    }

    // Rolled back to the mode it had when the ramp started, with the figures in the route history.
    const after = await ramp(ramped.route);
    expect(after).toMatchObject({ status: 'rolled-back', endReason: expect.stringContaining('fallbackRate') });
    expect((await json(await kit.api(admin, `/admin/routes/${ramped.route}`))).mode).toBe('shadow');
    expect((await traffic(ramped)).modern).toBe(0);
    const history = await json(await kit.api(admin, `/admin/routes/${ramped.route}/history`));
    const rampChanges = history.filter((change: any) => change.actor.startsWith('ramp:'));
    expect(rampChanges.map((change: any) => `${change.from.mode}${change.from.percent ?? ''} → ${change.to.mode}${change.to.percent ?? ''}`)).toEqual([
      'modern → shadow',
      'canary50 → modern',
      'canary25 → canary50',
      'canary5 → canary25',
      'shadow → canary5',
    ]);
    expect(rampChanges[0].reason).toMatch(/^ramp rolled back to shadow at step 4\/4 \(100%\): calls 40; .*fallbackRate 1\.000 \(max 0\.020\) TRIPPED/);
    expect(rampChanges[1].reason).toMatch(/^ramp advanced to step 4\/4 \(100%\) after 60 s: calls 40;/);

    // The report and the page show the plan, the step and the figures, and who called.
    await kit.app.get(RouteTraffic).flush();
    const report = await json(await kit.api(admin, '/migration'));
    const route = report.routes.find((each: any) => each.name === ramped.route);
    expect(route.ramp).toMatchObject({ status: 'rolled-back', steps: PLAN.steps, stepIndex: 3, safeMode: 'shadow', gates: PLAN.gates, lastFigures: { fallbackRate: 1 } });
    expect(route.clients).toContainEqual({ name: 'ramp-e2e', calls: CALLERS.length * 5 });
    const page = await (await kit.api(admin, '/migration/page')).text();
    expect(page).toContain('rolled-back (safe: shadow');
    expect(page).toContain('ramp-e2e: 200');
  });
});
