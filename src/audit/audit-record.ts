/** Whether the access happened: allowed (served), denied (401/403/404 on the target), failed (any other error). */
export type AuditOutcome = 'allowed' | 'denied' | 'failed';
export const AUDIT_OUTCOMES: readonly AuditOutcome[] = ['allowed', 'denied', 'failed'];

/** Small, flat, never personal free text (a search query is kept only as its keyed hash). */
export type AuditDetails = Readonly<Record<string, string | number | boolean | null>>;

/** What happened, as a caller reports it. */
export interface AuditEvent {
  /** What happened, e.g. `case.summary.read`, `document.content.download`, `route.change`. */
  readonly action: string;
  /** Who did it (the user's legacy username, `anonymous`, or a service name). */
  readonly actor: string;
  /** What it was done to, e.g. `case/42/document/7/version/3` or a route name. */
  readonly target: string;
  readonly caseId?: string;
  readonly documentId?: string;
  readonly versionId?: string;
  /** Default `allowed`. */
  readonly outcome?: AuditOutcome;
  /** The HTTP status answered, when the event is a request. */
  readonly status?: number;
  /** The problem code answered, when it failed or was denied. */
  readonly code?: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly reason?: string;
  readonly details?: AuditDetails;
  readonly correlationId?: string;
}

/**
 * One stored record: the event, when, and its place in its writer's hash chain. `hash` is the SHA-256 of
 * the canonical JSON of every other field, `prevHash` included, so editing, removing or moving a record
 * breaks the chain (audit-chain.ts).
 */
export interface AuditRecord extends Omit<AuditEvent, 'outcome'> {
  /** Unique: `<chain>/<seq>`. */
  readonly id: string;
  /** ISO-8601 instant of the access. */
  readonly at: string;
  readonly outcome: AuditOutcome;
  /** The partition: `<UTC day>~<writer id>`. */
  readonly chain: string;
  /** 1, 2, 3… within the chain. */
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}
