import { describe, expect, it } from 'vitest';
import {
  createAppStore,
  emptyHistory,
  frameUpdate,
  mergeHistory,
  selectCanStepBack,
  selectGridRequest,
  selectLayerSizes,
  selectStatusText,
  selectTrainingSettings,
} from '../../src/store';
import { DEFAULT_CONFIG } from '../../src/model/config';
import type { Frame, HistoryChunk, ToWorker } from '../../src/worker/protocol';
import type { AppState } from '../../src/store/types';
import { createRun } from '../../src/worker/run';
import { phasesOfStep, type Phase } from '../../src/model/phase';
import { statusText } from '../../src/app/StatusLine';

function recorder() {
  const sent: ToWorker[] = [];
  return { sent, commands: { send: (m: ToWorker) => sent.push(m) } };
}

function chunk(steps: number[], reset = false, stride = 1): HistoryChunk {
  return {
    reset,
    stride,
    steps: Float64Array.from(steps),
    batchLoss: Float32Array.from(steps, (s) => 1 / s),
    evalSteps: new Float64Array(0),
    trainLoss: new Float32Array(0),
    testLoss: new Float32Array(0),
    trainMetric: new Float32Array(0),
    testMetric: new Float32Array(0),
    metric: 'accuracy',
  };
}

describe('store: actions', () => {
  it('a fresh store starts from the sanitized config, at step 0, paused', () => {
    const store = createAppStore({ config: { ...DEFAULT_CONFIG, learningRate: 99 } });
    const s = store.getState();
    expect(s.config.learningRate).toBe(10);
    expect(s.notices[0]).toMatch(/Learning rate/);
    expect(s).toMatchObject({ step: 0, playing: false, phase: { kind: 'ready' }, frame: null });
  });

  it('playback actions send typed commands and update the coarse state at once', () => {
    const store = createAppStore();
    const { sent, commands } = recorder();
    store.getState().connect(commands);
    store.getState().play();
    expect(store.getState().playing).toBe(true);
    store.getState().togglePlay();
    expect(store.getState().playing).toBe(false);
    store.getState().stepLayer();
    store.getState().stepOnce();
    store.getState().stepBack();
    store.getState().seek(12.7);
    store.getState().setSpeed(1e9);
    store.getState().rewind();
    store.getState().regenerate();
    store.getState().runGradientCheck({ maxPerParameter: 5 });
    store.getState().setWeight(0, 'W', 1, 0.5);
    store.getState().requestSlotValues(0, 'b', 0);
    expect(sent.map((m) => m.type)).toEqual([
      'play',
      'pause',
      'step-layer',
      'step',
      'step-back',
      'seek',
      'set-speed',
      'rewind',
      'regenerate',
      'gradient-check',
      'set-weight',
      'slot-values',
    ]);
    expect(sent[5]).toEqual({ type: 'seek', step: 12 });
    expect(sent[6]).toEqual({ type: 'set-speed', stepsPerSecond: 100_000 });
  });

  it('bad input is refused with a notice and sends nothing', () => {
    const store = createAppStore();
    const { sent, commands } = recorder();
    store.getState().connect(commands);
    store.getState().seek(Number.NaN);
    store.getState().setSpeed(Number.POSITIVE_INFINITY);
    store.getState().setWeight(0, 'W', 0, Number.NaN);
    expect(sent).toEqual([]);
    expect(store.getState().notices).toHaveLength(3);
  });

  it('setTraining sends only the live changes, clamped, and setConfig restarts only for restart settings', () => {
    const store = createAppStore();
    const { sent, commands } = recorder();
    store.getState().connect(commands);
    store.getState().setTraining({ learningRate: 0.1, batchSize: 0, dataset: 'xor' } as never);
    expect(sent).toEqual([{ type: 'set-training', patch: { learningRate: 0.1, batchSize: 1 } }]);
    expect(store.getState().config.dataset).toBe('circle');
    expect(store.getState().notices.some((n) => n.includes('Batch size'))).toBe(true);

    const notices = store.getState().setConfig({ regularization: 'l2' });
    expect(notices).toEqual([]);
    expect(sent.at(-1)).toEqual({ type: 'set-training', patch: { regularization: 'l2' } });

    store.getState().setConfig({ dataset: 'xor', learningRate: 0.5 });
    expect(sent.at(-1)).toMatchObject({ type: 'restart', config: { dataset: 'xor', learningRate: 0.5 } });
    expect(store.getState().config.dataset).toBe('xor');

    store.getState().setConfig({ hiddenLayers: ['a'] } as never);
    expect(sent.at(-1)?.type).toBe('restart'); // unchanged: nothing new sent
    expect(store.getState().notices.some((n) => n.startsWith('Layers'))).toBe(true);
  });

  it('ui state is merged', () => {
    const store = createAppStore();
    store.getState().setUi({ logScale: true, hiddenControls: ['noise'] });
    store.getState().setUi({ selectedExample: 3 });
    expect(store.getState().ui).toMatchObject({
      logScale: true,
      selectedExample: 3,
      hiddenControls: ['noise'],
    });
    expect(selectGridRequest(store.getState())).toEqual({ resolution: 50, neurons: true });
  });
});

