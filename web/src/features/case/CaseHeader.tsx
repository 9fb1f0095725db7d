import { api, must } from '../../api/client';
import type { components } from '../../api/schema';
import { useAsync } from '../../app/use-async';
import { ProblemMessage } from '../../components/ProblemMessage';
import { LegalDate } from '../cases/LegalDate';
import '../cases/cases.css';

type Defendant = components['schemas']['DefendantDto'];

/** The case's URN and title, its unit, custody flag and next hearing; its defendants with their charges. */
export function CaseHeader({ caseId }: { caseId: string }) {
  const [summary] = useAsync((signal) => api.GET('/api/v1/cases/{caseId}', { params: { path: { caseId } }, signal }).then(must), [caseId]);
  const [defendants] = useAsync((signal) => api.GET('/api/v1/cases/{caseId}/defendants', { params: { path: { caseId } }, signal }).then(must), [caseId]);
  if (summary.state === 'loading') return <p aria-live="polite">Loading the case…</p>;
  if (summary.state === 'failed') return <ProblemMessage error={summary.error} />;
  const value = summary.value;
  return (
    <header className="case-header">
      <h1>
        {value.urn} <span className="case-title">{value.title}</span>
      </h1>
      <dl className="case-facts">
        <div>
          <dt>Unit</dt>
          <dd data-fact="unit">{value.unitName}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd data-fact="status">{value.status}</dd>
        </div>
        <div>
          <dt>Custody</dt>
          <dd data-fact="custody">{value.isCustody ? <span className="custody-flag">In custody</span> : 'Not in custody'}</dd>
        </div>
        <div>
          <dt>Next hearing</dt>
          <dd data-fact="next-hearing">
            {value.nextHearingDate === null ? 'None listed' : <LegalDate date={value.nextHearingDate} />}
            {value.nextHearingDate !== null && value.court !== null && <>, {value.court}</>}
          </dd>
        </div>
      </dl>
      {defendants.state === 'failed' && <ProblemMessage error={defendants.error} />}
      {defendants.state === 'ready' && <DefendantList defendants={defendants.value.defendants} />}
    </header>
  );
}

function DefendantList({ defendants }: { defendants: readonly Defendant[] }) {
  return (
    <section className="defendants" aria-labelledby="defendants-heading">
      <h2 id="defendants-heading">
        Defendants <span className="count">({defendants.length})</span>
      </h2>
      <ul>
        {defendants.map((defendant) => (
          <li key={defendant.defendantId} className="defendant" data-defendant-id={defendant.defendantId}>
            <span className="defendant-name">
              {defendant.surname.toUpperCase()}, {defendant.firstNames}
            </span>
            {defendant.dateOfBirth !== null && (
              <span className="defendant-dob">
                {' '}
                born <LegalDate date={defendant.dateOfBirth} />
              </span>
            )}
            {defendant.isYouth && <span className="youth-flag">Youth</span>}
            <ul className="charges" aria-label={`Charges against ${defendant.firstNames} ${defendant.surname}`}>
              {defendant.charges.map((charge) => (
                <li key={charge.chargeId} className="charge" data-charge-id={charge.chargeId}>
                  <code>{charge.code}</code> {charge.description}
                  <span className="charge-meta">
                    {' '}
                    ({charge.status}
                    {charge.plea !== null && <>; plea: {charge.plea}</>}
                    {charge.offenceDate !== null && (
                      <>
                        ; offence <LegalDate date={charge.offenceDate} />
                      </>
                    )}
                    )
                  </span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
