/** A failure the legacy CMS reports with one of its own codes (docs/legacy-cms.md). */
export const CMS_CODES = {
  sessionExpired: '1001',
  authenticationFailed: '1002',
  caseNotFound: '2001',
  caseAccessDenied: '2002',
  documentNotFound: '2003',
  versionNotFound: '2004',
  fieldWithheld: '2005',
  checkedOutByAnother: '3001',
  notCheckedOutByYou: '3002',
  uploadRejected: '3003',
  invalidRequest: '4001',
  rateLimited: '9001',
  internal: '9999',
} as const;

export type CmsCode = (typeof CMS_CODES)[keyof typeof CMS_CODES];

export class CmsFault extends Error {
  constructor(
    readonly code: CmsCode,
    message: string,
    readonly checkedOutBy: string | null = null,
    /** For 9001: seconds until the session may call again. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'CmsFault';
  }
}
