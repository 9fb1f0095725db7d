import { useState, type KeyboardEvent, type PointerEvent } from 'react';
import type { PageGeometry } from '../case/workspace';
import type { DraftBox, DraftWord, PageModification, Suggestion } from './redaction-api';
import type { FlatWord, WordSelection } from './word-selection';

export type Tool = 'read' | 'draw' | 'select';

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What the layer shows on one page and what it reports back; everything in PDF points, top-left origin. */
export interface PageLayerProps {
  readonly page: PageGeometry;
  readonly tool: Tool;
  readonly boxes: readonly (DraftBox & { readonly index: number })[];
  readonly words: readonly (DraftWord & { readonly rect: Rect })[];
  readonly pending: readonly Suggestion[];
  readonly modification: PageModification | undefined;
  readonly flatWords: readonly FlatWord[];
  readonly selection: WordSelection | null;
  readonly typeLabel: (id: string) => string;
  readonly onDraw: (pageIndex: number, rect: Rect) => void;
  readonly onSelect: (selection: WordSelection | null) => void;
  readonly onRedactSelection: () => void;
}

/** Keyboard steps in PDF points: arrows move 2 pt, with Ctrl 20 pt. */
const STEP = 2;
const BIG_STEP = 20;
/** A drag shorter than this (a click) draws nothing. */
const MIN_SIZE = 2;

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
const normalise = (a: { x: number; y: number }, b: { x: number; y: number }): Rect => ({ x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) });
const round = (value: number) => Math.round(value * 100) / 100;

function RectView({ rect, scale, className, label }: { rect: Rect; scale: number; className: string; label?: string }) {
  return (
    <div className={className} style={{ left: rect.x * scale, top: rect.y * scale, width: rect.width * scale, height: rect.height * scale }}>
      {label !== undefined && <span className="redaction-box-label">{label}</span>}
    </div>
  );
}

/** The redaction layer of one page: the draft's boxes, pending suggestions, and (per tool) a drawing or word-selecting surface. */
export function RedactionPageLayer(props: PageLayerProps) {
  const { page, tool, boxes, words, pending, modification, typeLabel } = props;
  const scale = page.scale;
  return (
    <>
      {boxes.map((box) => {
        const sx = page.widthPt / box.pageWidth;
        const sy = page.heightPt / box.pageHeight;
        return <RectView key={`b${box.index}`} className="redaction-box" scale={scale} label={typeLabel(box.redactionType)} rect={{ x: box.rect.x * sx, y: box.rect.y * sy, width: box.rect.width * sx, height: box.rect.height * sy }} />;
      })}
      {words.map((word) => (
        <RectView key={`w${word.lineIndex}:${word.wordIndex}`} className="redaction-box" scale={scale} rect={word.rect} />
      ))}
      {pending.flatMap((suggestion, at) => suggestion.boxes.map((box, n) => <RectView key={`s${at}:${n}`} className="redaction-suggestion" scale={scale} rect={box} />))}
      {modification !== undefined && (
        <p className={`redaction-page-change ${modification.action === 'delete' ? 'is-delete' : ''}`}>
          {modification.action === 'delete' ? 'This page will be deleted' : `This page will be rotated ${modification.rotateBy ?? 0}° clockwise`}
        </p>
      )}
      {tool === 'draw' && <DrawSurface key="draw" {...props} />}
      {tool === 'select' && <SelectSurface key="select" {...props} />}
    </>
  );
}

