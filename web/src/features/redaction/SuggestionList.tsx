import { CATEGORY_LABELS, type Suggestion, type SuggestionCategory } from './redaction-api';

interface Props {
  readonly suggestions: readonly Suggestion[];
  /** Neither accepted nor ignored. */
  readonly pending: readonly Suggestion[];
  readonly isAccepted: (suggestion: Suggestion) => boolean;
  readonly onAccept: (suggestions: readonly Suggestion[]) => void;
  readonly onIgnore: (suggestions: readonly Suggestion[]) => void;
  readonly onShow: (suggestion: Suggestion) => void;
}

interface Person {
  readonly key: string;
  readonly name: string;
}

/** The people suggestions are about (their person key), each called by the longest name written for them. */
export function peopleOf(suggestions: readonly Suggestion[]): Person[] {
  const names = new Map<string, string>();
  for (const suggestion of suggestions) {
    if (suggestion.personKey === null || suggestion.category !== 'name') continue;
    const known = names.get(suggestion.personKey);
    if (known === undefined || suggestion.text.length > known.length) names.set(suggestion.personKey, suggestion.text);
  }
  return [...names].map(([key, name]) => ({ key, name }));
}

/**
 * Suggestions grouped by person (everything about one witness accepted at once), then by category with counts:
 * accept or ignore one, or accept every one left for a person or in a category.
 */
export function SuggestionList({ suggestions, pending, isAccepted, onAccept, onIgnore, onShow }: Props) {
  if (suggestions.length === 0) return <p>No suggestions for this document.</p>;
  const categories = [...new Set(suggestions.map((suggestion) => suggestion.category))];
  const people = peopleOf(suggestions)
    .map((person) => ({ ...person, left: pending.filter((suggestion) => suggestion.personKey === person.key) }))
    .filter((person) => person.left.length > 0);
  return (
    <div className="redaction-suggestions">
      {people.length > 0 && (
        <section aria-labelledby="suggestions-by-person" className="redaction-suggestion-people">
          <h4 id="suggestions-by-person">By person ({people.length})</h4>
          <ul>
            {people.map((person) => (
              <li key={person.key}>
                <span>{person.name}</span>{' '}
                <span className="redaction-counts">
                  {person.left.length} to review ({[...new Set(person.left.map((suggestion) => CATEGORY_LABELS[suggestion.category].toLowerCase()))].join(', ')})
                </span>{' '}
                <button type="button" onClick={() => onAccept(person.left)}>
                  Accept all for {person.name} ({person.left.length})
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      {categories.map((category: SuggestionCategory) => {
        const all = suggestions.filter((suggestion) => suggestion.category === category);
        const left = pending.filter((suggestion) => suggestion.category === category);
        const accepted = all.filter(isAccepted).length;
        const label = CATEGORY_LABELS[category];
        return (
          <section key={category} aria-labelledby={`suggestions-${category}`} className="redaction-suggestion-group">
            <h4 id={`suggestions-${category}`}>
              {label} ({all.length})
            </h4>
            <p className="redaction-counts">
              {accepted} accepted, {left.length} to review
            </p>
            {left.length > 0 && (
              <button type="button" onClick={() => onAccept(left)}>
                Accept all {label.toLowerCase()} ({left.length})
              </button>
            )}
            <ul>
              {left.map((suggestion) => {
                const name = `${suggestion.text} on page ${suggestion.pageIndex + 1}`;
                return (
                  <li key={`${suggestion.pageIndex}:${suggestion.boxes.map((box) => `${box.x},${box.y}`).join(';')}`}>
                    <button type="button" className="link-button" aria-label={`Show ${name}`} onClick={() => onShow(suggestion)}>
                      {suggestion.text}
                    </button>{' '}
                    <span className="redaction-counts">
                      p. {suggestion.pageIndex + 1}
                      {suggestion.source === 'case-data' ? ', case data' : ''}
                    </span>{' '}
                    <button type="button" aria-label={`Accept ${name}`} onClick={() => onAccept([suggestion])}>
                      Accept
                    </button>{' '}
                    <button type="button" aria-label={`Ignore ${name}`} onClick={() => onIgnore([suggestion])}>
                      Ignore
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
