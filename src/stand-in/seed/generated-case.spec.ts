import { planDocumentContent } from './document-content.js';
import { addGeneratedCase } from './generated-case.js';
import { buildSeedModel } from './seed-model.js';

describe('addGeneratedCase (benchmark cases)', () => {
  it('appends a case of born-digital reports with the pages asked for, after the seeded ids', () => {
    const model = buildSeedModel();
    const seededCases = model.cases.length;
    const firstNewDocumentId = model.nextIds.documentId;
    const caseId = addGeneratedCase(model, { documents: 40, pagesPerDocument: 25 });

    expect(caseId).toBe(seededCases + 1);
    const record = model.cases.find((each) => each.caseId === caseId)!;
    expect(record.documents).toHaveLength(40);
    expect(record.documents[0].documentId).toBe(firstNewDocumentId);
    expect(record.documents.every((document) => document.kind === 'report-pdf' && document.caseId === caseId)).toBe(true);
    const plans = record.documents.map((document) => planDocumentContent(model, record, document, document.versions[0].versionId));
    expect(plans.reduce((sum, plan) => sum + plan.pageCount, 0)).toBe(1000);
    expect(model.nextIds.documentId).toBe(firstNewDocumentId + 40);
  });

  it('leaves the default seed untouched and refuses nonsense sizes', () => {
    expect(buildSeedModel().cases.flatMap((record) => record.documents).filter((document) => document.pageCount !== undefined)).toEqual([]);
    expect(() => addGeneratedCase(buildSeedModel(), { documents: 0, pagesPerDocument: 10 })).toThrow(RangeError);
  });
});
