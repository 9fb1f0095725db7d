import { useEffect, useState } from 'react';
import type { components } from '../../api/schema';
import { useWorkspace, type PageGeometry } from '../case/workspace';
import { PdfViewer } from '../reader/PdfViewer';
import type { PlanContext } from './PlansPage';
import { BLOCK_REASONS, originLabel, plural, redactionTypeLabel, type PlanDocument, type RedactionPlan } from './plan-model';

export type DocumentChange = components['schemas']['PlanDocumentReviewDto'];

const LAYER_ID = 'redaction-plan';

/** The boxes of one plan document: a table to review them, and the document with the boxes drawn over its pages. */
export function PlanDocumentReview({
  plan,
  document,
  title,
  context,
  busy,
  onReview,
}: {
  plan: RedactionPlan;
  document: PlanDocument;
  title: string;
  context: PlanContext;
  busy: boolean;
  onReview: (change: DocumentChange, done: string) => void;
}) {
  const workspace = useWorkspace();
  const { open, setLayer, removeLayer } = workspace;
  const [selected, setSelected] = useState<string | null>(null);
  const editable = plan.status === 'review' && document.blockedBy === null;
  const firstPage = document.pages[0]?.pageIndex;

  useEffect(() => {
    open({ documentId: document.documentId, versionId: document.versionId, title }, firstPage);
  }, [open, document.documentId, document.versionId, title, firstPage]);

  useEffect(() => {
    const rejectedDocument = document.decision === 'rejected';
    setLayer({
      id: LAYER_ID,
      order: 10,
      render(page: PageGeometry) {
        if (page.documentId !== document.documentId || page.versionId !== document.versionId) return null;
        const planPage = document.pages.find((each) => each.pageIndex === page.pageIndex);
        if (planPage === undefined) return null;
        return planPage.boxes.flatMap((box) =>
          box.rects.map((rect, at) => (
            <div
              key={`${box.boxId}/${at}`}
              aria-hidden="true"
              className={`plan-box ${box.decision === 'rejected' || rejectedDocument ? 'plan-box-rejected' : 'plan-box-accepted'}${box.boxId === selected ? ' plan-box-selected' : ''}`}
              style={{ left: rect.x * page.scale, top: rect.y * page.scale, width: rect.width * page.scale, height: rect.height * page.scale }}
            />
          )),
        );
      },
    });
  }, [setLayer, document, selected]);
  useEffect(() => () => removeLayer(LAYER_ID), [removeLayer]);

  const show = (boxId: string, pageIndex: number) => {
    setSelected(boxId);
    open({ documentId: document.documentId, versionId: document.versionId, title }, pageIndex);
  };

  // Buttons stay enabled while a change is saved (a disabled button drops the keyboard focus); a click then waits its turn.
  const review = (change: DocumentChange, done: string) => {
    if (!busy) onReview(change, done);
  };

  const rows = document.pages.flatMap((page) => page.boxes.map((box) => ({ page, box })));

  return (
    <div className="plan-document">
      <div className="plan-document-detail">
        <p className="plan-document-decision">
          <strong>{document.decision === 'accepted' ? 'Accepted' : 'Rejected'}</strong>
          {': '}
          {document.decision === 'accepted' ? `${plural(document.acceptedBoxCount, 'box', 'boxes')} of ${document.boxCount} will be redacted` : 'this document will not be redacted'} (version {document.versionId},{' '}
          {plural(document.pageCount, 'page')}).
        </p>
        {document.blockedBy !== null && (
          <p className="plans-warning">
            <strong>Cannot be applied:</strong> {BLOCK_REASONS[document.blockedBy] ?? document.blockedBy}
          </p>
        )}
        {plan.status === 'review' && (
          <div className="plan-decision-buttons" role="group" aria-label="Whole document">
            <button
              type="button"
              aria-pressed={document.decision === 'accepted'}
              disabled={!editable}
              aria-disabled={busy || undefined}
              onClick={() => document.decision !== 'accepted' && review({ documentId: document.documentId, decision: 'accepted' }, `${title} accepted.`)}
            >
              Accept document
            </button>
            <button
              type="button"
              aria-pressed={document.decision === 'rejected'}
              disabled={!editable}
              aria-disabled={busy || undefined}
              onClick={() => document.decision !== 'rejected' && review({ documentId: document.documentId, decision: 'rejected' }, `${title} rejected: it will not be redacted.`)}
            >
              Reject document
            </button>
          </div>
        )}
        {rows.length > 0 && (
          <table className="plans-table plan-boxes">
            <caption>Boxes in {title}</caption>
            <thead>
              <tr>
                <th scope="col">Page</th>
                <th scope="col">Matched text</th>
                <th scope="col">Found by</th>
                <th scope="col">Saved as</th>
                <th scope="col">Decision</th>
                <th scope="col">
                  <span className="plans-hidden-label">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ page, box }) => {
                const text = box.text ?? '(text no longer available)';
                const described = `“${text}” on page ${page.pageIndex + 1}`;
                return (
                  <tr key={box.boxId} className={box.boxId === selected ? 'plan-row-selected' : undefined} data-box-id={box.boxId}>
                    <td>{page.pageIndex + 1}</td>
                    <th scope="row" className="plan-box-text">
                      {text}
                    </th>
                    <td>{originLabel(box.origin, plan, context.people)}</td>
                    <td>{redactionTypeLabel(box.origin, context.types) ?? 'Unspecified'}</td>
                    <td>{box.decision === 'accepted' ? 'Redact' : 'Keep'}</td>
                    <td>
                      <div className="plan-box-actions">
                        <button type="button" className="link-button" aria-label={`Show ${described}`} onClick={() => show(box.boxId, page.pageIndex)}>
                          Show
                        </button>
                        {plan.status === 'review' &&
                          (box.decision === 'accepted' ? (
                            <button type="button" disabled={!editable} aria-disabled={busy || undefined} aria-label={`Reject ${described}`} onClick={() => review({ documentId: document.documentId, rejectBoxes: [box.boxId] }, `Box ${described} will be kept.`)}>
                              Reject
                            </button>
                          ) : (
                            <button type="button" disabled={!editable} aria-disabled={busy || undefined} aria-label={`Accept ${described}`} onClick={() => review({ documentId: document.documentId, acceptBoxes: [box.boxId] }, `Box ${described} will be redacted.`)}>
                              Accept
                            </button>
                          ))}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      <div className="plan-document-preview" aria-label={`${title} with the plan’s boxes`} role="region">
        <p className="plans-hint">Solid boxes will be redacted; dashed boxes are kept.</p>
        {workspace.activeDocument !== null && <PdfViewer key={`${workspace.activeDocument.documentId}/${workspace.activeDocument.versionId}`} document={workspace.activeDocument} active />}
      </div>
    </div>
  );
}
