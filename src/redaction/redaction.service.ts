import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditTrail } from '../audit/audit-trail.service.js';
import { DomainError, isDomainError } from '../common/domain-error.js';
import type { VersionRef } from '../common/version-ref.js';
import { isProcessingFailure } from '../conversion/processing-failure.js';
import type { DocumentText } from '../common/word-model.js';
import { INGESTED_VERSIONS, type IngestedVersions } from '../ingestion/ingested-versions.port.js';
import { LEGACY_CMS, type CaseDocument, type LegacyCaller, type LegacyCms } from '../legacy/legacy-cms.port.js';
import type { AgencyFeedback } from './log/agency-feedback.js';
import { countsOf } from './log/redaction-counts.js';
import { RedactionLogSummaryStore } from './log/redaction-log-summary.store.js';
import { RedactionTypeCatalog, UNSPECIFIED_TYPE } from './log/redaction-type-catalog.js';
import { RemovedWordHasher } from './log/removed-word-hasher.js';
import { removedWordsOf, type RemovedWords } from './log/removed-words.js';
import { RedactionLog, type VerificationSummary } from './redaction-log.js';
import { RedactionSaveHolder } from './redaction-save-holder.js';
import { RedactionSaveJournal, type RedactionSaveHandle, type RedactionSaveSummary } from './redaction-save-journal.js';
import { RedactionSaveLock } from './redaction-save-lock.js';
import { REDACTION_VERIFIER, type RedactionVerifier } from './redaction-verifier.port.js';
import { REDACTOR, toPdfBoxes, type PageModification, type PageRedaction, type PdfRedactionBox, type RedactionPlan, type RedactionResult, type Redactor } from './redaction.types.js';
import { searchTermBoxes } from './search-term-boxes.js';

export const REDACTION_SERVICE_OPTIONS = Symbol('RedactionServiceOptions');

/** Steps at which a test-only hook (REDACTION_SAVE_CRASH_AT) kills the process, to prove recovery from each. */
export const SAVE_CRASH_POINTS = [
  'started',
  'checked-out-unrecorded',
  'checked-out',
  'checking-in',
  'checked-in-unrecorded',
  'checked-in',
  'logged-unrecorded',
  'logged',
  're-ingested-unrecorded',
  're-ingested',
] as const;
export type SaveCrashPoint = (typeof SAVE_CRASH_POINTS)[number];

export interface RedactionServiceOptions {
  /** Scratch space (one directory per request, removed afterwards). */
  readonly workDir: string;
  readonly maxPdfBytes: number;
  readonly maxPages: number;
  /** Test only: kill the process with SIGKILL at this step of a save. */
  readonly crashAt?: string | null;
}

/** "Redact all occurrences" of a term, as boxes of one redaction type. */
export interface TypedSearchTerm {
  readonly term: string;
  readonly redactionType?: string;
  readonly otherReason?: string;
}

export interface RedactionRequest {
  /** Each rect may carry `redactionType` (and `otherReason` for `other`); see RedactionTypeCatalog. */
  readonly redactions?: readonly PageRedaction[];
  /** Untyped terms (their boxes are logged as `unspecified`); prefer typedSearchTerms. */
  readonly searchTerms?: readonly string[];
  readonly typedSearchTerms?: readonly TypedSearchTerm[];
  readonly pageModifications?: readonly PageModification[];
  /** Deprecated by per-box redaction types; still recorded. */
  readonly reasonCodes?: readonly string[];
  /** Optional under/over-redaction entry for a document from an investigative agency. */
  readonly agencyFeedback?: AgencyFeedback;
}

/** The words a redaction would take out, before saving (the text the lawyer may already see). */
export interface RedactionPreviewWords extends RemovedWords {
  readonly documentId: string;
  readonly versionId: string;
  readonly boxCount: number;
}

export interface RedactionSaved {
  readonly documentId: string;
  readonly oldVersionId: string;
  readonly newVersionId: string;
  readonly pages: number[];
  readonly boxCount: number;
}

export interface RedactionPreview {
  readonly stream: Readable;
  readonly sizeBytes: number;
  readonly fileName: string;
  readonly pages: number[];
  readonly boxCount: number;
}

/** A redacted and verified PDF in a scratch directory the caller must dispose of. */
interface AppliedRedaction {
  readonly dir: string;
  readonly result: RedactionResult;
  readonly sizeBytes: number;
  readonly plan: RedactionPlan;
  readonly text: DocumentText;
  readonly verification: VerificationSummary;
}

