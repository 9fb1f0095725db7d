import { useCallback, useState } from 'react';
import { useAsync } from '../../app/use-async';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useWorkspace } from '../case/workspace';
import { findLogEntry, getRedactionTypes, type RedactionLogEntry, type RedactionSaved } from './redaction-api';
import { RedactionSession, timeOf } from './RedactionSession';
import './redaction.css';

interface SavedResult {
  readonly saved: RedactionSaved;
  readonly title: string;
  readonly entry: RedactionLogEntry | null | 'loading' | Error;
}

/** Redaction of the open document (issue 15 part 5). */
export function RedactionPanel() {
  const workspace = useWorkspace();
  const { caseId, activeDocument, documentsChanged, open } = workspace;
  const [types] = useAsync((signal) => getRedactionTypes(signal), []);
  const [result, setResult] = useState<SavedResult | null>(null);

  const onSaved = useCallback(
    (saved: RedactionSaved) => {
      const title = activeDocument?.title ?? '';
      setResult({ saved, title, entry: 'loading' });
      documentsChanged();
      open({ documentId: saved.documentId, versionId: saved.newVersionId, title });
      findLogEntry(caseId, saved).then(
        (entry) => setResult((current) => (current?.saved === saved ? { ...current, entry } : current)),
        (failure: unknown) => setResult((current) => (current?.saved === saved ? { ...current, entry: failure instanceof Error ? failure : new Error(String(failure)) } : current)),
      );
    },
    [activeDocument, caseId, documentsChanged, open],
  );

  return (
    <section aria-labelledby="redaction-heading" className="redaction-panel">
      <h2 id="redaction-heading">Redact</h2>
      {result !== null && result.saved.documentId === activeDocument?.documentId && <SavedSummary result={result} />}
      {activeDocument === null ? (
        <p>Open a document to redact it.</p>
      ) : types.state === 'loading' ? (
        <p aria-live="polite">Loading redaction types…</p>
      ) : types.state === 'failed' ? (
        <ProblemMessage error={types.error} />
      ) : (
        <>
          <p className="redaction-document">{activeDocument.title}</p>
          <RedactionSession key={`${activeDocument.documentId}/${activeDocument.versionId}`} document={activeDocument} types={types.value} onSaved={onSaved} />
        </>
      )}
    </section>
  );
}

function SavedSummary({ result }: { result: SavedResult }) {
  const { saved, entry } = result;
  return (
    <div className="redaction-saved" role="status">
      <h3>Redaction saved</h3>
      <p>
        The redacted version ({saved.newVersionId}) of {result.title} is now the current one and is open in the reader: {saved.boxCount} {saved.boxCount === 1 ? 'box' : 'boxes'} on {saved.pages.length}{' '}
        {saved.pages.length === 1 ? 'page' : 'pages'}.
      </p>
      {entry === 'loading' && <p>Reading the redaction log…</p>}
      {entry instanceof Error && <ProblemMessage error={entry} />}
      {entry === null && <p>The redaction log has no entry for this save yet.</p>}
      {entry !== null && entry !== 'loading' && !(entry instanceof Error) && (
        <section aria-labelledby="redaction-log-heading">
          <h4 id="redaction-log-heading">Redaction log entry</h4>
          <dl className="redaction-log">
            <dt>Saved by</dt>
            <dd>
              {entry.savedBy} at {timeOf(entry.savedAt)}
            </dd>
            <dt>Boxes</dt>
            <dd>
              {entry.boxCount} on {entry.pages.length === 0 ? 'no pages' : `page ${entry.pages.map((page) => page + 1).join(', ')}`}
            </dd>
            {entry.byType !== undefined && entry.byType.length > 0 && (
              <>
                <dt>By type</dt>
                <dd>{entry.byType.map((each) => `${each.redactionType}: ${each.count}`).join(', ')}</dd>
              </>
            )}
            {entry.pageModifications.length > 0 && (
              <>
                <dt>Page changes</dt>
                <dd>{entry.pageModifications.join(', ')}</dd>
              </>
            )}
            {entry.verification !== undefined && (
              <>
                <dt>Verification</dt>
                <dd>
                  {entry.verification.ok ? 'passed' : `failed (${entry.verification.failureCount})`}: {entry.verification.boxesChecked} boxes checked, {entry.verification.wordsUnderBoxes} words removed
                </dd>
              </>
            )}
            <dt>Under/over-redaction by the agency</dt>
            <dd>
              {entry.agencyFeedback === undefined
                ? 'Not recorded with this save.'
                : `${entry.agencyFeedback.agency}: under ${entry.agencyFeedback.underRedactions.map((each) => `${each.redactionType} ${each.count}`).join(', ') || 'none'}; over ${entry.agencyFeedback.overRedactions.map((each) => `${each.redactionType} ${each.count}`).join(', ') || 'none'}${entry.agencyFeedback.returnedToAgency ? '; returned to the agency' : ''}`}
            </dd>
          </dl>
        </section>
      )}
    </div>
  );
}
