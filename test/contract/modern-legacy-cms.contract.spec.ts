import { GraphqlCaseQueryClient } from '../../src/legacy/graphql-case-query.client.js';
import { ModernCaseSummaryReader } from '../../src/modern/case-summary/modern-case-summary.service.js';
import { ModernDefendantsReader } from '../../src/modern/defendants/modern-defendants.service.js';
import { DocumentsReadModel } from '../../src/modern/documents/documents-read-model.service.js';
import { ModernNotesReader } from '../../src/modern/notes/modern-notes.service.js';
import { InMemoryStateStore } from '../../src/storage/state/in-memory-state-store.adapter.js';
import { describeLegacyCmsContract } from './legacy-cms.contract-suite.js';
import { startStandInWorld } from './stand-in-world.js';
import { withModernImplementations } from './with-modern-implementations.js';

/**
 * The modern implementations in src/modern, each put in place of its port method over the adapter, against the
 * stand-in: cases.getSummary, cases.getDefendants and notes.list from the legacy CMS's GraphQL API, documents.list
 * from the facade's read model.
 */
/**
 * Every list read from the legacy CMS. At the default age (5 minutes) the read model breaks the contract: it answers
 * a caller the legacy CMS denies from the store (it trusts the case-access guard in front of it), and a rename,
 * reclassification, use flag, check-out or check-in stays unseen until the list ages out. At the port nothing
 * guards it and nothing refreshes it on a write; until something does, only an age of 0 keeps to the contract.
 */
const MAX_AGE_MS = 0;

describeLegacyCmsContract('every modern implementation over the stand-in', async () => {
  const running = await startStandInWorld();
  const graphql = GraphqlCaseQueryClient.over(running.connection);
  const summaries = new ModernCaseSummaryReader(graphql);
  const defendants = new ModernDefendantsReader(graphql);
  const notes = new ModernNotesReader(graphql);
  const store = InMemoryStateStore.fromConfig();
  const readModel = new DocumentsReadModel(running.adapter, store, { maxAgeMs: MAX_AGE_MS });
  const cms = withModernImplementations(running.adapter, {
    getCaseSummary: (caller, caseId) => summaries.getCaseSummary(caller, caseId),
    listDocuments: (caller, caseId) => readModel.listDocuments(caller, caseId),
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