/**
 * Redaction end to end: the version's converted PDF and word index (from ingestion) → boxes
 * (client rectangles scaled to points, and every occurrence of the search terms) → the Redactor →
 * verification (never skipped) → check-out, chunked check-in, and always cancel the check-out on a
 * failure → the redaction log and the audit trail → re-ingestion that takes the old version out of search.
 * The save-back is crash-safe: a durable record (RedactionSaveJournal) tracks its steps, and
 * RedactionSaveRecovery finishes or undoes the saves of a process that died (ADR 0017).
 */
@Injectable()
export class RedactionService {
  private readonly logger = new Logger('RedactionService');

  constructor(
    @Inject(LEGACY_CMS) private readonly legacy: LegacyCms,
    @Inject(INGESTED_VERSIONS) private readonly ingested: IngestedVersions,
    @Inject(REDACTOR) private readonly redactor: Redactor,
    @Inject(REDACTION_VERIFIER) private readonly verifier: RedactionVerifier,
    private readonly log: RedactionLog,
    private readonly audit: AuditTrail,
    @Inject(REDACTION_SERVICE_OPTIONS) private readonly options: RedactionServiceOptions,
    private readonly journal: RedactionSaveJournal,
    private readonly types: RedactionTypeCatalog,
    private readonly hasher: RemovedWordHasher,
    private readonly summaries: RedactionLogSummaryStore,
    private readonly saveLock: RedactionSaveLock,
  ) {}

  /**
   * Applies, verifies and saves the redaction as a new version in the legacy CMS. One save of a document runs at a
   * time across all instances (a lease in the StateStore): a second one meanwhile is refused with 409
   * DOCUMENT_CHECKED_OUT instead of racing the first through check-out and check-in.
   */
  async save(caller: LegacyCaller, target: VersionRef, request: RedactionRequest): Promise<RedactionSaved> {
    return this.saveLock.run(target, () => this.saveNow(caller, target, request));
  }

  private async saveNow(caller: LegacyCaller, target: VersionRef, untyped: RedactionRequest): Promise<RedactionSaved> {
    const request = this.typed(untyped);
    const document = await this.currentDocument(caller, target);
    const unit = await this.caseUnit(caller, target.caseId);
    const applied = await this.apply(caller, target, request);
    try {
      const counts = countsOf(applied.plan.boxes);
      const removed = removedWordsOf(applied.text, applied.plan);
      const otherReasons = otherReasonsOf(request);
      const summary: RedactionSaveSummary = {
        pages: applied.result.redactedPages,
        boxCount: applied.result.boxCount,
        pageModifications: (request.pageModifications ?? []).map((change) =>
          change.action === 'delete' ? `delete:${change.pageIndex}` : `rotate:${change.pageIndex}:${change.rotateBy ?? 0}`,
        ),
        reasonCodes: [...(request.reasonCodes ?? [])],
        engine: applied.result.engine,
        byType: counts.byType,
        byPage: counts.byPage,
        ...(otherReasons.length === 0 ? {} : { otherReasons }),
        ...(request.agencyFeedback === undefined ? {} : { agencyFeedback: request.agencyFeedback }),
        unitId: unit?.unitId ?? null,
        unitName: unit?.unitName ?? null,
        verification: applied.verification,
        removedWords: this.hasher.hashAll(removed.pages.flatMap((page) => page.words.map((word) => word.text))),
      };
      const newVersionId = await this.saveBack(caller, target, document, applied, summary);
      return { documentId: target.documentId, oldVersionId: target.versionId, newVersionId, pages: applied.result.redactedPages, boxCount: applied.result.boxCount };
    } finally {
      await rm(applied.dir, { recursive: true, force: true });
    }
  }

  /** The redacted, verified PDF; nothing is saved. The stream removes its scratch files when it closes. */
  async preview(caller: LegacyCaller, target: VersionRef, request: RedactionRequest): Promise<RedactionPreview> {
    const applied = await this.apply(caller, target, this.typed(request));
    const stream = createReadStream(applied.result.outputPath);
    stream.once('close', () => {
      void rm(applied.dir, { recursive: true, force: true });
    });
    return {
      stream,
      sizeBytes: applied.sizeBytes,
      fileName: `${target.documentId}-${target.versionId}-redacted-preview.pdf`,
      pages: applied.result.redactedPages,
      boxCount: applied.result.boxCount,
    };
  }

  /**
   * The words the redaction would remove, per page, from the version's word index and the same boxes a save
   * would apply (no engine run, nothing saved): what a client shows as "these 37 words will be removed".
   */
  async previewWords(caller: LegacyCaller, target: VersionRef, request: RedactionRequest): Promise<RedactionPreviewWords> {
    const typed = this.typed(request);
    const text = await this.versionText(caller, target);
    const plan = planOf(text, typed);
    return { documentId: target.documentId, versionId: target.versionId, boxCount: plan.boxes.length, ...removedWordsOf(text, plan) };
  }

