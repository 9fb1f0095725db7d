import { api, must } from '../../api/client';
import { useAsync } from '../../app/use-async';
import { ProblemMessage } from '../../components/ProblemMessage';

/** The case's URN and title, its unit, custody flag and next hearing. */
export function CaseHeader({ caseId }: { caseId: string }) {
  const [summary] = useAsync((signal) => api.GET('/api/v1/cases/{caseId}', { params: { path: { caseId } }, signal }).then(must), [caseId]);
  if (summary.state === 'loading') return <p aria-live="polite">Loading the case…</p>;
  if (summary.state === 'failed') return <ProblemMessage error={summary.error} />;
  const value = summary.value;
  return (
    <header className="case-header">
      <h1>
        {value.urn} <span className="case-title">{value.title}</span>
      </h1>
      <dl className="case-facts">
        <dt>Unit</dt>
        <dd>{value.unitName}</dd>
        <dt>Custody</dt>
        <dd>{value.isCustody ? 'In custody' : 'Not in custody'}</dd>
        <dt>Next hearing</dt>
        <dd>{value.nextHearingDate ?? 'None listed'}</dd>
      </dl>
    </header>
  );
}
