import { useCallback, useEffect, useRef, useState } from 'react';
import { api, must } from '../../api/client';
import { followEventStream } from '../../api/event-stream';
import type { components } from '../../api/schema';

export type TrackedDocument = components['schemas']['TrackedDocumentDto'];
export type TrackerSummary = components['schemas']['TrackerSummaryDto'];
type CaseTracker = components['schemas']['CaseTrackerDto'];

/** loading: first read; live: following the stream; reconnecting: the stream broke, trying again; finished: done (or idle, nothing to follow). */
export type TrackerConnection = 'loading' | 'live' | 'reconnecting' | 'finished' | 'failed';

export interface TrackerView {
  readonly summary: TrackerSummary | null;
  /** documentId → its latest tracked state (attachments unpacked from an e-mail have ids `<parent>-<n>`). */
  readonly documents: ReadonlyMap<string, TrackedDocument>;
  readonly connection: TrackerConnection;
  readonly retryInMs: number | null;
  readonly error: Error | null;
  /** Ask the facade to list the case again and ingest new versions, then follow the run. */
  readonly refresh: () => void;
}

const summaryOf = ({ caseId, status, runId, startedAt, finishedAt, progress }: CaseTracker): TrackerSummary => ({ caseId, status, runId, startedAt, finishedAt, progress });

/**
 * The case's ingestion, live: reads the tracker, starts ingestion when the case was never ingested (status idle),
 * then follows the tracker's server-sent events until `done`. `onRunFinished` is told when a run this view watched ends.
 */
export function useTracker(caseId: string, onRunFinished: () => void): TrackerView {
  const [summary, setSummary] = useState<TrackerSummary | null>(null);
  const [documents, setDocuments] = useState<ReadonlyMap<string, TrackedDocument>>(new Map());
  const [connection, setConnection] = useState<TrackerConnection>('loading');
  const [retryInMs, setRetryInMs] = useState<number | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [run, setRun] = useState<{ readonly generation: number; readonly refresh: boolean }>({ generation: 0, refresh: false });
  const finished = useRef(onRunFinished);
  useEffect(() => {
    finished.current = onRunFinished;
  }, [onRunFinished]);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const path = { params: { path: { caseId } }, signal };
    const follow = async () => {
      let refreshed = run.refresh;
      let tracker = refreshed ? must(await api.POST('/api/v1/cases/{caseId}/refresh', path)) : must(await api.GET('/api/v1/cases/{caseId}/tracker', path));
      if (tracker.status === 'idle') {
        tracker = must(await api.POST('/api/v1/cases/{caseId}/refresh', path));
        refreshed = true;
      }
      if (signal.aborted) return;
      setSummary(summaryOf(tracker));
      setDocuments(new Map(tracker.documents.map((document) => [document.documentId, document])));
      setError(null);
      if (tracker.status !== 'running') {
        setConnection('finished');
        if (refreshed) finished.current();
        return;
      }
      setConnection('live');
      await followEventStream(`/api/v1/cases/${encodeURIComponent(caseId)}/tracker/events`, {
        signal,
        onOpen: () => {
          setConnection('live');
          setRetryInMs(null);
        },
        onRetry: (_failure, inMs) => {
          setConnection('reconnecting');
          setRetryInMs(inMs);
        },
        onEvent: (event) => {
          if (event.event === 'document') {
            const document = JSON.parse(event.data) as TrackedDocument;
            setDocuments((current) => new Map(current).set(document.documentId, { ...document, checkedOutBy: current.get(document.documentId)?.checkedOutBy ?? null }));
          } else if (event.event === 'progress') {
            setSummary(JSON.parse(event.data) as TrackerSummary);
          } else if (event.event === 'done') {
            setSummary(JSON.parse(event.data) as TrackerSummary);
            setConnection('finished');
            finished.current();
            return 'stop';
          }
          // `error`: the server ends the stream; followEventStream reconnects with backoff.
        },
      });
    };
    follow().catch((failure: unknown) => {
      if (signal.aborted) return;
      setError(failure instanceof Error ? failure : new Error(String(failure)));
      setConnection('failed');
    });
    return () => controller.abort();
  }, [caseId, run]);

  const refresh = useCallback(() => {
    setConnection('loading');
    setRun((current) => ({ generation: current.generation + 1, refresh: true }));
  }, []);
  return { summary, documents, connection, retryInMs, error, refresh };
}
