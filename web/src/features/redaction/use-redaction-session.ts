import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { cancelSession, EMPTY_DRAFT, type AgencyFeedback, getSession, heartbeat, putDraft, saveSession, startSession, type Draft, type RedactionSaved, type RedactionSession, type VersionRef } from './redaction-api';

export type SessionView =
  | { readonly kind: 'loading' }
  | { readonly kind: 'free' }
  | { readonly kind: 'locked'; readonly holder: string; readonly expiresAt: string | null }
  | { readonly kind: 'holding'; readonly session: RedactionSession }
  | { readonly kind: 'failed'; readonly error: Error };

export type DraftStatus =
  | { readonly kind: 'saved'; readonly at: string | null }
  | { readonly kind: 'pending' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'reloaded' }
  | { readonly kind: 'failed'; readonly error: Error };

/** Draft writes wait this long after the last change: one PUT for a burst of drawing. */
const DRAFT_SAVE_DELAY_MS = 600;
/** The session's TTL is minutes (REDACTION_SESSION_TTL_MS, 20 by default): a heartbeat a minute keeps it. */
const HEARTBEAT_MS = 60_000;

const asError = (failure: unknown) => (failure instanceof Error ? failure : new Error(String(failure)));
const codeOf = (failure: unknown) => (failure instanceof ApiError ? failure.problem.code : null);

function lockOf(failure: unknown): SessionView | null {
  if (!(failure instanceof ApiError) || failure.problem.code !== 'DOCUMENT_CHECKED_OUT') return null;
  const { sessionHolder, checkedOutBy, sessionExpiresAt } = failure.problem as { sessionHolder?: string; checkedOutBy?: string; sessionExpiresAt?: string };
  return { kind: 'locked', holder: sessionHolder ?? checkedOutBy ?? 'another user', expiresAt: sessionExpiresAt ?? null };
}

function viewOf(session: RedactionSession | null): SessionView {
  if (session === null) return { kind: 'free' };
  if (!session.heldByCaller) return { kind: 'locked', holder: session.holder, expiresAt: session.expiresAt };
  return { kind: 'holding', session };
}

/**
 * The redaction session of one version and its draft. Changes apply locally at once; the draft is written in the
 * background (debounced, one request in flight, If-Match), so drawing never waits for the network. A 412 (the draft
 * changed on another device) reloads the server's draft and says so.
 */
