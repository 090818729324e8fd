import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppStore, type AppStore } from '../../src/store';
import type { TrainerClient } from '../../src/worker/client';
import { DEFAULT_CONFIG, type RunConfig } from '../../src/model/config';
import { createRun } from '../../src/worker/run';
import { START_DIVISOR } from '../../src/worker/refreshPacer';
import { fakeWorkerClient, type FakeWorker, waitFor } from './fakeWorker';
import { parseCsvDataset } from '../../src/engine';
import { switchToOwnData } from '../../src/views/controls/customData';

vi.setConfig({ testTimeout: 60_000 });

const CONFIG: RunConfig = { ...DEFAULT_CONFIG, datasetSize: 120, hiddenLayers: [4, 3], batchSize: 7 };

let client: TrainerClient | null = null;
afterEach(() => {
  client?.dispose();
  client = null;
});

/**
 * @param frameTime optional: the timestamp the n-th animation frame reports (to play a page that
 *   drops frames); without it the frames carry no timestamp and the client reads its clock.
 */
function setup(
  workerOptions: ConstructorParameters<typeof FakeWorker>[0] = {},
  watchdogMs = 5000,
  frameTime?: (n: number) => number,
) {
  const store: AppStore = createAppStore({ config: CONFIG, ui: { gridResolution: 10, gridNeurons: true } });
  // Pacing is measured with the worker training flat out, as fast as frames can be drawn.
  store.getState().setSpeed('max');
  let frames = 0;
  // A stand-in for requestAnimationFrame that counts the frames the page would draw.
  const raf = (cb: (time?: number) => void) => {
    setTimeout(() => {
      frames++;
      cb(frameTime?.(frames));
    }, 4);
  };
  const connected = fakeWorkerClient(store, {
    requestAnimationFrame: raf,
    watchdogMs,
    worker: workerOptions,
  });
  client = connected.client;
  return { store, workers: connected.workers, client, drawn: () => frames };
}

describe('client with a fake worker', () => {
  it('frames land in the store, with the dataset, the grid and the loss history', async () => {
    const { store, workers } = setup();
    await waitFor(() => store.getState().frame !== null, 20_000, 'first frame');
    const first = store.getState();
    expect(first.dataset?.train.count).toBeGreaterThan(0);
    expect(first.grid?.resolution).toBe(10);
    store.getState().play();
    await waitFor(() => (store.getState().frame?.step ?? 0) > 200, 20_000, 'training');
    store.getState().pause();
    await waitFor(() => store.getState().frame?.playing === false, 20_000, 'pause');
    const s = store.getState();
    expect(s.playing).toBe(false);
    expect(s.step).toBe(s.frame!.step);
    expect(s.history.steps.length).toBe(Math.floor(s.step / s.history.stride));
    expect(s.history.steps[s.history.steps.length - 1]).toBe(s.step);
    expect(s.history.evalSteps.length).toBeGreaterThan(0);
    // Pacing: the worker answered each request once; never two frames for one request.
    const w = workers[0];
    const requests = w.received.filter((m) => m.type === 'request-frame').length;
    const answered = w.sent.filter((m) => m.type === 'frame').length;
    expect(answered).toBeLessThanOrEqual(requests);
  });

  it('step layer, step back and seek reach the store', async () => {
    const { store } = setup();
    await waitFor(() => store.getState().frame !== null);
    store.getState().stepLayer();
    await waitFor(() => store.getState().phase.kind === 'forward');
    expect(store.getState().frame?.batch?.Z[0]).toBeInstanceOf(Float32Array);
    store.getState().stepBack();
    await waitFor(() => store.getState().phase.kind === 'ready');
    store.getState().seek(30);
    await waitFor(() => store.getState().step === 30);
    store.getState().setTraining({ learningRate: 0.2 });
    await waitFor(() => store.getState().events.length === 1);
    expect(store.getState().config.learningRate).toBe(0.2);
  });

  it('a crashed worker is replaced and the run continues from the last keyframe', async () => {
    const { store, workers, client } = setup({ keyframeIntervalMs: 30 });
    await waitFor(() => store.getState().frame !== null);
    store.getState().setSpeed(400);
    store.getState().play();
    await waitFor(() => (client.lastSnapshot?.keyframe.step ?? 0) > 20, 20_000, 'a keyframe');
    const snapshot = client.lastSnapshot!;
    // Freeze keyframes so we know which one the restart uses.
    const resumeStep = snapshot.keyframe.step;
    workers[0].crash('out of memory');
    expect(workers).toHaveLength(2);
    expect(store.getState().ui.error).toMatch(/crashed: out of memory/);
    expect(store.getState().ui.error).toMatch(new RegExp(`step ${resumeStep}`));
    const init = workers[1].received[0];
    expect(init.type).toBe('init');
    expect(init.type === 'init' && init.snapshot?.keyframe.step).toBe(resumeStep);
    // The new worker starts exactly at the keyframe's parameters …
    await waitFor(() => workers[1].loop.state.run !== null);
    const restored = workers[1].loop.state.run!;
    const reference = createRun(CONFIG);
    reference.seek(resumeStep);
    // (the restored run may already have trained on: compare through its own seek)
    restored.seek(resumeStep);
    expect(restored.parameters()).toEqual(reference.parameters());
    // … and keeps playing past it.
    await waitFor(() => store.getState().frame!.step > resumeStep + 20, 20_000, 'training after restart');
    expect(store.getState().frame!.playing).toBe(true);
  });

  it('a worker that stops answering while playing is replaced after the watchdog time', async () => {
    const { store, workers } = setup({}, 300);
    await waitFor(() => store.getState().frame !== null);
    store.getState().setSpeed(200);
    store.getState().play();
    await waitFor(() => (store.getState().frame?.step ?? 0) > 5);
    workers[0].hang();
    await waitFor(() => workers.length === 2, 20_000, 'the watchdog');
    expect(store.getState().ui.error).toMatch(/stopped answering/);
    await waitFor(() => store.getState().frame!.playing && workers[1].sent.some((m) => m.type === 'frame'));
  });

  it('a page that drops frames gets training frames less often; stepping is still answered at once', async () => {
    // Every 2nd animation frame comes two display frames late: half the frames are dropped.
    const slowPage = (n: number) => (n * 1000) / 60 + Math.floor(n / 2) * (1000 / 60);
    const { store, workers, client, drawn } = setup({}, 5000, slowPage);
    await waitFor(() => store.getState().frame !== null);
    store.getState().play();
    await waitFor(() => client.refreshDivisor > 1, 20_000, 'the pacer to refresh less often');
    const requestsNow = () => workers[0].received.filter((m) => m.type === 'request-frame').length;
    const [r0, f0] = [requestsNow(), drawn()];
    await waitFor(() => drawn() - f0 >= 60, 20_000, '60 animation frames');
    const perFrame = (requestsNow() - r0) / (drawn() - f0);
    expect(perFrame).toBeLessThanOrEqual(1 / client.refreshDivisor + 0.05);
    expect(store.getState().frame!.playing).toBe(true);
    // Paused, a step layer is requested without waiting for the pacer.
    store.getState().pause();
    await waitFor(() => store.getState().frame?.playing === false);
    const step = store.getState().step;
    const f1 = drawn();
    store.getState().stepLayer();
    await waitFor(() => store.getState().phase.kind === 'forward');
    expect(store.getState().step).toBe(step);
    expect(drawn() - f1).toBeLessThanOrEqual(2);
  });

  it(`a page that keeps up gets a training frame every animation frame, after starting at a divisor of ${START_DIVISOR}`, async () => {
    const { store, client } = setup({}, 5000, (n) => (n * 1000) / 60);
    await waitFor(() => store.getState().frame !== null);
    expect(client.refreshDivisor).toBe(START_DIVISOR);
    store.getState().play();
    await waitFor(() => client.refreshDivisor === 1, 20_000, 'probed down to every frame');
    const before = store.getState().frame?.step ?? 0;
    await waitFor(() => (store.getState().frame?.step ?? 0) > before + 300, 20_000, 'training');
    expect(client.refreshDivisor).toBe(1);
  });

  it('a restart forgets the old run’s keyframe', async () => {
    const { store, client } = setup({ keyframeIntervalMs: 10 });
    await waitFor(() => store.getState().frame !== null);
    store.getState().stepOnce();
    store.getState().pause();
    await waitFor(() => client.lastSnapshot !== null);
    store.getState().setConfig({ hiddenLayers: [2] });
    expect(client.lastSnapshot).toBeNull();
    await waitFor(() => store.getState().frame?.params.length === 2);
    expect(store.getState().step).toBe(0);
  });
});

