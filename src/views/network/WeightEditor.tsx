/**
 * The weight editor: a small form over a weight or bias (opened by a click, or Enter on a focused
 * one) that sets it to the typed value, with the parameter's live read-out beside it.
 */
import { useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import type { Frame } from '../../worker/protocol';
import { editorTitle } from './descriptions';
import { editableNumber, isDecimalText, parseDecimal, percentOf } from '../../model/format';
import type { Item } from './geometry';

/** The parameter being edited: setWeight(layer, kind, index, value) applies it. */
export interface Editing {
  kind: 'W' | 'b';
  layer: number;
  index: number;
  /** The item's key (to focus it again and to read its live values). */
  key: string;
  title: string;
  initial: string;
  /** Where the editor goes, SVG units. */
  x: number;
  y: number;
}

/** What editing `item` starts from (its current value in `frame`), or null if it is not a parameter. */
export function editingOf(item: Item, frame: Frame | null): Editing | null {
  if (item.type !== 'W' && item.type !== 'b') return null;
  const p = frame?.params[item.layer];
  const current = item.type === 'W' ? p?.W[item.index] : p?.b[item.index];
  return {
    kind: item.type,
    layer: item.layer,
    index: item.index,
    key: item.key,
    title: editorTitle(item),
    initial: editableNumber(current),
    x: item.x,
    y: item.y,
  };
}

/** Largest |value| the editor accepts (beyond it the run would just diverge at once). */
const MAX_EDIT_ABS = 1e6;

/** Parses what the user typed in the weight editor: a number, or an error message. */
export function parseWeightInput(text: string): { value: number } | { error: string } {
  if (text.trim() === '') return { error: 'Enter a number.' };
  if (!isDecimalText(text)) return { error: `“${text.trim()}” is not a number.` };
  const value = parseDecimal(text);
  if (value === null) return { error: `“${text.trim()}” is too large.` };
  if (Math.abs(value) > MAX_EDIT_ABS)
    return { error: `Use a value between −${MAX_EDIT_ABS} and ${MAX_EDIT_ABS}.` };
  return { value };
}

/**
 * The editor form, placed over the parameter (width, height: the figure's SVG extent). Enter applies
 * a valid number, Escape or ✕ cancels; an invalid entry shows why and keeps the form open.
 */
export function WeightEditor({
  editing,
  width,
  height,
  infoRef,
  onApply,
  onCancel,
}: {
  editing: Editing;
  width: number;
  height: number;
  infoRef: (el: HTMLElement | null) => void;
  onApply: (value: number) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(editing.initial);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);
  const errorId = `nn-edit-error-${editing.key.replace(/:/g, '-')}`;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const parsed = parseWeightInput(draft);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    onApply(parsed.value);
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    }
  };
  return (
    <form
      className="nn-editor"
      style={{ left: percentOf(editing.x, width), top: percentOf(editing.y, height) }}
      onSubmit={submit}
      onKeyDown={onKeyDown}
      aria-label={`Edit ${editing.title}`}
    >
      <label>
        <span className="nn-editor-title">{editing.title}</span>
        <input
          ref={inputRef}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          aria-label={`New value for ${editing.title}`}
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            if (error) setError(null);
          }}
        />
      </label>
      <button type="submit">Set</button>
      <button type="button" aria-label="Cancel editing" onClick={onCancel}>
        ✕
      </button>
      <span className="nn-editor-info" ref={infoRef} />
      {/* The input's own message (aria-invalid + aria-describedby), polite: not an alert, since the
          page has one alert banner for what stops the run (DESIGN.md). Always there, so it is heard. */}
      <p className="nn-editor-error" id={errorId} aria-live="polite">
        {error}
      </p>
    </form>
  );
}
