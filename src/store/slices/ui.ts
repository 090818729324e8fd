/**
 * The ui slice: view state (selection, hover, toggles), the notices and the error banner's message.
 */
import type { StateCreator } from 'zustand/vanilla';
import { isOutputSwitchNotice } from '../../model/outputs';
import type { AppState, UiSlice, UiState } from '../types';

/** How many notices the store keeps (oldest dropped). */
export const MAX_NOTICES = 20;

export const DEFAULT_UI: Readonly<UiState> = Object.freeze({
  selectedExample: null,
  hoveredNode: null,
  hoveredEdge: null,
  chosenWeight: null,
  chainHighlight: [],
  error: null,
  gridResolution: 50,
  gridNeurons: true,
  showTestPoints: false,
  discretize: false,
  logScale: false,
  hiddenControls: [],
  replay: null,
});

/**
 * `set(appendNotices(list))` adds notices, newest last, keeping the last MAX_NOTICES; an empty list
 * leaves the state as it is (no subscriber hears of it). An automatic output switch replaces the
 * previous one instead of stacking (issue 14).
 */
export function appendNotices(
  list: readonly string[],
): (state: AppState) => AppState | Pick<AppState, 'notices'> {
  return (state) => {
    if (list.length === 0) return state;
    const kept = list.some(isOutputSwitchNotice)
      ? state.notices.filter((n) => !isOutputSwitchNotice(n))
      : state.notices;
    return { notices: [...kept, ...list].slice(-MAX_NOTICES) };
  };
}

export const createUiSlice =
  (notices: readonly string[], ui: Partial<UiState> = {}): StateCreator<AppState, [], [], UiSlice> =>
  (set) => ({
    ui: { ...DEFAULT_UI, ...ui },
    notices: notices.slice(-MAX_NOTICES),
    setUi(patch) {
      set((s) => ({ ui: { ...s.ui, ...patch } }));
    },
    addNotice(message) {
      set(appendNotices([message]));
    },
    dismissNotices() {
      set({ notices: [] });
    },
    setError(message) {
      set((s) => ({ ui: { ...s.ui, error: message } }));
    },
  });
