import type { ServerResponse } from 'node:http';
import { openEventStream } from '../common/http-content/event-stream.js';
import type { CaseTracker } from './tracker/tracker.model.js';
import type { TrackerSummaryDto } from './tracker.dto.js';
import { toTrackedDocumentDto } from './tracker.mapper.js';

export interface TrackerEventsOptions {
  /** A comment line this often keeps proxies from closing an idle stream. */
  readonly heartbeatMs: number;
  /** Changes are coalesced into at most one update this often. */
  readonly throttleMs: number;
}

/**
 * Server-sent events of one case's progress on a raw response: `document` when a document's status
 * changes, `progress` with the case's counts, `done` (then the stream ends) once every document is
 * indexed or failed. Stops on its own when the client goes away.
 */
export function streamTrackerEvents(
  response: ServerResponse,
  load: () => Promise<CaseTracker>,
  watch: (listener: () => void) => () => void,
  options: TrackerEventsOptions,
): void {
  const sentStatus = new Map<string, string>();
  let timer: NodeJS.Timeout | null = null;
  let pending = false;
  let sending = false;
  let unwatch = (): void => {};
  const stream = openEventStream(response, {
    heartbeatMs: options.heartbeatMs,
    onClose: () => {
      unwatch();
      if (timer !== null) clearTimeout(timer);
    },
  });

  const flush = async (): Promise<void> => {
    if (stream.closed || sending) return;
    sending = true;
    pending = false;
    try {
      const tracker = await load();
      for (const document of tracker.documents) {
        const key = `${document.versionId}:${document.status}`;
        if (sentStatus.get(document.documentId) === key) continue;
        sentStatus.set(document.documentId, key);
        stream.send('document', toTrackedDocumentDto(document));
      }
      const summary: TrackerSummaryDto = { caseId: tracker.caseId, status: tracker.status, runId: tracker.runId, startedAt: tracker.startedAt, finishedAt: tracker.finishedAt, progress: tracker.progress };
      stream.send('progress', summary);
      if (tracker.status === 'done') {
        stream.send('done', summary);
        stream.close();
      }
    } catch {
      stream.send('error', { message: 'the tracker could not be read' });
      stream.close();
    } finally {
      sending = false;
      if (pending) schedule();
    }
  };

  const schedule = (): void => {
    pending = true;
    if (timer !== null || stream.closed) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, options.throttleMs);
  };

  unwatch = watch(schedule);
  void flush();
}
