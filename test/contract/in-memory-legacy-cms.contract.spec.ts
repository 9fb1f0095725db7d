import { InMemoryLegacyCms } from '../support/in-memory-legacy-cms.fake.js';
import type { LegacyCaller } from '../../src/legacy/legacy-cms.port.js';
import { describeLegacyCmsContract } from './legacy-cms.contract-suite.js';

const as = (username: string): LegacyCaller => ({ username, correlationId: `contract-${username}` });

/** The in-memory fake, held to the same contract as the adapter. The world is found in what it was seeded with. */
describeLegacyCmsContract('InMemoryLegacyCms', () => {
  const cms = new InMemoryLegacyCms();
  const seeded = cms.seededCases();
  const chosen = seeded.find((candidate) => candidate.documents.length >= 4 && candidate.deniedTo.length > 0);
  const withWitnesses = seeded.find((candidate) => candidate.witnesses.warnings.length > 0);
  if (!chosen || !withWitnesses) throw new Error('the fake is seeded without a case the contract can use');
  const denied = chosen.deniedTo[0];
  // Usernames the seed does not refuse anything to: the fake grants them every case.
  const everyone = (username: string): boolean => seeded.every((candidate) => !candidate.deniedTo.includes(username));
  const [granted, colleague] = ['caseworker', 'colleague'].filter(everyone);
  return Promise.resolve({
    cms,
    granted: as(granted),
    colleague: as(colleague),
    denied: as(denied),
    caseRef: { caseId: chosen.summary.caseId, urn: chosen.summary.urn },
    hasEmailAttachment: chosen.documents.some((document) => document.parentDocumentId !== null),
    witnessCaseId: withWitnesses.summary.caseId,
    unknownCaseId: String(Math.max(...seeded.map((candidate) => Number(candidate.summary.caseId))) + 1_000),
    teardown: () => Promise.resolve(),
  });
});
