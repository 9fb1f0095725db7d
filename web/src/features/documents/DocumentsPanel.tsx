import { useCallback, useMemo, useState } from 'react';
import { api, must } from '../../api/client';
import type { components } from '../../api/schema';
import { useAsync } from '../../app/use-async';
import { ProblemMessage } from '../../components/ProblemMessage';
import { LegalDate } from '../cases/LegalDate';
import { useWorkspace } from '../case/workspace';
import { DocumentRow } from './DocumentRow';
import { IngestionProgress } from './IngestionProgress';
import { useTracker, type TrackedDocument } from './use-tracker';
import './documents.css';

type CaseDocument = components['schemas']['DocumentDto'];
export type CaseChange = components['schemas']['CaseChangeDto'];

/** A category of the panel: its documents at the top level, each with its attachments nested under it. */
interface CategoryGroup {
  readonly category: string;
  readonly documents: readonly CaseDocument[];
  readonly attachmentCount: number;
}

/**
 * An email's attachments go under their email (in the email's category); every other document goes in its own
 * category. Categories in name order, documents in the API's (document id) order.
 */
export function groupDocuments(documents: readonly CaseDocument[]): CategoryGroup[] {
  const byId = new Map(documents.map((document) => [document.documentId, document]));
  const topLevel = documents.filter((document) => document.parentDocumentId === null || !byId.has(document.parentDocumentId));
  const groups = new Map<string, CaseDocument[]>();
  for (const document of topLevel) groups.set(document.category, [...(groups.get(document.category) ?? []), document]);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, members]) => ({ category, documents: members, attachmentCount: members.reduce((sum, document) => sum + document.childDocumentIds.filter((id) => byId.has(id)).length, 0) }));
}

/**
 * The case's documents by category, with read/unread, what changed since the user's last visit, what the user may
 * do with each (and why not), page-1 thumbnails, check-outs, and the live ingestion progress. Choosing a document
 * opens it in a reader tab and marks it read.
 */
export function DocumentsPanel() {
  const workspace = useWorkspace();
  const { caseId, documentsRevision } = workspace;
  const [documents] = useAsync((signal) => api.GET('/api/v1/cases/{caseId}/documents', { params: { path: { caseId } }, signal }).then(must), [caseId, documentsRevision]);
  // One visit per case page: this call records it (what changed is counted from here next time). Under React's
  // StrictMode in development the effect runs twice and the second answer is empty; a production build runs it once.
  const [changes] = useAsync((signal) => api.GET('/api/v1/cases/{caseId}/changes', { params: { path: { caseId } }, signal }).then(must), [caseId]);
  const tracker = useTracker(caseId, () => workspace.documentsChanged());
  const [readNow, setReadNow] = useState<ReadonlySet<string>>(new Set());

  const byId = useMemo(() => new Map(documents.state === 'ready' ? documents.value.documents.map((document) => [document.documentId, document]) : []), [documents]);
  const changesById = useMemo(() => {
    const map = new Map<string, CaseChange[]>();
    if (changes.state === 'ready') for (const change of changes.value.changes) map.set(change.documentId, [...(map.get(change.documentId) ?? []), change]);
    return map;
  }, [changes]);

  const titleOf = useCallback(
    (tracked: TrackedDocument) => {
      const listed = byId.get(tracked.documentId);
      if (listed !== undefined) return listed.title;
      const parent = tracked.parentDocumentId === null ? undefined : byId.get(tracked.parentDocumentId);
      return parent === undefined ? tracked.fileName : `${tracked.fileName} (attachment ${tracked.childIndex ?? ''} of ${parent.title})`;
    },
    [byId],
  );

  const open = useCallback(
    (document: CaseDocument) => {
      workspace.open({ documentId: document.documentId, versionId: document.versionId, title: document.title });
      if (document.readByMe || readNow.has(`${document.documentId}/${document.versionId}`)) return;
      setReadNow((current) => new Set(current).add(`${document.documentId}/${document.versionId}`));
      api
        .PUT('/api/v1/cases/{caseId}/documents/{documentId}/versions/{versionId}/read', { params: { path: { caseId, documentId: document.documentId, versionId: document.versionId } } })
        .then(({ response }) => {
          if (!response.ok) throw new Error(`marking read: ${response.status}`);
        })
        .catch(() =>
          setReadNow((current) => {
            const next = new Set(current);
            next.delete(`${document.documentId}/${document.versionId}`);
            return next;
          }),
        );
    },
    [workspace, readNow, caseId],
  );

  const groups = useMemo(() => (documents.state === 'ready' ? groupDocuments(documents.value.documents) : []), [documents]);
  const removed = changes.state === 'ready' ? changes.value.changes.filter((change) => change.kind === 'removed') : [];

  return (
    <section aria-labelledby="documents-heading" className="documents-panel">
      <h2 id="documents-heading">Documents</h2>
      <IngestionProgress tracker={tracker} titleOf={titleOf} />
      {changes.state === 'ready' && <ChangesSummary changes={changes.value} />}
      {documents.state === 'loading' && <p>Loading documents…</p>}
      {documents.state === 'failed' && <ProblemMessage error={documents.error} />}
      {groups.map((group) => (
        <section key={group.category} className="document-category" aria-labelledby={`category-${slug(group.category)}`} data-category={group.category}>
          <h3 id={`category-${slug(group.category)}`}>
            {group.category} <span className="category-count" data-count={group.documents.length}>({group.documents.length})</span>
            {group.attachmentCount > 0 && (
              <span className="category-attachments" data-attachments={group.attachmentCount}>
                {' '}
                + {group.attachmentCount} {group.attachmentCount === 1 ? 'attachment' : 'attachments'}
              </span>
            )}
          </h3>
          <ul className="document-list">
            {group.documents.map((document) => (
              <DocumentRow
                key={document.documentId}
                caseId={caseId}
                document={document}
                attachments={document.childDocumentIds.map((id) => byId.get(id)).filter((child): child is CaseDocument => child !== undefined)}
                tracked={tracker.documents}
                changesById={changesById}
                readNow={readNow}
                activeDocumentId={workspace.activeDocumentId}
                onOpen={open}
              />
            ))}
          </ul>
        </section>
      ))}
      {removed.length > 0 && (
        <section className="document-category removed-documents" aria-labelledby="removed-heading">
          <h3 id="removed-heading">Removed since your last visit ({removed.length})</h3>
          <ul>
            {removed.map((change) => (
              <li key={change.documentId}>{change.title}</li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

function ChangesSummary({ changes }: { changes: components['schemas']['CaseChangesDto'] }) {
  if (changes.firstVisit) return <p className="changes-summary">Your first visit to this case: from now on, new and changed documents are marked.</p>;
  const documents = new Set(changes.changes.filter((change) => change.kind !== 'removed').map((change) => change.documentId)).size;
  return (
    <p className="changes-summary" data-changed={documents}>
      {documents === 0 ? 'Nothing new or changed' : `${documents} ${documents === 1 ? 'document' : 'documents'} new or changed`} since your last visit
      {changes.since !== null && (
        <>
          {' '}
          (<LegalDate date={changes.since} withTime />)
        </>
      )}
      .
    </p>
  );
}

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
