import { ProblemMessage } from '../../components/ProblemMessage';
import type { TrackedDocument, TrackerView } from './use-tracker';

/**
 * The case's ingestion: a progressbar (documents indexed or failed of all), a polite live region announcing the
 * state in coarse steps, and each failed document with the tracker's explanation and what the user can do.
 */
export function IngestionProgress({ tracker, titleOf }: { tracker: TrackerView; titleOf: (document: TrackedDocument) => string }) {
  const { summary, connection } = tracker;
  const failures = [...tracker.documents.values()].filter((document) => document.status === 'failed');
  const total = summary?.progress.total ?? 0;
  const processed = (summary?.progress.indexed ?? 0) + (summary?.progress.failed ?? 0);
  const running = summary?.status === 'running' && connection !== 'finished';
  const announcement = announcementOf(tracker, processed, total);
  return (
    <section className="ingestion" aria-labelledby="ingestion-heading">
      <div className="ingestion-head">
        <h3 id="ingestion-heading">Processing</h3>
        <button type="button" className="link-button" onClick={tracker.refresh} disabled={connection === 'loading' || running}>
          Check for new documents
        </button>
      </div>
      {summary !== null && total > 0 && (
        <div
          role="progressbar"
          className="ingestion-bar"
          aria-labelledby="ingestion-heading"
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuenow={processed}
          aria-valuetext={`${processed} of ${total} documents processed${summary.progress.failed > 0 ? `, ${summary.progress.failed} failed` : ''}`}
          data-status={summary.status}
        >
          <span className="ingestion-bar-fill" style={{ width: `${total === 0 ? 0 : (100 * processed) / total}%` }} />
        </div>
      )}
      <p className="ingestion-status" aria-live="polite">
        {announcement}
      </p>
      {connection === 'reconnecting' && tracker.retryInMs !== null && <p className="ingestion-reconnect">The live connection dropped; trying again in {Math.ceil(tracker.retryInMs / 1000)} s.</p>}
      {tracker.error !== null && <ProblemMessage error={tracker.error} />}
      {failures.length > 0 && (
        <details className="ingestion-failures" open>
          <summary>
            {failures.length} {failures.length === 1 ? 'document' : 'documents'} could not be processed
          </summary>
          <ul>
            {failures.map((document) => (
              <li key={document.documentId} data-document-id={document.documentId}>
                <strong>{titleOf(document)}</strong>: {document.failure?.message ?? document.reason ?? 'failed'}
                {document.failure !== null && <span className="failure-action"> What to do: {document.failure.action}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** Coarse on purpose (tenths while running), so a screen reader is not told every document. */
function announcementOf(tracker: TrackerView, processed: number, total: number): string {
  const { summary, connection } = tracker;
  if (connection === 'failed') return 'The processing status could not be read.';
  if (summary === null) return 'Reading the processing status…';
  const failed = summary.progress.failed;
  if (summary.status === 'idle') return 'This case has not been processed yet.';
  if (summary.status === 'done' || connection === 'finished') {
    return `All ${total} documents processed: ${summary.progress.indexed} ready${failed > 0 ? `, ${failed} failed` : ''}.`;
  }
  const tenth = total === 0 ? 0 : Math.floor((10 * processed) / total) * 10;
  return `Processing documents: about ${tenth}% done.`;
}
