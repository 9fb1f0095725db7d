import { isDomainError } from '../../common/domain-error.js';
import type { ErrorCode } from '../../common/error-codes.js';
import { markStale, staleReadScope } from '../../common/stale-response.js';
import type {
  ByteRange,
  CaseAccess,
  CaseDocument,
  CaseNote,
  CaseRef,
  CaseSummary,
  CheckInRequest,
  Defendant,
  DocumentContent,
  DocumentInfo,
  LegacyCaller,
  LegacyCms,
  PartialResult,
  Witness,
} from '../legacy-cms.port.js';
import type { LastGoodAnswerStore } from './last-good-answer.store.js';
import type { StaleAnswerMetrics, StaleOperation } from './stale-answer.metrics.js';

/** Failures that say the legacy CMS could not answer (down, too slow, over its rate, or a breaker open), not what it decided. */
export const LEGACY_OUTAGE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['LEGACY_UNAVAILABLE', 'LEGACY_TIMEOUT', 'LEGACY_RATE_LIMITED']);

export const isLegacyOutage = (error: unknown): boolean => isDomainError(error) && LEGACY_OUTAGE_CODES.has(error.code);

/** Decisions after which the user's kept answer for the case must not be served any more. */
const DECISION_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['CASE_NOT_FOUND', 'CASE_ACCESS_DENIED']);

type StaleRead = Exclude<StaleOperation, 'checkCaseAccess'>;

/**
 * LegacyCms with stale-if-error for the case metadata reads (summary, defendants, witnesses, documents,
 * notes): each good answer is kept per user, case and operation; when the legacy CMS fails with an
 * outage code inside a stale-read scope (the legacy side of a strangled read), the user's last good
 * answer, if not older than the bound, is served instead and its age marked on the request. Everything
 * else, writes included, passes straight through. ADR 0014.
 */
export class StaleIfErrorLegacyCms implements LegacyCms {
  constructor(
    private readonly inner: LegacyCms,
    private readonly answers: LastGoodAnswerStore,
    private readonly metrics: StaleAnswerMetrics | null = null,
  ) {}

  getCaseSummary(caller: LegacyCaller, caseId: string): Promise<CaseSummary> {
    return this.read('getCaseSummary', caller, caseId, () => this.inner.getCaseSummary(caller, caseId));
  }

  getDefendants(caller: LegacyCaller, caseId: string): Promise<Defendant[]> {
    return this.read('getDefendants', caller, caseId, () => this.inner.getDefendants(caller, caseId));
  }

  getWitnesses(caller: LegacyCaller, caseId: string): Promise<PartialResult<Witness[]>> {
    return this.read('getWitnesses', caller, caseId, () => this.inner.getWitnesses(caller, caseId));
  }

  listDocuments(caller: LegacyCaller, caseId: string): Promise<CaseDocument[]> {
    return this.read('listDocuments', caller, caseId, () => this.inner.listDocuments(caller, caseId));
  }

  listNotes(caller: LegacyCaller, caseId: string): Promise<CaseNote[]> {
    return this.read('listNotes', caller, caseId, () => this.inner.listNotes(caller, caseId));
  }

  findCasesByUrn(caller: LegacyCaller, urn: string): Promise<CaseRef[]> {
    return this.inner.findCasesByUrn(caller, urn);
  }

  checkCaseAccess(caller: LegacyCaller, caseId: string): Promise<CaseAccess> {
    return this.inner.checkCaseAccess(caller, caseId);
  }

  getDocumentInfo(caller: LegacyCaller, caseId: string, documentId: string, versionId: string): Promise<DocumentInfo> {
    return this.inner.getDocumentInfo(caller, caseId, documentId, versionId);
  }

  openDocumentContent(caller: LegacyCaller, caseId: string, documentId: string, versionId: string, range: ByteRange | null): Promise<DocumentContent> {
    return this.inner.openDocumentContent(caller, caseId, documentId, versionId, range);
  }

  renameDocument(caller: LegacyCaller, caseId: string, documentId: string, title: string): Promise<CaseDocument> {
    return this.inner.renameDocument(caller, caseId, documentId, title);
  }

  reclassifyDocument(caller: LegacyCaller, caseId: string, documentId: string, category: string): Promise<CaseDocument> {
    return this.inner.reclassifyDocument(caller, caseId, documentId, category);
  }

  setDocumentUsed(caller: LegacyCaller, caseId: string, documentId: string, isUsed: boolean): Promise<CaseDocument> {
    return this.inner.setDocumentUsed(caller, caseId, documentId, isUsed);
  }

  addNote(caller: LegacyCaller, caseId: string, text: string): Promise<CaseNote> {
    return this.inner.addNote(caller, caseId, text);
  }

  checkOutDocument(caller: LegacyCaller, caseId: string, documentId: string, versionId: string): Promise<void> {
    return this.inner.checkOutDocument(caller, caseId, documentId, versionId);
  }

  cancelCheckOut(caller: LegacyCaller, caseId: string, documentId: string): Promise<void> {
    return this.inner.cancelCheckOut(caller, caseId, documentId);
  }

  checkInDocument(caller: LegacyCaller, request: CheckInRequest): Promise<string> {
    return this.inner.checkInDocument(caller, request);
  }

  readiness(): Promise<Record<string, { up: boolean; detail?: string }>> {
    return this.inner.readiness();
  }

  private async read<T>(operation: StaleRead, caller: LegacyCaller, caseId: string, call: () => Promise<T>): Promise<T> {
    const key = `${caseId}.${operation}`;
    let answer: T;
    try {
      answer = await call();
    } catch (error) {
      if (isDomainError(error) && DECISION_CODES.has(error.code)) this.answers.forget(caller.username, key);
      if (!isLegacyOutage(error) || !staleReadScope.active()) throw error;
      const last = await this.answers.recall<T>(caller.username, key).catch(() => 'store-error' as const);
      if (typeof last === 'string') {
        this.metrics?.missedStale(operation, last);
        throw error;
      }
      markStale(last.ageMs);
      this.metrics?.servedStale(operation);
      return last.value;
    }
    this.answers.remember(caller.username, key, answer);
    return answer;
  }
}
