import { api, must } from '../../api/client';
import type { components } from '../../api/schema';

type Schemas = components['schemas'];
export type RedactionSession = Schemas['RedactionSessionDto'];
export type Draft = Schemas['RedactionDraftDto'];
export type DraftBox = Schemas['DraftBoxDto'];
export type DraftWord = Schemas['DraftWordRefDto'];
export type PageModification = Schemas['PageModificationDto'];
export type RedactionType = Schemas['RedactionTypeDto'];
export type Suggestion = Schemas['RedactionSuggestionDto'];
export type SuggestionCategory = Schemas['SuggestionCategory'];
export type DocumentText = Schemas['DocumentTextDto'];
export type TextPage = Schemas['TextPageDto'];
export type PreviewWords = Schemas['RedactionPreviewWordsDto'];
export type RedactionSaved = Schemas['RedactionSavedDto'];
export type RedactionLogEntry = Schemas['RedactionLogEntryDto'];
export type CreateRedaction = Schemas['CreateRedactionDto'];
export type AgencyFeedback = Schemas['AgencyFeedbackDto'];

export const EMPTY_DRAFT: Draft = { boxes: [], words: [], pageModifications: [] };
export const OTHER_TYPE = 'other';

/** The version a session is about. */
export interface VersionRef {
  readonly caseId: string;
  readonly documentId: string;
  readonly versionId: string;
}

const path = (ref: VersionRef) => ({ params: { path: { caseId: ref.caseId, documentId: ref.documentId, versionId: ref.versionId } } });

/** The session of a version, or null when it has none (404). */
export async function getSession(ref: VersionRef, signal?: AbortSignal): Promise<RedactionSession | null> {
  const result = await api.GET('/api/v1/cases/{caseId}/documents/{documentId}/versions/{versionId}/redaction-session', { ...path(ref), signal });
  if (result.response.status === 404 && (result.error as { code?: string } | undefined)?.code === 'REDACTION_SESSION_NOT_FOUND') return null;
  return must(result);
}

export async function startSession(ref: VersionRef): Promise<RedactionSession> {
  return must(await api.POST('/api/v1/cases/{caseId}/documents/{documentId}/versions/{versionId}/redaction-session', path(ref)));
}

export async function heartbeat(ref: VersionRef): Promise<RedactionSession> {
  return must(await api.POST('/api/v1/cases/{caseId}/documents/{documentId}/versions/{versionId}/redaction-session/heartbeat', path(ref)));
}

export async function cancelSession(ref: VersionRef): Promise<void> {
  const result = await api.DELETE('/api/v1/cases/{caseId}/documents/{documentId}/versions/{versionId}/redaction-session', path(ref));
  if (result.response.status !== 204) must(result);
}

export async function putDraft(ref: VersionRef, draft: Draft, etag: string): Promise<RedactionSession> {
  return must(
    await api.PUT('/api/v1/cases/{caseId}/documents/{documentId}/versions/{versionId}/redaction-session/draft', {
      params: { path: path(ref).params.path, header: { 'If-Match': etag } },
      body: draftForWire(draft),
    }),
  );
}

export async function saveSession(ref: VersionRef, agencyFeedback?: AgencyFeedback): Promise<RedactionSaved> {
  return must(await api.POST('/api/v1/cases/{caseId}/documents/{documentId}/versions/{versionId}/redaction-session/save', { ...path(ref), body: agencyFeedback === undefined ? {} : { agencyFeedback } }));
}

export async function getRedactionTypes(signal?: AbortSignal): Promise<readonly RedactionType[]> {
  return must(await api.GET('/api/v1/redaction-types', { signal })).types;
}

export async function getSuggestions(ref: VersionRef, signal?: AbortSignal): Promise<readonly Suggestion[]> {
  return must(await api.GET('/api/v1/cases/{caseId}/documents/{documentId}/versions/{versionId}/redaction-suggestions', { ...path(ref), signal })).suggestions;
}

export async function getText(ref: VersionRef, signal?: AbortSignal): Promise<DocumentText> {
  return must(await api.GET('/api/v1/cases/{caseId}/documents/{documentId}/versions/{versionId}/text', { ...path(ref), signal }));
}

export async function previewWords(ref: VersionRef, body: CreateRedaction): Promise<PreviewWords> {
  return must(await api.POST('/api/v1/cases/{caseId}/documents/{documentId}/versions/{versionId}/redactions/preview/words', { ...path(ref), body }));
}

