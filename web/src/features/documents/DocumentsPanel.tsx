import { api, must } from '../../api/client';
import { useAsync } from '../../app/use-async';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useWorkspace } from '../case/workspace';

/** The case's documents; choosing one opens it in a reader tab. */
export function DocumentsPanel() {
  const workspace = useWorkspace();
  const { caseId } = workspace;
  const [documents] = useAsync((signal) => api.GET('/api/v1/cases/{caseId}/documents', { params: { path: { caseId } }, signal }).then(must), [caseId, workspace.documentsRevision]);
  if (documents.state === 'loading') return <p aria-live="polite">Loading documents…</p>;
  if (documents.state === 'failed') return <ProblemMessage error={documents.error} />;
  return (
    <nav aria-label="Documents" className="documents-panel">
      <h2>Documents</h2>
      <ul>
        {documents.value.documents.map((document) => (
          <li key={document.documentId}>
            <button type="button" className="document-link" aria-current={workspace.activeDocumentId === document.documentId ? 'true' : undefined} onClick={() => workspace.open({ documentId: document.documentId, versionId: document.versionId, title: document.title })}>
              {document.title}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
