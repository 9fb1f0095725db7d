import { useId, useState } from 'react';
import type { AgencyFeedback, RedactionType } from './redaction-api';

interface Counts {
  readonly under: Readonly<Record<string, number>>;
  readonly over: Readonly<Record<string, number>>;
}

/** The entry to send, or undefined when the lawyer records none (no agency named). Zero counts are left out. */
export function agencyFeedbackOf(agency: string, counts: Counts, returnedToAgency: boolean): AgencyFeedback | undefined {
  if (agency.trim() === '') return undefined;
  const nonZero = (byType: Readonly<Record<string, number>>) =>
    Object.entries(byType)
      .filter(([, count]) => count > 0)
      .map(([redactionType, count]) => ({ redactionType, count }));
  return { agency: agency.trim(), underRedactions: nonZero(counts.under), overRedactions: nonZero(counts.over), returnedToAgency };
}

/**
 * The optional under/over-redaction entry of a save, for a document from an investigative agency (e.g. a police
 * force): how many boxes of each type it missed or added needlessly, and whether the document went back to it.
 */
export function AgencyFeedbackFields({ types, onChange }: { types: readonly RedactionType[]; onChange: (feedback: AgencyFeedback | undefined) => void }) {
  const id = useId();
  const [agency, setAgency] = useState('');
  const [counts, setCounts] = useState<Counts>({ under: {}, over: {} });
  const [returned, setReturned] = useState(false);
  const changed = (next: { agency?: string; counts?: Counts; returned?: boolean }) => {
    const value = { agency: next.agency ?? agency, counts: next.counts ?? counts, returned: next.returned ?? returned };
    setAgency(value.agency);
    setCounts(value.counts);
    setReturned(value.returned);
    onChange(agencyFeedbackOf(value.agency, value.counts, value.returned));
  };
  const count = (kind: keyof Counts, type: string, text: string) => {
    const parsed = Math.max(0, Math.min(10_000, Math.trunc(Number(text)) || 0));
    changed({ counts: { ...counts, [kind]: { ...counts[kind], [type]: parsed } } });
  };
  return (
    <details className="agency-feedback">
      <summary>Under- or over-redaction by the agency (optional)</summary>
      <label htmlFor={`${id}-agency`}>Agency that supplied the document</label>
      <input id={`${id}-agency`} value={agency} maxLength={120} onChange={(event) => changed({ agency: event.target.value })} placeholder="e.g. Thames Valley Police" />
      <table>
        <caption>Boxes the agency got wrong, by type</caption>
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Missed (under-redacted)</th>
            <th scope="col">Needless (over-redacted)</th>
          </tr>
        </thead>
        <tbody>
          {types.map((type) => (
            <tr key={type.id}>
              <th scope="row">{type.label}</th>
              {(['under', 'over'] as const).map((kind) => (
                <td key={kind}>
                  <input
                    type="number"
                    min={0}
                    max={10000}
                    inputMode="numeric"
                    aria-label={`${type.label}: ${kind === 'under' ? 'missed by the agency' : 'needlessly redacted by the agency'}`}
                    value={counts[kind][type.id] ?? 0}
                    onChange={(event) => count(kind, type.id, event.target.value)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <label className="checkbox">
        <input type="checkbox" checked={returned} onChange={(event) => changed({ returned: event.target.checked })} /> Returned to the agency
      </label>
    </details>
  );
}
