import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditTrail } from '../../audit/audit-trail.service.js';
import type { CheckOutCandidate, CheckOutHolders } from '../../common/check-out-holders.port.js';
import { DomainError, isDomainError } from '../../common/domain-error.js';
import type { VersionRef } from '../../common/version-ref.js';
import { INGESTED_VERSIONS, type IngestedVersions } from '../../ingestion/ingested-versions.port.js';
import { LEGACY_CMS, type CaseDocument, type LegacyCaller, type LegacyCms } from '../../legacy/legacy-cms.port.js';
import type { StateEntity } from '../../storage/state/state-store.port.js';
import type { AgencyFeedback } from '../log/agency-feedback.js';
import { RedactionService, type RedactionSaved } from '../redaction.service.js';
import { checkedDraft, isEmptyDraft, requestOfDraft } from './redaction-draft.js';
import { httpEtagOf, RedactionSessionStore, storeEtagOf } from './redaction-session.store.js';
import { EMPTY_DRAFT, type RedactionDraft, type RedactionSessionRecord, type RedactionSessionView, type SessionEndReason, type StoredDraft } from './redaction-session.types.js';

export const REDACTION_SESSION_OPTIONS = Symbol('RedactionSessionOptions');

export interface RedactionSessionOptions {
  /** A session not heartbeaten for this long expires (and is cancelled by the sweeper). */
  readonly ttlMs: number;
  /** Epoch ms (tests steer it). */
  readonly now?: () => number;
  /** Test only: SIGKILL once an end is recorded, before the check-out is cancelled (proves the sweeper finishes it). */
  readonly crashAt?: 'ending-recorded' | null;
}

/** Concurrent writers of one session (a heartbeat and a draft save from two devices) retry this often. */
const WRITE_ATTEMPTS = 5;
/** A draft save renews the session too, but at most once per this share of the TTL (one write instead of two). */
const RENEW_ON_DRAFT_SHARE = 0.1;

/**
 * Redaction sessions (issue 14, ADR 0028): a session checks the document out in the legacy CMS for its holder at
 * once, keeps a server-side draft (coordinates, word references and page changes; never text) with an ETag, and
 * ends by a save through RedactionService, by cancel, or by expiry. Every state lives in the StateStore, every
 * write conditional on what was read, so two instances (or two devices) never both win.
 */
@Injectable()
export class RedactionSessionService implements CheckOutHolders {
  private readonly logger = new Logger('RedactionSessionService');
  private readonly now: () => number;

  constructor(
    @Inject(LEGACY_CMS) private readonly legacy: LegacyCms,
    @Inject(INGESTED_VERSIONS) private readonly ingested: IngestedVersions,
    private readonly redaction: RedactionService,
    private readonly store: RedactionSessionStore,
    private readonly audit: AuditTrail,
    @Inject(REDACTION_SESSION_OPTIONS) private readonly options: RedactionSessionOptions,
  ) {
    this.now = options.now ?? (() => Date.now());
  }