describe('importing a CSV while a generated dataset is chosen', () => {
  /** n points in [−4, 4]² labelled by `label(x, y)`, as a CSV file's text. */
  function csv(n: number, label: (x: number, y: number, i: number) => string): string {
    const rows = ['x1,x2,label'];
    for (let i = 0; i < n; i++) {
      const x = ((i * 7) % 17) / 2 - 4;
      const y = ((i * 11) % 13) / 1.5 - 4;
      rows.push(`${x},${y},${label(x, y, i)}`);
    }
    return rows.join('\n');
  }

  async function importAndTrain(text: string) {
    const { store } = setup();
    await waitFor(() => store.getState().dataset !== null, 20_000, 'first run');
    expect(store.getState().config.dataset).toBe('circle');
    const parsed = parseCsvDataset(text);
    if (!parsed.ok) throw new Error(parsed.error);
    switchToOwnData(store, parsed.dataset);
    await waitFor(
      () => store.getState().dataset?.classes === parsed.dataset.classes,
      5_000,
      'the imported points',
    );
    // A live setting keeps the output that fits the imported points.
    store.getState().setTraining({ learningRate: 0.05 });
    const trainedSteps = 20;
    store.getState().play();
    await waitFor(() => (store.getState().frame?.step ?? 0) >= trainedSteps, 20_000, 'training');
    store.getState().pause();
    const s = store.getState();
    const d = s.dataset!;
    expect(d.train.count + d.test.count).toBe(parsed.dataset.count);
    expect(s.ui.error).toBeNull();
    expect(s.notices.join(' ')).not.toMatch(/does not fit|is binary|is for/);
    return s;
  }

  it('switches a 3-class import to softmax + cross-entropy and trains the imported points', async () => {
    const s = await importAndTrain(csv(60, (_x, _y, i) => String(i % 3)));
    expect(s.config.output).toBe('softmax-ce');
    expect(s.frame!.params.at(-1)!.b.length).toBe(3);
  });

  it('switches a regression import to linear + squared error', async () => {
    const s = await importAndTrain(csv(60, (x, y) => String((x * y) / 20)));
    expect(s.config.output).toBe('linear-mse');
    expect(s.frame!.trainRmse).not.toBeNull();
  });
});
