import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { SignedIn } from '../../auth/token-store';

/** A document open in a reader tab: always one version of it. */
export interface OpenDocument {
  readonly documentId: string;
  readonly versionId: string;
  readonly title: string;
}

/** Where one page of a document is drawn, for layers drawn over it (search hits, redaction boxes). */
export interface PageGeometry {
  readonly documentId: string;
  readonly versionId: string;
  /** 0-based, as the API numbers pages. */
  readonly pageIndex: number;
  /** The displayed page in PDF points (rotation applied), as the API's boxes are measured. */
  readonly widthPt: number;
  readonly heightPt: number;
  /** CSS pixels per PDF point at the current zoom: a box {x,y,width,height} in points is drawn at x·scale, y·scale. */
  readonly scale: number;
}

/** Something drawn over every rendered page, by the feature that owns it; layers draw in `order`. */
export interface OverlayLayer {
  readonly id: string;
  readonly order: number;
  render(page: PageGeometry): ReactNode;
}

/** A request to show a page of a document (a search hit, a suggestion); `seq` makes a repeat request new. */
export interface PageRequest {
  readonly documentId: string;
  readonly pageIndex: number;
  readonly seq: number;
}

/** Its functions are stable callbacks (properties, not methods): destructure them freely. */
export interface CaseWorkspace {
  readonly caseId: string;
  readonly session: SignedIn;
  readonly openDocuments: readonly OpenDocument[];
  readonly activeDocumentId: string | null;
  readonly activeDocument: OpenDocument | null;
  readonly open: (document: OpenDocument, pageIndex?: number) => void;
  readonly close: (documentId: string) => void;
  readonly activate: (documentId: string) => void;
  readonly pageRequest: PageRequest | null;
  readonly layers: readonly OverlayLayer[];
  readonly setLayer: (layer: OverlayLayer) => void;
  readonly removeLayer: (id: string) => void;
  /** Bumped when the case's documents changed here (a saved redaction): lists reload. */
  readonly documentsRevision: number;
  readonly documentsChanged: () => void;
}

const WorkspaceContext = createContext<CaseWorkspace | null>(null);

export function useWorkspace(): CaseWorkspace {
  const workspace = useContext(WorkspaceContext);
  if (workspace === null) throw new Error('useWorkspace outside a CaseWorkspaceProvider');
  return workspace;
}

export function CaseWorkspaceProvider({ caseId, session, children }: { caseId: string; session: SignedIn; children: ReactNode }) {
  const [openDocuments, setOpenDocuments] = useState<readonly OpenDocument[]>([]);
  const [activeDocumentId, setActiveDocumentId] = useState<string | null>(null);
  const [pageRequest, setPageRequest] = useState<PageRequest | null>(null);
  const [layers, setLayers] = useState<readonly OverlayLayer[]>([]);
  const [documentsRevision, setDocumentsRevision] = useState(0);

  const open = useCallback((document: OpenDocument, pageIndex?: number) => {
    setOpenDocuments((current) => {
      const others = current.filter((each) => each.documentId !== document.documentId);
      const at = current.findIndex((each) => each.documentId === document.documentId);
      return at === -1 ? [...current, document] : [...others.slice(0, at), document, ...others.slice(at)];
    });
    setActiveDocumentId(document.documentId);
    if (pageIndex !== undefined) setPageRequest((previous) => ({ documentId: document.documentId, pageIndex, seq: (previous?.seq ?? 0) + 1 }));
  }, []);
  const close = useCallback((documentId: string) => {
    setOpenDocuments((current) => {
      const remaining = current.filter((each) => each.documentId !== documentId);
      setActiveDocumentId((active) => (active === documentId ? (remaining.at(-1)?.documentId ?? null) : active));
      return remaining;
    });
  }, []);
  const setLayer = useCallback((layer: OverlayLayer) => {
    setLayers((current) => [...current.filter((each) => each.id !== layer.id), layer].sort((a, b) => a.order - b.order));
  }, []);
  const removeLayer = useCallback((id: string) => setLayers((current) => current.filter((each) => each.id !== id)), []);
  const documentsChanged = useCallback(() => setDocumentsRevision((value) => value + 1), []);

  const value = useMemo<CaseWorkspace>(
    () => ({
      caseId,
      session,
      openDocuments,
      activeDocumentId,
      activeDocument: openDocuments.find((each) => each.documentId === activeDocumentId) ?? null,
      open,
      close,
      activate: setActiveDocumentId,
      pageRequest,
      layers,
      setLayer,
      removeLayer,
      documentsRevision,
      documentsChanged,
    }),
    [caseId, session, openDocuments, activeDocumentId, open, close, pageRequest, layers, setLayer, removeLayer, documentsRevision, documentsChanged],
  );
  return <WorkspaceContext.Provider value={value}>{children}</WorkspaceContext.Provider>;
}