describe('store: frames', () => {
  function frames(count: number): Frame[] {
    const run = createRun({ ...DEFAULT_CONFIG, datasetSize: 60 });
    const out: Frame[] = [];
    for (let i = 0; i < count; i++) {
      out.push(
        run.buildFrame({
          grid: i === 0 ? { resolution: 5, neurons: false } : null,
          playing: i > 0,
          speed: 'max',
          seq: i,
        }),
      );
      run.trainSteps(3);
    }
    return out;
  }

  it("a new runId starts a new run in the store: the old run's checks and grid are dropped", () => {
    const store = createAppStore();
    const clock = { lastPlaybackWrite: -Infinity };
    const [first, second] = frames(2);
    store.setState(frameUpdate(store.getState(), { ...first, runId: 1 }, 0, clock));
    expect(store.getState().dataset).not.toBeNull();
    expect(store.getState().grid).not.toBeNull();
    const checked = { step: 0 } as unknown as AppState['gradientCheck'];
    store.setState({ gradientCheck: checked });
    // Same run: the checks stay.
    store.setState(frameUpdate(store.getState(), { ...second, runId: 1 }, 1, clock));
    expect(store.getState().gradientCheck).toBe(checked);
    // A new run, told by its id alone (the frame carries no dataset here).
    const { dataset: _omitted, ...next } = { ...second, runId: 2 };
    store.setState(frameUpdate(store.getState(), next, 2, clock));
    expect(store.getState().gradientCheck).toBeNull();
    expect(store.getState().grid).toBeNull();
  });

  it('history is appended from chunks and replaced on reset', () => {
    let h = mergeHistory(emptyHistory(), chunk([1, 2, 3], true));
    expect(Array.from(h.steps)).toEqual([1, 2, 3]);
    for (let s = 4; s <= 200; s++) h = mergeHistory(h, chunk([s]));
    expect(h.steps.length).toBe(200);
    expect(h.steps[199]).toBe(200);
    expect(h.batchLoss[99]).toBeCloseTo(1 / 100);
    const v = h.version;
    expect(mergeHistory(h, chunk([]))).toBe(h);
    h = mergeHistory(h, chunk([2, 4], true, 2));
    expect(Array.from(h.steps)).toEqual([2, 4]);
    expect(h.stride).toBe(2);
    expect(h.version).toBe(v + 1);
  });

  it('frames write the hot slice each time, the playback slice at most every 100 ms while playing', () => {
    const store = createAppStore();
    const clock = { lastPlaybackWrite: -Infinity };
    const list = frames(5);
    const apply = (f: Frame, t: number) => store.setState(frameUpdate(store.getState(), f, t, clock));
    apply(list[0], 0);
    expect(store.getState().dataset).not.toBeNull();
    expect(store.getState().grid?.resolution).toBe(5);
    apply(list[1], 10); // starts playing: a coarse change, written
    expect(store.getState().playing).toBe(true);
    expect(store.getState().step).toBe(3);
    apply(list[2], 50); // within 100 ms: counters wait
    expect(store.getState().frame).toBe(list[2]);
    expect(store.getState().step).toBe(3);
    apply(list[3], 120);
    expect(store.getState().step).toBe(9);
    // Frames without a grid keep the last one.
    expect(store.getState().grid?.resolution).toBe(5);
    expect(store.getState().history.steps.length).toBe(9);
  });

  it('react renders are not triggered by hot frames: playback selectors keep their value', () => {
    const store = createAppStore();
    const clock = { lastPlaybackWrite: -Infinity };
    const list = frames(4);
    let playingChanges = 0;
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.playing !== prev.playing) playingChanges++;
    });
    list.forEach((f, i) => store.setState(frameUpdate(store.getState(), f, i, clock)));
    unsubscribe();
    expect(playingChanges).toBe(1);
  });
});

describe('store: selectors', () => {
  it('status text reads "Step n" and the phase while stepping, naming the step in progress', () => {
    // After 4 updates, forward … backward belong to step 5; the update phase has counted it.
    expect(selectStatusText({ step: 0, phase: { kind: 'ready' } })).toBe('Step 0');
    expect(selectStatusText({ step: 4, phase: { kind: 'forward', layer: 1 } })).toBe(
      'Step 5 · Forward · layer 2',
    );
    expect(selectStatusText({ step: 4, phase: { kind: 'loss' } })).toBe('Step 5 · Loss');
    expect(selectStatusText({ step: 4, phase: { kind: 'backward', layer: 0 } })).toBe(
      'Step 5 · Backward · layer 1',
    );
    expect(selectStatusText({ step: 5, phase: { kind: 'update' } })).toBe('Step 5 · Update');
  });

  it('status text names the same step as the status line in every phase', () => {
    const phases: Phase[] = [{ kind: 'ready' }, ...phasesOfStep(2)];
    for (const phase of phases) {
      const state = { step: 7, phase, frame: null, config: DEFAULT_CONFIG, customData: null, dataset: null };
      expect(selectStatusText(state)).toBe(statusText(state));
    }
  });

  it('layer sizes, live settings and step-back availability', () => {
    const store = createAppStore({
      config: { ...DEFAULT_CONFIG, dataset: 'blobs', classes: 4, output: 'softmax-ce' },
    });
    const s = store.getState();
    expect(selectLayerSizes(s)).toEqual([2, 4, 2, 4]);
    expect(selectTrainingSettings(s).learningRate).toBe(DEFAULT_CONFIG.learningRate);
    expect(selectCanStepBack(s)).toBe(false);
    expect(selectCanStepBack({ ...s, phase: { kind: 'loss' } })).toBe(true);
    expect(selectCanStepBack({ ...s, phase: { kind: 'forward', layer: 0 } })).toBe(true);
    // At a later boundary, step back goes into the step just done.
    expect(selectCanStepBack({ ...s, step: 3 })).toBe(true);
  });
});
