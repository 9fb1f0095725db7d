import type { Box } from '../../common/word-model.js';
import type { SuggestionCategory } from '../suggestions/suggestion.types.js';

/** StateStore table of plans: partition = planId; keys `plan`, `doc:<nnnnn>`, `run:<documentId>`, `evt:<nnnnnnnn>`. */
export const REDACTION_PLANS_TABLE = 'redactionplans';
export const PLAN_KEY = 'plan';
export const DOCUMENT_KEY_PREFIX = 'doc:';
export const RUN_KEY_PREFIX = 'run:';
export const EVENT_KEY_PREFIX = 'evt:';

export const documentKeyOf = (position: number): string => `${DOCUMENT_KEY_PREFIX}${String(position).padStart(5, '0')}`;
export const runKeyOf = (documentId: string): string => `${RUN_KEY_PREFIX}${documentId}`;
export const eventKeyOf = (sequence: number): string => `${EVENT_KEY_PREFIX}${String(sequence).padStart(8, '0')}`;

/** The case-data categories a named person brings (name, address lines, postcode, phone, date of birth). */
export const PERSON_CATEGORIES = ['name', 'address', 'postcode', 'phone', 'dob'] as const satisfies readonly SuggestionCategory[];
export type PersonCategory = (typeof PERSON_CATEGORIES)[number];

export type PlanPersonKind = 'witness' | 'defendant';

/** A person of the case named by id; their terms are read from the legacy CMS each time, never stored. */
export interface PlanPerson {
  readonly kind: PlanPersonKind;
  readonly id: string;
  readonly categories: readonly PersonCategory[];
}

/**
 * What the plan looks for, as stored: the terms themselves are the text to be redacted, so only their count is
 * kept; people by id; suggestion categories by name.
 */
export interface PlanSelectors {
  readonly termCount: number;
  readonly categories: readonly SuggestionCategory[];
  readonly people: readonly PlanPerson[];
}

/** Why a box is in the plan: a term (by its position in the request), a named person's data, or a suggestion category. */
export type PlanBoxOrigin =
  | { readonly kind: 'term'; readonly termIndex: number }
  | { readonly kind: 'person'; readonly personIndex: number; readonly category: SuggestionCategory }
  | { readonly kind: 'category'; readonly category: SuggestionCategory };

/** `[lineIndex, wordIndex]` into the version's stored words (page.lines[lineIndex].words[wordIndex]). */
export type WordRef = readonly [number, number];

/** One match on one page: the words it covers (their text is never stored) and the rectangles to remove (one per line). */
export interface PlanBox {
  /** Unique within the document: `<pageIndex>.<n>`. */
  readonly boxId: string;
  readonly origin: PlanBoxOrigin;
  readonly words: readonly WordRef[];
  /** PDF points, top-left origin of the displayed page (the word model's units), padded a little. */
  readonly rects: readonly Box[];
  /** A suggestion category's box: the person it is about within its document (`person-1`…), as suggestions give it. */
  readonly personKey?: string | null;
}

export interface PlanPage {
  readonly pageIndex: number;
  readonly width: number;
  readonly height: number;
  readonly boxes: readonly PlanBox[];
}

export type PlanDecision = 'accepted' | 'rejected';

/** Why a document of the plan cannot be applied, whatever the review says. */
export type PlanDocumentBlock = 'ATTACHMENT_NOT_REDACTABLE' | 'TOO_MANY_MATCHES';

export interface StoredPlanDocument {
  readonly position: number;
  readonly documentId: string;
  readonly versionId: string;
  readonly pageCount: number;
  /** Only pages with at least one box. */
  readonly pages: readonly PlanPage[];
  readonly boxCount: number;
  readonly decision: PlanDecision;
  readonly rejectedBoxIds: readonly string[];
  readonly blockedBy: PlanDocumentBlock | null;
}

export type PlanStatus = 'review' | 'applying' | 'applied';

/** Who the apply job runs as: the user who asked for it. */
export interface PlanApplier {
  readonly username: string;
  readonly subject?: string;
  readonly requestedAt: string;
  readonly reasonCodes: readonly string[];
}

export interface StoredPlan {
  readonly planId: string;
  readonly caseId: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly status: PlanStatus;
  /** Every review change adds one; the ETag is made of it. */
  readonly revision: number;
  readonly selectors: PlanSelectors;
  readonly documentCount: number;
  /** Document ids in plan order (a document's position is its key). */
  readonly documentIds: readonly string[];
  /** Pages with at least one box. */
  readonly pageCount: number;
  readonly boxCount: number;
  /** Documents searched that had no match (counted, not listed). */
  readonly documentsSearched: number;
  readonly applier: PlanApplier | null;
  readonly finishedAt: string | null;
}

export type RunState = 'saving' | 'saved' | 'failed' | 'skipped';

/** Durable progress of one document of an apply. */
export interface StoredDocumentRun {
  readonly documentId: string;
  readonly versionId: string;
  readonly state: RunState;
  /** The save's correlation id: the save journal's record of it is found by this after a crash. */
  readonly correlationId: string | null;
  /** Epoch ms when the save was started (the journal's save ids sort by time: a lower bound to scan from). */
  readonly startedAtMs: number | null;
  readonly newVersionId: string | null;
  readonly boxCount: number;
  /** A problem code (failed) or why it was skipped (`REJECTED`, `NO_BOXES_ACCEPTED`, `DOCUMENT_VERSION_NOT_CURRENT`, a block). */
  readonly code: string | null;
  /** A sentence for the user; never document text. */
  readonly message: string | null;
}

export type PlanEventName = 'document' | 'progress' | 'done';

export interface StoredPlanEvent {
  readonly sequence: number;
  readonly event: PlanEventName;
  readonly data: unknown;
}
