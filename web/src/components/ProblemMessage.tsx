import { ApiError } from '../api/client';

/** An error as a lawyer should see it: what went wrong, and the reference to quote to support. */
export function ProblemMessage({ error }: { error: Error }) {
  const problem = error instanceof ApiError ? error.problem : null;
  return (
    <div role="alert" className="problem">
      <p>{problem?.detail ?? problem?.title ?? error.message}</p>
      {problem?.correlationId !== undefined && (
        <p className="problem-reference">
          Reference: <code>{problem.correlationId}</code> ({problem.code})
        </p>
      )}
    </div>
  );
}