/** Draw boxes with the mouse (drag) or the keyboard (arrows move a crosshair; Enter starts and ends a box; Shift+arrows resize; Escape cancels). */
function DrawSurface({ page, onDraw }: PageLayerProps) {
  const [drag, setDrag] = useState<{ from: { x: number; y: number }; to: { x: number; y: number } } | null>(null);
  const [cross, setCross] = useState({ x: 0, y: 0 });
  const [keyBox, setKeyBox] = useState<Rect | null>(null);
  const [focused, setFocused] = useState(false);
  // The crosshair shows once the keyboard is used here, not when a mouse drag focuses the surface.
  const [keyed, setKeyed] = useState(false);
  const [said, setSaid] = useState('');
  const { scale, widthPt, heightPt, pageIndex } = page;

  const pointAt = (event: PointerEvent<HTMLDivElement>) => {
    const bounds = event.currentTarget.getBoundingClientRect();
    return { x: clamp((event.clientX - bounds.left) / scale, 0, widthPt), y: clamp((event.clientY - bounds.top) / scale, 0, heightPt) };
  };
  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    // Focus without the browser scrolling the (page-tall) surface into view under the pointer mid-drag.
    event.preventDefault();
    event.currentTarget.focus({ preventScroll: true });
    event.currentTarget.setPointerCapture(event.pointerId);
    const at = pointAt(event);
    setDrag({ from: at, to: at });
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    if (drag === null) return;
    const to = pointAt(event);
    setDrag({ from: drag.from, to });
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    if (drag === null) return;
    const rect = normalise(drag.from, pointAt(event));
    setDrag(null);
    if (rect.width >= MIN_SIZE && rect.height >= MIN_SIZE) onDraw(pageIndex, { x: round(rect.x), y: round(rect.y), width: round(rect.width), height: round(rect.height) });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    setKeyed(true);
    const step = event.ctrlKey || event.metaKey ? BIG_STEP : STEP;
    const delta = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] }[event.key];
    if (delta !== undefined) {
      event.preventDefault();
      const [dx, dy] = delta;
      if (keyBox !== null && event.shiftKey) {
        const next = { ...keyBox, width: clamp(keyBox.width + dx, 0, widthPt - keyBox.x), height: clamp(keyBox.height + dy, 0, heightPt - keyBox.y) };
        setKeyBox(next);
        setSaid(`Box ${round(next.width)} by ${round(next.height)} points`);
      } else if (keyBox !== null) {
        const next = { ...keyBox, x: clamp(keyBox.x + dx, 0, widthPt - keyBox.width), y: clamp(keyBox.y + dy, 0, heightPt - keyBox.height) };
        setKeyBox(next);
        setCross({ x: next.x, y: next.y });
        setSaid(`Box at ${round(next.x)}, ${round(next.y)}`);
      } else {
        const next = { x: clamp(cross.x + dx, 0, widthPt), y: clamp(cross.y + dy, 0, heightPt) };
        setCross(next);
        setSaid(`Crosshair at ${round(next.x)}, ${round(next.y)} points`);
      }
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      if (keyBox === null) {
        setKeyBox({ x: cross.x, y: cross.y, width: 0, height: 0 });
        setSaid('Box started. Shift and arrow keys size it, arrow keys move it, Enter ends it, Escape cancels.');
      } else if (keyBox.width >= MIN_SIZE && keyBox.height >= MIN_SIZE) {
        onDraw(pageIndex, { x: round(keyBox.x), y: round(keyBox.y), width: round(keyBox.width), height: round(keyBox.height) });
        setKeyBox(null);
        setSaid('Box added.');
      } else {
        setSaid('The box is too small: make it bigger with Shift and the arrow keys.');
      }
    } else if (event.key === 'Escape' && keyBox !== null) {
      event.preventDefault();
      setKeyBox(null);
      setSaid('Box cancelled.');
    }
  };

  const dragRect = drag === null ? null : normalise(drag.from, drag.to);
  return (
    <div
      className="redaction-surface is-draw"
      role="application"
      aria-roledescription="drawing surface"
      aria-label={`Draw redaction boxes on page ${pageIndex + 1}`}
      aria-describedby="redaction-draw-help"
      tabIndex={0}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => setDrag(null)}
      onKeyDown={onKeyDown}
      onFocus={() => setFocused(true)}
      onBlur={() => {
        setFocused(false);
        setKeyed(false);
      }}
    >
      {dragRect !== null && <RectView className="redaction-drawing" scale={scale} rect={dragRect} />}
      {keyBox !== null && <RectView className="redaction-drawing" scale={scale} rect={keyBox} />}
      {focused && keyed && keyBox === null && (
        <>
          <div className="redaction-crosshair is-x" style={{ top: cross.y * scale }} />
          <div className="redaction-crosshair is-y" style={{ left: cross.x * scale }} />
        </>
      )}
      {focused && (
        <span className="redaction-visually-hidden" role="status">
          {said}
        </span>
      )}
    </div>
  );
}

