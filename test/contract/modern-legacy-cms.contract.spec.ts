import { CaseAccessCache } from '../../src/auth/case-access.cache.js';
import { CaseAccessService } from '../../src/auth/case-access.service.js';
import type { LegacyCms } from '../../src/legacy/legacy-cms.port.js';
import { GraphqlCaseQueryClient } from '../../src/legacy/graphql-case-query.client.js';
import { ModernCaseSummaryReader } from '../../src/modern/case-summary/modern-case-summary.service.js';
import { ModernDefendantsReader } from '../../src/modern/defendants/modern-defendants.service.js';
import { DocumentsReadModel } from '../../src/modern/documents/documents-read-model.service.js';
import { NotesReadModel } from '../../src/modern/notes/notes-read-model.service.js';
import { InMemoryStateStore } from '../../src/storage/state/in-memory-state-store.adapter.js';
import { LEGACY_CMS_ROUTES, type RoutedMethod } from '../../src/strangler/legacy-cms-routes.js';
import type { LegacyAnswerListener } from '../../src/strangler/strangler.service.js';
import { describeLegacyCmsContract } from './legacy-cms.contract-suite.js';
import { startStandInWorld } from './stand-in-world.js';
import { withModernImplementations } from './with-modern-implementations.js';

/** The app's default case-access cache (CASE_ACCESS_CACHE_MS). */
const CASE_ACCESS_CACHE_MS = 30_000;

/** `cms` whose successful writes are told to `listeners` as StranglerService tells a legacy answer at the port. */
function tellingWrites(cms: LegacyCms, listeners: readonly LegacyAnswerListener[]): LegacyCms {
  const writes: Partial<Record<RoutedMethod, unknown>> = {};
  for (const [method, route] of Object.entries(LEGACY_CMS_ROUTES) as [RoutedMethod, { name: string; kind: string }][]) {
    if (route.kind !== 'write') continue;
    const write = (cms[method] as (...args: unknown[]) => Promise<unknown>).bind(cms);
    writes[method] = async (...args: unknown[]) => {
      const answer = await write(...args);
      for (const listener of listeners) listener(route.name, args, answer);
      return answer;
    };
  }
  return withModernImplementations(cms, writes as Partial<LegacyCms>);
}

/**
 * The modern implementations in src/modern, each put in place of its port method over the adapter, against the
 * stand-in: cases.getSummary and cases.getDefendants from the legacy CMS's GraphQL API, documents.list and notes.list
 * from the facade's read models at their default age, behind the one case-access decision and told of the writes.
 */
describeLegacyCmsContract('every modern implementation over the stand-in', async () => {
  const running = await startStandInWorld();
  const graphql = GraphqlCaseQueryClient.over(running.connection);
  const summaries = new ModernCaseSummaryReader(graphql);
  const defendants = new ModernDefendantsReader(graphql);
  const store = InMemoryStateStore.fromConfig();
  const access = new CaseAccessService(running.adapter, new CaseAccessCache(CASE_ACCESS_CACHE_MS));
  const documents = new DocumentsReadModel(running.adapter, access, store);
  const notes = new NotesReadModel(running.adapter, access, store);
  const cms = withModernImplementations(tellingWrites(running.adapter, [documents.onLegacyAnswer, notes.onLegacyAnswer]), {
    getCaseSummary: (caller, caseId) => summaries.getCaseSummary(caller, caseId),
    listDocuments: (caller, caseId) => documents.listDocuments(caller, caseId),
    getDefendants: (caller, caseId) => defendants.getDefendants(caller, caseId),
    listNotes: (caller, caseId) => notes.listNotes(caller, caseId),
  });
  const world = await running.worldOver(cms);
  return {
    ...world,
    teardown: async () => {
      await store.close();
      await world.teardown();
    },
  };
});