  listLog(caseId: string, options: { limit?: number; after?: string }) {
    return this.log.list(caseId, options);
  }

  /** Every box's type resolved against the configured types (unknown: VALIDATION_FAILED naming the field). */
  private typed(request: RedactionRequest): RedactionRequest {
    const redactions = request.redactions?.map((page, pageNumber) => ({
      ...page,
      rects: page.rects.map((rect, rectNumber) => ({ ...rect, redactionType: this.types.typeOf(rect, `redactions[${pageNumber}].rects[${rectNumber}]`) })),
    }));
    const typedSearchTerms = request.typedSearchTerms?.map((term, termNumber) => ({ ...term, redactionType: this.types.typeOf(term, `typedSearchTerms[${termNumber}]`) }));
    for (const [index, item] of [...(request.agencyFeedback?.underRedactions ?? []), ...(request.agencyFeedback?.overRedactions ?? [])].entries()) {
      if (!this.types.has(item.redactionType)) {
        throw new DomainError('VALIDATION_FAILED', 'agencyFeedback: each redactionType must be one of the redaction types.', { field: `agencyFeedback.redactionType[${index}]` });
      }
    }
    return { ...request, ...(redactions === undefined ? {} : { redactions }), ...(typedSearchTerms === undefined ? {} : { typedSearchTerms }) };
  }

  /** The case's unit for the management figures; a save does not fail for want of it. */
  private async caseUnit(caller: LegacyCaller, caseId: string): Promise<{ unitId: string; unitName: string } | null> {
    try {
      const summary = await this.legacy.getCaseSummary(caller, caseId);
      return { unitId: summary.unitId, unitName: summary.unitName };
    } catch (error) {
      this.logger.warn({ correlationId: caller.correlationId, caseId, code: isDomainError(error) ? error.code : nameOf(error) }, 'the case unit could not be read; the redaction is logged without it');
      return null;
    }
  }

  // ---------- steps

  /** The legacy CMS's view of the document: it must exist, the version must be current and no one else may hold it. */
  private async currentDocument(caller: LegacyCaller, target: VersionRef): Promise<CaseDocument> {
    const document = (await this.legacy.listDocuments(caller, target.caseId)).find((candidate) => candidate.documentId === target.documentId);
    if (document === undefined) throw new DomainError('DOCUMENT_NOT_FOUND', 'The case has no document with this id.');
    if (document.versionId !== target.versionId) {
      if (!document.versions.some((version) => version.versionId === target.versionId)) {
        throw new DomainError('DOCUMENT_VERSION_NOT_FOUND', 'The document has no version with this id.');
      }
      throw notCurrent(document.versionId);
    }
    if (document.isCheckedOut) {
      const info = await this.legacy.getDocumentInfo(caller, target.caseId, target.documentId, target.versionId);
      if (info.checkedOutBy !== caller.username) throw checkedOut(info.checkedOutBy);
    }
    return document;
  }

