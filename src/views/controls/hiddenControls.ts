/**
 * Controls a link hides, Playground-style (`learningRate_hide=true`, DESIGN.md "URL state"). The
 * names are config keys (plus `speed`, `regenerate`, `importCsv`, `presets`); TensorFlow
 * Playground's own names for the same controls are accepted too. The list lives in `ui.hiddenControls`.
 */
/** TensorFlow Playground's `*_hide` names for the same controls. */
const HIDE_ALIASES: Record<string, string> = {
  percTrainData: 'trainPercent',
  problem: 'output',
  networkShape: 'hiddenLayers',
};

/** The names to hide (`ui.hiddenControls`), with Playground's aliases mapped to our config keys. */
export function hiddenSet(names: readonly string[]): ReadonlySet<string> {
  return new Set(names.map((n) => HIDE_ALIASES[n] ?? n));
}