  /**
   * Starts a session, or answers the caller's own (another device: `created` false, no second check-out).
   * Someone else's session or legacy check-out is a 409 DOCUMENT_CHECKED_OUT naming them; an expired session of
   * someone else is cancelled first. Only the current version can be redacted.
   */
  async start(caller: LegacyCaller, target: VersionRef): Promise<{ view: RedactionSessionView; created: boolean }> {
    let document = await this.currentDocument(caller, target);
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
      const existing = await this.store.get(target.caseId, target.documentId);
      if (existing !== null) {
        const session = existing.value;
        const stale = session.versionId !== target.versionId;
        if (session.state !== 'ending' && (stale || (session.holder !== caller.username && this.isExpired(session)))) {
          // An expired session of someone else, or one left on a version that has since moved on, is ended first.
          await this.end(existing, 'expired');
          document = await this.currentDocument(caller, target);
          continue;
        }
        if (session.holder !== caller.username) throw heldBySession(session);
        if (session.state === 'ending' || session.state === 'saving') throw busy(session);
        if (session.state === 'starting') {
          await this.checkOut(caller, target);
          const active = await this.store.replace(existing, { ...session, state: 'active', ...this.renewed() });
          if (active === null) continue;
          return { view: await this.viewOf(active.value, caller), created: false };
        }
        const renewed = await this.store.replace(existing, { ...session, ...this.renewed() });
        if (renewed === null) continue;
        return { view: await this.viewOf(renewed.value, caller), created: false };
      }
      if (document.isCheckedOut) {
        const info = await this.legacy.getDocumentInfo(caller, target.caseId, target.documentId, target.versionId);
        if (info.checkedOutBy !== caller.username) throw checkedOutInLegacy(info.checkedOutBy);
      }
      const at = this.now();
      const created = await this.store.create({
        ...target,
        sessionId: randomUUID(),
        state: 'starting',
        holder: caller.username,
        ...(caller.subject === undefined ? {} : { subject: caller.subject }),
        startedAt: new Date(at).toISOString(),
        lastHeartbeatAt: new Date(at).toISOString(),
        expiresAt: at + this.options.ttlMs,
        endReason: null,
      });
      if (created === null) continue; // someone was faster: the next read names them
      await this.store.startDraft(target.caseId, target.documentId, created.value.sessionId, EMPTY_DRAFT, new Date(at).toISOString());
      try {
        await this.checkOut(caller, target);
      } catch (error) {
        await this.store.remove(created);
        throw error;
      }
      const active = (await this.store.replace(created, { ...created.value, state: 'active' })) ?? (await this.store.get(target.caseId, target.documentId));
      if (active === null) throw new DomainError('REDACTION_SESSION_NOT_FOUND', 'The session ended while it was starting.');
      return { view: await this.viewOf(active.value, caller), created: true };
    }
    throw busyRetrying();
  }

  /** The session of the version: its holder sees the draft; anyone else who may see the case sees who holds it. */
  async get(caller: LegacyCaller, target: VersionRef): Promise<RedactionSessionView> {
    const entity = await this.sessionOf(target);
    return this.viewOf(entity.value, caller);
  }

  /** Replaces the draft if `ifMatch` names the draft as it is now (the answer carries the new ETag). */
  async putDraft(caller: LegacyCaller, target: VersionRef, draft: RedactionDraft, ifMatch: string | undefined): Promise<RedactionSessionView> {
    if (ifMatch === undefined || ifMatch.trim() === '') {
      throw new DomainError('PRECONDITION_REQUIRED', 'Send If-Match with the ETag of the draft you changed (from starting or reading the session).');
    }
    const checked = checkedDraft(draft);
    let entity = await this.heldSession(caller, target, ['active']);
    const storeEtag = storeEtagOf(ifMatch);
    const stored: StoredDraft = { sessionId: entity.value.sessionId, draft: checked, savedAt: new Date(this.now()).toISOString() };
    const written = storeEtag === null ? null : await this.store.putDraft(target.caseId, target.documentId, stored, storeEtag);
    if (written === null) throw staleDraft();
    if (this.now() - Date.parse(entity.value.lastHeartbeatAt) >= this.options.ttlMs * RENEW_ON_DRAFT_SHARE) {
      entity = (await this.store.replace(entity, { ...entity.value, ...this.renewed() })) ?? entity;
    }
    return { session: entity.value, heldByCaller: true, draft: { value: written.value.draft, etag: httpEtagOf(written.etag), savedAt: written.value.savedAt } };
  }

  /** Extends the session's expiry (the holder's client beats while the document is open). */
  async heartbeat(caller: LegacyCaller, target: VersionRef): Promise<RedactionSessionRecord> {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
      const entity = await this.heldSession(caller, target, ['active', 'saving']);
      const renewed = await this.store.replace(entity, { ...entity.value, ...this.renewed() });
      if (renewed !== null) return renewed.value;
    }
    throw busyRetrying();
  }

  /** Cancels the session: the legacy check-out is cancelled and the draft dropped. */
  async cancel(caller: LegacyCaller, target: VersionRef): Promise<void> {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
      const entity = await this.heldSession(caller, target, ['active', 'starting']);
      if (await this.end(entity, 'cancelled')) return;
    }
    throw busyRetrying();
  }

  /**
   * Saves the draft through RedactionService (verification, check-in under the session's check-out, log,
   * re-ingestion) and ends the session. The session is `saving` meanwhile (no draft writes, no second save, not
   * swept: its expiry is renewed first); a failed save leaves it active with its draft, still checked out.
   */
  async save(caller: LegacyCaller, target: VersionRef, why: { readonly reasonCodes: readonly string[]; readonly agencyFeedback?: AgencyFeedback }): Promise<RedactionSaved> {
    const entity = await this.heldSession(caller, target, ['active']);
    const draft = await this.store.getDraft(target.caseId, target.documentId);
    const value = draft !== null && draft.value.sessionId === entity.value.sessionId ? draft.value.draft : EMPTY_DRAFT;
    if (isEmptyDraft(value)) throw new DomainError('VALIDATION_FAILED', 'Nothing to redact: the draft has no boxes, words or page modifications.', { field: 'draft' });
    const saving = await this.store.replace(entity, { ...entity.value, state: 'saving', ...this.renewed() });
    if (saving === null) throw busyRetrying();
    let saved: RedactionSaved;
    try {
      const text = value.words.length === 0 ? null : await this.ingested.readText(target);
      if (value.words.length > 0 && text === null) throw new DomainError('DOCUMENT_NOT_INGESTED', 'The words of this version are not available; retry when the case tracker shows it indexed.', { retryable: true });
      const request = requestOfDraft(value, text ?? { pageCount: 0, pages: [] }, why.reasonCodes);
      saved = await this.redaction.save(caller, target, why.agencyFeedback === undefined ? request : { ...request, agencyFeedback: why.agencyFeedback });
    } catch (error) {
      await this.backToActive(target, saving.value.sessionId);
      throw error;
    }
    const after = await this.store.get(target.caseId, target.documentId);
    // Checked in: the legacy CMS released the check-out; the session and its draft go.
    if (after !== null && after.value.sessionId === saving.value.sessionId) await this.store.remove(after);
    return saved;
  }

  // ---------- ending (cancel, expiry) and its recovery

  /**
   * Ends a session crash-safely: first the intent (the record becomes `ending`, conditional on the etag read, so a
   * heartbeat or a save racing it loses or wins whole), then the legacy check-out is cancelled, then the record and
   * draft go. A crash after the intent is finished by the sweeper (finishEnding). Answers false when the session
   * changed meanwhile (nothing was done; read again).
   */
  async end(entity: StateEntity<RedactionSessionRecord>, reason: SessionEndReason): Promise<boolean> {
    let ending = entity;
    if (entity.value.state !== 'ending') {
      const marked = await this.store.replace(entity, { ...entity.value, state: 'ending', endReason: reason });
      if (marked === null) return false;
      ending = marked;
      if (this.options.crashAt === 'ending-recorded') process.kill(process.pid, 'SIGKILL');
    }
    await this.finishEnding(ending);
    return true;
  }

  /**
   * Cancels the holder's check-out of the session's version, if they still hold it, and removes the session. Safe to
   * repeat: a check-out already cancelled (or consumed by a check-in, or moved to a newer version) is left alone.
   */
  async finishEnding(entity: StateEntity<RedactionSessionRecord>): Promise<void> {
    const session = entity.value;
    const caller: LegacyCaller = { username: session.holder, ...(session.subject === undefined ? {} : { subject: session.subject }), correlationId: randomUUID() };
    let cancelled = false;
    try {
      const document = (await this.legacy.listDocuments(caller, session.caseId)).find((candidate) => candidate.documentId === session.documentId);
      if (document !== undefined && document.versionId === session.versionId && document.isCheckedOut) {
        await this.legacy.cancelCheckOut(caller, session.caseId, session.documentId);
        cancelled = true;
      }
    } catch (error) {
      if (!isSettled(error)) throw error;
      this.logger.warn({ correlationId: caller.correlationId, caseId: session.caseId, code: isDomainError(error) ? error.code : 'unknown' }, 'a redaction session check-out was not cancelled: the holder no longer holds it or cannot reach the case');
    }
    if (session.endReason === 'expired') {
      await this.audit
        .record({
          action: 'redaction.session.expire',
          actor: session.holder,
          target: `case/${session.caseId}/document/${session.documentId}/version/${session.versionId}`,
          caseId: session.caseId,
          documentId: session.documentId,
          versionId: session.versionId,
          details: { sessionId: session.sessionId, checkOutCancelled: cancelled },
          correlationId: caller.correlationId,
        })
        .catch((error: unknown) => this.logger.error({ correlationId: caller.correlationId, errorName: error instanceof Error ? error.name : 'unknown' }, 'the audit record of an expired redaction session could not be written'));
    }
    await this.store.remove(entity);
  }

  isExpired(session: RedactionSessionRecord): boolean {
    return session.expiresAt <= this.now();
  }

  // ---------- checkedOutBy for the document list and the tracker

  async sessionHolders(caseId: string): Promise<ReadonlyMap<string, string>> {
    return new Map((await this.store.ofCase(caseId)).map((session) => [session.documentId, session.holder]));
  }

  async checkedOutBy(caller: LegacyCaller, caseId: string, documents: readonly CheckOutCandidate[]): Promise<ReadonlyMap<string, string>> {
    const holders = new Map(await this.sessionHolders(caseId));
    const unknown = documents.filter((document) => document.isCheckedOut && !holders.has(document.documentId)).slice(0, MAX_LEGACY_HOLDER_LOOKUPS);
    const answers = await Promise.all(
      unknown.map(async (document) => {
        const info = await this.legacy.getDocumentInfo(caller, caseId, document.documentId, document.versionId).catch(() => null);
        return [document.documentId, info?.checkedOutBy ?? null] as const;
      }),
    );
    for (const [documentId, holder] of answers) if (holder !== null) holders.set(documentId, holder);
    return holders;
  }

  // ---------- steps

  private async currentDocument(caller: LegacyCaller, target: VersionRef): Promise<CaseDocument> {
    const document = (await this.legacy.listDocuments(caller, target.caseId)).find((candidate) => candidate.documentId === target.documentId);
    if (document === undefined) throw new DomainError('DOCUMENT_NOT_FOUND', 'The case has no document with this id.');
    if (document.versionId !== target.versionId) {
      if (!document.versions.some((version) => version.versionId === target.versionId)) throw new DomainError('DOCUMENT_VERSION_NOT_FOUND', 'The document has no version with this id.');
      throw new DomainError('DOCUMENT_VERSION_NOT_CURRENT', 'A newer version of the document exists; redact the current version.', { currentVersionId: document.versionId });
    }
    return document;
  }

  private async checkOut(caller: LegacyCaller, target: VersionRef): Promise<void> {
    try {
      await this.legacy.checkOutDocument(caller, target.caseId, target.documentId, target.versionId);
    } catch (error) {
      if (isDomainError(error) && error.code === 'DOCUMENT_CHECKED_OUT' && typeof error.details['checkedOutBy'] !== 'string') {
        const info = await this.legacy.getDocumentInfo(caller, target.caseId, target.documentId, target.versionId).catch(() => null);
        throw checkedOutInLegacy(info?.checkedOutBy ?? null);
      }
      throw error;
    }
  }

  private async sessionOf(target: VersionRef): Promise<StateEntity<RedactionSessionRecord>> {
    const entity = await this.store.get(target.caseId, target.documentId);
    if (entity === null || entity.value.versionId !== target.versionId) throw new DomainError('REDACTION_SESSION_NOT_FOUND', 'This version has no redaction session; start one.');
    return entity;
  }

  /** The caller's own session in one of `states`; someone else's is a 409 naming them. */
  private async heldSession(caller: LegacyCaller, target: VersionRef, states: readonly RedactionSessionRecord['state'][]): Promise<StateEntity<RedactionSessionRecord>> {
    const entity = await this.sessionOf(target);
    if (entity.value.holder !== caller.username) throw heldBySession(entity.value);
    if (!states.includes(entity.value.state)) throw busy(entity.value);
    return entity;
  }

  private async backToActive(target: VersionRef, sessionId: string): Promise<void> {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
      const current = await this.store.get(target.caseId, target.documentId);
      if (current === null || current.value.sessionId !== sessionId || current.value.state !== 'saving') return;
      if ((await this.store.replace(current, { ...current.value, state: 'active', ...this.renewed() })) !== null) return;
    }
  }

  private renewed(): Pick<RedactionSessionRecord, 'lastHeartbeatAt' | 'expiresAt'> {
    const at = this.now();
    return { lastHeartbeatAt: new Date(at).toISOString(), expiresAt: at + this.options.ttlMs };
  }

  private async viewOf(session: RedactionSessionRecord, caller: LegacyCaller): Promise<RedactionSessionView> {
    if (session.holder !== caller.username) return { session, heldByCaller: false, draft: null };
    const draft = await this.store.getDraft(session.caseId, session.documentId);
    if (draft === null || draft.value.sessionId !== session.sessionId) return { session, heldByCaller: true, draft: null };
    return { session, heldByCaller: true, draft: { value: draft.value.draft, etag: httpEtagOf(draft.etag), savedAt: draft.value.savedAt } };
  }
}

