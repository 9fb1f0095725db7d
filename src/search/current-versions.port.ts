/**
 * Which version of each document of a case is current (documentId → versionId), as the ingestion
 * tracker knows it. Search returns hits from those versions only. Optional: without a provider,
 * or when it answers null (no tracker for the case), no version filter is applied.
 */
export const CURRENT_VERSIONS = Symbol('CurrentVersionsProvider');

export interface CurrentVersionsProvider {
  currentVersions(caseId: string): Promise<ReadonlyMap<string, string> | null>;
}
