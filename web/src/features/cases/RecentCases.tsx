import { api, must } from '../../api/client';
import { hrefOf } from '../../app/route';
import { useAsync } from '../../app/use-async';
import { ProblemMessage } from '../../components/ProblemMessage';
import { LegalDate } from './LegalDate';

/** The cases the user opened most recently, as the facade records visits (per user, so they follow the user between browsers). */
export function RecentCases() {
  const [recent] = useAsync((signal) => api.GET('/api/v1/me/recent-cases', { params: { query: { limit: 10 } }, signal }).then(must), []);
  return (
    <section className="recent-cases" aria-labelledby="recent-cases-heading">
      <h2 id="recent-cases-heading">Recent cases</h2>
      {recent.state === 'loading' && <p>Loading your recent cases…</p>}
      {recent.state === 'failed' && <ProblemMessage error={recent.error} />}
      {recent.state === 'ready' &&
        (recent.value.cases.length === 0 ? (
          <p>No recent cases yet: cases you open appear here.</p>
        ) : (
          <ol className="recent-case-list">
            {recent.value.cases.map((each) => (
              <li key={each.caseId} data-case-id={each.caseId}>
                <a href={hrefOf({ name: 'case', caseId: each.caseId })}>
                  <span className="recent-urn">{each.urn}</span> <span className="recent-title">{each.title}</span>
                </a>
                <span className="recent-meta">
                  {each.unitName} · opened <LegalDate date={each.visitedAt} withTime />
                </span>
              </li>
            ))}
          </ol>
        ))}
    </section>
  );
}
