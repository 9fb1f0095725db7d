import type { VersionRef } from '../../common/version-ref.js';

/**
 * active → saving → (removed: saved) | active (the save failed; the draft is kept);
 * active | saving (expired) → ending → (removed: check-out cancelled).
 * `ending` is the intent record of a cancel or an expiry: written before the legacy check-out is cancelled,
 * so whichever instance finds it (the sweeper, at start-up or on its next pass) finishes the cancel.
 */
export type RedactionSessionState = 'starting' | 'active' | 'saving' | 'ending';

/** Why a session ended without a save (the `ending` record says which). */
export type SessionEndReason = 'cancelled' | 'expired';

export interface RedactionSessionRecord extends VersionRef {
  readonly sessionId: string;
  readonly state: RedactionSessionState;
  /** Legacy username of the holder: the check-out is theirs, and the sweeper cancels it as them. */
  readonly holder: string;
  /** Their token subject (the strangler's canary uses it for the sweeper's legacy calls too). */
  readonly subject?: string;
  /** ISO-8601. */
  readonly startedAt: string;
  readonly lastHeartbeatAt: string;
  /** Epoch ms: after this the session is cancelled by the sweeper (or by the next start on the document). */
  readonly expiresAt: number;
  readonly endReason: SessionEndReason | null;
}

/** A rectangle in the units of the page as the client rendered it (top-left origin). */
export interface DraftRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A box drawn by the lawyer: coordinates only, never the text under it. */
export interface DraftBox {
  readonly pageIndex: number;
  readonly pageWidth: number;
  readonly pageHeight: number;
  readonly rect: DraftRect;
  readonly redactionType: string;
  /** Only for redactionType `other`: why, in the lawyer's words. */
  readonly otherReason?: string;
}

/** A word chosen by reference into the version's word model (e.g. an occurrence of a search term): never its text. */
export interface DraftWordRef {
  readonly pageIndex: number;
  readonly lineIndex: number;
  readonly wordIndex: number;
  readonly redactionType: string;
  readonly otherReason?: string;
}

export interface DraftPageModification {
  readonly pageIndex: number;
  readonly action: 'delete' | 'rotate';
  readonly rotateBy?: 90 | 180 | 270;
}

export interface RedactionDraft {
  readonly boxes: readonly DraftBox[];
  readonly words: readonly DraftWordRef[];
  readonly pageModifications: readonly DraftPageModification[];
}

export const EMPTY_DRAFT: RedactionDraft = { boxes: [], words: [], pageModifications: [] };

/** The draft as stored (one entity per document, beside the session, so heartbeats never rewrite it). */
export interface StoredDraft {
  readonly sessionId: string;
  readonly draft: RedactionDraft;
  /** ISO-8601. */
  readonly savedAt: string;
}

/** A session as the service answers it: the record and, for its holder, the draft and its ETag. */
export interface RedactionSessionView {
  readonly session: RedactionSessionRecord;
  readonly heldByCaller: boolean;
  readonly draft: { readonly value: RedactionDraft; readonly etag: string; readonly savedAt: string } | null;
}
