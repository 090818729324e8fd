/**
 * "Export NumPy code" end to end: the worker run's exported model file, the program generated from
 * it, run by python3, prints the losses the run computes for its next 100 steps.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { MAZUR_MODEL } from '../../src/app/presets';
import { DEFAULT_CONFIG, type RunConfig } from '../../src/model/config';
import { parseModelFile } from '../../src/model/files/modelFile';
import { NUMPY_EXPORT_STEPS, numpyCodeOf } from '../../src/model/files/numpyExport';
import { createWorkerState, handleMessage, type WorkerState } from '../../src/worker/handlers';
import { hasNumpy, runPythonFiles } from '../model/files/python';

vi.setConfig({ testTimeout: 120_000 });

const inCI = Boolean(process.env.CI);

const CASES: [string, Partial<RunConfig> | 'mazur'][] = [
  ['the default config', {}],
  ['Adam, L2, batch 7', { optimizer: 'adam', regularization: 'l2', regularizationRate: 0.003, batchSize: 7 }],
  [
    'momentum, softmax on 3 classes',
    { dataset: 'blobs', classes: 3, output: 'softmax-ce', optimizer: 'momentum' },
  ],
  [
    'tanh + squared error, L1, full batch',
    { output: 'tanh-mse', regularization: 'l1', regularizationRate: 0.001, batchSize: 500 },
  ],
  ['Mazur’s model file', 'mazur'],
];

function runFor(setting: Partial<RunConfig> | 'mazur'): WorkerState {
  const state = createWorkerState({ now: () => 0 });
  const replies =
    setting === 'mazur'
      ? handleMessage(state, { type: 'load-model', text: JSON.stringify(MAZUR_MODEL) })
      : handleMessage(state, { type: 'init', config: { ...DEFAULT_CONFIG, datasetSize: 120, ...setting } });
  expect(replies.filter((r) => r.type === 'error')).toEqual([]);
  state.run!.trainSteps(13);
  return state;
}

describe('Export NumPy code from a run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'backprop-lab-run-numpy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.skipIf(!hasNumpy && !inCI)('prints the run’s next 100 losses to 1e-9 relative', () => {
    if (!hasNumpy) throw new Error('python3 with NumPy is required in CI for the NumPy export test');
    const runs = CASES.map(([name, setting], i) => {
      const state = runFor(setting);
      const reply = handleMessage(state, { type: 'export-model', requestId: i });
      const text = reply.find((r) => r.type === 'model')!.text;
      const parsed = parseModelFile(text);
      if (!parsed.ok) throw new Error(parsed.error);
      const file = join(dir, `run_${i}.py`);
      writeFileSync(file, numpyCodeOf(parsed.model));
      // The run's own next steps: each one's batch loss (a float64, as the inspector shows it).
      const losses: number[] = [];
      for (let s = 0; s < NUMPY_EXPORT_STEPS; s++) {
        state.run!.trainSteps(1);
        const frame = state.run!.buildFrame({ grid: null, playing: false, speed: 'max', seq: s });
        losses.push(frame.batch!.loss!);
      }
      return { name, file, losses, state };
    });
    const outputs = runPythonFiles(runs.map((r) => r.file));
    runs.forEach((run, i) => {
      const lines = outputs[i].trim().split('\n');
      expect(lines, run.name).toHaveLength(NUMPY_EXPORT_STEPS);
      lines.forEach((line, s) => {
        const match = /^step (\d+) loss (\S+)$/.exec(line);
        expect(match, line).not.toBeNull();
        expect(Number(match![1])).toBe(14 + s);
        const python = Number(match![2]);
        const app = run.losses[s];
        const relative = Math.abs(python - app) / Math.max(Math.abs(app), Number.MIN_VALUE);
        expect(relative, `${run.name}, step ${14 + s}: python ${python}, app ${app}`).toBeLessThan(1e-9);
      });
    });
  });
});
