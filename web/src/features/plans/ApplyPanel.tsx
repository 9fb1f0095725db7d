import { useEffect, useRef, useState } from 'react';
import { api, must } from '../../api/client';
import { ProblemMessage } from '../../components/ProblemMessage';
import { followPlanEvents, type PlanEvent } from './plan-events';
import { SKIP_REASONS, plural, type RedactionPlan } from './plan-model';

const REASON_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

type Finished = Extract<PlanEvent, { event: 'document' }>['data'];

/** Apply (in review), the live progress (applying) and the report (applying and applied). */
export function ApplyPanel({ caseId, plan, etag, titles, onChanged }: { caseId: string; plan: RedactionPlan; etag: string; titles: ReadonlyMap<string, string>; onChanged: () => void }) {
  // Progress followed live here stays on screen, with its final counts, above the report.
  const [followed, setFollowed] = useState(false);
  if (plan.status === 'applying' && !followed) setFollowed(true);
  return (
    <section aria-labelledby="plan-apply-heading" className="plan-apply">
      <h3 id="plan-apply-heading">{plan.status === 'review' ? 'Apply' : 'Result'}</h3>
      {plan.status === 'review' && <ApplyForm caseId={caseId} plan={plan} etag={etag} onApplied={onChanged} />}
      {(plan.status === 'applying' || followed) && <ApplyProgress caseId={caseId} planId={plan.planId} titles={titles} onDone={onChanged} />}
      {plan.status === 'applied' && plan.report !== null && <PlanReport plan={plan} titles={titles} />}
    </section>
  );
}

function ApplyForm({ caseId, plan, etag, onApplied }: { caseId: string; plan: RedactionPlan; etag: string; onApplied: () => void }) {
  const [reasons, setReasons] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [applying, setApplying] = useState(false);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        const reasonCodes = reasons
          .split(/[\s,]+/)
          .map((code) => code.trim())
          .filter(Boolean);
        const wrong = reasonCodes.find((code) => !REASON_CODE.test(code));
        if (wrong !== undefined) {
          setInvalid(`“${wrong}” is not a reason code: letters, digits, dot, dash or underscore, up to 32.`);
          return;
        }
        setInvalid(null);
        setError(null);
        setApplying(true);
        api
          .POST('/api/v1/cases/{caseId}/redaction-plans/{planId}/apply', { params: { path: { caseId, planId: plan.planId }, header: { 'If-Match': etag } }, body: reasonCodes.length === 0 ? {} : { reasonCodes } })
          .then(must)
          .then(onApplied, (failure: unknown) => {
            setApplying(false);
            setError(failure instanceof Error ? failure : new Error(String(failure)));
            // A stale plan: show what the other reviewer changed before applying.
            onApplied();
          });
      }}
    >
      <p className="plans-hint">
        Saves one verified redaction per accepted document, as you, one after another. A document changed since the plan was built is skipped, never redacted blindly. Review closes once applying starts.
      </p>
      <label htmlFor="plan-reason-codes">Reason codes for the redaction log (optional)</label>
      <input id="plan-reason-codes" value={reasons} onChange={(event) => setReasons(event.target.value)} autoComplete="off" aria-describedby="plan-reason-codes-hint" aria-invalid={invalid !== null} />
      <p className="plans-hint" id="plan-reason-codes-hint">
        Separated by spaces or commas, for example PII.
      </p>
      {invalid !== null && (
        <p className="field-error" role="alert">
          {invalid}
        </p>
      )}
      {error !== null && <ProblemMessage error={error} />}
      <button type="submit" className="primary" disabled={applying || plan.documentCount === 0}>
        {applying ? 'Starting…' : `Apply the plan to ${plural(plan.documentCount, 'document')}`}
      </button>
    </form>
  );
}

interface Progress {
  readonly total: number;
  readonly saved: number;
  readonly failed: number;
  readonly skipped: number;
  readonly attempt: number;
}

