/**
 * Issue 14, "nothing lost, nothing stuck": importing the user's points over any current output
 * either applies completely (data, output, network and menus agree, and training uses the file) or
 * changes nothing. Driven at the store + worker level: the real store, the real handlers and play
 * loop in a fake Worker.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppStore, type AppStore } from '../../src/store';
import type { TrainerClient } from '../../src/worker/client';
import { DEFAULT_CONFIG, outputsFor, outputUnits, type RunConfig } from '../../src/model/config';
import { isOutputSwitchNotice } from '../../src/model/outputs';
import { parseCsvDataset, type Dataset } from '../../src/engine';
import { outputsForData, switchToOwnData } from '../../src/views/controls/customData';
import { fakeWorkerClient, waitFor } from './fakeWorker';

vi.setConfig({ testTimeout: 60_000 });

let client: TrainerClient | null = null;
afterEach(() => {
  client?.dispose();
  client = null;
});

function csvOf(n: number, label: (x: number, y: number, i: number) => string): Dataset {
  const rows = ['x1,x2,label'];
  for (let i = 0; i < n; i++)
    rows.push(`${((i * 7) % 17) / 2 - 4},${((i * 11) % 13) / 1.5 - 4},${label(0, 0, i)}`);
  const parsed = parseCsvDataset(rows.join('\n'));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.dataset;
}

const IMPORTS: Record<string, Dataset> = {
  binary: csvOf(40, (_x, _y, i) => String(i % 2)),
  '3-class': csvOf(45, (_x, _y, i) => String(i % 3)),
  regression: csvOf(40, (_x, _y, i) => String((i % 9) / 7 - 0.3)),
};

/** Where the page stands before the import: every output, on data it fits. */
const STARTS: { name: string; config: Partial<RunConfig> }[] = [
  { name: 'circle, sigmoid-bce', config: { dataset: 'circle', output: 'sigmoid-bce' } },
  { name: 'circle, tanh-mse', config: { dataset: 'circle', output: 'tanh-mse' } },
  { name: 'spiral-k 3, softmax-ce', config: { dataset: 'spiral-k', classes: 3, output: 'softmax-ce' } },
  { name: 'blobs 5, softmax-ce', config: { dataset: 'blobs', classes: 5, output: 'softmax-ce' } },
  { name: 'plane, linear-mse', config: { dataset: 'plane', output: 'linear-mse' } },
  { name: 'plane, tanh-mse', config: { dataset: 'plane', output: 'tanh-mse' } },
];

const CASES = STARTS.flatMap((start) =>
  Object.keys(IMPORTS).map((data) => ({ start: start.name, config: start.config, data })),
);

describe('importing own data over every output', () => {
  it.each(CASES)('$start, then a $data CSV: applies completely', async ({ config, data }) => {
    const own = IMPORTS[data];
    const store: AppStore = createAppStore({
      config: { ...DEFAULT_CONFIG, datasetSize: 60, hiddenLayers: [3], ...config },
      ui: { gridResolution: 0 },
    });
    store.getState().setSpeed('max');
    client = fakeWorkerClient(store).client;
    await waitFor(() => store.getState().frame !== null, 20_000, 'first run');
    expect(store.getState().config.output).toBe(config.output);

    switchToOwnData(store, own);
    await waitFor(() => store.getState().dataset?.classes === own.classes, 10_000, 'the imported points');
    store.getState().play();
    await waitFor(() => (store.getState().frame?.step ?? 0) >= 5, 20_000, 'training');
    store.getState().pause();
    await waitFor(() => store.getState().frame?.playing === false, 20_000, 'pause');

    const s = store.getState();
    const fits = outputsFor(s.config, own);
    // The output in the store (what the menu shows) fits the data and is what the worker trains.
    expect(fits).toContain(s.config.output);
    expect(outputsForData(s.config, s.customData)).toContain(s.config.output);
    expect(s.frame!.params.at(-1)!.b.length).toBe(outputUnits(s.config, own));
    // Training uses the file: every point, split into train and test.
    expect(s.dataset!.train.count + s.dataset!.test.count).toBe(own.count);
    expect(s.ui.error).toBeNull();
    // A switch is said once, in words.
    const switched = s.config.output !== config.output;
    expect(s.notices.filter(isOutputSwitchNotice).length).toBe(switched ? 1 : 0);
    for (const n of s.notices)
      expect(n).not.toMatch(/\b(sigmoid-bce|softmax-ce|linear-mse|tanh-mse|spiral-k)\b/);
  });
});
