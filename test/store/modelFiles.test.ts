/**
 * "Export model" / "Import model" at the store: the real store, the real client and the real worker
 * handlers behind a fake Worker that records every message.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAZUR_MODEL } from '../../src/app/presets';
import { DEFAULT_CONFIG } from '../../src/model/config';
import { parseModelFile } from '../../src/model/files/modelFile';
import { createAppStore, type AppStore } from '../../src/store/createAppStore';
import type { TrainerClient } from '../../src/worker/client';
import { fakeWorkerClient, type FakeWorker, waitFor } from '../worker/fakeWorker';

vi.setConfig({ testTimeout: 60_000 });

let client: TrainerClient | null = null;
afterEach(() => {
  client?.dispose();
  client = null;
});

function setup(): { store: AppStore; worker: () => FakeWorker } {
  const store = createAppStore({
    config: { ...DEFAULT_CONFIG, datasetSize: 100 },
    ui: { gridResolution: 0 },
  });
  const connected = fakeWorkerClient(store);
  client = connected.client;
  return { store, worker: connected.worker };
}

async function settled(store: AppStore, step: number): Promise<void> {
  await waitFor(() => store.getState().frame?.step === step, 20_000, `step ${step}`);
}

describe('store: exportModel / importModel', () => {
  it('imports Mazur’s example: the config reflects the model, and the export re-imports', async () => {
    const { store } = setup();
    await settled(store, 0);
    store.getState().importModel(JSON.stringify(MAZUR_MODEL));
    await waitFor(() => store.getState().dataset?.model !== undefined, 20_000, 'the model run');
    expect(store.getState().config).toMatchObject({
      features: ['x1', 'x2'],
      hiddenLayers: [2],
      activation: 'sigmoid',
      output: 'sigmoid-mse',
      learningRate: 0.5,
      batchSize: 1,
    });
    expect(store.getState().modelText).toBe(JSON.stringify(MAZUR_MODEL));
    store.getState().stepOnce();
    await settled(store, 1);
    // A live setting keeps the model's output (its data allows sigmoid + squared error).
    store.getState().setTraining({ learningRate: 0.25 });
    expect(store.getState().config.output).toBe('sigmoid-mse');
    const text = await store.getState().exportModel();
    const parsed = parseModelFile(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.model.step).toBe(1);
    expect(parsed.model.training?.learningRate).toBe(0.25);
    expect(parsed.model.layers[1].W[0][0]).toBeCloseTo(0.35891648, 8);

    // Reset starts the model file's run over, from the file.
    store.getState().reset();
    await waitFor(
      () => store.getState().frame?.step === 0 && store.getState().dataset?.model !== undefined,
      20_000,
      'reset to the file',
    );
  });

  it.each([
    ['truncated', JSON.stringify(MAZUR_MODEL).slice(0, 100), /not valid JSON/],
    [
      'wrong shapes',
      JSON.stringify(MAZUR_MODEL).replace('[0.05,0.1]', '[0.05]'),
      /data\.train\.X has 1 columns/,
    ],
    ['a NaN', JSON.stringify(MAZUR_MODEL).replace('0.15', '"NaN"'), /not a finite number/],
  ])(
    'a hostile file (%s) is one error in the alert banner and changes nothing',
    async (_name, text, message) => {
      const { store, worker } = setup();
      await settled(store, 0);
      store.getState().stepOnce();
      await settled(store, 1);
      const before = { config: store.getState().config, dataset: store.getState().dataset };
      const exported = await store.getState().exportModel();
      store.getState().importModel(text);
      await waitFor(() => store.getState().ui.error !== null, 20_000, 'the error');
      expect(store.getState().ui.error).toMatch(/^Import model: /);
      expect(store.getState().ui.error).toMatch(message);
      expect(worker().sent.filter((m) => m.type === 'error')).toHaveLength(1);
      expect(store.getState().config).toBe(before.config);
      expect(store.getState().dataset).toBe(before.dataset);
      expect(store.getState().modelText).toBeNull();
      expect(await store.getState().exportModel()).toBe(exported);
    },
  );

  it('exportModel rejects without a worker', async () => {
    const store = createAppStore();
    await expect(store.getState().exportModel()).rejects.toThrow(/not running/);
  });
});
