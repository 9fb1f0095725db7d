import { memo, useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useAsync } from '../../app/use-async';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useWorkspace, type OpenDocument, type PageGeometry } from '../case/workspace';
import {
  draftAsRequest,
  getSuggestions,
  getText,
  OTHER_TYPE,
  previewWords,
  typeForCategory,
  type AgencyFeedback,
  type Draft,
  type DraftBox,
  type PageModification,
  type PreviewWords,
  type RedactionSaved,
  type RedactionType,
  type Suggestion,
} from './redaction-api';
import { AgencyFeedbackFields } from './AgencyFeedbackFields';
import { RedactionPageLayer, type Rect, type Tool } from './RedactionPageLayer';
import { SuggestionList } from './SuggestionList';
import { flatWords, selectedWords, type FlatWord, type WordSelection } from './word-selection';
import { useRedactionSession, type DraftStatus, type ValueStore } from './use-redaction-session';

const LAYER_ID = 'redaction';
const LAYER_ORDER = 20;

export const timeOf = (iso: string | null) => (iso === null ? '' : new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' }));
const boxKey = (pageIndex: number, rect: Rect) => `${pageIndex}:${rect.x.toFixed(1)}:${rect.y.toFixed(1)}:${rect.width.toFixed(1)}:${rect.height.toFixed(1)}`;
const suggestionKey = (suggestion: Suggestion) => `${suggestion.pageIndex}:${suggestion.category}:${suggestion.boxes.map((box) => boxKey(suggestion.pageIndex, box)).join('|')}`;

function statusText(status: DraftStatus): string {
  switch (status.kind) {
    case 'saved':
      return status.at === null ? 'Draft saved (no changes yet)' : `Draft saved at ${timeOf(status.at)}`;
    case 'pending':
      return 'Changes not saved yet';
    case 'saving':
      return 'Saving draft…';
    case 'reloaded':
      return 'Your draft was changed in another tab or on another device: it has been reloaded here. Check your last change.';
    case 'failed':
      return `The draft could not be saved (${status.error.message}); it is tried again with your next change.`;
  }
}

/** The redaction session of the active document: the lock, drawing tools, suggestions, page changes, preview and save. */
export function RedactionSession({ document: open, types, onSaved }: { document: OpenDocument; types: readonly RedactionType[]; onSaved: (saved: RedactionSaved) => void }) {
  const workspace = useWorkspace();
  const { caseId, setLayer, removeLayer } = workspace;
  const ref = useMemo(() => ({ caseId, documentId: open.documentId, versionId: open.versionId }), [caseId, open.documentId, open.versionId]);
  const session = useRedactionSession(ref);
  const { view, draft, statusStore, update } = session;
  const holding = view.kind === 'holding';

  const [tool, setTool] = useState<Tool>('read');
  const [newType, setNewType] = useState(() => (types.some((type) => type.id === 'named-person') ? 'named-person' : (types[0]?.id ?? OTHER_TYPE)));
  const [newReason, setNewReason] = useState('');
  const [selection, setSelection] = useState<WordSelection | null>(null);
  const [ignored, setIgnored] = useState<ReadonlySet<string>>(new Set());
  const [preview, setPreview] = useState<{ forDraft: Draft; words: PreviewWords } | null>(null);
  const [busy, setBusy] = useState<'preview' | 'save' | 'cancel' | null>(null);
  const [agencyFeedback, setAgencyFeedback] = useState<AgencyFeedback | undefined>(undefined);
  const [error, setError] = useState<Error | null>(null);
  const [pageNumber, setPageNumber] = useState('1');

  const [text] = useAsync((signal) => (holding ? getText(ref, signal) : Promise.resolve(null)), [holding, ref]);
  const [suggestions] = useAsync((signal) => (holding ? getSuggestions(ref, signal) : Promise.resolve([] as readonly Suggestion[])), [holding, ref]);
  const documentText = text.state === 'ready' ? text.value : null;
  const pageWords = useMemo(() => new Map((documentText?.pages ?? []).map((page) => [page.pageIndex, flatWords(page)])), [documentText]);
  const typeLabel = useCallback((id: string) => types.find((type) => type.id === id)?.label ?? id, [types]);

  const drawnKeys = useMemo(() => new Set(draft.boxes.map((box) => boxKey(box.pageIndex, box.rect))), [draft.boxes]);
  const allSuggestions = useMemo(() => (suggestions.state === 'ready' ? suggestions.value : []), [suggestions]);
  const isAccepted = useCallback((suggestion: Suggestion) => suggestion.boxes.every((box) => drawnKeys.has(boxKey(suggestion.pageIndex, box))), [drawnKeys]);
  const pendingSuggestions = useMemo(() => allSuggestions.filter((each) => !isAccepted(each) && !ignored.has(suggestionKey(each))), [allSuggestions, isAccepted, ignored]);

  const addBoxes = useCallback((boxes: readonly DraftBox[]) => update((current) => ({ ...current, boxes: [...current.boxes, ...boxes.filter((box) => !current.boxes.some((have) => have.pageIndex === box.pageIndex && boxKey(box.pageIndex, have.rect) === boxKey(box.pageIndex, box.rect)))] })), [update]);
  const accept = useCallback(
    (accepted: readonly Suggestion[]) =>
      addBoxes(
        accepted.flatMap((suggestion) => {
          const redactionType = typeForCategory(suggestion.category, types, newType === OTHER_TYPE ? (types[0]?.id ?? OTHER_TYPE) : newType);
          return suggestion.boxes.map((box) => ({ pageIndex: suggestion.pageIndex, pageWidth: suggestion.pageWidth, pageHeight: suggestion.pageHeight, rect: { x: box.x, y: box.y, width: box.width, height: box.height }, redactionType }));
        }),
      ),
    [addBoxes, types, newType],
  );
  const ignore = useCallback((ignoredNow: readonly Suggestion[]) => setIgnored((current) => new Set([...current, ...ignoredNow.map(suggestionKey)])), []);

  const onDraw = useCallback(
    (page: PageGeometry, rect: Rect) => addBoxes([{ pageIndex: page.pageIndex, pageWidth: page.widthPt, pageHeight: page.heightPt, rect, redactionType: newType, ...(newType === OTHER_TYPE && newReason.trim() !== '' ? { otherReason: newReason.trim() } : {}) }]),
    [addBoxes, newType, newReason],
  );
  const redactSelection = useCallback(() => {
    if (selection === null) return;
    const chosen = selectedWords(pageWords.get(selection.pageIndex) ?? [], selection);
    update((current) => ({
      ...current,
      words: [
        ...current.words,
        ...chosen
          .filter((word) => !current.words.some((have) => have.pageIndex === selection.pageIndex && have.lineIndex === word.lineIndex && have.wordIndex === word.wordIndex))
          .map((word) => ({ pageIndex: selection.pageIndex, lineIndex: word.lineIndex, wordIndex: word.wordIndex, redactionType: newType, ...(newType === OTHER_TYPE && newReason.trim() !== '' ? { otherReason: newReason.trim() } : {}) })),
      ],
    }));
    setSelection(null);
  }, [selection, pageWords, update, newType, newReason]);

  const setItemType = useCallback(
    (kind: ItemKind, index: number, redactionType: string, otherReason?: string) =>
      update((current) => ({ ...current, [kind]: current[kind].map((item, at) => (at === index ? { ...item, redactionType, ...(redactionType === OTHER_TYPE ? { otherReason: otherReason ?? item.otherReason ?? '' } : { otherReason: undefined }) } : item)) })),
    [update],
  );
  const remove = useCallback((kind: ItemKind, index: number) => update((current) => ({ ...current, [kind]: current[kind].filter((_, at) => at !== index) })), [update]);

  // The layer: boxes, word redactions and pending suggestions per page, and the tool's surface.
  const byPage = useMemo(() => {
    const pages = new Map<number, { boxes: (DraftBox & { index: number })[]; words: (Draft['words'][number] & { rect: Rect })[]; pending: Suggestion[] }>();
    const at = (pageIndex: number) => {
      let entry = pages.get(pageIndex);
      if (entry === undefined) pages.set(pageIndex, (entry = { boxes: [], words: [], pending: [] }));
      return entry;
    };
    draft.boxes.forEach((box, index) => at(box.pageIndex).boxes.push({ ...box, index }));
    for (const word of draft.words) {
      const found = pageWords.get(word.pageIndex)?.find((each) => each.lineIndex === word.lineIndex && each.wordIndex === word.wordIndex);
      if (found !== undefined) at(word.pageIndex).words.push({ ...word, rect: found.box });
    }
    for (const suggestion of pendingSuggestions) at(suggestion.pageIndex).pending.push(suggestion);
    return pages;
  }, [draft, pageWords, pendingSuggestions]);

  useEffect(() => {
    if (!holding) {
      removeLayer(LAYER_ID);
      return;
    }
    const none: never[] = [];
    setLayer({
      id: LAYER_ID,
      order: LAYER_ORDER,
      render: (page) => {
        if (page.documentId !== open.documentId || page.versionId !== open.versionId) return null;
        const mine = byPage.get(page.pageIndex);
        return (
          <RedactionPageLayer
            page={page}
            tool={tool}
            boxes={mine?.boxes ?? none}
            words={mine?.words ?? none}
            pending={mine?.pending ?? none}
            modification={draft.pageModifications.find((each) => each.pageIndex === page.pageIndex)}
            flatWords={pageWords.get(page.pageIndex) ?? none}
            selection={selection}
            typeLabel={typeLabel}
            onDraw={(_, rect) => onDraw(page, rect)}
            onSelect={setSelection}
            onRedactSelection={redactSelection}
          />
        );
      },
    });
  }, [holding, setLayer, removeLayer, open.documentId, open.versionId, byPage, tool, draft.pageModifications, pageWords, selection, typeLabel, onDraw, redactSelection]);
  useEffect(() => () => removeLayer(LAYER_ID), [removeLayer]);

  const act = async (what: 'preview' | 'save' | 'cancel', run: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await run();
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
    } finally {
      setBusy(null);
    }
  };

  if (view.kind === 'loading') return <p aria-live="polite">Looking for a redaction session…</p>;
  if (view.kind === 'failed') return <ProblemMessage error={view.error} />;
  if (view.kind === 'locked') {
    return (
      <div className="redaction-lock" role="status">
        <p>
          <strong>Checked out by {view.holder}</strong>
          {view.expiresAt !== null && <> until {timeOf(view.expiresAt)} unless they keep working</>}. You can read this document, but nobody else can redact it until they save or cancel.
        </p>
        <button type="button" onClick={() => void session.reload()}>
          Check again
        </button>
      </div>
    );
  }
  if (view.kind === 'free') {
    return (
      <div>
        <p>Nobody is redacting this document. Starting checks it out to you, so others see that you are redacting it.</p>
        <button type="button" className="primary" onClick={() => void session.start()}>
          Start redacting
        </button>
      </div>
    );
  }

  const wordText = (pageIndex: number, lineIndex: number, wordIndex: number) => pageWords.get(pageIndex)?.find((word) => word.lineIndex === lineIndex && word.wordIndex === wordIndex)?.text ?? '…';
  const pageCount = documentText?.pageCount ?? 0;
  const modify = (change: PageModification | null, pageIndex: number) =>
    update((current) => ({ ...current, pageModifications: [...current.pageModifications.filter((each) => each.pageIndex !== pageIndex), ...(change === null ? [] : [change])].sort((a, b) => a.pageIndex - b.pageIndex) }));
  const chosenPage = Number.parseInt(pageNumber, 10) - 1;
  const pageValid = Number.isInteger(chosenPage) && chosenPage >= 0 && chosenPage < pageCount;
  const rotate = () => {
    const before = draft.pageModifications.find((each) => each.pageIndex === chosenPage);
    const degrees = (((before?.action === 'rotate' ? (before.rotateBy ?? 0) : 0) + 90) % 360) as 0 | 90 | 180 | 270;
    modify(degrees === 0 ? null : { pageIndex: chosenPage, action: 'rotate', rotateBy: degrees }, chosenPage);
  };
  const missingReasons = [...draft.boxes, ...draft.words].filter((item) => item.redactionType === OTHER_TYPE && (item.otherReason ?? '').trim() === '').length;
  const nothing = draft.boxes.length + draft.words.length + draft.pageModifications.length === 0;
  const selected = selection === null ? [] : selectedWords(pageWords.get(selection.pageIndex) ?? [], selection);
  const typeSelect = (id: string, label: string, value: string, onChange: (value: string) => void) => (
    <select id={id} aria-label={label} value={value} onChange={(event) => onChange(event.target.value)}>
      {types.map((type) => (
        <option key={type.id} value={type.id}>
          {type.label}
        </option>
      ))}
    </select>
  );

  return (
    <div className="redaction-session">
      <p>
        You are redacting this document (checked out to you until {timeOf(view.session.expiresAt)}; kept while it is open).{' '}
        <button type="button" onClick={() => void act('cancel', session.cancel)} disabled={busy !== null}>
          Cancel redaction
        </button>
      </p>
      <DraftStatusLine store={statusStore} />
      {error !== null && <ProblemMessage error={error} />}

      <fieldset className="redaction-tools">
        <legend>Tool</legend>
        {(
          [
            ['read', 'Read (no drawing)'],
            ['draw', 'Draw boxes'],
            ['select', 'Select text'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="checkbox">
            <input type="radio" name="redaction-tool" value={value} checked={tool === value} onChange={() => setTool(value)} /> {label}
          </label>
        ))}
      </fieldset>
      <p id="redaction-draw-help" className="redaction-help" hidden={tool !== 'draw'}>
        Drag on a page to draw a box. With the keyboard, Tab to the page: arrow keys move the crosshair (Ctrl for bigger steps), Enter starts a box, Shift and arrow keys size it, arrow keys move it, Enter ends it,
        Escape cancels.
      </p>
      <p id="redaction-select-help" className="redaction-help" hidden={tool !== 'select'}>
        Click a word, Shift+click another, or drag across words. With the keyboard, Tab to the page: arrow keys move from word to word, Shift and arrow keys extend the selection, Enter redacts it, Escape clears
        it.
      </p>
      <label htmlFor="redaction-new-type">Type for new redactions</label>
      {typeSelect('redaction-new-type', 'Type for new redactions', newType, setNewType)}
      {newType === OTHER_TYPE && (
        <>
          <label htmlFor="redaction-new-reason">Reason for “Other” (never the redacted text)</label>
          <input id="redaction-new-reason" maxLength={100} value={newReason} onChange={(event) => setNewReason(event.target.value)} />
        </>
      )}
      {tool === 'select' && (
        <div className="redaction-selection">
          <p>{selected.length === 0 ? 'No words selected.' : `${selected.length} ${selected.length === 1 ? 'word' : 'words'} selected on page ${(selection?.pageIndex ?? 0) + 1}: ${selected.map((word: FlatWord) => word.text).join(' ')}`}</p>
          <button type="button" onClick={redactSelection} disabled={selected.length === 0}>
            Redact selection
          </button>{' '}
          <button type="button" onClick={() => setSelection(null)} disabled={selected.length === 0}>
            Clear selection
          </button>
        </div>
      )}

      <h3>Suggestions</h3>
      {suggestions.state === 'loading' && <p aria-live="polite">Finding suggestions…</p>}
      {suggestions.state === 'failed' && <ProblemMessage error={suggestions.error} />}
      {suggestions.state === 'ready' && (
        <SuggestionList suggestions={allSuggestions} pending={pendingSuggestions} isAccepted={isAccepted} onAccept={accept} onIgnore={ignore} onShow={(suggestion) => workspace.open(open, suggestion.pageIndex)} />
      )}

      <h3>Redactions ({draft.boxes.length + draft.words.length})</h3>
      {draft.boxes.length + draft.words.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <ol className="redaction-items">
          {draft.boxes.map((box, index) => (
            <RedactionRow key={`b${index}`} kind="boxes" index={index} item={box} description={`Page ${box.pageIndex + 1}: box at ${Math.round(box.rect.x)}, ${Math.round(box.rect.y)}`} types={types} onType={setItemType} onRemove={remove} />
          ))}
          {draft.words.map((word, index) => (
            <RedactionRow key={`w${index}`} kind="words" index={index} item={word} description={`Page ${word.pageIndex + 1}: word “${wordText(word.pageIndex, word.lineIndex, word.wordIndex)}”`} types={types} onType={setItemType} onRemove={remove} />
          ))}
        </ol>
      )}

      <h3>Pages</h3>
      <div className="redaction-pages">
        <label htmlFor="redaction-page-number">Page (1–{pageCount || '…'})</label>
        <input id="redaction-page-number" type="number" min={1} max={pageCount || undefined} value={pageNumber} onChange={(event) => setPageNumber(event.target.value)} />{' '}
        <button type="button" onClick={rotate} disabled={!pageValid}>
          Rotate 90° clockwise
        </button>{' '}
        <button type="button" onClick={() => modify({ pageIndex: chosenPage, action: 'delete' }, chosenPage)} disabled={!pageValid}>
          Delete page
        </button>
      </div>
      {draft.pageModifications.length > 0 && (
        <ul className="redaction-items">
          {draft.pageModifications.map((change) => (
            <li key={change.pageIndex}>
              <span>
                Page {change.pageIndex + 1}: {change.action === 'delete' ? 'deleted' : `rotated ${change.rotateBy ?? 0}° clockwise`}
              </span>
              <button type="button" aria-label={`Undo the change to page ${change.pageIndex + 1}`} onClick={() => modify(null, change.pageIndex)}>
                Undo
              </button>
            </li>
          ))}
        </ul>
      )}

      <h3>Before saving</h3>
      <button
        type="button"
        disabled={busy !== null || nothing}
        onClick={() =>
          void act('preview', async () => {
            await session.flush();
            setPreview({ forDraft: draft, words: await previewWords(ref, draftAsRequest(draft, documentText)) });
          })
        }
      >
        Preview the words to be removed
      </button>
      {busy === 'preview' && <p aria-live="polite">Working out the words…</p>}
      {preview !== null && <PreviewList preview={preview.words} stale={preview.forDraft !== draft} typeLabel={typeLabel} />}
      <AgencyFeedbackFields types={types} onChange={setAgencyFeedback} />
      {missingReasons > 0 && <p className="redaction-warning">Give a reason for each “Other” redaction before saving ({missingReasons} missing).</p>}
      <p>
        <button
          type="button"
          className="primary"
          disabled={busy !== null || nothing || missingReasons > 0}
          onClick={() =>
            void act('save', async () => {
              onSaved(await session.save(agencyFeedback));
            })
          }
        >
          Save redacted version
        </button>
      </p>
      {busy === 'save' && (
        <p role="status" className="redaction-saving">
          Saving: redacting, verifying that nothing under the boxes survives, and checking the new version in…
        </p>
      )}
    </div>
  );
}