  private async apply(caller: LegacyCaller, target: VersionRef, request: RedactionRequest): Promise<AppliedRedaction> {
    const pdfBytes = await this.ingested.pdfSize(target);
    if (pdfBytes === null) throw await this.notIngested(caller, target);
    if (pdfBytes > this.options.maxPdfBytes) {
      throw new DomainError('DOCUMENT_TOO_LARGE', `The converted PDF is larger than ${this.options.maxPdfBytes} bytes; it cannot be redacted here.`, {
        sizeBytes: pdfBytes,
        maxBytes: this.options.maxPdfBytes,
      });
    }
    const text = await this.versionText(caller, target);
    const plan = planOf(text, request);
    const dir = path.join(this.options.workDir, 'redaction', randomUUID());
    await mkdir(dir, { recursive: true });
    try {
      const inputPath = path.join(dir, 'input.pdf');
      if (!(await this.ingested.copyPdfToFile(target, inputPath))) throw await this.notIngested(caller, target);
      const result = await this.runRedactor(inputPath, plan, path.join(dir, 'redacted.pdf'), text);
      const verification = await this.verify(caller, { originalPdfPath: inputPath, redactedPdfPath: result.outputPath, plan, originalText: text });
      const { size } = await stat(result.outputPath);
      return { dir, result, sizeBytes: size, plan, text, verification };
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** The version's word index, within the page limit. */
  private async versionText(caller: LegacyCaller, target: VersionRef): Promise<DocumentText> {
    const text = await this.ingested.readText(target);
    if (text === null) throw await this.notIngested(caller, target);
    if (text.pageCount > this.options.maxPages) {
      throw new DomainError('DOCUMENT_TOO_LARGE', `The document has more than ${this.options.maxPages} pages; it cannot be redacted here.`, {
        pageCount: text.pageCount,
        maxPages: this.options.maxPages,
      });
    }
    return text;
  }

  /** The version's word model goes along, so OCR'd words stay searchable on rebuilt pages and the input is not re-extracted. */
  private async runRedactor(inputPath: string, plan: RedactionPlan, outputPath: string, text: DocumentText): Promise<RedactionResult> {
    try {
      return await this.redactor.redact(inputPath, plan, outputPath, { text });
    } catch (error) {
      if (isDomainError(error)) throw error;
      if (isProcessingFailure(error)) {
        if (error.reason === 'TOO_LARGE' || error.reason === 'OUT_OF_MEMORY') {
          throw new DomainError('DOCUMENT_TOO_LARGE', 'The document is too large to redact within the limits.', { reason: error.reason }, { cause: error });
        }
        throw new DomainError('REDACTION_FAILED', 'The redaction engine could not process this document.', { reason: error.reason }, { cause: error });
      }
      throw error;
    }
  }

  private async verify(caller: LegacyCaller, input: Parameters<RedactionVerifier['verify']>[0]): Promise<VerificationSummary> {
    let report;
    try {
      report = await this.verifier.verify(input);
    } catch (error) {
      // An unverifiable output is treated as a failed one: it is never saved.
      this.logger.error({ correlationId: caller.correlationId, errorName: error instanceof Error ? error.name : typeof error }, 'redaction verification could not run');
      throw new DomainError('REDACTION_VERIFICATION_FAILED', 'The redacted document could not be verified, so it was not saved.', {}, { cause: error });
    }
    if (report.ok) {
      return {
        ok: true,
        failureCount: 0,
        checks: report.checks?.map((check) => ({ check: check.check, items: check.items })) ?? null,
        boxesChecked: input.plan.boxes.length,
        wordsUnderBoxes: removedWordsOf(input.originalText, input.plan).wordCount,
      };
    }
    const checks = [...new Set(report.failures.map((failure) => failure.check))];
    const pages = [...new Set(report.failures.flatMap((failure) => (failure.pageIndex === undefined ? [] : [failure.pageIndex])))];
    this.logger.error({ correlationId: caller.correlationId, checks, pages, failures: report.failures.length }, 'redaction failed verification');
    throw new DomainError('REDACTION_VERIFICATION_FAILED', 'The redacted document failed verification; nothing was saved and the legacy CMS is untouched.', {
      checks: checks.join(','),
      failureCount: report.failures.length,
    });
  }

  /**
   * The durable save: a record is written before the check-out and advanced after each step (check-out,
   * check-in, log, re-ingestion), so whatever a crash interrupts, recovery finishes or undoes. Any failure
   * before the check-in cancels the check-out. Once the version is checked in the save has succeeded:
   * a failing log or re-ingestion is left to recovery rather than answered as an error (that would invite
   * a second save).
   */
  private async saveBack(caller: LegacyCaller, target: VersionRef, document: CaseDocument, applied: AppliedRedaction, summary: RedactionSaveSummary): Promise<string> {
    const fileName = redactedFileName(document.fileName);
    const holder = new RedactionSaveHolder(
      this.journal,
      await this.journal.begin({
        caseId: target.caseId,
        documentId: target.documentId,
        oldVersionId: target.versionId,
        username: caller.username,
        ...(caller.subject === undefined ? {} : { subject: caller.subject }),
        correlationId: caller.correlationId,
        heldBefore: document.isCheckedOut,
        fileName,
        sizeBytes: applied.sizeBytes,
        summary,
      }),
    );
    try {
      this.crashPoint('started');
      try {
        await this.legacy.checkOutDocument(caller, target.caseId, target.documentId, target.versionId);
      } catch (error) {
        await holder.close('undone', 'check-out refused');
        throw await this.explainCheckOutFailure(caller, target, error);
      }
      this.crashPoint('checked-out-unrecorded');
      let newVersionId: string;
      try {
        await holder.advance({ step: 'checked-out' });
        this.crashPoint('checked-out');
        const content = createReadStream(applied.result.outputPath);
        if (this.options.crashAt === 'checking-in') content.once('data', () => this.crashPoint('checking-in'));
        newVersionId = await this.legacy.checkInDocument(caller, {
          caseId: target.caseId,
          documentId: target.documentId,
          fileName,
          mimeType: 'application/pdf',
          sizeBytes: applied.sizeBytes,
          content,
        });
      } catch (error) {
        // A check-out the caller held before (a redaction session's) stays theirs: the session keeps it for a retry.
        if (!document.isCheckedOut) await this.cancelCheckOut(caller, target);
        await holder.close('undone', 'check-in failed').catch((closing: unknown) => this.logger.warn({ correlationId: caller.correlationId, errorName: nameOf(closing) }, 'the failed save could not be closed; recovery will'));
        throw error;
      }
      this.crashPoint('checked-in-unrecorded');
      try {
        await holder.advance({ step: 'checked-in', newVersionId, checkedInAt: new Date().toISOString() });
        this.crashPoint('checked-in');
        await this.finishSave(holder, caller);
      } catch (error) {
        this.logger.warn({ correlationId: caller.correlationId, saveId: holder.record.saveId, errorName: nameOf(error) }, 'a saved redaction could not be finished here; recovery will finish it');
      }
      return newVersionId;
    } finally {
      holder.stop();
    }
  }

  /**
   * Finishes or undoes a save whose holder died (called by recovery with the record claimed). A check-out
   * that was not followed by a check-in is cancelled (as the user who started it); a check-in is logged
   * exactly once and re-ingested.
   */
  async recoverSave(handle: RedactionSaveHandle): Promise<void> {
    const holder = new RedactionSaveHolder(this.journal, handle);
    const record = handle.record;
    const caller: LegacyCaller = { username: record.username, ...(record.subject === undefined ? {} : { subject: record.subject }), correlationId: randomUUID() };
    this.logger.warn({ correlationId: caller.correlationId, saveCorrelationId: record.correlationId, saveId: record.saveId, step: record.step }, 'recovering an unfinished redaction save');
    try {
      switch (record.step) {
        case 'started':
        case 'checked-out':
          if (!(await this.settleUnconfirmedCheckIn(holder, caller))) return;
          break;
        case 'done':
        case 'undone':
          await holder.close(record.step, record.outcome ?? 'closed by recovery');
          return;
        case 'checked-in':
        case 'logged':
        case 're-ingested':
          break;
      }
      await this.finishSave(holder, caller);
    } finally {
      holder.stop();
    }
  }

  /**
   * The record does not say whether the check-in happened: the legacy CMS does. A next version of the size we
   * uploaded is ours (no one else can check in while we hold the check-out); otherwise a check-out we made is
   * cancelled. Answers whether the save goes on (checked in) or is closed (undone).
   */
  private async settleUnconfirmedCheckIn(holder: RedactionSaveHolder, caller: LegacyCaller): Promise<boolean> {
    const record = holder.record;
    const document = (await this.legacy.listDocuments(caller, record.caseId)).find((candidate) => candidate.documentId === record.documentId);
    if (document === undefined) {
      await holder.close('undone', 'document gone');
      return false;
    }
    if (document.versionId !== record.oldVersionId) {
      const index = document.versions.findIndex((version) => version.versionId === record.oldVersionId);
      const next = index < 0 ? undefined : document.versions[index + 1];
      if (next !== undefined && next.sizeBytes === record.sizeBytes) {
        await holder.advance({ step: 'checked-in', newVersionId: next.versionId, checkedInAt: next.createdAt ?? new Date().toISOString() });
        return true;
      }
      await holder.close('undone', 'not checked in; the document moved on');
      return false;
    }
    if (document.isCheckedOut && !record.heldBefore) {
      const info = await this.legacy.getDocumentInfo(caller, record.caseId, record.documentId, record.oldVersionId);
      if (info.checkedOutBy === record.username) {
        await this.legacy.cancelCheckOut(caller, record.caseId, record.documentId);
        await holder.close('undone', 'check-out cancelled');
        return false;
      }
    }
    await holder.close('undone', 'not checked out');
    return false;
  }

  /** checked-in → logged → re-ingested → done, from wherever the record stands; each step safe to repeat. */
  private async finishSave(holder: RedactionSaveHolder, caller: LegacyCaller): Promise<void> {
    if (holder.record.step === 'checked-in') {
      const logEntryId = await this.record(holder, caller);
      this.crashPoint('logged-unrecorded');
      await holder.advance({ step: 'logged', logEntryId });
      this.crashPoint('logged');
    }
    if (holder.record.step === 'logged') {
      await this.reingest(holder, caller);
      this.crashPoint('re-ingested-unrecorded');
      await holder.advance({ step: 're-ingested' });
      this.crashPoint('re-ingested');
    }
    if (holder.record.step === 're-ingested') await holder.close('done', 'saved');
  }

  /** The test-only crash hook: SIGKILL, as an operator's kill -9 or an OOM kill would. */
  private crashPoint(point: SaveCrashPoint): void {
    if (this.options.crashAt === point) process.kill(process.pid, 'SIGKILL');
  }

  /** A check-out refused because the version moved on, or someone holds it, says so. */
  private async explainCheckOutFailure(caller: LegacyCaller, target: VersionRef, error: unknown): Promise<unknown> {
    if (!isDomainError(error)) return error;
    if (error.code === 'DOCUMENT_CHECKED_OUT' && typeof error.details['checkedOutBy'] !== 'string') {
      const info = await this.legacy.getDocumentInfo(caller, target.caseId, target.documentId, target.versionId).catch(() => null);
      return checkedOut(info?.checkedOutBy ?? null, error);
    }
    if (error.code === 'DOCUMENT_CHECKED_OUT') return error;
    if (error.code === 'VALIDATION_FAILED') {
      const current = await this.legacy.listDocuments(caller, target.caseId).then(
        (documents) => documents.find((candidate) => candidate.documentId === target.documentId)?.versionId ?? null,
        () => null,
      );
      if (current !== null && current !== target.versionId) return notCurrent(current, error);
    }
    return error;
  }

  /** Never leave a document checked out; a failing cancel is logged and the original error still answered. */
  private async cancelCheckOut(caller: LegacyCaller, target: VersionRef): Promise<void> {
    try {
      await this.legacy.cancelCheckOut(caller, target.caseId, target.documentId);
    } catch (error) {
      this.logger.error(
        { correlationId: caller.correlationId, caseId: target.caseId, documentId: target.documentId, code: isDomainError(error) ? error.code : 'INTERNAL' },
        'cancelling the check-out after a failed redaction save failed; the document may still be checked out',
      );
    }
  }

  /**
   * The redaction log entry, keyed by the save (a replay finds it instead of adding one), and the audit record.
   * The audit record is written at least once: a crash right after it writes it again, with the same entry id.
   */
  private async record(holder: RedactionSaveHolder, caller: LegacyCaller): Promise<string> {
    const save = holder.record;
    if (save.newVersionId === null || save.checkedInAt === null) throw new Error('a save is logged only once checked in');
    const { entry } = await this.log.appendOnce(logEntryIdOf(save.saveId, save.checkedInAt), save.checkedInAt, {
      caseId: save.caseId,
      documentId: save.documentId,
      oldVersionId: save.oldVersionId,
      newVersionId: save.newVersionId,
      pages: save.summary.pages,
      boxCount: save.summary.boxCount,
      pageModifications: save.summary.pageModifications,
      reasonCodes: save.summary.reasonCodes,
      engine: save.summary.engine,
      savedBy: save.username,
      correlationId: save.correlationId,
      ...typedDetailsOf(save.summary),
    });
    // The management figures' row, keyed by the entry: a replay after a crash writes it if it is missing, never twice.
    await this.summaries.record({
      caseId: entry.caseId,
      entryId: entry.entryId,
      savedAt: entry.savedAt,
      unitId: entry.unitId ?? null,
      unitName: entry.unitName ?? null,
      boxCount: entry.boxCount,
      byType: entry.byType ?? { [UNSPECIFIED_TYPE]: entry.boxCount },
      ...(entry.agencyFeedback === undefined ? {} : { agencyFeedback: entry.agencyFeedback }),
    });
    try {
      await this.audit.record({
        action: 'redaction.apply',
        actor: save.username,
        target: `case/${save.caseId}/document/${save.documentId}`,
        before: { versionId: save.oldVersionId },
        after: {
          versionId: save.newVersionId,
          pages: save.summary.pages,
          boxCount: save.summary.boxCount,
          pageModifications: save.summary.pageModifications,
          engine: save.summary.engine,
          redactionLogEntryId: entry.entryId,
          ...(save.summary.byType === undefined ? {} : { byType: save.summary.byType }),
          ...(save.summary.removedWords === undefined ? {} : { removedWordCount: save.summary.removedWords.wordCount }),
          ...(save.summary.agencyFeedback === undefined ? {} : { agencyFeedback: { agency: save.summary.agencyFeedback.agency, returnedToAgency: save.summary.agencyFeedback.returnedToAgency } }),
        },
        ...(save.summary.reasonCodes.length > 0 ? { reason: save.summary.reasonCodes.join(',') } : {}),
        correlationId: save.correlationId,
      });
    } catch (error) {
      this.logger.error({ correlationId: caller.correlationId, errorName: nameOf(error) }, 'the audit record of a redaction could not be written');
    }
    return entry.entryId;
  }

  /**
   * The redacted version replaces the old one in search at once: the old version's lines leave the index
   * (they hold the unredacted text) and the new version is queued; a refresh picks up anything else that
   * changed. A refresh already in flight may have listed the case before the check-in, so one runs first.
   */
  private async reingest(holder: RedactionSaveHolder, caller: LegacyCaller): Promise<void> {
    const save = holder.record;
    if (save.newVersionId === null) throw new Error('a save is re-ingested only once checked in');
    const newVersionId = save.newVersionId;
    try {
      const seen = (versions: readonly VersionRef[]) => versions.some((version) => version.documentId === save.documentId && version.versionId === newVersionId);
      if (!seen(await this.ingested.refresh(caller, save.caseId))) await this.ingested.refresh(caller, save.caseId);
    } catch (error) {
      this.logger.warn({ correlationId: caller.correlationId, caseId: save.caseId, code: isDomainError(error) ? error.code : nameOf(error) }, 'the case could not be refreshed after a redaction; the redacted version is queued on its own');
    }
    await this.ingested.supersede(caller, { caseId: save.caseId, documentId: save.documentId, versionId: save.oldVersionId }, {
      versionId: newVersionId,
      fileName: save.fileName,
      mimeType: 'application/pdf',
      sizeBytes: save.sizeBytes,
    });
  }

  /**
   * Not ingested yet: start ingesting (unless it already failed) and say how to go on. A document or version the
   * legacy CMS does not have in this case is a 404, and starts nothing (issue 11: no refresh on behalf of made-up ids).
   */
  private async notIngested(caller: LegacyCaller, target: VersionRef): Promise<DomainError> {
    const tracked = await this.ingested.state(target.caseId, target.documentId);
    if (tracked !== null && tracked.versionId === target.versionId && tracked.status === 'failed') {
      return new DomainError('DOCUMENT_NOT_INGESTED', 'This version could not be ingested (see the case tracker), so it cannot be redacted.', { reason: tracked.reason ?? 'unknown' });
    }
    const document = (await this.legacy.listDocuments(caller, target.caseId)).find((candidate) => candidate.documentId === target.documentId);
    if (document === undefined) return new DomainError('DOCUMENT_NOT_FOUND', 'The case has no document with this id.');
    if (document.versionId !== target.versionId && !document.versions.some((version) => version.versionId === target.versionId)) {
      return new DomainError('DOCUMENT_VERSION_NOT_FOUND', 'The document has no version with this id.');
    }
    if (document.versionId !== target.versionId) {
      return new DomainError('DOCUMENT_NOT_INGESTED', 'Only the current version of a document is ingested; redact the current version.', { currentVersionId: document.versionId });
    }
    this.ingested.refresh(caller, target.caseId).catch((error: unknown) => {
      this.logger.warn({ correlationId: caller.correlationId, caseId: target.caseId, code: isDomainError(error) ? error.code : nameOf(error) }, 'could not start ingesting for a redaction');
    });
    return new DomainError('DOCUMENT_NOT_INGESTED', 'This version has not been ingested yet; ingestion has been started. Retry when the case tracker shows it indexed.', { retryable: true });
  }
}

/** Boxes from rectangles and search terms, and the page changes, checked against the version's pages. */
export function planOf(text: DocumentText, request: RedactionRequest): RedactionPlan {
  const pageSizes = Array.from({ length: text.pageCount }, (_, pageIndex) => {
    const page = text.pages.find((candidate) => candidate.pageIndex === pageIndex);
    return { width: page?.width ?? 0, height: page?.height ?? 0 };
  });
  const boxes: PdfRedactionBox[] = [...rectBoxes(request.redactions ?? [], pageSizes)];
  if ((request.searchTerms ?? []).length > 0) boxes.push(...searchTermBoxes(text, request.searchTerms ?? []).boxes);
  boxes.push(...typedTermBoxes(text, request.typedSearchTerms ?? [], boxes));
  const pageModifications = checkedPageModifications(request.pageModifications ?? [], text.pageCount);
  if (boxes.length === 0 && pageModifications.length === 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      (request.searchTerms ?? []).length + (request.typedSearchTerms ?? []).length > 0
        ? 'Nothing to redact: the search terms do not occur in this version.'
        : 'Nothing to redact: give rectangles, search terms or page modifications.',
    );
  }
  return { boxes, pageModifications };
}

/** Each typed term's word boxes, carrying its type; a word another term (or untyped term) already boxes is counted once. */
function typedTermBoxes(text: DocumentText, terms: readonly TypedSearchTerm[], already: readonly PdfRedactionBox[]): PdfRedactionBox[] {
  const keyOf = (box: PdfRedactionBox) => `${box.pageIndex}:${box.box.x}:${box.box.y}:${box.box.width}:${box.box.height}`;
  const seen = new Set(already.filter((box) => box.redactionType === undefined).map(keyOf));
  const boxes: PdfRedactionBox[] = [];
  for (const term of terms) {
    for (const box of searchTermBoxes(text, [term.term]).boxes) {
      const key = keyOf(box);
      if (seen.has(key)) continue;
      seen.add(key);
      boxes.push({ ...box, redactionType: term.redactionType ?? UNSPECIFIED_TYPE });
    }
  }
  return boxes;
}

function otherReasonsOf(request: RedactionRequest): string[] {
  const reasons = [
    ...(request.redactions ?? []).flatMap((page) => page.rects.flatMap((rect) => (rect.otherReason === undefined ? [] : [rect.otherReason.trim()]))),
    ...(request.typedSearchTerms ?? []).flatMap((term) => (term.otherReason === undefined ? [] : [term.otherReason.trim()])),
  ];
  return [...new Set(reasons)].sort();
}

/** The typed details of a save's summary, as the log entry carries them (absent on records that predate them). */
function typedDetailsOf(summary: RedactionSaveSummary) {
  const { byType, byPage, otherReasons, agencyFeedback, unitId, unitName, verification, removedWords } = summary;
  return Object.fromEntries(Object.entries({ byType, byPage, otherReasons, agencyFeedback, unitId, unitName, verification, removedWords }).filter(([, value]) => value !== undefined));
}

function rectBoxes(redactions: readonly PageRedaction[], pageSizes: { width: number; height: number }[]): PdfRedactionBox[] {
  return toPdfBoxes(
    redactions.map((page) => ({ ...page, rects: [...page.rects] })),
    pageSizes,
  );
}

function checkedPageModifications(changes: readonly PageModification[], pageCount: number): PageModification[] {
  const seen = new Set<number>();
  for (const change of changes) {
    if (!Number.isInteger(change.pageIndex) || change.pageIndex < 0 || change.pageIndex >= pageCount) {
      throw new DomainError('INVALID_GEOMETRY', `Page ${change.pageIndex} does not exist in this document.`, { pageIndex: change.pageIndex });
    }
    if (seen.has(change.pageIndex)) throw new DomainError('VALIDATION_FAILED', `Page ${change.pageIndex} has more than one modification.`, { pageIndex: change.pageIndex });
    seen.add(change.pageIndex);
    if (change.action === 'rotate' && change.rotateBy === undefined) {
      throw new DomainError('VALIDATION_FAILED', `Page ${change.pageIndex}: rotate needs rotateBy (90, 180 or 270).`, { pageIndex: change.pageIndex });
    }
  }
  if (changes.filter((change) => change.action === 'delete').length >= pageCount) {
    throw new DomainError('VALIDATION_FAILED', 'A redaction cannot delete every page of a document.');
  }
  return changes.map((change) => (change.action === 'delete' ? { pageIndex: change.pageIndex, action: 'delete' } : { pageIndex: change.pageIndex, action: 'rotate', rotateBy: change.rotateBy }));
}

/** `MG11 statement.docx` → `MG11 statement-redacted.pdf` (once, however often it is redacted). */
export function redactedFileName(fileName: string): string {
  const base = fileName.replace(/\.[A-Za-z0-9]{1,8}$/, '').replace(/-redacted$/, '');
  return `${base.trim() === '' ? 'document' : base}-redacted.pdf`;
}

const notCurrent = (currentVersionId: string, cause?: unknown) =>
  new DomainError('DOCUMENT_VERSION_NOT_CURRENT', 'A newer version of the document exists; redact the current version.', { currentVersionId }, cause === undefined ? undefined : { cause });

const checkedOut = (checkedOutBy: string | null, cause?: unknown) =>
  new DomainError(
    'DOCUMENT_CHECKED_OUT',
    checkedOutBy === null ? 'The document is checked out by another user.' : `The document is checked out by ${checkedOutBy}.`,
    checkedOutBy === null ? {} : { checkedOutBy },
    cause === undefined ? undefined : { cause },
  );

/** Sorts by check-in time like RedactionLog's own ids, and is the same for every replay of one save. */
function logEntryIdOf(saveId: string, checkedInAt: string): string {
  return `${checkedInAt}-000000-${createHash('sha256').update(saveId).digest('hex').slice(0, 10)}`;
}

const nameOf = (error: unknown): string => (error instanceof Error ? error.name : typeof error);
