/** App roles carried in the token's `roles` claim (Entra ID app roles in production). */
export const ROLES = {
  caseworker: 'Casework.User',
  admin: 'Facade.Admin',
  /** Reads the migration report (issue 11: not every signed-in user); Facade.Admin may too. */
  migration: 'Facade.Migration',
  /** Reads the audit trail (GET /api/v1/audit); nothing else. */
  auditor: 'Facade.Auditor',
  /** Reads the redaction log's management figures across cases (GET /api/v1/redaction-log/summary; ADR 0029). */
  management: 'Casework.Management',
} as const;

export type Role = (typeof ROLES)[keyof typeof ROLES];
export const KNOWN_ROLES: readonly Role[] = Object.values(ROLES);