type ItemKind = 'boxes' | 'words';

/** The save status, announced politely; the only part of the panel a draft save re-renders. */
function DraftStatusLine({ store }: { store: ValueStore<DraftStatus> }) {
  const status = useSyncExternalStore(store.subscribe, store.get);
  return (
    <p role="status" className={`redaction-draft-status is-${status.kind}`}>
      {statusText(status)}
    </p>
  );
}

interface RowProps {
  readonly kind: ItemKind;
  readonly index: number;
  readonly item: { readonly redactionType: string; readonly otherReason?: string };
  readonly description: string;
  readonly types: readonly RedactionType[];
  readonly onType: (kind: ItemKind, index: number, redactionType: string, otherReason?: string) => void;
  readonly onRemove: (kind: ItemKind, index: number) => void;
}

/** One box or word of the draft: its type (and reason for "Other"), and delete. Memoised: drawing a box adds a row, it does not redraw the others. */
const RedactionRow = memo(function RedactionRow({ kind, index, item, description, types, onType, onRemove }: RowProps) {
  const noun = kind === 'boxes' ? 'box' : 'word';
  return (
    <li>
      <span>{description}</span>
      <select aria-label={`Type of ${noun} ${index + 1}`} value={item.redactionType} onChange={(event) => onType(kind, index, event.target.value)}>
        {types.map((type) => (
          <option key={type.id} value={type.id}>
            {type.label}
          </option>
        ))}
      </select>
      {item.redactionType === OTHER_TYPE && <input aria-label={`Reason for ${noun} ${index + 1}`} maxLength={100} value={item.otherReason ?? ''} onChange={(event) => onType(kind, index, OTHER_TYPE, event.target.value)} />}
      <button type="button" aria-label={`Delete ${noun} ${index + 1}`} onClick={() => onRemove(kind, index)}>
        Delete
      </button>
    </li>
  );
});

function PreviewList({ preview, stale, typeLabel }: { preview: PreviewWords; stale: boolean; typeLabel: (id: string) => string }) {
  return (
    <section className="redaction-preview" aria-labelledby="redaction-preview-heading">
      <h4 id="redaction-preview-heading">
        {preview.wordCount} {preview.wordCount === 1 ? 'word' : 'words'} will be removed
      </h4>
      {stale && <p className="redaction-warning">The draft has changed since this preview: preview again.</p>}
      {preview.pages.map((page) => (
        <div key={page.pageIndex}>
          <h5>
            Page {page.pageIndex + 1} ({page.wordCount})
          </h5>
          <ul className="redaction-preview-words">
            {page.words.map((word, at) => (
              <li key={at}>
                <span className="redaction-preview-word">{word.text}</span> <span className="redaction-preview-type">({typeLabel(word.redactionType)})</span>
              </li>
            ))}
          </ul>
        </div>
      ))}
      {preview.deletedPages.map((page) => (
        <p key={`d${page.pageIndex}`}>
          Page {page.pageIndex + 1} is deleted with its {page.wordCount} words.
        </p>
      ))}
    </section>
  );
}
