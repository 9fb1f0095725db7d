import type { ServerResponse } from 'node:http';
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
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let pending = false;
  let sending = false;

  const send = (event: string, data: unknown): void => {
    if (!closed) response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  const close = (): void => {
    if (closed) return;
    closed = true;
    unwatch();
    clearInterval(heartbeat);
    if (timer !== null) clearTimeout(timer);
    if (!response.writableEnded) response.end();
  };

  const flush = async (): Promise<void> => {
    if (closed || sending) return;
    sending = true;
    pending = false;
    try {
      const tracker = await load();
      for (const document of tracker.documents) {
        const key = `${document.versionId}:${document.status}`;
        if (sentStatus.get(document.documentId) === key) continue;
        sentStatus.set(document.documentId, key);
        send('document', toTrackedDocumentDto(document));
      }
      const summary: TrackerSummaryDto = { caseId: tracker.caseId, status: tracker.status, runId: tracker.runId, startedAt: tracker.startedAt, finishedAt: tracker.finishedAt, progress: tracker.progress };
      send('progress', summary);
      if (tracker.status === 'done') {
        send('done', summary);
        close();
      }
    } catch {
      send('error', { message: 'the tracker could not be read' });
      close();
    } finally {
      sending = false;
      if (pending) schedule();
    }
  };

  const schedule = (): void => {
    pending = true;
    if (timer !== null || closed) return;
    timer = setTimeout(() => {
      timer = null;
      void flush();
    }, options.throttleMs);
  };

  const unwatch = watch(schedule);
  const heartbeat = setInterval(() => {
    if (!closed) response.write(': heartbeat\n\n');
  }, options.heartbeatMs);
  response.once('close', close);

  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-content-type-options': 'nosniff',
  });
  response.write('retry: 2000\n\n');
  void flush();
}
