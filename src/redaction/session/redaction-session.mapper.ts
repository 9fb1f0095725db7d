import type { RedactionDraftDto, RedactionSessionDto } from './redaction-session.dto.js';
import type { RedactionDraft, RedactionSessionView } from './redaction-session.types.js';

export function toRedactionDraftDto(draft: RedactionDraft): RedactionDraftDto {
  return {
    boxes: draft.boxes.map((box) => ({ ...box, rect: { ...box.rect } })),
    words: draft.words.map((word) => ({ ...word })),
    pageModifications: draft.pageModifications.map((change) => ({ ...change })),
  };
}

export function toRedactionSessionDto({ session, heldByCaller, draft }: RedactionSessionView): RedactionSessionDto {
  return {
    sessionId: session.sessionId,
    caseId: session.caseId,
    documentId: session.documentId,
    versionId: session.versionId,
    holder: session.holder,
    heldByCaller,
    state: session.state,
    startedAt: session.startedAt,
    lastHeartbeatAt: session.lastHeartbeatAt,
    expiresAt: new Date(session.expiresAt).toISOString(),
    draftEtag: draft?.etag ?? null,
    draftSavedAt: draft?.savedAt ?? null,
    draft: draft === null ? null : toRedactionDraftDto(draft.value),
  };
}