/** Select words with the mouse (click, Shift+click, drag) or the keyboard (arrows move, Shift+arrows extend, Enter redacts). */
function SelectSurface({ page, flatWords, selection, onSelect, onRedactSelection }: PageLayerProps) {
  const [focused, setFocused] = useState(false);
  const [dragging, setDragging] = useState(false);
  const { scale, pageIndex } = page;
  const mine = selection !== null && selection.pageIndex === pageIndex ? selection : null;
  const low = mine === null ? -1 : Math.min(mine.anchor, mine.focus);
  const high = mine === null ? -1 : Math.max(mine.anchor, mine.focus);

  const choose = (at: number, extend: boolean) => onSelect({ pageIndex, anchor: extend && mine !== null ? mine.anchor : at, focus: at });
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (flatWords.length === 0) return;
    const current = mine?.focus ?? -1;
    let next: number | null = null;
    if (event.key === 'ArrowRight') next = current + 1;
    else if (event.key === 'ArrowLeft') next = current - 1;
    else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const line = current === -1 ? -1 : flatWords[current].lineIndex;
      const target = event.key === 'ArrowDown' ? flatWords.findIndex((word) => word.lineIndex > line) : flatWords.findLastIndex((word) => word.lineIndex < line);
      next = target === -1 ? current : target;
    } else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = flatWords.length - 1;
    else if (event.key === 'Enter' && mine !== null) {
      event.preventDefault();
      onRedactSelection();
      return;
    } else if (event.key === 'Escape' && mine !== null) {
      event.preventDefault();
      onSelect(null);
      return;
    }
    if (next === null) return;
    event.preventDefault();
    choose(clamp(next, 0, flatWords.length - 1), event.shiftKey);
  };

  const selectedText = mine === null ? '' : flatWords.slice(low, high + 1).map((word) => word.text).join(' ');
  return (
    <div
      className="redaction-surface is-select"
      role="application"
      aria-roledescription="text selection surface"
      aria-label={`Select words to redact on page ${pageIndex + 1}`}
      aria-describedby="redaction-select-help"
      tabIndex={0}
      onKeyDown={onKeyDown}
      onFocus={() => setFocused(true)}
      onBlur={() => setFocused(false)}
      onPointerUp={() => setDragging(false)}
      onPointerLeave={() => setDragging(false)}
    >
      {flatWords.map((word, at) => (
        <div
          key={`${word.lineIndex}:${word.wordIndex}`}
          className={`redaction-word${at >= low && at <= high ? ' is-selected' : ''}${mine !== null && at === mine.focus && focused ? ' is-cursor' : ''}`}
          data-word={word.text}
          style={{ left: word.box.x * scale, top: word.box.y * scale, width: word.box.width * scale, height: word.box.height * scale }}
          onPointerDown={(event) => {
            if (event.button !== 0) return;
            event.preventDefault();
            setDragging(true);
            choose(at, event.shiftKey);
          }}
          onPointerEnter={(event) => {
            if (dragging && event.buttons === 1 && mine !== null) onSelect({ pageIndex, anchor: mine.anchor, focus: at });
          }}
        />
      ))}
      {focused && (
        <span className="redaction-visually-hidden" role="status">
          {mine === null ? 'No words selected' : `${high - low + 1} ${high === low ? 'word' : 'words'} selected: ${selectedText}`}
        </span>
      )}
    </div>
  );
}
