import type { RedactionPlanDto } from './redaction-plans.dto.js';
import type { PlanView } from './redaction-plans.service.js';

export function toRedactionPlanDto(view: PlanView): RedactionPlanDto {
  const { plan } = view;
  return {
    planId: plan.planId,
    caseId: plan.caseId,
    status: plan.status,
    revision: plan.revision,
    createdBy: plan.createdBy,
    createdAt: plan.createdAt,
    selectors: {
      termCount: plan.selectors.termCount,
      categories: [...plan.selectors.categories],
      people: plan.selectors.people.map((person) => ({ kind: person.kind, id: person.id, categories: [...person.categories] })),
    },
    documentCount: plan.documentCount,
    documentsSearched: plan.documentsSearched,
    pageCount: plan.pageCount,
    boxCount: plan.boxCount,
    documents: view.documents.map((document) => ({
      documentId: document.documentId,
      versionId: document.versionId,
      decision: document.decision,
      blockedBy: document.blockedBy,
      pageCount: document.pageCount,
      boxCount: document.boxCount,
      acceptedBoxCount: document.acceptedBoxCount,
      pages: document.pages.map((page) => ({
        pageIndex: page.pageIndex,
        width: page.width,
        height: page.height,
        boxes: page.boxes.map((box) => ({ boxId: box.boxId, decision: box.decision, origin: { ...box.origin }, text: box.text, rects: box.rects.map((rect) => ({ ...rect })), personKey: box.personKey })),
      })),
    })),
    nextAfter: view.nextAfter,
    appliedBy: plan.applier?.username ?? null,
    finishedAt: plan.finishedAt,
    report:
      view.report === null
        ? null
        : { saved: [...view.report.saved], failed: [...view.report.failed], skipped: [...view.report.skipped], pending: view.report.pending },
  };
}