/** Documents checked out in the legacy CMS itself are asked about one by one: a bound on those calls per list. */
const MAX_LEGACY_HOLDER_LOOKUPS = 25;

/** An error after which there is nothing of ours left to cancel (or nothing we may cancel): the session can go. */
function isSettled(error: unknown): boolean {
  if (!isDomainError(error)) return false;
  return ['DOCUMENT_CHECKED_OUT', 'DOCUMENT_NOT_FOUND', 'CASE_NOT_FOUND', 'CASE_ACCESS_DENIED', 'LEGACY_USER_UNKNOWN'].includes(error.code);
}

const heldBySession = (session: RedactionSessionRecord) =>
  new DomainError('DOCUMENT_CHECKED_OUT', `The document is checked out by ${session.holder}, who is redacting it.`, {
    checkedOutBy: session.holder,
    sessionHolder: session.holder,
    sessionExpiresAt: new Date(session.expiresAt).toISOString(),
  });

const checkedOutInLegacy = (checkedOutBy: string | null) =>
  new DomainError('DOCUMENT_CHECKED_OUT', checkedOutBy === null ? 'The document is checked out by another user.' : `The document is checked out by ${checkedOutBy}.`, checkedOutBy === null ? {} : { checkedOutBy });

const busy = (session: RedactionSessionRecord) =>
  new DomainError('REDACTION_SESSION_BUSY', session.state === 'saving' ? 'The session is saving the redaction; wait for the save to finish.' : 'The session is ending; start a new one once it has.', {
    sessionState: session.state,
  });

const busyRetrying = () => new DomainError('REDACTION_SESSION_BUSY', 'The session changed while this request ran; retry.', { sessionState: 'changing' });

const staleDraft = () => new DomainError('PRECONDITION_FAILED', 'The draft has changed since this ETag (another device saved it): read the session, then apply your change again.');
