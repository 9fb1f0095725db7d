import { useState } from 'react';
import { ApiError, api, must } from '../../api/client';
import { hrefOf, navigate } from '../../app/route';
import { ProblemMessage } from '../../components/ProblemMessage';
import { RecentCases } from './RecentCases';
import './cases.css';

/** Find a case by its URN, or go back to one visited recently. */
export function HomePage() {
  const [urn, setUrn] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [choices, setChoices] = useState<readonly { caseId: string; urn: string }[]>([]);
  const find = async () => {
    setError(null);
    setNotFound(false);
    setChoices([]);
    const { cases } = must(await api.GET('/api/v1/cases', { params: { query: { urn: urn.trim() } } }));
    if (cases.length === 0) setNotFound(true);
    else if (cases.length === 1) navigate({ name: 'case', caseId: cases[0].caseId });
    else setChoices(cases);
  };
  return (
    <div className="home">
      <section aria-labelledby="find-case-heading">
        <h1 id="find-case-heading">Find a case</h1>
        <form
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            find().catch((failure: unknown) => {
              if (failure instanceof ApiError && failure.problem.status === 404) setNotFound(true);
              else setError(failure instanceof Error ? failure : new Error(String(failure)));
            });
          }}
        >
          <label htmlFor="find-case-urn">Case URN</label>
          <input id="find-case-urn" value={urn} onChange={(event) => setUrn(event.target.value)} autoComplete="off" required />
          <button type="submit">Find</button>
        </form>
        {notFound && <p role="status">No case you can see has the URN {urn.trim()}.</p>}
        {error !== null && <ProblemMessage error={error} />}
        {choices.length > 0 && (
          <nav aria-labelledby="urn-choices-heading" className="urn-choices">
            <h2 id="urn-choices-heading">{choices.length} cases share this URN</h2>
            <ul>
              {choices.map((each) => (
                <li key={each.caseId}>
                  <a href={hrefOf({ name: 'case', caseId: each.caseId })}>
                    Case {each.caseId} ({each.urn})
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </section>
      <RecentCases />
    </div>
  );
}
