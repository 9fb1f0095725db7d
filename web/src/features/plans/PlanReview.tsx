import { useEffect, useRef, useState } from 'react';
import { ApiError, api, must } from '../../api/client';
import { useAsync } from '../../app/use-async';
import { currentSession } from '../../auth/token-store';
import { ProblemMessage } from '../../components/ProblemMessage';
import { CaseWorkspaceProvider } from '../case/workspace';
import { ApplyPanel } from './ApplyPanel';
import { PlanDocumentReview, type DocumentChange } from './PlanDocumentReview';
import type { PlanContext } from './PlansPage';
import { CATEGORY_LABELS, plural, rememberPlan, type RedactionPlan } from './plan-model';

interface LoadedPlan {
  readonly plan: RedactionPlan;
  readonly etag: string;
}

const STATUS_TEXT: Readonly<Record<RedactionPlan['status'], string>> = {
  review: 'In review: accept or reject documents and boxes, then apply.',
  applying: 'Applying: one redaction per accepted document.',
  applied: 'Applied.',
};

async function loadPlan(caseId: string, planId: string, after: string | null, signal: AbortSignal): Promise<LoadedPlan> {
  const result = await api.GET('/api/v1/cases/{caseId}/redaction-plans/{planId}', { params: { path: { caseId, planId }, query: { limit: 1, ...(after === null ? {} : { after }) } }, signal });
  const plan = must(result);
  return { plan, etag: result.response.headers.get('etag') ?? '' };
}

function selectorSummary(plan: RedactionPlan, context: PlanContext): string {
  const parts: string[] = [];
  for (const selector of plan.selectors.people) {
    const person = context.people.find((each) => each.kind === selector.kind && each.id === selector.id);
    const what = (selector.categories ?? []).map((category) => CATEGORY_LABELS[category].toLowerCase()).join(', ');
    parts.push(`${person?.name ?? `${selector.kind} ${selector.id}`} (${selector.kind})${what === '' ? '' : `: ${what}`}`);
  }
  if (plan.selectors.termCount > 0) parts.push(plural(plan.selectors.termCount, 'term'));
  if (plan.selectors.categories.length > 0) parts.push(`categories: ${plan.selectors.categories.map((category) => CATEGORY_LABELS[category].toLowerCase()).join(', ')}`);
  return parts.join('; ');
}

/** One plan: its summary, its documents one at a time (as the API pages them), review, apply, progress and report. */
export function PlanReview({ caseId, planId, context }: { caseId: string; planId: string; context: PlanContext }) {
  // The `after` cursor of each document seen so far: [null, first's nextAfter, …]; `position` indexes it.
  const [cursors, setCursors] = useState<readonly (string | null)[]>([null]);
  const [position, setPosition] = useState(0);
  const [loaded, reload] = useAsync((signal) => loadPlan(caseId, planId, cursors[position], signal), [caseId, planId, cursors[position]]);
  const [notice, setNotice] = useState<{ kind: 'alert' | 'status'; text: string } | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);
  // The ETag a change was sent against: busy until the plan has reloaded past it (a second click must not send a stale ETag).
  const [busyFor, setBusyFor] = useState<string | null>(null);
  const session = currentSession();
  const headingRef = useRef<HTMLHeadingElement>(null);

  const ready = loaded.state === 'ready' ? loaded.value : null;
  const busy = ready !== null && busyFor === ready.etag;
  useEffect(() => {
    if (ready !== null) rememberPlan(caseId, { planId, createdAt: ready.plan.createdAt });
  }, [caseId, planId, ready]);

  const review = async (change: DocumentChange, done: string) => {
    if (ready === null) return;
    setBusyFor(ready.etag);
    setNotice(null);
    setFailure(null);
    try {
      must(await api.PATCH('/api/v1/cases/{caseId}/redaction-plans/{planId}', { params: { path: { caseId, planId }, header: { 'If-Match': ready.etag } }, body: { documents: [change] } }));
      setNotice({ kind: 'status', text: done });
    } catch (error) {
      if (error instanceof ApiError && error.problem.code === 'PRECONDITION_FAILED') {
        setNotice({ kind: 'alert', text: 'Another reviewer changed this plan since you opened it. It has been reloaded with their changes: check it and make your change again.' });
      } else {
        setBusyFor(null);
        setFailure(error instanceof Error ? error : new Error(String(error)));
      }
    }
    reload();
  };

  const move = (to: number) => {
    if (ready === null) return;
    if (to > position && cursors.length === position + 1) setCursors([...cursors, ready.plan.nextAfter]);
    setPosition(to);
    setNotice(null);
    headingRef.current?.focus();
  };

  if (loaded.state === 'loading') return <p aria-live="polite">Loading the plan…</p>;
  if (loaded.state === 'failed') return <ProblemMessage error={loaded.error} />;
  const { plan } = loaded.value;
  const document = plan.documents[0] ?? null;

  return (
    <section aria-labelledby="plan-heading" className="plan-review">
      <h2 id="plan-heading">Redaction plan</h2>
      <dl className="plan-facts">
        <dt>Status</dt>
        <dd data-testid="plan-status">{STATUS_TEXT[plan.status]}</dd>
        <dt>Finds</dt>
        <dd>{selectorSummary(plan, context)}</dd>
        <dt>Built</dt>
        <dd>
          by {plan.createdBy}, {new Date(plan.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}
        </dd>
        <dt>Found</dt>
        <dd>
          {plural(plan.boxCount, 'box', 'boxes')} on {plural(plan.pageCount, 'page')} of {plural(plan.documentCount, 'document')} ({plan.documentsSearched} searched)
        </dd>
        <dt>Reference</dt>
        <dd>
          <code>{plan.planId}</code>
        </dd>
      </dl>

      <div className="plan-messages">
        {notice?.kind === 'alert' && (
          <p role="alert" className="plans-warning">
            {notice.text}
          </p>
        )}
        <p role="status" className="plans-status">
          {notice?.kind === 'status' ? notice.text : ''}
        </p>
        {failure !== null && <ProblemMessage error={failure} />}
      </div>

      <ApplyPanel caseId={caseId} plan={plan} etag={loaded.value.etag} titles={context.titles} onChanged={() => {
          setNotice(null);
          reload();
        }}
      />

      <section aria-labelledby="plan-document-heading" className="plan-document-section">
        <div className="plan-document-nav">
          <h3 id="plan-document-heading" ref={headingRef} tabIndex={-1}>
            {document === null ? 'No documents' : `Document ${position + 1} of ${plan.documentCount}: ${context.titles.get(document.documentId) ?? `document ${document.documentId}`}`}
          </h3>
          <nav aria-label="Plan documents" className="plan-pager">
            <button type="button" disabled={position === 0} onClick={() => move(position - 1)}>
              Previous document
            </button>
            <button type="button" disabled={plan.nextAfter === null} onClick={() => move(position + 1)}>
              Next document
            </button>
          </nav>
        </div>
        {document === null ? (
          <p>The plan found nothing to redact in the case’s indexed documents.</p>
        ) : session === null ? null : (
          <CaseWorkspaceProvider key={`${document.documentId}/${document.versionId}`} caseId={caseId} session={session}>
            <PlanDocumentReview
              plan={plan}
              document={document}
              title={context.titles.get(document.documentId) ?? `Document ${document.documentId}`}
              context={context}
              busy={busy}
              onReview={(change, done) => void review(change, done)}
            />
          </CaseWorkspaceProvider>
        )}
      </section>
    </section>
  );
}
