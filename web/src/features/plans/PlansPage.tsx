/** Case-wide redaction plans (issue 15 part 5). */
export function PlansPage({ caseId }: { caseId: string; planId: string | null }) {
  return <h1>Redaction plans for case {caseId}</h1>;
}
