/**
 * Switching between the user's own points and the generated datasets with exactly one restart, and
 * with an output layer that fits the data (the worker refuses, say, a sigmoid output on 3 classes).
 */
import type { StoreApi } from 'zustand';
import { parseCsvDataset, type CsvResult, type Dataset } from '../../engine';
import type { AppState } from '../../store/types';
import { outputSwitchNotice } from '../../model/outputs';
import {
  needsRestart,
  outputsFor,
  sanitizeConfig,
  type OutputKind,
  type RunConfig,
} from '../../model/config';

/** The outputs that fit the data in use (own data decides by its own classes; src/model/outputs.ts). */
export function outputsForData(config: RunConfig, customData: Dataset | null): OutputKind[] {
  return outputsFor(config, customData);
}

/** Trains on `data` from now on (one restart), switching the output first if it does not fit. */
export function switchToOwnData(store: StoreApi<AppState>, data: Dataset): void {
  const { config } = store.getState();
  const allowed = outputsForData(config, data);
  // Only the output changes, so no restart of its own: setCustomData restarts once with it.
  if (!allowed.includes(config.output)) {
    store.setState({ config: { ...config, output: allowed[0] } });
    store.getState().addNotice(outputSwitchNotice(allowed[0], data.classes));
  }
  store.getState().setCustomData(data);
}

/**
 * Back to the generated data, with `patch` applied (e.g. the dataset the user picked), in one
 * restart. Without custom data this is just setConfig(patch).
 */
export function switchToGeneratedData(store: StoreApi<AppState>, patch: Partial<RunConfig> = {}): void {
  const { config, customData } = store.getState();
  if (!customData) {
    store.getState().setConfig(patch);
    return;
  }
  const next = sanitizeConfig({ ...config, ...patch }, config).value;
  store.setState({ customData: null });
  const restarts = needsRestart(config, next);
  store.getState().setConfig(next);
  if (!restarts) store.getState().reset();
}

/**
 * Largest |value| an imported coordinate or target may have. The import rescales points into
 * [-6, 6] and targets into [-1, 1]; past this, (max − min) and the scale factor lose the data's
 * detail or overflow (1.1e308 − (−1.1e308) is ∞), so such files are refused rather than mangled.
 */
export const MAX_CSV_ABS = 1e6;
/** A run splits the points into training and test sets, one point at least in each. */
export const MIN_CSV_ROWS = 2;

const COLUMNS = ['x1', 'x2', 'label'] as const;

/** A field that is meant as a number (digits, or NaN / Infinity spelled out), valid or not. */
function meantAsNumber(field: string): boolean {
  return /^[+-]?(\d|\.\d)/.test(field) || /^[+-]?(nan|inf(inity)?)$/i.test(field);
}

/**
 * Reads the user's CSV into points the run can train on, or says in one sentence what is wrong,
 * naming the row and the column: non-finite values (NaN, Infinity, 1e999), values beyond
 * ±MAX_CSV_ABS, fewer than MIN_CSV_ROWS rows. A first line counts as a header only when none of
 * its fields is meant as a number, so "1e999,NaN,abc" is refused, not skipped. The rest
 * (columns, labels, rescaling) is the engine's parser.
 */
export function readOwnCsv(text: string): CsvResult {
  if (typeof text !== 'string') return { ok: false, error: 'the CSV must be text' };
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let sawFirst = false;
  for (let li = 0; li < lines.length; li++) {
    const line = lines[li].trim();
    if (line === '') continue;
    const fields = line.split(',').map((f) => f.trim());
    if (!sawFirst) {
      sawFirst = true;
      if (!fields.some(meantAsNumber)) continue; // a header
    }
    for (let c = 0; c < Math.min(fields.length, COLUMNS.length); c++) {
      const field = fields[c];
      if (!meantAsNumber(field)) continue; // the parser names it ("is not a number")
      const v = Number(field);
      const where = `row ${li + 1}, column ${COLUMNS[c]}`;
      const shown = field.length > 24 ? `${field.slice(0, 24)}…` : field;
      if (!Number.isFinite(v)) return { ok: false, error: `${where}: '${shown}' is not a finite number` };
      if (Math.abs(v) > MAX_CSV_ABS) {
        return {
          ok: false,
          error: `${where}: '${shown}' is too large; values must be within ±1,000,000 (rescale the file first)`,
        };
      }
    }
  }
  const result = parseCsvDataset(text);
  if (result.ok && result.dataset.count < MIN_CSV_ROWS) {
    return {
      ok: false,
      error: `only ${result.dataset.count} data row; at least ${MIN_CSV_ROWS} are needed (the run keeps some points for testing)`,
    };
  }
  return result;
}
