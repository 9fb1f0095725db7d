import type { CaseRecord, SeedModel } from './seed-model.js';

/**
 * An extra case of born-digital reports, for benchmarks and tests that need a case of a given size
 * (e.g. 1,000 pages): never part of the default seed. Its people are those of a seeded case; its
 * documents are reports of `pagesPerDocument` pages, rendered like the seeded report.
 */
export interface GeneratedCaseSpec {
  readonly documents: number;
  readonly pagesPerDocument: number;
  /** The seeded case whose unit, people and URN it copies (default 3). */
  readonly likeCaseId?: number;
}

/** Appends the case to the model (ids after the seeded ones) and answers its id. */
export function addGeneratedCase(model: SeedModel, spec: GeneratedCaseSpec): number {
  if (!Number.isInteger(spec.documents) || spec.documents < 1 || !Number.isInteger(spec.pagesPerDocument) || spec.pagesPerDocument < 1) {
    throw new RangeError('a generated case needs a positive whole number of documents and pages');
  }
  const like = model.cases.find((record) => record.caseId === (spec.likeCaseId ?? 3));
  if (like === undefined) throw new RangeError(`no seeded case ${spec.likeCaseId ?? 3} to copy`);
  const caseId = Math.max(...model.cases.map((record) => record.caseId)) + 1;
  const record: CaseRecord = { ...like, caseId, title: `${like.title} (generated, ${spec.documents * spec.pagesPerDocument} pages)`, restrictedTo: null, notes: [], documents: [] };
  for (let n = 0; n < spec.documents; n += 1) {
    const documentId = model.nextIds.documentId++;
    const versionId = model.nextIds.versionId++;
    const title = `Generated report ${n + 1} of ${spec.documents}`;
    record.documents.push({
      documentId,
      caseId,
      kind: 'report-pdf',
      title,
      fileName: `${title.replace(/[^\p{L}\p{N}]+/gu, '_')}.pdf`,
      mimeType: 'application/pdf',
      category: 'Generated report',
      documentDate: null,
      parentDocumentId: null,
      used: true,
      checkedOutBy: null,
      subject: { role: 'defendant', index: n % like.defendants.length },
      versions: [{ versionId, createdAt: new Date(like.registeredDate.getTime() + n * 60_000), origin: 'generated' }],
      pageCount: spec.pagesPerDocument,
    });
  }
  model.cases.push(record);
  return caseId;
}
