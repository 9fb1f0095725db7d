import type { LegacyAnswerListener } from '../../strangler/strangler.service.js';

/** The caseId of a port write's argument list ([caller, caseId, ...], or [caller, { caseId }] for a check-in). */
export function caseIdOfWrite(args: unknown): string | null {
  if (!Array.isArray(args)) return null;
  const second: unknown = args[1];
  if (typeof second === 'string') return second;
  if (typeof second === 'object' && second !== null && typeof (second as { caseId?: unknown }).caseId === 'string') return (second as { caseId: string }).caseId;
  return null;
}

/** A legacy answer listener that calls `invalidate(caseId)` after a successful write of one of `routes`. */
export function invalidateOnWrites(routes: readonly string[], invalidate: (caseId: string) => void): LegacyAnswerListener {
  const writes = new Set(routes);
  return (route, args) => {
    if (!writes.has(route)) return;
    const caseId = caseIdOfWrite(args);
    if (caseId !== null) invalidate(caseId);
  };
}
