import { useWorkspace } from '../case/workspace';
import { PdfViewer } from './PdfViewer';

/** The open documents as tabs; the active one in the viewer. */
export function ReaderTabs() {
  const workspace = useWorkspace();
  const active = workspace.activeDocument;
  return (
    <section className="reader" aria-label="Reader">
      {workspace.openDocuments.length === 0 ? (
        <p className="reader-empty">Choose a document to read it.</p>
      ) : (
        <>
          <div role="tablist" aria-label="Open documents" className="reader-tabs">
            {workspace.openDocuments.map((document) => (
              <span key={document.documentId} className="reader-tab">
                <button type="button" role="tab" id={`reader-tab-${document.documentId}`} aria-selected={document.documentId === workspace.activeDocumentId} aria-controls="reader-panel" tabIndex={document.documentId === workspace.activeDocumentId ? 0 : -1} onClick={() => workspace.activate(document.documentId)}>
                  {document.title}
                </button>
                <button type="button" className="close-tab" aria-label={`Close ${document.title}`} onClick={() => workspace.close(document.documentId)}>
                  ×
                </button>
              </span>
            ))}
          </div>
          <div role="tabpanel" id="reader-panel" aria-labelledby={active === null ? undefined : `reader-tab-${active.documentId}`}>
            {active !== null && <PdfViewer key={`${active.documentId}/${active.versionId}`} document={active} />}
          </div>
        </>
      )}
    </section>
  );
}