/** The log entry of a save (the log is oldest first and paged: read to the end). */
export async function findLogEntry(caseId: string, saved: RedactionSaved): Promise<RedactionLogEntry | null> {
  let after: string | undefined;
  let found: RedactionLogEntry | null = null;
  for (let page = 0; page < 50; page += 1) {
    const answer = must(await api.GET('/api/v1/cases/{caseId}/redaction-log', { params: { path: { caseId }, query: { limit: 100, ...(after === undefined ? {} : { after }) } } }));
    found = answer.entries.find((entry) => entry.documentId === saved.documentId && entry.newVersionId === saved.newVersionId) ?? found;
    if (answer.nextAfter === null) break;
    after = answer.nextAfter;
  }
  return found;
}

/** An empty "other" reason is left out of the draft (it is asked for before saving); the server refuses an empty one. */
function draftForWire(draft: Draft): Draft {
  const typed = <T extends { redactionType: string; otherReason?: string }>(item: T): T => {
    if (item.redactionType === OTHER_TYPE && item.otherReason !== undefined && item.otherReason.trim() !== '') return { ...item, otherReason: item.otherReason.trim() };
    const { otherReason: _dropped, ...rest } = item;
    return rest as T;
  };
  return { boxes: draft.boxes.map(typed), words: draft.words.map(typed), pageModifications: draft.pageModifications };
}

/** The draft as a redaction request (for the words preview): word references become their words' boxes. */
export function draftAsRequest(draft: Draft, text: DocumentText | null): CreateRedaction {
  const pages = new Map<string, NonNullable<CreateRedaction['redactions']>[number]>();
  const rectsOn = (pageIndex: number, pageWidth: number, pageHeight: number) => {
    const key = `${pageIndex}:${pageWidth}:${pageHeight}`;
    let entry = pages.get(key);
    if (entry === undefined) {
      entry = { pageIndex, pageWidth, pageHeight, rects: [] };
      pages.set(key, entry);
    }
    return entry.rects;
  };
  // An "other" box without its reason yet is previewed untyped (the save asks for the reason).
  const typeOf = (item: { redactionType: string; otherReason?: string }) => {
    if (item.redactionType !== OTHER_TYPE) return { redactionType: item.redactionType };
    const reason = item.otherReason?.trim() ?? '';
    return reason === '' ? {} : { redactionType: OTHER_TYPE, otherReason: reason };
  };
  for (const box of draft.boxes) rectsOn(box.pageIndex, box.pageWidth, box.pageHeight).push({ ...box.rect, ...typeOf(box) });
  for (const ref of draft.words) {
    const page = text?.pages.find((each) => each.pageIndex === ref.pageIndex);
    const word = page?.lines[ref.lineIndex]?.words[ref.wordIndex];
    if (page === undefined || word === undefined) continue;
    rectsOn(page.pageIndex, page.width, page.height).push({ ...word.box, ...typeOf(ref) });
  }
  return { redactions: [...pages.values()], pageModifications: draft.pageModifications };
}

/**
 * Suggestion categories → the redaction type their boxes get (when the deployment has it): the server's table for
 * plans too (`redactionTypeOf` in src/redaction/plans/redaction-plan.runner.ts).
 */
export const TYPE_FOR_CATEGORY: Readonly<Record<SuggestionCategory, string>> = {
  name: 'named-person',
  address: 'address',
  postcode: 'address',
  dob: 'date-of-birth',
  phone: 'phone',
  email: 'email',
  'ni-number': 'ni-number',
  'vehicle-reg': 'vehicle',
  'sort-code': 'bank-details',
  'account-number': 'bank-details',
};

export function typeForCategory(category: SuggestionCategory, types: readonly RedactionType[], fallback: string): string {
  const wanted = TYPE_FOR_CATEGORY[category];
  return types.some((type) => type.id === wanted) ? wanted : fallback;
}

export const CATEGORY_LABELS: Record<SuggestionCategory, string> = {
  name: 'Names',
  address: 'Addresses',
  postcode: 'Postcodes',
  dob: 'Dates of birth',
  phone: 'Phone numbers',
  email: 'E-mail addresses',
  'ni-number': 'National Insurance numbers',
  'vehicle-reg': 'Vehicle registrations',
  'sort-code': 'Sort codes',
  'account-number': 'Account numbers',
};
