/**
 * Every HTTP operation of the facade and what its audit record says: the reviewable list of what is audited.
 * Keyed by `METHOD <Fastify route pattern>` (HEAD is audited as GET). test/audit/audited-operations.spec.ts
 * fails when an operation of openapi.yaml is neither here nor in EXEMPT_OPERATIONS, so a new route cannot
 * ship unaudited. Targets come from the route's :caseId, :documentId, :versionId and :name parameters.
 */
export interface AuditedOperation {
  /** The operationId in openapi.yaml. */
  readonly operationId: string;
  /** The record's action. */
  readonly action: string;
  /** What besides the target goes into `details` (never free text in clear). */
  readonly details?: 'searchQueryHash' | 'changedFields' | 'urn' | 'noteLength';
}

const V1 = '/api/v1';
const CASE = `${V1}/cases/:caseId`;
const VERSION = `${CASE}/documents/:documentId/versions/:versionId`;
const ROUTES = `${V1}/admin/routes`;

export const AUDITED_OPERATIONS: Readonly<Record<string, AuditedOperation>> = {
  [`GET ${V1}/cases`]: { operationId: 'findCasesByUrn', action: 'case.find', details: 'urn' },
  [`GET ${CASE}`]: { operationId: 'getCaseSummary', action: 'case.summary.read' },
  [`GET ${CASE}/defendants`]: { operationId: 'listDefendants', action: 'case.defendants.read' },
  [`GET ${CASE}/witnesses`]: { operationId: 'listWitnesses', action: 'case.witnesses.read' },
  [`GET ${CASE}/documents`]: { operationId: 'listDocuments', action: 'case.documents.list' },
  [`GET ${CASE}/notes`]: { operationId: 'listNotes', action: 'case.notes.read' },
  [`POST ${CASE}/notes`]: { operationId: 'addNote', action: 'case.note.add', details: 'noteLength' },
  [`POST ${CASE}/refresh`]: { operationId: 'refreshCase', action: 'case.refresh' },
  [`GET ${CASE}/tracker`]: { operationId: 'getCaseTracker', action: 'case.tracker.read' },
  [`GET ${CASE}/tracker/events`]: { operationId: 'streamCaseTracker', action: 'case.tracker.watch' },
  [`GET ${CASE}/search`]: { operationId: 'searchCase', action: 'case.search', details: 'searchQueryHash' },
  [`GET ${CASE}/search/count`]: { operationId: 'countCaseSearch', action: 'case.search.count', details: 'searchQueryHash' },
  [`GET ${CASE}/documents/:documentId/search`]: { operationId: 'searchDocument', action: 'document.search', details: 'searchQueryHash' },
  [`GET ${CASE}/redaction-log`]: { operationId: 'listRedactionLog', action: 'redaction.log.read' },
  [`PATCH ${CASE}/documents/:documentId`]: { operationId: 'updateDocument', action: 'document.update', details: 'changedFields' },
  [`GET ${CASE}/changes`]: { operationId: 'listCaseChanges', action: 'case.changes.read' },
  [`GET ${V1}/me/recent-cases`]: { operationId: 'listRecentCases', action: 'case.recent.list' },
  [`PUT ${VERSION}/read`]: { operationId: 'markVersionRead', action: 'document.read.mark' },
  [`DELETE ${VERSION}/read`]: { operationId: 'markVersionUnread', action: 'document.read.unmark' },
  [`GET ${CASE}/documents/:documentId/notes`]: { operationId: 'listDocumentNotes', action: 'document.notes.read' },
  [`POST ${CASE}/documents/:documentId/notes`]: { operationId: 'addDocumentNote', action: 'document.note.add', details: 'noteLength' },
  [`GET ${VERSION}/content`]: { operationId: 'getDocumentContent', action: 'document.content.download' },
  [`GET ${VERSION}/pdf`]: { operationId: 'getDocumentPdf', action: 'document.pdf.read' },
  [`GET ${VERSION}/text`]: { operationId: 'getDocumentText', action: 'document.text.read' },
  [`GET ${VERSION}/pages/:pageIndex/thumbnail`]: { operationId: 'getPageThumbnail', action: 'document.thumbnail.read' },
  [`GET ${VERSION}/redaction-suggestions`]: { operationId: 'getRedactionSuggestions', action: 'redaction.suggestions.read' },
  [`POST ${VERSION}/redactions/preview`]: { operationId: 'previewRedaction', action: 'redaction.preview' },
  [`POST ${VERSION}/redactions`]: { operationId: 'createRedaction', action: 'redaction.save' },
  // Redaction sessions (issue 14); an expiry is recorded by the sweeper as `redaction.session.expire`.
  [`POST ${VERSION}/redaction-session`]: { operationId: 'startRedactionSession', action: 'redaction.session.start' },
  [`GET ${VERSION}/redaction-session`]: { operationId: 'getRedactionSession', action: 'redaction.session.read' },
  [`PUT ${VERSION}/redaction-session/draft`]: { operationId: 'putRedactionDraft', action: 'redaction.session.draft.save' },
  [`POST ${VERSION}/redaction-session/heartbeat`]: { operationId: 'heartbeatRedactionSession', action: 'redaction.session.heartbeat' },
  [`DELETE ${VERSION}/redaction-session`]: { operationId: 'cancelRedactionSession', action: 'redaction.session.cancel' },
  [`POST ${VERSION}/redaction-session/save`]: { operationId: 'saveRedactionSession', action: 'redaction.session.save' },
  [`POST ${VERSION}/redactions/preview/words`]: { operationId: 'previewRedactionWords', action: 'redaction.preview.words' },
  [`GET ${V1}/redaction-types`]: { operationId: 'listRedactionTypes', action: 'redaction.types.read' },
  [`GET ${V1}/redaction-log/summary`]: { operationId: 'getRedactionLogSummary', action: 'redaction.log.summary.read' },
  // The candidates are not recorded: only that an auditor tested an entry of the case.
  [`POST ${CASE}/redaction-log/:entryId/prove`]: { operationId: 'proveRedactionRemoval', action: 'redaction.log.prove' },
  [`POST ${CASE}/redaction-plans`]: { operationId: 'createRedactionPlan', action: 'redaction.plan.create' },
  [`GET ${CASE}/redaction-plans/:planId`]: { operationId: 'getRedactionPlan', action: 'redaction.plan.read' },
  [`PATCH ${CASE}/redaction-plans/:planId`]: { operationId: 'reviewRedactionPlan', action: 'redaction.plan.review' },
  // Each document the job saves is audited as a redaction of its own (redaction.apply, as the user who applied).
  [`POST ${CASE}/redaction-plans/:planId/apply`]: { operationId: 'applyRedactionPlan', action: 'redaction.plan.apply' },
  [`GET ${CASE}/redaction-plans/:planId/events`]: { operationId: 'streamRedactionPlanEvents', action: 'redaction.plan.watch' },
  [`GET ${V1}/migration`]: { operationId: 'getMigrationReport', action: 'migration.report.read' },
  [`GET ${V1}/migration/page`]: { operationId: 'getMigrationPage', action: 'migration.page.read' },
  [`GET ${ROUTES}`]: { operationId: 'listStranglerRoutes', action: 'route.list' },
  [`GET ${ROUTES}/:name`]: { operationId: 'getStranglerRoute', action: 'route.read' },
  // The change itself is recorded as `route.change` by the route table; this is the request (denials included).
  [`PUT ${ROUTES}/:name`]: { operationId: 'changeStranglerRoute', action: 'route.change.request' },
  [`POST ${ROUTES}/:name/kill-switch`]: { operationId: 'killStranglerRoute', action: 'route.kill.request' },
  [`GET ${ROUTES}/:name/history`]: { operationId: 'getStranglerRouteHistory', action: 'route.history.read' },
  [`GET ${ROUTES}/:name/diff-samples`]: { operationId: 'getStranglerDiffSamples', action: 'route.diff-samples.read' },
  [`GET ${ROUTES}/:name/recording`]: { operationId: 'getStranglerRecording', action: 'route.recording.read' },
  // The change itself is recorded as `route.recording.start` / `route.recording.stop` (with before and after).
  [`PUT ${ROUTES}/:name/recording`]: { operationId: 'startStranglerRecording', action: 'route.recording.start.request' },
  [`DELETE ${ROUTES}/:name/recording`]: { operationId: 'stopStranglerRecording', action: 'route.recording.stop.request' },
  [`POST ${ROUTES}/:name/replay`]: { operationId: 'replayStranglerRoute', action: 'route.replay' },
  [`GET ${V1}/migration/legacy-operations`]: { operationId: 'getLegacyOperationCoverage', action: 'migration.legacy-operations.read' },
  // The ramp controller records `route.ramp.start` / `route.ramp.stop` and each step as a `route.change`.
  [`PUT ${ROUTES}/:name/ramp`]: { operationId: 'startStranglerRamp', action: 'route.ramp.request' },
  [`GET ${ROUTES}/:name/ramp`]: { operationId: 'getStranglerRamp', action: 'route.ramp.read' },
  [`DELETE ${ROUTES}/:name/ramp`]: { operationId: 'stopStranglerRamp', action: 'route.ramp.stop.request' },
  [`GET ${V1}/audit`]: { operationId: 'listAuditRecords', action: 'audit.read' },
};

/** Operations of openapi.yaml that are not audited, and why. */
export const EXEMPT_OPERATIONS: Readonly<Record<string, string>> = {
  getLiveness: 'health probe: no user, no data',
  getReadiness: 'health probe: no user, no data',
};

/** Routes outside openapi.yaml (or exempt in it) that are not audited: exact patterns, and the dev issuer's `/dev/…`. */
export const EXEMPT_ROUTES: readonly string[] = ['/health/live', '/health/ready', '/metrics', '/api/docs-json'];
const EXEMPT_PREFIX = '/dev/';

/** The document-content actions: their record is committed before the bytes go out, unless configured otherwise. */
export const DOCUMENT_CONTENT_ACTIONS: readonly string[] = ['document.content.download', 'document.pdf.read', 'document.text.read'];

export function auditedOperationOf(method: string, routePattern: string): AuditedOperation | undefined {
  return AUDITED_OPERATIONS[`${method === 'HEAD' ? 'GET' : method} ${routePattern}`];
}

export function isExemptRoute(routePattern: string): boolean {
  return EXEMPT_ROUTES.includes(routePattern) || routePattern.startsWith(EXEMPT_PREFIX);
}
