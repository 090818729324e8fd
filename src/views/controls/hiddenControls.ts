/**
 * Controls a link hides, Playground-style (`learningRate_hide=true`, DESIGN.md "URL state"). The
 * names are config keys (plus `speed`, `regenerate`, `importCsv`, `presets`); TensorFlow
 * Playground's own names for the same controls are accepted too. The list lives in `ui.extra`.
 */
import type { AppState } from '../../store/types';

export const HIDDEN_CONTROLS_KEY = 'hiddenControls';

const EMPTY: readonly string[] = Object.freeze([]);

/** TensorFlow Playground's `*_hide` names for the same controls. */
const HIDE_ALIASES: Record<string, string> = {
  percTrainData: 'trainPercent',
  problem: 'output',
  networkShape: 'hiddenLayers',
};

/** The names as the link wrote them. */
export function hiddenControlsOf(state: Pick<AppState, 'ui'>): readonly string[] {
  const value = state.ui.extra[HIDDEN_CONTROLS_KEY];
  return Array.isArray(value) ? (value.filter((v) => typeof v === 'string') as string[]) : EMPTY;
}

/** The names to hide, with Playground's aliases mapped to our config keys. */
export function hiddenSet(extra: Record<string, unknown>): ReadonlySet<string> {
  return new Set(hiddenControlsOf({ ui: { extra } as AppState['ui'] }).map((n) => HIDE_ALIASES[n] ?? n));
}
