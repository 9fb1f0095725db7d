import { useState } from 'react';
import { api, must } from '../../api/client';
import { navigate } from '../../app/route';
import { ProblemMessage } from '../../components/ProblemMessage';
import type { PlanContext } from './PlansPage';
import { CATEGORY_LABELS, PERSON_CATEGORIES, SUGGESTION_CATEGORIES, rememberPlan, type PersonCategory, type SuggestionCategory } from './plan-model';

const personKey = (kind: string, id: string) => `${kind}:${id}`;

function toggle<T>(list: readonly T[], value: T, on: boolean): T[] {
  return on ? [...list.filter((each) => each !== value), value] : list.filter((each) => each !== value);
}

/** Build a plan: people of the case (and which of their data), terms, suggestion categories; at least one of them. */
export function CreatePlanForm({ caseId, context }: { caseId: string; context: PlanContext }) {
  const [people, setPeople] = useState<readonly string[]>([]);
  const [personCategories, setPersonCategories] = useState<readonly PersonCategory[]>(PERSON_CATEGORIES);
  const [terms, setTerms] = useState('');
  const [categories, setCategories] = useState<readonly SuggestionCategory[]>([]);
  const [building, setBuilding] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);

  const termList = terms
    .split('\n')
    .map((term) => term.trim())
    .filter(Boolean);

  const build = async () => {
    const chosen = context.people.filter((person) => people.includes(personKey(person.kind, person.id)));
    const response = await api.POST('/api/v1/cases/{caseId}/redaction-plans', {
      params: { path: { caseId } },
      body: {
        ...(termList.length === 0 ? {} : { terms: termList }),
        ...(chosen.length === 0 ? {} : { people: chosen.map((person) => ({ kind: person.kind, id: person.id, categories: [...personCategories] })) }),
        ...(categories.length === 0 ? {} : { categories: [...categories] }),
      },
    });
    const plan = must(response);
    rememberPlan(caseId, { planId: plan.planId, createdAt: plan.createdAt });
    navigate({ name: 'plans', caseId, planId: plan.planId });
  };

  return (
    <section aria-labelledby="create-plan-heading" className="create-plan">
      <h3 id="create-plan-heading">Build a new plan</h3>
      <p className="plans-hint">Finds every occurrence across the case’s current, indexed documents. Nothing is redacted until you review and apply the plan.</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (termList.length === 0 && people.length === 0 && categories.length === 0) {
            setInvalid('Choose at least one person, term or category.');
            return;
          }
          if (people.length > 0 && personCategories.length === 0) {
            setInvalid('Choose which of the people’s data to find.');
            return;
          }
          setInvalid(null);
          setError(null);
          setBuilding(true);
          build().catch((failure: unknown) => {
            setBuilding(false);
            setError(failure instanceof Error ? failure : new Error(String(failure)));
          });
        }}
      >
        <div className="create-plan-grid">
          <fieldset>
            <legend>People</legend>
            {context.people.length === 0 && <p>The case lists no witnesses or defendants you can see.</p>}
            {context.people.map((person) => {
              const key = personKey(person.kind, person.id);
              const id = `plan-person-${person.kind}-${person.id}`;
              return (
                <div key={key} className="checkbox-row">
                  <input type="checkbox" id={id} checked={people.includes(key)} onChange={(event) => setPeople(toggle(people, key, event.target.checked))} />
                  <label htmlFor={id} className="checkbox">
                    {person.name} <span className="plans-muted">({person.kind})</span>
                  </label>
                </div>
              );
            })}
          </fieldset>
          <fieldset>
            <legend>Their data to find</legend>
            {PERSON_CATEGORIES.map((category) => {
              const id = `plan-person-category-${category}`;
              return (
                <div key={category} className="checkbox-row">
                  <input type="checkbox" id={id} checked={personCategories.includes(category)} onChange={(event) => setPersonCategories(toggle(personCategories, category, event.target.checked))} />
                  <label htmlFor={id} className="checkbox">
                    {CATEGORY_LABELS[category]}
                  </label>
                </div>
              );
            })}
          </fieldset>
          <fieldset>
            <legend>Suggestion categories</legend>
            <p className="plans-hint" id="plan-categories-hint">
              Everything the redaction suggestions find of these kinds, for every person of the case and UK patterns.
            </p>
            {SUGGESTION_CATEGORIES.map((category) => {
              const id = `plan-category-${category}`;
              return (
                <div key={category} className="checkbox-row">
                  <input type="checkbox" id={id} aria-describedby="plan-categories-hint" checked={categories.includes(category)} onChange={(event) => setCategories(toggle(categories, category, event.target.checked))} />
                  <label htmlFor={id} className="checkbox">
                    {CATEGORY_LABELS[category]}
                  </label>
                </div>
              );
            })}
          </fieldset>
          <div>
            <label htmlFor="plan-terms">Words or phrases (one per line)</label>
            <textarea id="plan-terms" rows={5} value={terms} onChange={(event) => setTerms(event.target.value)} aria-describedby="plan-terms-hint" />
            <p className="plans-hint" id="plan-terms-hint">
              Found as search finds them, whole words; a phrase may run across a line. Terms are not stored with the plan.
            </p>
            <h4>Redaction types</h4>
            <p className="plans-hint">
              Each box is saved with the redaction type of what found it (a name as{' '}
              {context.types.get('named-person') ?? 'unspecified'}, a phone number as {context.types.get('phone') ?? 'unspecified'}, …); a term’s box is saved untyped and logged as unspecified.
            </p>
            {context.typeRequired && termList.length > 0 && (
              <p className="plans-warning" role="status">
                This deployment requires a redaction type on every box: a plan with terms can be reviewed but not applied.
              </p>
            )}
          </div>
        </div>
        {invalid !== null && (
          <p className="field-error" role="alert">
            {invalid}
          </p>
        )}
        {error !== null && <ProblemMessage error={error} />}
        <button type="submit" disabled={building}>
          {building ? 'Building the plan…' : 'Build the plan'}
        </button>
        <span aria-live="polite" className="plans-status">
          {building ? 'Building the plan: searching every document of the case…' : ''}
        </span>
      </form>
    </section>
  );
}
