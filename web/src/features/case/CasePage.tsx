import { useState, type KeyboardEvent } from 'react';
import { hrefOf } from '../../app/route';
import type { SignedIn } from '../../auth/token-store';
import { DocumentsPanel } from '../documents/DocumentsPanel';
import { ReaderTabs } from '../reader/ReaderTabs';
import { RedactionPanel } from '../redaction/RedactionPanel';
import { SearchPanel } from '../search/SearchPanel';
import { CaseHeader } from './CaseHeader';
import { CaseWorkspaceProvider } from './workspace';

type Tool = 'search' | 'redact';
const TOOLS: readonly Tool[] = ['search', 'redact'];

/** One case: header; documents | reader tabs | search and redaction tools. */
export function CasePage({ caseId, session }: { caseId: string; session: SignedIn }) {
  const [tool, setTool] = useState<Tool>('search');
  // The tabs pattern: only the selected tab is in the Tab order; arrow keys, Home and End reach and select the others.
  const onToolKey = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const targets: Record<string, number> = { ArrowRight: (index + 1) % TOOLS.length, ArrowLeft: (index - 1 + TOOLS.length) % TOOLS.length, Home: 0, End: TOOLS.length - 1 };
    const target = targets[event.key];
    if (target === undefined) return;
    event.preventDefault();
    setTool(TOOLS[target]);
    document.getElementById(`tool-tab-${TOOLS[target]}`)?.focus();
  };
  return (
    <CaseWorkspaceProvider caseId={caseId} session={session}>
      <CaseHeader caseId={caseId} />
      <p className="case-plans-link">
        <a href={hrefOf({ name: 'plans', caseId, planId: null })}>Case-wide redaction plans</a>
      </p>
      <div className="case-layout">
        <DocumentsPanel />
        <ReaderTabs />
        <aside className="tools" aria-label="Case tools">
          <div role="tablist" aria-label="Tools" className="tool-tabs">
            {TOOLS.map((each, index) => (
              <button key={each} type="button" role="tab" id={`tool-tab-${each}`} aria-controls={`tool-panel-${each}`} aria-selected={tool === each} tabIndex={tool === each ? 0 : -1} onClick={() => setTool(each)} onKeyDown={(event) => onToolKey(event, index)}>
                {each === 'search' ? 'Search' : 'Redact'}
              </button>
            ))}
          </div>
          <div role="tabpanel" id="tool-panel-search" aria-labelledby="tool-tab-search" hidden={tool !== 'search'}>
            <SearchPanel />
          </div>
          <div role="tabpanel" id="tool-panel-redact" aria-labelledby="tool-tab-redact" hidden={tool !== 'redact'}>
            <RedactionPanel />
          </div>
        </aside>
      </div>
    </CaseWorkspaceProvider>
  );
}
