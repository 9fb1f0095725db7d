import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, isDomainError } from '../../common/domain-error.js';
import type { VersionRef } from '../../common/version-ref.js';
import { INGESTED_VERSIONS, type IngestedVersions } from '../../ingestion/ingested-versions.port.js';
import { LEGACY_CMS, type LegacyCaller, type LegacyCms } from '../../legacy/legacy-cms.port.js';
import { casePeople } from './case-people.js';
import { PII_DETECTOR, type PiiDetector } from './pii-detector.port.js';
import { suggestRedactions } from './suggestion-finder.js';
import type { RedactionSuggestion } from './suggestion.types.js';

export interface DocumentSuggestions extends VersionRef {
  readonly pages: readonly { readonly pageIndex: number; readonly width: number; readonly height: number }[];
  readonly suggestions: readonly RedactionSuggestion[];
  /** Case data the legacy CMS withheld (field paths): those people are matched by patterns only. */
  readonly withheld: readonly string[];
}

/**
 * Redaction suggestions for one ingested document version: its stored words (from ingestion)
 * matched against the case's witnesses and defendants (asked of the legacy CMS on the caller's
 * behalf), UK personal-data patterns and person-name rules, by the PiiDetector the module provides. Nothing is stored and nothing is logged but counts.
 */
@Injectable()
export class RedactionSuggestionsService {
  private readonly logger = new Logger('RedactionSuggestionsService');

  constructor(
    @Inject(LEGACY_CMS) private readonly legacy: LegacyCms,
    @Inject(INGESTED_VERSIONS) private readonly ingested: IngestedVersions,
    @Inject(PII_DETECTOR) private readonly detector: PiiDetector,
  ) {}

  async suggest(caller: LegacyCaller, target: VersionRef): Promise<DocumentSuggestions> {
    const [text, witnesses, defendants] = await Promise.all([
      this.ingested.readText(target),
      this.legacy.getWitnesses(caller, target.caseId),
      this.legacy.getDefendants(caller, target.caseId),
    ]);
    if (text === null) throw await this.notIngested(caller, target);
    const suggestions = await suggestRedactions(text, casePeople(witnesses.value, defendants), this.detector);
    this.logger.debug({ correlationId: caller.correlationId, caseId: target.caseId, pages: text.pageCount, suggestions: suggestions.length, detector: this.detector.name }, 'redaction suggestions');
    return {
      ...target,
      pages: text.pages.map((page) => ({ pageIndex: page.pageIndex, width: page.width, height: page.height })),
      suggestions,
      withheld: witnesses.warnings,
    };
  }

  /** 404 for a version the legacy CMS does not have; else 409 (failed, or ingestion started: retry later). */
  private async notIngested(caller: LegacyCaller, target: VersionRef): Promise<DomainError> {
    const tracked = await this.ingested.state(target.caseId, target.documentId);
    if (tracked !== null && tracked.versionId === target.versionId && tracked.status === 'failed') {
      return new DomainError('DOCUMENT_NOT_INGESTED', 'This version could not be ingested (see the case tracker), so it has no text to suggest redactions from.', {
        reason: tracked.reason ?? 'unknown',
      });
    }
    const legacyDocumentId = target.documentId.split('-')[0];
    const document = (await this.legacy.listDocuments(caller, target.caseId)).find((candidate) => candidate.documentId === legacyDocumentId);
    // An attachment id is known only once its e-mail was ingested: one the tracker does not know is made up.
    if (document === undefined || (legacyDocumentId !== target.documentId && tracked === null)) return new DomainError('DOCUMENT_NOT_FOUND', 'The case has no document with this id.');
    if (legacyDocumentId === target.documentId && !document.versions.some((version) => version.versionId === target.versionId)) {
      return new DomainError('DOCUMENT_VERSION_NOT_FOUND', 'The document has no version with this id.');
    }
    if (legacyDocumentId === target.documentId && document.versionId !== target.versionId) {
      return new DomainError('DOCUMENT_NOT_INGESTED', 'Only the current version of a document is ingested; ask for suggestions on the current version.', {
        currentVersionId: document.versionId,
      });
    }
    this.ingested.refresh(caller, target.caseId).catch((error: unknown) => {
      this.logger.warn({ correlationId: caller.correlationId, caseId: target.caseId, code: isDomainError(error) ? error.code : 'unknown' }, 'could not start ingesting for suggestions');
    });
    return new DomainError('DOCUMENT_NOT_INGESTED', 'This version has not been ingested yet; ingestion has been started. Retry when the case tracker shows it indexed.', {
      retryable: true,
    });
  }
}
