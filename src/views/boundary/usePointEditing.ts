/**
 * "Edit points": the drawing's state and what clicks, the tools and the keyboard form do to it. A
 * click or tap adds a point of the chosen class (or value); Alt-click, right-click or the Erase tool
 * removes the nearest point. Each edit that leaves enough points hands the whole drawn dataset to the
 * store (setCustomData), which restarts training on it.
 */
import { useRef, useState } from 'react';
import type { FormEvent, MouseEvent } from 'react';
import type { StoreApi } from 'zustand';
import type { Dataset } from '../../engine';
import { planeHalfWidthOf } from '../../model/plane';
import type { AppState } from '../../store/types';
import type { FrameDataset } from '../../worker/protocol';
import { clientToPlane } from './plane';
import type { PlanePoint } from './plane';
import {
  addPoint,
  emptyDataset,
  erasePoint,
  newPointLabel,
  toDataset,
  tooFewPoints,
  typedPoint,
  type Edit,
} from './pointEditing';

export type EditTool = 'add' | 'erase';

export interface PointEditingSource {
  /** The drawn dataset the run trains on, if any. */
  customData: Dataset | null;
  /** The run's generated data, the starting drawing when there is no custom data. */
  dataset: FrameDataset | null;
  /** Classes of the data (0: regression). */
  classes: number;
}

export function usePointEditing(
  store: StoreApi<AppState>,
  { customData, dataset, classes }: PointEditingSource,
) {
  const plotRef = useRef<HTMLDivElement>(null);
  const [editing, setEditing] = useState(false);
  const [tool, setTool] = useState<EditTool>('add');
  const [newClass, setNewClass] = useState(1);
  const [newValue, setNewValue] = useState('0.5');
  const [draft, setDraft] = useState<Dataset | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [keyX, setKeyX] = useState('0');
  const [keyY, setKeyY] = useState('0');
  /** The plane being drawn on: the drawing's, else the run's (a model file's points may have a tighter one). */
  const halfWidth = planeHalfWidthOf(draft ?? customData ?? dataset);

  const start = (): void => {
    setDraft(customData ?? (dataset ? toDataset(dataset) : emptyDataset(Math.max(0, classes))));
    setMessage(null);
    setEditing(true);
  };

  const stop = (): void => {
    setEditing(false);
    setDraft(null);
    setMessage(null);
  };

  /** Shows the edit, and trains on it once it has enough points. */
  const apply = (edit: Edit): void => {
    if ('error' in edit) {
      setMessage(edit.error);
      return;
    }
    setDraft(edit.data);
    const tooFew = tooFewPoints(edit.data);
    if (!tooFew) store.getState().setCustomData(edit.data);
    setMessage(tooFew);
  };

  const addAt = ({ x1, x2 }: PlanePoint): void => {
    if (!draft) return;
    apply(addPoint(draft, x1, x2, newPointLabel(classes, newClass, newValue)));
  };

  const eraseAt = ({ x1, x2 }: PlanePoint): void => {
    if (draft) apply(erasePoint(draft, x1, x2));
  };

  const planeAt = (e: MouseEvent): PlanePoint | null => {
    const el = plotRef.current;
    return el ? clientToPlane(e.clientX, e.clientY, el.getBoundingClientRect(), halfWidth) : null;
  };

  /** A click on the plot while editing: add, or erase with the Erase tool or Alt. */
  const onPlotClick = (e: MouseEvent): void => {
    const at = planeAt(e);
    if (!at) return;
    if (tool === 'erase' || e.altKey) eraseAt(at);
    else addAt(at);
  };

  const onContextMenu = (e: MouseEvent): void => {
    if (!editing) return;
    e.preventDefault();
    const at = planeAt(e);
    if (at) eraseAt(at);
  };

  const onKeyboardAdd = (e: FormEvent): void => {
    e.preventDefault();
    const at = typedPoint(keyX, keyY, halfWidth);
    if ('error' in at) setMessage(at.error);
    else addAt(at);
  };

  const clear = (): void => {
    if (!draft) return;
    const empty = { ...emptyDataset(draft.classes), planeHalfWidth: draft.planeHalfWidth };
    setDraft(empty);
    setMessage(`Cleared. ${tooFewPoints(empty)}`);
  };

  const backToGeneratedData = (): void => {
    store.getState().setCustomData(null);
    stop();
  };

  return {
    plotRef,
    editing,
    tool,
    setTool,
    newClass,
    setNewClass,
    newValue,
    setNewValue,
    keyX,
    setKeyX,
    keyY,
    setKeyY,
    draft,
    message,
    start,
    stop,
    onPlotClick,
    onContextMenu,
    onKeyboardAdd,
    clear,
    backToGeneratedData,
  };
}

export type PointEditing = ReturnType<typeof usePointEditing>;
