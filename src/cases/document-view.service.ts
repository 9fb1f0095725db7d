import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { CHECK_OUT_HOLDERS, type CheckOutHolders } from '../common/check-out-holders.port.js';
import { isDomainError } from '../common/domain-error.js';
import { requestContext } from '../common/request-context.js';
import { INGESTED_VERSIONS, type IngestedVersions } from '../ingestion/ingested-versions.port.js';
import { LEGACY_CMS, type CaseDocument, type LegacyCaller, type LegacyCms } from '../legacy/legacy-cms.port.js';
import { capabilitiesOf } from './capabilities/document-capabilities.js';
import type { CallerView } from './document.mapper.js';
import { CaseHistoryStore, type HistoryPosition } from './user-state/case-history.store.js';
import { ReadMarksStore } from './user-state/read-marks.store.js';

/**
 * The caller's view of a case's documents: capabilities (check-outs from the legacy CMS, ingestion state from
 * the IngestedVersions port), read marks from the state store; and every fresh list goes into the case history.
 */
@Injectable()
export class DocumentViewService {
  private readonly logger = new Logger('DocumentViewService');

  constructor(
    @Inject(LEGACY_CMS) private readonly legacy: LegacyCms,
    @Inject(INGESTED_VERSIONS) private readonly ingested: IngestedVersions,
    private readonly readMarks: ReadMarksStore,
    private readonly history: CaseHistoryStore,
    @Optional() @Inject(CHECK_OUT_HOLDERS) private readonly holders?: CheckOutHolders,
  ) {}

  async viewsOf(caller: LegacyCaller, caseId: string, documents: readonly CaseDocument[]): Promise<(document: CaseDocument) => CallerView> {
    const [read, ingestion, holders] = await Promise.all([
      this.readMarks.readVersions(caller.username, caseId),
      this.ingested.states(caseId),
      this.checkedOutBy(caller, caseId, documents),
    ]);
    return (document) => ({
      read,
      checkedOutBy: holders.get(document.documentId) ?? null,
      capabilities: capabilitiesOf({
        document,
        username: caller.username,
        checkedOutBy: holders.get(document.documentId) ?? null,
        ingestion: ingestion.get(document.documentId) ?? null,
      }),
    });
  }

  /**
   * Records a list the legacy CMS just answered in the case history; null when the answer was a last good one
   * (stale-if-error: an old list would undo changes) or the history could not be written (the changes call lists afresh).
   */
  async observe(caller: LegacyCaller, caseId: string, documents: readonly CaseDocument[]): Promise<HistoryPosition | null> {
    if (requestContext.current()?.staleAgeMs !== undefined) return null;
    try {
      return await this.history.observe(caseId, documents);
    } catch (error) {
      this.logger.warn({ correlationId: caller.correlationId, caseId, errorName: error instanceof Error ? error.name : typeof error }, 'the case history could not be recorded');
      return null;
    }
  }

  /** documentId → who holds it: the redaction sessions' answer (a facade session at once), else the legacy CMS's. */
  private async checkedOutBy(caller: LegacyCaller, caseId: string, documents: readonly CaseDocument[]): Promise<ReadonlyMap<string, string>> {
    if (this.holders !== undefined) return this.holders.checkedOutBy(caller, caseId, documents);
    const answers = await Promise.all(
      documents.filter((document) => document.isCheckedOut).map(async (document) => [document.documentId, await this.holderOf(caller, caseId, document)] as const),
    );
    return new Map(answers.filter((answer): answer is readonly [string, string] => answer[1] !== null));
  }

  /** Who holds a checked-out document, as the legacy CMS says; null when it does not say or cannot be asked now. */
  private async holderOf(caller: LegacyCaller, caseId: string, document: CaseDocument): Promise<string | null> {
    try {
      return (await this.legacy.getDocumentInfo(caller, caseId, document.documentId, document.versionId)).checkedOutBy;
    } catch (error) {
      if (isDomainError(error)) return null;
      throw error;
    }
  }
}
