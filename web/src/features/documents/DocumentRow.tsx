import type { components } from '../../api/schema';
import type { CaseChange } from './DocumentsPanel';
import { NoThumbnail, Thumbnail } from './Thumbnail';
import type { TrackedDocument } from './use-tracker';

type CaseDocument = components['schemas']['DocumentDto'];
type CapabilityDenial = components['schemas']['CapabilityDenialDto'];

/** Statuses after which the version has a converted PDF, so a thumbnail can be drawn. */
const HAS_PDF: ReadonlySet<string> = new Set(['converted', 'extracted', 'indexed']);

interface RowProps {
  readonly caseId: string;
  readonly document: CaseDocument;
  readonly attachments: readonly CaseDocument[];
  readonly tracked: ReadonlyMap<string, TrackedDocument>;
  readonly changesById: ReadonlyMap<string, readonly CaseChange[]>;
  readonly readNow: ReadonlySet<string>;
  readonly activeDocumentId: string | null;
  readonly onOpen: (document: CaseDocument) => void;
}

/** One document: a button that opens it (its name is the title alone), then what the user should know about it. */
export function DocumentRow(props: RowProps) {
  const { caseId, document, attachments, tracked, changesById, readNow, activeDocumentId, onOpen } = props;
  const state = tracked.get(document.documentId);
  const read = document.readByMe || readNow.has(`${document.documentId}/${document.versionId}`);
  const changes = changesById.get(document.documentId) ?? [];
  const describedBy = `document-facts-${document.documentId}`;
  const classes = ['document-row', read ? 'is-read' : 'is-unread', changes.length > 0 ? 'is-changed' : '', document.documentId === activeDocumentId ? 'is-active' : ''].filter(Boolean).join(' ');
  const thumbnailReady = state !== undefined && state.versionId === document.versionId && HAS_PDF.has(state.status);
  return (
    <li className={classes} data-document-id={document.documentId} data-read={read ? 'true' : 'false'} data-changed={changes.length > 0 ? changes.map((change) => change.kind).join(' ') : undefined}>
      <div className="document-main">
        {thumbnailReady ? <Thumbnail caseId={caseId} documentId={document.documentId} versionId={document.versionId} /> : <NoThumbnail />}
        <div className="document-text">
          <button type="button" className="document-link" aria-current={document.documentId === activeDocumentId ? 'true' : undefined} aria-describedby={describedBy} onClick={() => onOpen(document)}>
            {document.title}
          </button>
          <div className="document-facts" id={describedBy}>
            {!read && <span className="badge badge-unread">Unread</span>}
            {changes.map((change) => (
              <span key={change.kind} className={`badge badge-change badge-${change.kind}`}>
                {changeLabel(change)}
              </span>
            ))}
            {document.checkedOutBy !== null || document.isCheckedOut ? (
              <span className="badge badge-lock">
                <span aria-hidden="true">🔒 </span>Checked out{document.checkedOutBy === null ? '' : ` by ${document.checkedOutBy}`}
              </span>
            ) : null}
            {state !== undefined && state.status !== 'indexed' && state.status !== 'failed' && <span className="badge badge-processing">Processing ({state.status})</span>}
            {state?.status === 'failed' && <span className="badge badge-failed">Processing failed</span>}
            <Capabilities document={document} />
          </div>
        </div>
      </div>
      {attachments.length > 0 && (
        <ul className="document-attachments" aria-label={`Attachments of ${document.title}`}>
          {attachments.map((attachment) => (
            <DocumentRow key={attachment.documentId} {...props} document={attachment} attachments={[]} />
          ))}
        </ul>
      )}
    </li>
  );
}

function changeLabel(change: CaseChange): string {
  switch (change.kind) {
    case 'added':
      return 'New since your last visit';
    case 'newVersion':
      return 'New version since your last visit';
    case 'renamed':
      return `Renamed (was “${change.from ?? ''}”)`;
    case 'reclassified':
      return `Moved from ${change.from ?? 'another category'}`;
    case 'removed':
      return 'Removed';
  }
}

/** What the user cannot do with the document, and why (the API's reasons); identical reasons are said once. */
function Capabilities({ document }: { document: CaseDocument }) {
  const denials: { action: string; reason: CapabilityDenial }[] = [];
  if (!document.canRedact && document.canRedactReason !== null) denials.push({ action: 'redact', reason: document.canRedactReason });
  if (!document.canRename && document.canRenameReason !== null) denials.push({ action: 'rename', reason: document.canRenameReason });
  if (!document.canReclassify && document.canReclassifyReason !== null) denials.push({ action: 'reclassify', reason: document.canReclassifyReason });
  const byMessage = new Map<string, { actions: string[]; reason: CapabilityDenial }>();
  for (const { action, reason } of denials) {
    const entry = byMessage.get(reason.message) ?? { actions: [], reason };
    entry.actions.push(action);
    byMessage.set(reason.message, entry);
  }
  return (
    <>
      {[...byMessage.values()].map(({ actions, reason }) => (
        <span key={reason.message} className="capability-denial" data-code={reason.code} data-actions={actions.join(' ')}>
          Cannot {listOf(actions)}: {reason.message}
          {reason.ingestionFailure !== undefined && (
            <>
              {' '}
              {reason.ingestionFailure.message} What to do: {reason.ingestionFailure.action}
            </>
          )}
        </span>
      ))}
    </>
  );
}

const listOf = (words: readonly string[]): string => (words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1) ?? ''}`);
