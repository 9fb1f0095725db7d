import { api, must } from '../../api/client';
import { hrefOf } from '../../app/route';
import { useAsync } from '../../app/use-async';
import { ProblemMessage } from '../../components/ProblemMessage';
import { CaseHeader } from '../case/CaseHeader';
import { CreatePlanForm } from './CreatePlanForm';
import { PlanList } from './PlanList';
import { PlanReview } from './PlanReview';
import type { PersonName, RedactionTypeCatalog } from './plan-model';
import './plans.css';

/** What the plan screens need of the case besides the plan: its people, its documents' titles, the redaction types. */
export interface PlanContext {
  readonly people: readonly PersonName[];
  readonly titles: ReadonlyMap<string, string>;
  readonly types: RedactionTypeCatalog;
  readonly typeRequired: boolean;
}

async function loadContext(caseId: string, signal: AbortSignal): Promise<PlanContext> {
  const path = { caseId };
  const [witnesses, defendants, documents, types] = await Promise.all([
    api.GET('/api/v1/cases/{caseId}/witnesses', { params: { path }, signal }).then(must),
    api.GET('/api/v1/cases/{caseId}/defendants', { params: { path }, signal }).then(must),
    api.GET('/api/v1/cases/{caseId}/documents', { params: { path }, signal }).then(must),
    api.GET('/api/v1/redaction-types', { signal }).then(must),
  ]);
  return {
    people: [
      ...witnesses.witnesses.map((each) => ({ kind: 'witness' as const, id: each.witnessId, name: `${each.firstNames} ${each.surname}` })),
      ...defendants.defendants.map((each) => ({ kind: 'defendant' as const, id: each.defendantId, name: `${each.firstNames} ${each.surname}` })),
    ],
    titles: new Map(documents.documents.map((each) => [each.documentId, each.title])),
    types: new Map(types.types.map((each) => [each.id, each.label])),
    typeRequired: types.typeRequired,
  };
}

/** Case-wide redaction plans (ADR 0031): build one, list this browser's, review one document by document, apply it. */
export function PlansPage({ caseId, planId }: { caseId: string; planId: string | null }) {
  const [context] = useAsync((signal) => loadContext(caseId, signal), [caseId]);
  return (
    <div className="plans-page">
      <CaseHeader caseId={caseId} />
      <nav aria-label="Breadcrumb" className="plans-breadcrumb">
        <ol>
          <li>
            <a href={hrefOf({ name: 'case', caseId })}>Case</a>
          </li>
          <li>
            {planId === null ? (
              <span aria-current="page">Redaction plans</span>
            ) : (
              <a href={hrefOf({ name: 'plans', caseId, planId: null })}>Redaction plans</a>
            )}
          </li>
          {planId !== null && (
            <li>
              <span aria-current="page">Plan</span>
            </li>
          )}
        </ol>
      </nav>
      {context.state === 'loading' && <p aria-live="polite">Loading the case’s people and documents…</p>}
      {context.state === 'failed' && <ProblemMessage error={context.error} />}
      {context.state === 'ready' &&
        (planId === null ? (
          <>
            <h2 className="plans-title">Case-wide redaction plans</h2>
            <PlanList caseId={caseId} />
            <CreatePlanForm caseId={caseId} context={context.value} />
          </>
        ) : (
          <PlanReview key={planId} caseId={caseId} planId={planId} context={context.value} />
        ))}
    </div>
  );
}
