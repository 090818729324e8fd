/**
 * The graph's pointing and keyboard behaviour: hover, focus or tap shows an item's tooltip (and tells
 * the store which node or edge is hovered, for the other views); a click or Enter on a weight or bias
 * opens the weight editor; arrow keys move between items (roving tabindex). The tooltip's and the
 * editor's numbers are written imperatively (writeReadouts), live with each frame.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FocusEvent, KeyboardEvent, MouseEvent, PointerEvent, RefObject } from 'react';
import type { StoreApi } from 'zustand';
import type { AppState } from '../../store/types';
import { describeLive } from './descriptions';
import type { Geometry, Item } from './geometry';
import { ARROW_KEYS, moveInColumns } from './navigation';
import { editingOf } from './WeightEditor';
import type { Editing } from './WeightEditor';

export interface TooltipAndEditor {
  tip: Item | null;
  editing: Editing | null;
  /** Where the tooltip's and the editor's live numbers go. */
  tipTextRef: RefObject<HTMLSpanElement | null>;
  editorInfoRef: RefObject<HTMLElement | null>;
  /** Writes the live numbers of the open tooltip and editor from `state`. */
  writeReadouts: (state: AppState) => void;
  /** For the figure: they find their item from the event's target. */
  handlers: {
    onFocus: (e: FocusEvent) => void;
    onBlur: (e: FocusEvent) => void;
    onPointerOver: (e: PointerEvent) => void;
    onPointerOut: (e: PointerEvent) => void;
    onPointerDown: (e: PointerEvent) => void;
    onClick: (e: MouseEvent) => void;
    onKeyDown: (e: KeyboardEvent) => void;
  };
  /** Sets the edited parameter to `value` and closes the editor, focusing the parameter again. */
  apply: (value: number) => void;
  cancel: () => void;
}

/**
 * @param geometry a new geometry (a new structure) closes the tooltip and the editor: their elements
 *   are gone
 */
export function useTooltipAndEditor(
  store: StoreApi<AppState>,
  geometry: Geometry,
  figureRef: RefObject<HTMLElement | null>,
): TooltipAndEditor {
  const tipTextRef = useRef<HTMLSpanElement>(null);
  const editorInfoRef = useRef<HTMLElement | null>(null);
  // The refs are what event handlers and the frame subscription read between renders.
  const tipItemRef = useRef<Item | null>(null);
  const editingRef = useRef<Editing | null>(null);
  const [tip, setTip] = useState<Item | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);

  const writeReadouts = useCallback(
    (state: AppState) => {
      const item = tipItemRef.current;
      if (item && tipTextRef.current) tipTextRef.current.textContent = describeLive(item, state, geometry);
      const edit = editingRef.current;
      if (edit && editorInfoRef.current) {
        const target = geometry.items.get(edit.key);
        if (target) editorInfoRef.current.textContent = describeLive(target, state, geometry);
      }
    },
    [geometry],
  );

  // Read-outs appear at once (not on the next frame) when the tooltip or the editor opens.
  useEffect(() => {
    tipItemRef.current = tip;
    editingRef.current = editing;
    writeReadouts(store.getState());
  }, [tip, editing, store, writeReadouts]);

  // Close what refers to elements that no longer exist.
  useEffect(() => {
    setTip(null);
    setEditing(null);
    tipItemRef.current = null;
    editingRef.current = null;
  }, [geometry]);

  const itemOf = (target: EventTarget | null): Item | null => {
    const el = target instanceof Element ? target.closest('[data-key]') : null;
    const key = el?.getAttribute('data-key');
    return key ? (geometry.items.get(key) ?? null) : null;
  };

  const show = (item: Item): void => {
    tipItemRef.current = item;
    setTip(item);
    const setUi = store.getState().setUi;
    if (item.type === 'node') setUi({ hoveredNode: { layer: item.layer - 1, unit: item.unit } });
    else if (item.type === 'W') setUi({ hoveredEdge: { layer: item.layer, from: item.from, to: item.to } });
  };
  const hide = (item: Item | null): void => {
    if (item && tipItemRef.current && tipItemRef.current.key !== item.key) return;
    tipItemRef.current = null;
    setTip(null);
    const { ui, setUi } = store.getState();
    if (ui.hoveredNode !== null) setUi({ hoveredNode: null });
    if (ui.hoveredEdge !== null) setUi({ hoveredEdge: null });
  };

  const openEditor = (item: Item): void => {
    // Clicking (or Enter on) an edge also makes it the weight the inspector's chain rule follows.
    if (item.type === 'W')
      store.getState().setUi({ chosenWeight: { layer: item.layer, row: item.from, col: item.to } });
    const next = editingOf(item, store.getState().frame);
    if (!next) return;
    editingRef.current = next;
    setEditing(next);
  };
  const focusKey = (key: string): void => {
    figureRef.current?.querySelector<SVGElement>(`[data-key="${key}"]`)?.focus();
  };
  const closeEditor = (): void => {
    const edit = editingRef.current;
    editingRef.current = null;
    setEditing(null);
    if (edit) focusKey(edit.key);
  };

  const handlers: TooltipAndEditor['handlers'] = {
    onFocus(e) {
      const item = itemOf(e.target);
      if (!item) return;
      // Roving tabindex: the focused item becomes its group's single tab stop.
      const group = (e.target as Element).closest('[data-roving]');
      group?.querySelectorAll('[tabindex="0"]').forEach((el) => {
        if (el !== e.target) el.setAttribute('tabindex', '-1');
      });
      (e.target as Element).setAttribute('tabindex', '0');
      show(item);
    },
    onBlur: (e) => hide(itemOf(e.target)),
    onPointerOver(e) {
      const item = itemOf(e.target);
      if (item && e.pointerType === 'mouse') show(item);
    },
    onPointerOut(e) {
      const item = itemOf(e.target);
      if (!item || e.pointerType !== 'mouse') return;
      if (itemOf(e.relatedTarget)?.key === item.key) return;
      hide(item);
    },
    onPointerDown(e) {
      // Touch and pen have no hover: a tap shows what hover shows (a second tap on a node hides it).
      if (e.pointerType === 'mouse') return;
      const item = itemOf(e.target);
      if (!item) return;
      if (item.type === 'node' && tipItemRef.current?.key === item.key) hide(item);
      else show(item);
    },
    onClick(e) {
      const item = itemOf(e.target);
      if (item) openEditor(item);
    },
    onKeyDown(e) {
      const item = itemOf(e.target);
      if (!item) return;
      const direction = ARROW_KEYS[e.key];
      if (direction) {
        e.preventDefault();
        const columns = item.type === 'node' ? geometry.nodeColumns : geometry.paramColumns;
        const next = moveInColumns(columns, item.key, direction);
        if (next && next !== item.key) focusKey(next);
      } else if (e.key === 'Enter' || e.key === ' ') {
        if (item.type === 'W' || item.type === 'b') {
          e.preventDefault();
          openEditor(item);
        }
      } else if (e.key === 'Escape') {
        hide(item);
      }
    },
  };

  const apply = (value: number): void => {
    const edit = editingRef.current;
    if (!edit) return;
    store.getState().setWeight(edit.layer, edit.kind, edit.index, value);
    closeEditor();
  };

  return { tip, editing, tipTextRef, editorInfoRef, writeReadouts, handlers, apply, cancel: closeEditor };
}