export function useRedactionSession(ref: VersionRef) {
  const { caseId, documentId, versionId } = ref;
  const [view, setView] = useState<SessionView>({ kind: 'loading' });
  const [draft, setDraft] = useState<Draft>(EMPTY_DRAFT);
  // The draft's save status lives outside React state: a save must not re-render the panel or the pages.
  const [statusStore] = useState(() => valueStore<DraftStatus>({ kind: 'saved', at: null }));
  const setStatus = statusStore.set;
  const draftRef = useRef<Draft>(EMPTY_DRAFT);
  const etagRef = useRef<string | null>(null);
  const dirtyRef = useRef(false);
  const inFlightRef = useRef<Promise<void> | null>(null);
  const timerRef = useRef<ReturnType<typeof setTimeout> | null>(null);

  const adopt = useCallback((session: RedactionSession | null) => {
    setView(viewOf(session));
    if (session?.heldByCaller === true && session.draft !== null) {
      draftRef.current = session.draft;
      etagRef.current = session.draftEtag;
      setDraft(session.draft);
      setStatus({ kind: 'saved', at: session.draftSavedAt });
    }
  }, [setStatus, ]);

  const reload = useCallback(async () => {
    try {
      adopt(await getSession({ caseId, documentId, versionId }));
    } catch (failure) {
      setView({ kind: 'failed', error: asError(failure) });
    }
  }, [adopt, caseId, documentId, versionId]);

  const persist = useCallback((): Promise<void> => {
    if (inFlightRef.current !== null) return inFlightRef.current;
    const run = (async () => {
      while (dirtyRef.current && etagRef.current !== null) {
        dirtyRef.current = false;
        setStatus({ kind: 'saving' });
        try {
          const session = await putDraft({ caseId, documentId, versionId }, draftRef.current, etagRef.current);
          etagRef.current = session.draftEtag;
          if (!dirtyRef.current) setStatus({ kind: 'saved', at: session.draftSavedAt });
        } catch (failure) {
          if (codeOf(failure) === 'PRECONDITION_FAILED') {
            const session = await getSession({ caseId, documentId, versionId }).catch(() => null);
            adopt(session);
            setStatus({ kind: 'reloaded' });
          } else {
            dirtyRef.current = true;
            setStatus({ kind: 'failed', error: asError(failure) });
          }
          return;
        }
      }
    })().finally(() => {
      inFlightRef.current = null;
    });
    inFlightRef.current = run;
    return run;
  }, [setStatus, adopt, caseId, documentId, versionId]);

  const update = useCallback(
    (change: (current: Draft) => Draft) => {
      const next = change(draftRef.current);
      if (next === draftRef.current) return;
      draftRef.current = next;
      dirtyRef.current = true;
      setDraft(next);
      setStatus({ kind: 'pending' });
      if (timerRef.current !== null) clearTimeout(timerRef.current);
      timerRef.current = setTimeout(() => {
        timerRef.current = null;
        // A write already in flight picks the change up when it finishes.
        void persist().then(() => (dirtyRef.current && inFlightRef.current === null ? persist() : undefined));
      }, DRAFT_SAVE_DELAY_MS);
    },
    [setStatus, persist],
  );

  /** Writes any pending change now (before a preview or a save). */
  const flush = useCallback(async () => {
    if (timerRef.current !== null) {
      clearTimeout(timerRef.current);
      timerRef.current = null;
    }
    if (inFlightRef.current !== null) await inFlightRef.current;
    if (dirtyRef.current) await persist();
  }, [persist]);

  useEffect(() => {
    const controller = new AbortController();
    getSession({ caseId, documentId, versionId }, controller.signal).then(
      (session) => controller.signal.aborted || adopt(session),
      (failure: unknown) => controller.signal.aborted || setView({ kind: 'failed', error: asError(failure) }),
    );
    return () => {
      controller.abort();
      // Leaving the document: a change still waiting is written now rather than lost.
      if (timerRef.current !== null) clearTimeout(timerRef.current);
      if (dirtyRef.current) void persist();
    };
  }, [adopt, persist, caseId, documentId, versionId]);

  const holding = view.kind === 'holding';
  useEffect(() => {
    if (!holding) return;
    const timer = setInterval(() => {
      heartbeat({ caseId, documentId, versionId }).then(
        (session) => setView((current) => (current.kind === 'holding' ? { kind: 'holding', session: { ...current.session, expiresAt: session.expiresAt, lastHeartbeatAt: session.lastHeartbeatAt } } : current)),
        // The session expired or was taken over: show what the server says now.
        () => void reload(),
      );
    }, HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, [holding, reload, caseId, documentId, versionId]);

  const start = useCallback(async () => {
    setView({ kind: 'loading' });
    try {
      adopt(await startSession({ caseId, documentId, versionId }));
    } catch (failure) {
      setView(lockOf(failure) ?? { kind: 'failed', error: asError(failure) });
    }
  }, [adopt, caseId, documentId, versionId]);

  const cancel = useCallback(async () => {
    if (timerRef.current !== null) clearTimeout(timerRef.current);
    dirtyRef.current = false;
    if (inFlightRef.current !== null) await inFlightRef.current.catch(() => undefined);
    await cancelSession({ caseId, documentId, versionId });
    draftRef.current = EMPTY_DRAFT;
    etagRef.current = null;
    setDraft(EMPTY_DRAFT);
    setStatus({ kind: 'saved', at: null });
    setView({ kind: 'free' });
  }, [setStatus, caseId, documentId, versionId]);

  const save = useCallback(async (agencyFeedback?: AgencyFeedback): Promise<RedactionSaved> => {
    await flush();
    if (dirtyRef.current) throw new Error('The draft could not be saved; the redaction was not saved. Try again.');
    return saveSession({ caseId, documentId, versionId }, agencyFeedback);
  }, [flush, caseId, documentId, versionId]);

  return { view, draft, statusStore, update, flush, start, cancel, save, reload };
}

/** A value a few components subscribe to, so a draft save re-renders the status line and nothing else. */
export interface ValueStore<T> {
  get(this: void): T;
  set(this: void, value: T): void;
  subscribe(this: void, listener: () => void): () => void;
}

export function valueStore<T>(initial: T): ValueStore<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set: (next) => {
      value = next;
      for (const listener of listeners) listener();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
