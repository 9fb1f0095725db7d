import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CaseAccessCache } from '../../src/auth/case-access.cache.js';
import { CaseAccessService } from '../../src/auth/case-access.service.js';
import { LegacyCmsAdapter } from '../../src/legacy/legacy-cms.adapter.js';
import type { LegacyCaller } from '../../src/legacy/legacy-cms.port.js';
import { GraphqlCaseQueryClient } from '../../src/legacy/graphql-case-query.client.js';
import { ModernDefendantsReader } from '../../src/modern/defendants/modern-defendants.service.js';
import { NotesReadModel } from '../../src/modern/notes/notes-read-model.service.js';
import { InMemoryStateStore } from '../../src/storage/state/in-memory-state-store.adapter.js';
import { startStandIn, type RunningStandIn } from '../../src/stand-in/stand-in.js';
import { InMemoryRouteStateStore } from '../../src/strangler/in-memory-route-state.store.js';
import { ModernRegistry } from '../../src/strangler/modern-registry.js';
import { RouteTable } from '../../src/strangler/route-table.js';
import type { StrangledLegacyCms } from '../../src/strangler/strangled-legacy-cms.js';
import { StranglerMetrics } from '../../src/strangler/strangler-metrics.js';
import { stranglerOptions } from '../../src/strangler/strangler.options.js';
import { StranglerService } from '../../src/strangler/strangler.service.js';

/** The modern cases.getDefendants (GraphQL) and notes.list (read model) in shadow over the real stand-in: for every seeded case, modern answers what legacy answers. */

let standIn: RunningStandIn;
let dataDir: string;
let strangler: StranglerService;
let port: StrangledLegacyCms;
let alice: LegacyCaller;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'modern-shadow-'));
  standIn = await startStandIn({ dataDir, rateLimitPerSecond: 0 });
  const config = {
    legacy: { soapUrl: standIn.soapUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, serviceUsername: standIn.serviceUsername, servicePassword: standIn.servicePassword },
    legacyTimeoutMs: 120_000,
  };
  const metrics = new StranglerMetrics();
  // A shadow timeout a loaded machine never reaches: this test is about equal answers.
  strangler = new StranglerService(new RouteTable(new InMemoryRouteStateStore(), metrics), metrics, stranglerOptions({ routesFile: null, noiseFloorSampleRate: 0, shadowTimeoutMs: 120_000, latencyBudgetOverridesMs: { 'cases.getDefendants': 120_000, 'notes.list': 120_000 } }));
  const registry = new ModernRegistry(strangler);
  const query = GraphqlCaseQueryClient.fromConfig(config);
  const defendants = new ModernDefendantsReader(query);
  const adapter = LegacyCmsAdapter.fromConfig(config);
  registry.register('cases.getDefendants', { modern: (caller, caseId) => defendants.getDefendants(caller, caseId) });
  port = registry.strangle(adapter);
  // As in the app: the read model over the unstrangled adapter, access decided over the strangled port.
  const notes = new NotesReadModel(adapter, new CaseAccessService(port, new CaseAccessCache(30_000)), new InMemoryStateStore());
  strangler.addLegacyAnswerListener(notes.onLegacyAnswer);
  registry.register('notes.list', { modern: (caller, caseId) => notes.listNotes(caller, caseId) });
  alice = { username: 'alice.admin', subject: 'dev:alice.admin', correlationId: 'modern-shadow' };
});

afterAll(async () => {
  await strangler?.stop();
  await standIn?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** Every seeded case, found as a user would: by the URNs alice.admin can see. */
async function everyCaseId(): Promise<string[]> {
  const user = standIn.users.find((each) => each.username === alice.username)!;
  const found = await Promise.all(user.visibleUrns.map((urn) => port.findCasesByUrn(alice, urn)));
  return [...new Set(found.flat().map((ref) => ref.caseId))];
}

describe('modern cases.getDefendants and notes.list in shadow on the stand-in data', () => {
  it('compare equal with legacy for every seeded case: 0 mismatches, 0 modern errors', async () => {
    await strangler.table.set('cases.getDefendants', { mode: 'shadow' }, 'test', 'compare GraphQL defendants with SOAP');
    await strangler.table.set('notes.list', { mode: 'shadow' }, 'test', 'compare GraphQL notes with legacy');
    const caseIds = await everyCaseId();
    expect(caseIds.length).toBeGreaterThanOrEqual(24);
    let defendantsSeen = 0;
    let chargesSeen = 0;
    let notesSeen = 0;
    for (const caseId of caseIds) {
      const defendants = await port.getDefendants(alice, caseId);
      defendantsSeen += defendants.length;
      chargesSeen += defendants.reduce((sum, defendant) => sum + defendant.charges.length, 0);
      notesSeen += (await port.listNotes(alice, caseId)).length;
    }
    await strangler.shadow.drain();
    // The comparison covered real data, not empty lists.
    expect(defendantsSeen).toBeGreaterThan(0);
    expect(chargesSeen).toBeGreaterThan(0);
    expect(notesSeen).toBeGreaterThan(0);
    for (const route of ['cases.getDefendants', 'notes.list']) {
      const tallies = strangler.table.get(route)!.meter.tallies;
      expect({ route, compared: tallies.shadowMatches + tallies.shadowMismatches, mismatches: tallies.shadowMismatches, errors: tallies.shadowModernErrors, timeouts: tallies.shadowModernTimeouts }).toEqual({
        route,
        compared: caseIds.length,
        mismatches: 0,
        errors: 0,
        timeouts: 0,
      });
    }
  }, 300_000);
});
