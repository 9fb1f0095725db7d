import { useRef, type KeyboardEvent } from 'react';
import { useWorkspace } from '../case/workspace';
import { PdfViewer } from './PdfViewer';
import './reader.css';

/**
 * The open documents as tabs (ARIA tabs, automatic activation: arrow keys, Home and End move between them, Delete
 * closes one), each with its viewer kept open while it is a tab, so switching back finds the same page and zoom.
 */
export function ReaderTabs() {
  const workspace = useWorkspace();
  const tablist = useRef<HTMLDivElement>(null);
  const documents = workspace.openDocuments;
  const activeId = workspace.activeDocumentId;

  const focusTab = (documentId: string) => {
    // After React has rendered the newly active tab (its tabindex changes with it).
    requestAnimationFrame(() => tablist.current?.querySelector<HTMLElement>(`[data-document-id="${CSS.escape(documentId)}"]`)?.focus());
  };
  const closeDocument = (documentId: string, refocus: boolean) => {
    const at = documents.findIndex((each) => each.documentId === documentId);
    const next = documents[at + 1] ?? documents[at - 1];
    workspace.close(documentId);
    if (next !== undefined && documentId === activeId) workspace.activate(next.documentId);
    if (refocus && next !== undefined) focusTab(documentId === activeId ? next.documentId : (activeId ?? next.documentId));
  };
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const targets: Record<string, number> = { ArrowRight: (index + 1) % documents.length, ArrowLeft: (index - 1 + documents.length) % documents.length, Home: 0, End: documents.length - 1 };
    if (event.key === 'Delete') {
      event.preventDefault();
      closeDocument(documents[index].documentId, true);
      return;
    }
    const target = targets[event.key];
    if (target === undefined) return;
    event.preventDefault();
    workspace.activate(documents[target].documentId);
    focusTab(documents[target].documentId);
  };

  return (
    <section className="reader" aria-label="Reader">
      {documents.length === 0 ? (
        <p className="reader-empty">Choose a document to read it.</p>
      ) : (
        <>
          <div className="reader-tabbar">
            <div ref={tablist} role="tablist" aria-label="Open documents" className="reader-tabs">
              {documents.map((document, index) => {
                const selected = document.documentId === activeId;
                return (
                  <button
                    key={document.documentId}
                    type="button"
                    role="tab"
                    className="reader-tab"
                    id={`reader-tab-${document.documentId}`}
                    data-document-id={document.documentId}
                    aria-selected={selected}
                    aria-controls={`reader-panel-${document.documentId}`}
                    aria-keyshortcuts="Delete"
                    tabIndex={selected ? 0 : -1}
                    onClick={() => workspace.activate(document.documentId)}
                    onKeyDown={(event) => onKeyDown(event, index)}
                  >
                    {document.title}
                  </button>
                );
              })}
            </div>
            {/* Close buttons sit beside the tablist, not in it: a tablist owns only tabs. */}
            <div className="reader-tab-closers">
              {documents.map((document) => (
                <button key={document.documentId} type="button" className="close-tab" aria-label={`Close ${document.title}`} title={`Close ${document.title}`} onClick={() => closeDocument(document.documentId, false)}>
                  <span aria-hidden="true">×</span> <span className="close-tab-title">{document.title}</span>
                </button>
              ))}
            </div>
          </div>
          {documents.map((document) => {
            const selected = document.documentId === activeId;
            return (
              <div key={`${document.documentId}/${document.versionId}`} role="tabpanel" id={`reader-panel-${document.documentId}`} aria-labelledby={`reader-tab-${document.documentId}`} hidden={!selected}>
                <PdfViewer document={document} active={selected} />
              </div>
            );
          })}
        </>
      )}
    </section>
  );
}
