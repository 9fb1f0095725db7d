import { planDocumentContent, type PlantedPii } from './document-content.js';
import type { SeedModel } from './seed-model.js';

export type { PiiCategory, PlantedPii } from './document-content.js';

/**
 * The personal data planted in a generated document version, exactly as written into it:
 * the ground truth for measuring redaction suggestions. Null for unknown ids and for
 * versions uploaded at run time (their content is not ours).
 */
export function groundTruthFor(model: SeedModel, caseId: number, documentId: number, versionId: number): PlantedPii[] | null {
  const record = model.cases.find((candidate) => candidate.caseId === caseId);
  const document = record?.documents.find((candidate) => candidate.documentId === documentId);
  const version = document?.versions.find((candidate) => candidate.versionId === versionId);
  if (!record || !document || !version || version.origin !== 'generated') return null;
  return [...planDocumentContent(model, record, document, versionId).pii];
}
