import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LegacyCmsAdapter } from '../../src/legacy/legacy-cms.adapter.js';
import type { CaseRef, LegacyCaller, LegacyCms } from '../../src/legacy/legacy-cms.port.js';
import { LegacyConnection } from '../../src/legacy/legacy-connection.js';
import { buildSeedModel, DEFAULT_SEED } from '../../src/stand-in/seed/seed-model.js';
import { startStandIn, type RunningStandIn } from '../../src/stand-in/stand-in.js';
import type { LegacyCmsContractWorld } from './legacy-cms.contract-suite.js';

/** A legacy deadline a loaded machine never reaches: only a hung stand-in could trip it. */
const PATIENT_MS = 60_000;

const as = (username: string): LegacyCaller => ({ username, correlationId: `contract-${username}` });

export interface StandInWorld {
  readonly standIn: RunningStandIn;
  readonly connection: LegacyConnection;
  readonly adapter: LegacyCmsAdapter;
  /** The contract world over `cms` (the adapter, or something built on it). */
  worldOver(cms: LegacyCms): Promise<LegacyCmsContractWorld>;
  close(): Promise<void>;
}

/** Starts the stand-in (real SOAP, GraphQL and file store) and the adapter over it. */
export async function startStandInWorld(): Promise<StandInWorld> {
  const dataDir = await mkdtemp(join(tmpdir(), 'legacy-contract-'));
  const standIn = await startStandIn({ dataDir, seed: DEFAULT_SEED, rateLimitPerSecond: 0 });
  const connection = LegacyConnection.fromConfig({
    legacy: { soapUrl: standIn.soapUrl, graphqlUrl: standIn.graphqlUrl, filesUrl: standIn.filesUrl, serviceUsername: standIn.serviceUsername, servicePassword: standIn.servicePassword },
    legacyTimeoutMs: PATIENT_MS,
  });
  const adapter = LegacyCmsAdapter.over(connection);
  const close = async (): Promise<void> => {
    connection.onApplicationShutdown();
    await standIn.close();
    await rm(dataDir, { recursive: true, force: true });
  };
  return { standIn, connection, adapter, worldOver: (cms) => discoverWorld(standIn, adapter, cms, close), close };
}

/**
 * The world, found in the stand-in's seed through the adapter: a unit caseworker without witness clearance, a
 * user who sees everything, one who sees nothing; the first case of the caseworker's with an email attachment.
 */
async function discoverWorld(standIn: RunningStandIn, adapter: LegacyCmsAdapter, cms: LegacyCms, close: () => Promise<void>): Promise<LegacyCmsContractWorld> {
  const seed = buildSeedModel(DEFAULT_SEED);
  const user = (pick: (clearance: boolean, visible: number, hidden: number) => boolean): LegacyCaller => {
    const found = standIn.users.find((info) => {
      const seeded = seed.users.find((candidate) => candidate.username === info.username);
      return seeded !== undefined && !info.generated && pick(seeded.witnessClearance, info.visibleUrns.length, info.hiddenUrns.length);
    });
    if (!found) throw new Error('the stand-in seed has no such user');
    return as(found.username);
  };
  const granted = user((clearance, visible, hidden) => !clearance && visible > 0 && hidden > 0);
  const colleague = user((_clearance, _visible, hidden) => hidden === 0);
  const denied = user((_clearance, visible) => visible === 0);

  const grantedUrns = standIn.users.find((info) => info.username === granted.username)!.visibleUrns;
  const cases: CaseRef[] = [];
  for (const urn of grantedUrns) cases.push(...(await adapter.findCasesByUrn(granted, urn)));
  let caseRef: CaseRef | undefined;
  let witnessCaseId: string | undefined;
  for (const ref of cases) {
    const documents = await adapter.listDocuments(granted, ref.caseId);
    const usable = documents.filter((document) => !document.isCheckedOut && document.sizeBytes >= 4);
    if (!caseRef && usable.length >= 4 && documents.some((document) => document.parentDocumentId !== null)) caseRef = ref;
    if (!witnessCaseId && (await adapter.getWitnesses(granted, ref.caseId)).warnings.length > 0) witnessCaseId = ref.caseId;
    if (caseRef && witnessCaseId) break;
  }
  if (!caseRef || !witnessCaseId) throw new Error(`the stand-in seed has no case of ${granted.username}'s with attachments and withheld witnesses`);
  const unknownCaseId = String(Math.max(...seed.cases.map((record) => record.caseId)) + 1_000);
  return { cms, granted, colleague, denied, caseRef, hasEmailAttachment: true, witnessCaseId, unknownCaseId, teardown: close };
}
