import { Inject, Injectable } from '@nestjs/common';
import { DomainError, isDomainError } from '../../common/domain-error.js';
import { requestContext } from '../../common/request-context.js';
import { LEGACY_CMS, type CaseDocument, type LegacyCaller, type LegacyCms } from '../../legacy/legacy-cms.port.js';
import type { CaseChangesDto } from './case-changes.dto.js';
import { CaseHistoryStore, type SeenChange } from './case-history.store.js';
import { CaseVisitsStore } from './case-visits.store.js';
import type { DocumentNoteDto, DocumentNoteListDto } from './document-note.dto.js';
import { DocumentNotesStore } from './document-notes.store.js';
import { ReadMarksStore } from './read-marks.store.js';
import type { RecentCaseDto, RecentCaseListDto } from './recent-cases.dto.js';

/** Per-user state (ADR 0034): read marks, visits and what changed since, notes on documents. Keyed by the legacy username. */
@Injectable()
export class UserStateService {
  constructor(
    @Inject(LEGACY_CMS) private readonly legacy: LegacyCms,
    private readonly history: CaseHistoryStore,
    private readonly visits: CaseVisitsStore,
    private readonly readMarks: ReadMarksStore,
    private readonly notes: DocumentNotesStore,
  ) {}

  /** The version must be one the legacy CMS lists for the caller (404s otherwise). */
  async setRead(caller: LegacyCaller, caseId: string, documentId: string, versionId: string, read: boolean): Promise<void> {
    await this.versionOf(caller, caseId, documentId, versionId);
    if (read) await this.readMarks.markRead(caller.username, caseId, documentId, versionId);
    else await this.readMarks.markUnread(caller.username, caseId, documentId, versionId);
  }

  /**
   * Lists the case afresh (recording it in the history), then answers the changes since `since`, or since the
   * caller's last visit (and records this visit). Only documents the caller can see now are named, and removed ones.
   */
  async changes(caller: LegacyCaller, caseId: string, since: Date | undefined): Promise<CaseChangesDto> {
    const documents = await this.legacy.listDocuments(caller, caseId);
    const stale = requestContext.current()?.staleAgeMs !== undefined;
    const position = stale ? await this.history.position(caseId) : await this.history.observe(caseId, documents);
    if (position === null) throw new DomainError('LEGACY_UNAVAILABLE', 'The legacy CMS cannot list the case now, and the facade has never seen its list.');
    const visible = new Set(documents.map((document) => document.documentId));
    const trim = (changes: readonly SeenChange[]) =>
      changes.filter((change) => change.generation <= position.generation && (visible.has(change.documentId) || change.kind === 'removed'));
    if (since !== undefined) {
      return { caseId, since: since.toISOString(), until: position.seenAt, firstVisit: false, changes: trim(await this.history.changesSince(caseId, since)).map(toChangeDto) };
    }
    const visit = await this.visits.lastVisit(caller.username, caseId);
    const changes = visit === null ? [] : trim(await this.history.changesAfterGeneration(caseId, visit.generation));
    if (!stale) await this.visits.recordVisit(caller.username, caseId, position);
    return { caseId, since: visit?.seenAt ?? null, until: position.seenAt, firstVisit: visit === null, changes: changes.map(toChangeDto) };
  }

  /** The caller's visited cases, most recent first, each asked of the legacy CMS again (one the caller can no longer see is left out). */
  async recentCases(caller: LegacyCaller, limit: number): Promise<RecentCaseListDto> {
    const cases: RecentCaseDto[] = [];
    for (const visit of await this.visits.recentVisits(caller.username)) {
      if (cases.length >= limit) break;
      try {
        const summary = await this.legacy.getCaseSummary(caller, visit.caseId);
        cases.push({ caseId: summary.caseId, urn: summary.urn, title: summary.title, unitName: summary.unitName, visitedAt: visit.visitedAt });
      } catch (error) {
        if (!(isDomainError(error) && (error.code === 'CASE_NOT_FOUND' || error.code === 'CASE_ACCESS_DENIED'))) throw error;
      }
    }
    return { cases };
  }

  async listNotes(caller: LegacyCaller, caseId: string, documentId: string): Promise<DocumentNoteListDto> {
    await this.documentOf(caller, caseId, documentId);
    return { notes: (await this.notes.list(caseId, documentId)).map((note) => ({ ...note })) };
  }

  async addNote(caller: LegacyCaller, caseId: string, documentId: string, text: string): Promise<DocumentNoteDto> {
    await this.documentOf(caller, caseId, documentId);
    return { ...(await this.notes.add(caseId, documentId, caller.username, text)) };
  }

  private async documentOf(caller: LegacyCaller, caseId: string, documentId: string): Promise<CaseDocument> {
    const document = (await this.legacy.listDocuments(caller, caseId)).find((candidate) => candidate.documentId === documentId);
    if (document === undefined) throw new DomainError('DOCUMENT_NOT_FOUND', 'The case has no document with this id.');
    return document;
  }

  private async versionOf(caller: LegacyCaller, caseId: string, documentId: string, versionId: string): Promise<CaseDocument> {
    const document = await this.documentOf(caller, caseId, documentId);
    if (document.versionId !== versionId && !document.versions.some((version) => version.versionId === versionId)) {
      throw new DomainError('DOCUMENT_VERSION_NOT_FOUND', 'The document has no version with this id.');
    }
    return document;
  }
}

const toChangeDto = ({ kind, documentId, title, versionId, from, to, seenAt }: SeenChange) => ({ kind, documentId, title, versionId, from, to, seenAt });
