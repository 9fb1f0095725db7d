import type { CaseDocument, LegacyCaller, LegacyCms } from '../../legacy/legacy-cms.port.js';

/** Stage 1: the case's documents as the legacy CMS lists them now (one call). */
export function listCaseDocuments(legacy: LegacyCms, caller: LegacyCaller, caseId: string): Promise<CaseDocument[]> {
  return legacy.listDocuments(caller, caseId);
}