/** Follows the apply live from the plan's server-sent events; reloads the plan (its report) when `done` arrives. */
function ApplyProgress({ caseId, planId, titles, onDone }: { caseId: string; planId: string; titles: ReadonlyMap<string, string>; onDone: () => void }) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const [finished, setFinished] = useState<readonly Finished[]>([]);
  const [error, setError] = useState<Error | null>(null);
  // The parent's reload changes every render; the stream must not restart with it.
  const onDoneRef = useRef(onDone);
  useEffect(() => {
    onDoneRef.current = onDone;
  });

  useEffect(() => {
    const controller = new AbortController();
    const seen = new Set<number>();
    followPlanEvents(
      caseId,
      planId,
      (event) => {
        if (event.id !== null) {
          if (seen.has(event.id)) return;
          seen.add(event.id);
        }
        switch (event.event) {
          case 'progress':
            setProgress({ total: event.data.total, saved: event.data.saved, failed: event.data.failed, skipped: event.data.skipped, attempt: event.data.attempt });
            break;
          case 'document': {
            const data = event.data;
            setFinished((current) => [...current.filter((each) => each.documentId !== data.documentId), data]);
            setProgress((current) => ({ total: data.progress.total, saved: data.progress.saved, failed: data.progress.failed, skipped: data.progress.skipped, attempt: current?.attempt ?? 1 }));
            break;
          }
          case 'done':
            onDoneRef.current();
            break;
          case 'error':
            setError(new Error(`Progress could not be read: ${event.data.message}. Reconnecting…`));
            break;
        }
      },
      controller.signal,
    ).catch((failure: unknown) => setError(failure instanceof Error ? failure : new Error(String(failure))));
    return () => controller.abort();
  }, [caseId, planId]);

  const done = progress === null ? 0 : progress.saved + progress.failed + progress.skipped;
  return (
    <div className="plan-progress">
      {progress === null ? (
        <p role="status">Waiting for the apply to start…</p>
      ) : (
        <>
          <div className="plan-progress-bar" role="progressbar" aria-label="Documents finished" aria-valuemin={0} aria-valuemax={progress.total} aria-valuenow={done} aria-valuetext={`${done} of ${progress.total} documents`}>
            <div className="plan-progress-fill" style={{ width: `${progress.total === 0 ? 100 : (100 * done) / progress.total}%` }} />
          </div>
          <p role="status" aria-live="polite">
            {done} of {plural(progress.total, 'document')} finished: {progress.saved} saved, {progress.failed} failed, {progress.skipped} skipped
            {progress.attempt > 1 ? ` (resumed, attempt ${progress.attempt})` : ''}.
          </p>
        </>
      )}
      {finished.length > 0 && (
        <ul className="plan-finished">
          {finished.map((each) => (
            <li key={each.documentId}>
              {titles.get(each.documentId) ?? `Document ${each.documentId}`}: {each.state === 'saved' ? `saved as version ${each.newVersionId ?? '?'}` : each.state === 'skipped' ? `skipped (${SKIP_REASONS[each.code ?? ''] ?? each.code ?? ''})` : `failed: ${each.message ?? each.code ?? ''}`}
            </li>
          ))}
        </ul>
      )}
      {error !== null && <ProblemMessage error={error} />}
    </div>
  );
}

function PlanReport({ plan, titles }: { plan: RedactionPlan; titles: ReadonlyMap<string, string> }) {
  const report = plan.report!;
  const title = (documentId: string) => titles.get(documentId) ?? `Document ${documentId}`;
  return (
    <>
      <p role="status">
        Applied{plan.appliedBy === null ? '' : ` by ${plan.appliedBy}`}
        {plan.finishedAt === null ? '' : `, ${new Date(plan.finishedAt).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}`}: {report.saved.length} saved, {report.failed.length} failed, {report.skipped.length} skipped.
      </p>
      <table className="plans-table plan-report">
        <caption>Result per document</caption>
        <thead>
          <tr>
            <th scope="col">Document</th>
            <th scope="col">Result</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {report.saved.map((each) => (
            <tr key={each.documentId}>
              <th scope="row">{title(each.documentId)}</th>
              <td className="plan-result-saved">Saved</td>
              <td>
                Version {each.oldVersionId} → {each.newVersionId}, {plural(each.boxCount, 'box', 'boxes')} redacted
              </td>
            </tr>
          ))}
          {report.failed.map((each) => (
            <tr key={each.documentId}>
              <th scope="row">{title(each.documentId)}</th>
              <td className="plan-result-failed">Failed</td>
              <td>
                {each.message} <code>{each.code}</code>
              </td>
            </tr>
          ))}
          {report.skipped.map((each) => (
            <tr key={each.documentId}>
              <th scope="row">{title(each.documentId)}</th>
              <td>Skipped</td>
              <td>{SKIP_REASONS[each.reason] ?? each.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
