/**
 * The model file handlers: "Export model" serializes the run, "Import model" replaces it with the
 * run a file describes (or refuses the file and leaves the run untouched).
 */
import { DEFAULT_CONFIG } from '../model/config';
import { serializeModelFile } from '../model/files/modelConvert';
import { parseModelFile } from '../model/files/modelFile';
import { modelOfRun, prepareModelRun } from './loadModel';
import type { FromWorker } from './protocol';
import { afterChange } from './replies';
import { createRunFromModel, type Run } from './run';
import { needRun, notice, pause, startRun, type WorkerState } from './workerState';

/** "Export model": the run as a model file's text, answered to `requestId`. */
export function exportModel(state: WorkerState, requestId: number): FromWorker[] {
  const run = needRun(state);
  const text = serializeModelFile(modelOfRun(run, run.data));
  return [{ type: 'model', requestId, text }];
}

/**
 * "Import model": the file is parsed and checked completely, and its run built, before the current
 * run is replaced; any refusal is one `error` reply naming what is wrong, and the run is untouched.
 */
export function loadModel(state: WorkerState, text: unknown): FromWorker[] {
  const parsed = parseModelFile(text as string);
  if (!parsed.ok) return [{ type: 'error', message: `Import model: ${parsed.error}.` }];
  let run: Run;
  let notices: string[];
  try {
    const loaded = prepareModelRun(parsed.model, state.run?.baseConfig ?? DEFAULT_CONFIG);
    run = createRunFromModel(loaded, state.limits);
    notices = loaded.notices;
    if (parsed.ignored.length > 0) {
      const shown = parsed.ignored.slice(0, 5).join(', ');
      const more = parsed.ignored.length > 5 ? ` and ${parsed.ignored.length - 5} more` : '';
      notices = [...notices, `Import model: this version does not read ${shown}${more}; they were ignored.`];
    }
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return [{ type: 'error', message: `Import model: ${reason}.` }];
  }
  pause(state);
  startRun(state, run);
  return afterChange(
    state,
    notices.map((m) => notice(m)),
  );
}
