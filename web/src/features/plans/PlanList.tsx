import { useState } from 'react';
import { ApiError, api, must } from '../../api/client';
import { hrefOf, navigate } from '../../app/route';
import { useAsync } from '../../app/use-async';
import { ProblemMessage } from '../../components/ProblemMessage';
import { PLAN_ID_PATTERN, forgetPlan, plural, rememberedPlans, type RedactionPlan } from './plan-model';

type Listed = { readonly planId: string; readonly plan: RedactionPlan | null; readonly error: Error | null };

const STATUS_LABELS: Readonly<Record<RedactionPlan['status'], string>> = { review: 'In review', applying: 'Applying', applied: 'Applied' };

async function loadListed(caseId: string, signal: AbortSignal): Promise<Listed[]> {
  return Promise.all(
    rememberedPlans(caseId).map(async ({ planId }) => {
      try {
        // limit=0: the plan's summary without its documents.
        const plan = must(await api.GET('/api/v1/cases/{caseId}/redaction-plans/{planId}', { params: { path: { caseId, planId }, query: { limit: 0 } }, signal }));
        return { planId, plan, error: null };
      } catch (failure) {
        return { planId, plan: null, error: failure instanceof Error ? failure : new Error(String(failure)) };
      }
    }),
  );
}

/** The plans built or opened in this browser for the case (the API keeps no list of them), and opening one by its reference. */
export function PlanList({ caseId }: { caseId: string }) {
  const [listed, reload] = useAsync((signal) => loadListed(caseId, signal), [caseId]);
  const [reference, setReference] = useState('');
  const [referenceError, setReferenceError] = useState<string | null>(null);

  return (
    <section aria-labelledby="plan-list-heading" className="plan-list">
      <h3 id="plan-list-heading">Your plans for this case</h3>
      {listed.state === 'loading' && <p aria-live="polite">Loading plans…</p>}
      {listed.state === 'failed' && <ProblemMessage error={listed.error} />}
      {listed.state === 'ready' &&
        (listed.value.length === 0 ? (
          <p>No plans built or opened in this browser yet. Build one below, or open a colleague’s plan by its reference.</p>
        ) : (
          <table className="plans-table">
            <caption className="plans-hidden-label">Plans for this case</caption>
            <thead>
              <tr>
                <th scope="col">Plan</th>
                <th scope="col">Status</th>
                <th scope="col">Built by</th>
                <th scope="col">Documents</th>
                <th scope="col">Boxes</th>
                <th scope="col">
                  <span className="plans-hidden-label">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {listed.value.map(({ planId, plan, error }) => (
                <tr key={planId}>
                  <th scope="row">
                    {plan === null ? (
                      <code>{planId}</code>
                    ) : (
                      <a href={hrefOf({ name: 'plans', caseId, planId })}>Plan of {new Date(plan.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}</a>
                    )}
                  </th>
                  <td>{plan === null ? (error instanceof ApiError && error.problem.status === 404 ? 'Not found' : (error?.message ?? '')) : STATUS_LABELS[plan.status]}</td>
                  <td>{plan?.createdBy ?? ''}</td>
                  <td>{plan === null ? '' : `${plan.documentCount} of ${plan.documentsSearched} searched`}</td>
                  <td>{plan === null ? '' : plural(plan.boxCount, 'box', 'boxes')}</td>
                  <td>
                    <button
                      type="button"
                      className="link-button"
                      aria-label={`Forget plan ${plan === null ? planId : `of ${new Date(plan.createdAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}`} in this browser`}
                      onClick={() => {
                        forgetPlan(caseId, planId);
                        reload();
                      }}
                    >
                      Forget
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      <form
        className="plan-open-form"
        onSubmit={(event) => {
          event.preventDefault();
          const planId = reference.trim().toLowerCase();
          if (!PLAN_ID_PATTERN.test(planId)) {
            setReferenceError('A plan reference looks like 3f2b1c4d-0a1b-4c2d-8e3f-123456789abc.');
            return;
          }
          setReferenceError(null);
          navigate({ name: 'plans', caseId, planId });
        }}
      >
        <label htmlFor="plan-reference">Open a plan by its reference</label>
        <div className="inline-fields">
          <input id="plan-reference" value={reference} onChange={(event) => setReference(event.target.value)} autoComplete="off" aria-describedby={referenceError === null ? undefined : 'plan-reference-error'} aria-invalid={referenceError !== null} />
          <button type="submit">Open</button>
        </div>
        {referenceError !== null && (
          <p id="plan-reference-error" className="field-error" role="alert">
            {referenceError}
          </p>
        )}
      </form>
    </section>
  );
}
