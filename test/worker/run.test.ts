import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig, type TrainingSettings } from '../../src/model/config';
import type { Frame, Phase } from '../../src/worker/protocol';
import { createRun, DEFAULT_LIMITS, restoreRun, type Run } from '../../src/worker/run';
import { phasesOfStep } from '../../src/model/phase';

// Replays and long runs: generous on a loaded 2-core machine.
vi.setConfig({ testTimeout: 60_000 });

const SMALL: RunConfig = { ...DEFAULT_CONFIG, datasetSize: 120, hiddenLayers: [4, 3], batchSize: 7 };

function cfg(patch: Partial<RunConfig> = {}): RunConfig {
  return { ...SMALL, ...patch };
}

/** The parameters' float64 bytes, for bit-for-bit comparisons. */
function bytes(run: Run): Uint8Array[] {
  return run.parameters().map((p) => new Uint8Array(p.buffer.slice(0)));
}

function expectSameBits(a: Run, b: Run): void {
  const x = bytes(a);
  const y = bytes(b);
  expect(x.length).toBe(y.length);
  x.forEach((arr, i) => expect(Buffer.from(arr).equals(Buffer.from(y[i]))).toBe(true));
}

type LiveEvent =
  | { step: number; kind: 'training'; patch: Partial<TrainingSettings> }
  | { step: number; kind: 'weight'; layer: number; param: 'W' | 'b'; index: number; value: number };

/** Trains straight to `t` with the fast path, making each live change when the run is at its step. */
function trainStraight(config: RunConfig, t: number, events: LiveEvent[] = []): Run {
  const run = createRun(config);
  while (run.step < t) {
    for (const e of events) {
      if (e.step !== run.step) continue;
      if (e.kind === 'training') run.setTraining(e.patch);
      else run.setWeight(e.layer, e.param, e.index, e.value);
    }
    run.trainSteps(1);
  }
  for (const e of events)
    if (e.step === t && e.kind === 'weight') run.setWeight(e.layer, e.param, e.index, e.value);
  return run;
}

function frame(run: Run): Frame {
  return run.buildFrame({ grid: null, playing: false, speed: 'max', seq: 0 });
}

/** The parts of a frame that describe the state (not the bookkeeping of what was sent). */
function stateOf(f: Frame) {
  return {
    step: f.step,
    epoch: f.epoch,
    phase: f.phase,
    trainLoss: f.trainLoss,
    testLoss: f.testLoss,
    params: f.params,
    prevParams: f.prevParams,
    batch: f.batch,
    health: f.health,
  };
}

describe('run: phases', () => {
  for (let hidden = 0; hidden <= 8; hidden++) {
    it(`stepLayer walks forward 1…L, loss, backward L…1, update in order with ${hidden} hidden layers`, () => {
      const run = createRun(cfg({ hiddenLayers: Array.from({ length: hidden }, () => 3) }));
      const L = hidden + 1;
      expect(run.phase).toEqual({ kind: 'ready' });
      const seen: Phase[] = [];
      for (let i = 0; i < 2 * L + 2; i++) {
        run.stepLayer();
        seen.push(run.phase);
      }
      const expected: Phase[] = [
        ...Array.from({ length: L }, (_, l) => ({ kind: 'forward', layer: l }) as Phase),
        { kind: 'loss' },
        ...Array.from({ length: L }, (_, k) => ({ kind: 'backward', layer: L - 1 - k }) as Phase),
        { kind: 'update' },
      ];
      expect(seen).toEqual(expected);
      expect(phasesOfStep(L)).toEqual(expected);
      expect(run.step).toBe(1);
      run.stepLayer();
      expect(run.phase).toEqual({ kind: 'forward', layer: 0 });
      expect(run.step).toBe(1);
      // A step walked phase by phase is the same arithmetic as the fast path.
      run.finishStep();
      expect(run.phase).toEqual({ kind: 'ready' });
      expectSameBits(run, trainStraight(run.baseConfig, 2));
    });
  }

  it('frames hold only what is computed so far in the step', () => {
    const run = createRun(cfg({ hiddenLayers: [4, 3] }));
    run.stepLayer(); // forward 1
    let f = frame(run);
    expect(f.batch?.Z.map((z) => z !== null)).toEqual([true, false, false]);
    expect(f.batch?.loss).toBeNull();
    expect(f.batch?.dW.every((x) => x === null)).toBe(true);
    run.stepLayer();
    run.stepLayer();
    run.stepLayer(); // loss
    f = frame(run);
    expect(f.batch?.loss).toBeTypeOf('number');
    expect(f.batch?.dZ.map((z) => z !== null)).toEqual([false, false, true]);
    run.stepLayer(); // backward 3
    f = frame(run);
    expect(f.batch?.dW.map((z) => z !== null)).toEqual([false, false, true]);
    expect(f.batch?.dA.map((z) => z !== null)).toEqual([false, true]);
    expect(f.batch?.dZ.map((z) => z !== null)).toEqual([false, true, true]);
    run.stepLayer();
    run.stepLayer(); // backward 1
    expect(f.prevParams).toBeNull();
    run.stepLayer(); // update
    f = frame(run);
    expect(f.phase).toEqual({ kind: 'update' });
    expect(f.prevParams).not.toBeNull();
    expect(f.prevParams?.[0].W).not.toEqual(f.params[0].W);
    expect(f.batch?.n).toBe(7);
    expect(f.batch?.X.length).toBe(7 * 2);
  });

  it('step back inverts step layer: the same state and frames at every phase', () => {
    const run = createRun(cfg({ hiddenLayers: [5, 4] }));
    run.trainSteps(3);
    const L = run.layerCount;
    const frames: ReturnType<typeof stateOf>[] = [stateOf(frame(run))];
    const params: Uint8Array[][] = [bytes(run)];
    for (let i = 0; i < 2 * L + 2; i++) {
      run.stepLayer();
      frames.push(stateOf(frame(run)));
      params.push(bytes(run));
    }
    for (let i = 2 * L + 1; i >= 1; i--) {
      run.stepBack();
      expect(stateOf(frame(run))).toEqual(frames[i]);
      expect(bytes(run)).toEqual(params[i]);
    }
    // From forward 1, step back crosses the boundary into the previous step's update (step 3,
    // replayed from history), not to the `ready` the walk started from.
    run.stepBack();
    expect(run.step).toBe(3);
    expect(run.phase).toEqual({ kind: 'update' });
    expectSameBits(run, trainStraight(run.baseConfig, 3));
    const update = frame(run);
    expect(update.prevParams).not.toBeNull();
    expect(update.batch).toEqual(frames[0].batch);
  });

  it('step back walks back across steps through every phase with the numbers of the way forward', () => {
    const run = createRun(cfg({ hiddenLayers: [5, 4] }));
    const L = run.layerCount;
    const walked: { state: ReturnType<typeof stateOf>; params: Uint8Array[] }[] = [
      { state: stateOf(frame(run)), params: bytes(run) },
    ];
    for (let i = 0; i < 3 * (2 * L + 2); i++) {
      run.stepLayer();
      walked.push({ state: stateOf(frame(run)), params: bytes(run) });
    }
    expect(run.step).toBe(3);
    expect(run.phase).toEqual({ kind: 'update' });
    for (let i = walked.length - 2; i >= 0; i--) {
      run.stepBack();
      const { state, params } = walked[i];
      expect({ step: run.step, phase: run.phase }).toEqual({ step: state.step, phase: state.phase });
      // The batch cache (X, Y, Z, A, dZ, dW, db, dA, loss) bit for bit, and the parameters. The layer
      // health of a layer not yet computed shows the previous step's batch; in step 1 there is none,
      // and it shows whatever the tracker saw last, so it is compared from step 2 on.
      const now = stateOf(frame(run));
      if (i <= 2 * L + 2) expect({ ...now, health: null }).toEqual({ ...state, health: null });
      else expect(now).toEqual(state);
      expect(bytes(run)).toEqual(params);
    }
    expect(run.phase).toEqual({ kind: 'ready' });
    expect(run.step).toBe(0);
    // Nothing before step 0.
    const version = run.version;
    run.stepBack();
    expect(run.version).toBe(version);
    expect(run.phase).toEqual({ kind: 'ready' });
  });

  it("from ready after Step or a seek, step back enters that step's update and keeps the future", () => {
    const phased = createRun(cfg());
    phased.trainSteps(4);
    for (let i = 0; i < 2 * phased.layerCount + 2; i++) phased.stepLayer();
    const updateOfStep5 = stateOf(frame(phased));

    const run = createRun(cfg());
    run.trainSteps(9);
    run.seek(5);
    expect(run.phase).toEqual({ kind: 'ready' });
    run.stepBack();
    expect(run.step).toBe(5);
    expect(run.phase).toEqual({ kind: 'update' });
    expect(stateOf(frame(run))).toEqual(updateOfStep5);
    // Replaying history discards nothing: steps 6 … 9 are still there to seek to.
    expect(run.maxStep).toBe(9);
    run.stepBack();
    expect(run.phase).toEqual({ kind: 'backward', layer: 0 });
    expect(run.step).toBe(4);
    run.seek(9);
    expectSameBits(run, trainStraight(run.baseConfig, 9));
  });
});

describe('run: history and determinism', () => {
  const events: LiveEvent[] = [
    { step: 37, kind: 'training', patch: { learningRate: 0.3 } },
    { step: 60, kind: 'weight', layer: 1, param: 'W', index: 2, value: 1.5 },
    { step: 90, kind: 'training', patch: { optimizer: 'adam', batchSize: 4 } },
    { step: 90, kind: 'weight', layer: 0, param: 'b', index: 1, value: -0.25 },
  ];

  it('seek(t) equals training straight to t, bit for bit, across a live learning-rate change and a weight edit', () => {
    const run = trainStraight(cfg(), 150, events);
    for (const t of [120, 37, 38, 60, 61, 0, 89, 90, 91, 149, 150, 5]) {
      run.seek(t);
      expect(run.step).toBe(t);
      expectSameBits(run, trainStraight(cfg(), t, events));
      // The effective config at t has the live changes made up to t.
      expect(run.config.learningRate).toBe(t >= 37 ? 0.3 : SMALL.learningRate);
    }
    // Seeking past the end trains on.
    run.seek(200);
    expectSameBits(run, trainStraight(cfg(), 200, events));
  });

  it('same seed, config and events give identical parameters; another seed does not', () => {
    const a = trainStraight(cfg(), 80, events);
    const b = trainStraight(cfg(), 80, events);
    expectSameBits(a, b);
    const c = trainStraight(cfg({ seed: 2 }), 80, events);
    expect(bytes(a)).not.toEqual(bytes(c));
  });

  it('a live change applies from the next step, not the step in progress', () => {
    const run = createRun(cfg());
    run.trainSteps(10);
    run.stepLayer(); // step 11 in progress
    run.stepLayer();
    run.setTraining({ learningRate: 1 });
    expect(run.config.learningRate).toBe(1);
    expect(run.events.at(-1)).toMatchObject({ step: 11, kind: 'set-training', patch: { learningRate: 1 } });
    run.finishStep();
    // Step 11 used the old rate …
    expectSameBits(run, trainStraight(cfg(), 11));
    // … step 12 the new one.
    run.trainSteps(1);
    expectSameBits(
      run,
      trainStraight(cfg(), 12, [{ step: 11, kind: 'training', patch: { learningRate: 1 } }]),
    );
    expect(bytes(run)).not.toEqual(bytes(trainStraight(cfg(), 12)));
  });

  it('continuing from a past step discards the future: keyframes, events and history', () => {
    const run = trainStraight(cfg(), 100, events);
    expect(run.maxStep).toBe(100);
    run.seek(50);
    expect(run.maxStep).toBe(100);
    run.setTraining({ learningRate: 0.01 });
    expect(run.maxStep).toBe(50);
    expect(run.events.map((e) => e.step)).toEqual([37, 50]);
    run.trainSteps(50);
    const straight = trainStraight(cfg(), 100, [
      events[0],
      { step: 50, kind: 'training', patch: { learningRate: 0.01 } },
    ]);
    expectSameBits(run, straight);
    const f = frame(run);
    expect(f.history.reset).toBe(true);
    expect(Array.from(f.history.steps)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('set-weight mid-step drops the partial step and is visible at once', () => {
    const run = createRun(cfg());
    run.trainSteps(5);
    run.stepLayer();
    run.setWeight(0, 'W', 0, 2);
    expect(run.phase).toEqual({ kind: 'ready' });
    expect(run.step).toBe(5);
    expect(run.mlp.layers[0].W[0]).toBe(2);
    expect(frame(run).params[0].W[0]).toBe(2);
    expect(() => run.setWeight(0, 'W', 999, 1)).toThrow(/index/);
    expect(() => run.setWeight(0, 'W', 0, NaN)).toThrow(/finite/);
  });

  it('a snapshot restores the run exactly, and the restored run can still seek back', () => {
    const run = trainStraight(cfg(), 70, events);
    const snap = run.snapshot();
    const restored = restoreRun(structuredClone(snap));
    expect(restored.step).toBe(70);
    expectSameBits(restored, run);
    run.trainSteps(30);
    restored.trainSteps(30);
    expectSameBits(restored, run);
    restored.seek(45);
    expectSameBits(restored, trainStraight(cfg(), 45, events));
  });

  it('memory stays bounded on a long run: history and keyframes are thinned (200 000 steps, small caps)', () => {
    // The default caps (20 000 points, 128 keyframes) behave the same at 100× the length.
    const run = createRun(cfg({ hiddenLayers: [2], datasetSize: 20, batchSize: 10 }), null, {
      historyCap: 500,
      evalHistoryCap: 64,
      maxKeyframes: 16,
    });
    let done = 0;
    let evals = 0;
    while (done < 200_000) {
      done += run.trainSteps(10_000);
      frame(run); // one evaluation point per frame
      evals++;
    }
    const s = run.stats();
    expect(run.step).toBe(200_000);
    expect(s.historyPoints).toBeLessThan(500);
    expect(s.historyPoints).toBeGreaterThanOrEqual(250);
    expect(s.historyStride).toBeGreaterThanOrEqual(200_000 / 500);
    expect(s.evalPoints).toBe(evals);
    expect(s.keyframes).toBeLessThanOrEqual(17);
    expect(s.keyframes).toBeGreaterThan(8);
    // Spaced with distance from the present: dense at the front, so a step back replays little.
    expect(s.keyframeInterval).toBeLessThanOrEqual(DEFAULT_LIMITS.nearKeyframeSpacing);
    expect(s.keyframeBytes).toBeLessThan(17 * 200);
    // Seeking is still exact with thinned keyframes.
    const kept = run.parameters();
    run.seek(123_457);
    run.seek(200_000);
    expect(run.parameters()).toEqual(kept);
  });
});

describe('run: divergence', () => {
  const exploding = cfg({
    dataset: 'plane',
    output: 'linear-mse',
    learningRate: 10,
    activation: 'relu',
    hiddenLayers: [8, 8],
    datasetSize: 200,
  });

  function allArrays(f: Frame): ArrayLike<number>[] {
    const out: ArrayLike<number>[] = [];
    for (const p of f.params) out.push(p.W, p.b);
    for (const p of f.prevParams ?? []) out.push(p.W, p.b);
    if (f.batch) {
      out.push(f.batch.X, f.batch.Y);
      for (const list of [f.batch.Z, f.batch.A, f.batch.dZ, f.batch.dA, f.batch.dW, f.batch.db]) {
        for (const a of list) if (a) out.push(a);
      }
    }
    out.push(
      f.history.batchLoss,
      f.history.trainLoss,
      f.history.testLoss,
      f.history.trainMetric,
      f.history.testMetric,
    );
    if (f.grid) {
      out.push(f.grid.outputs, ...f.grid.features, ...(f.grid.neurons ?? []));
    }
    out.push([f.trainLoss, f.testLoss, f.trainAccuracy ?? 0, f.testAccuracy ?? 0]);
    for (const h of f.health) out.push([h.activationMean, h.activationStd, h.gradientNorm ?? 0]);
    return out;
  }

  it('a learning rate of 10 with relu diverges: the run stops, frames carry no NaN/∞, rewind restores the last good step exactly', () => {
    const run = createRun(exploding);
    // The learning-rate watch sees it coming first (issue 11) and stops the run, before any NaN;
    // "Keep going" dismisses it, and the run goes on to diverge.
    const first = run.trainSteps(100_000);
    expect(run.diagnosis).not.toBeNull();
    expect(run.diverged).toBeNull();
    expect(first).toBe(run.diagnosis!.step);
    run.dismissDiagnosis();
    const done = first + run.trainSteps(100_000);
    expect(run.diagnosis).toBeNull();
    expect(run.diverged).not.toBeNull();
    const d = run.diverged!;
    expect(done).toBe(d.step);
    expect(run.step).toBe(d.step);
    expect(d.lastGoodStep).toBe(d.step - 1);
    expect(() => run.trainSteps(1)).toThrow(/diverged/);
    const f = run.buildFrame({
      grid: { resolution: 20, neurons: true },
      playing: false,
      speed: 'max',
      seq: 1,
    });
    expect(f.diverged).toEqual(d);
    expect(f.nonFinite).toBe(true);
    for (const a of allArrays(f)) for (let i = 0; i < a.length; i++) expect(Number.isFinite(a[i])).toBe(true);

    run.rewind();
    expect(run.diverged).toBeNull();
    expect(run.step).toBe(d.lastGoodStep);
    expect(run.maxStep).toBe(d.lastGoodStep);
    expectSameBits(run, trainStraight(exploding, d.lastGoodStep));
    for (const p of run.parameters()) for (const v of p) expect(Number.isFinite(v)).toBe(true);
  });

  it('divergence while stepping phase by phase is caught at the update', () => {
    const run = createRun(exploding);
    run.trainSteps(100_000);
    run.dismissDiagnosis(); // the learning-rate watch stops the run first
    run.trainSteps(100_000);
    const d = run.diverged!;
    run.rewind();
    while (!run.diverged) run.stepLayer();
    expect(run.diverged).toMatchObject({ step: d.step, lastGoodStep: d.lastGoodStep });
    const f = frame(run);
    for (const a of allArrays(f)) for (let i = 0; i < a.length; i++) expect(Number.isFinite(a[i])).toBe(true);
  });
});

describe('run: frames', () => {
  it('the grid has y ascending from the bottom, cell centres, and every neuron when asked', () => {
    const run = createRun(cfg({ features: ['x1', 'x2'] }));
    const g = run.evaluateGrid({ resolution: 4, neurons: true });
    expect(g.resolution).toBe(4);
    expect(g.outputs.length).toBe(16);
    expect(g.neurons?.map((n) => n.length)).toEqual([16 * 4, 16 * 3, 16]);
    // x1 at column c, x2 at row r: row 0 is the bottom (y = −4.5), column 0 the left (x = −4.5).
    expect(Array.from(g.features[0].slice(0, 4))).toEqual([-4.5, -1.5, 1.5, 4.5]);
    expect(g.features[1][0]).toBe(-4.5);
    expect(g.features[1][15]).toBe(4.5);
    expect(g.neurons?.[2]).toEqual(g.outputs);
  });

  it('the first frame carries the dataset and config, later ones only the news', () => {
    const run = createRun(cfg());
    const first = frame(run);
    expect(first.dataset?.train.count).toBe(run.trainCount);
    expect(first.dataset?.test.count).toBe(run.testCount);
    expect(first.config).toEqual(run.config);
    expect(first.history.reset).toBe(true);
    run.trainSteps(5);
    const second = frame(run);
    expect(second.dataset).toBeUndefined();
    expect(second.config).toBeUndefined();
    expect(second.history.reset).toBe(false);
    expect(Array.from(second.history.steps)).toEqual([1, 2, 3, 4, 5]);
    expect(second.trainAccuracy).toBeGreaterThanOrEqual(0);
    expect(second.trainRmse).toBeNull();
    run.setTraining({ learningRate: 0.1 });
    const third = frame(run);
    expect(third.config?.learningRate).toBe(0.1);
    expect(third.events?.length).toBe(1);
  });

  it('regression reports RMSE, multi-class uses one-hot targets', () => {
    const reg = createRun(cfg({ dataset: 'plane', output: 'linear-mse' }));
    reg.trainSteps(3);
    const f = frame(reg);
    expect(f.trainRmse).toBeGreaterThan(0);
    expect(f.trainAccuracy).toBeNull();
    expect(f.history.metric).toBe('rmse');
    const multi = createRun(cfg({ dataset: 'blobs', classes: 4, output: 'softmax-ce' }));
    multi.trainSteps(3);
    expect(frame(multi).batch?.Y.length).toBe(7 * 4);
  });

  it('a gradient check on the current batch leaves the run untouched', () => {
    const run = createRun(cfg());
    run.trainSteps(3);
    run.stepLayer();
    const before = stateOf(frame(run));
    const { verdict, result } = run.gradientCheck();
    expect(verdict).toBe('good');
    expect(result.layers.length).toBe(3);
    expect(stateOf(frame(run))).toEqual(before);
    expect(run.gradientCheck({ faults: { dropActivationDerivative: 0 } }).verdict).not.toBe('good');
  });
});

describe('history past the seek limit (issue 14: step back at 10.5 M steps jumped to 10 M)', () => {
  const limits = { maxSeekStep: 1_000, maxKeyframes: 16, nearKeyframeSpacing: 8 };
  const config = cfg({ hiddenLayers: [2], datasetSize: 20, batchSize: 5 });

  it('step back from past maxSeekStep goes to the previous step, exactly', () => {
    const run = createRun(config, null, limits);
    run.trainSteps(5_000);
    // Step back from `ready` enters step 5 000's update (issue 10), replayed from a keyframe near
    // step 4 999 rather than from the last keyframe at or below maxSeekStep.
    run.stepBack();
    expect(run.step).toBe(5_000);
    expect(run.phase).toEqual({ kind: 'update' });
    const reference = createRun(config);
    reference.trainSteps(5_000);
    expect(run.parameters()).toEqual(reference.parameters());
    // One more phase back is inside step 5 000, before its update: step 4 999's weights, exactly.
    run.stepBack();
    expect(run.step).toBe(4_999);
    expect(run.phase).toEqual({ kind: 'backward', layer: 0 });
    reference.seek(4_999);
    expect(run.parameters()).toEqual(reference.parameters());
    run.seek(2_345);
    reference.seek(2_345);
    expect(run.step).toBe(2_345);
    expect(run.parameters()).toEqual(reference.parameters());
    // Past the end of the run, seeks stop at the furthest step reached or the limit.
    run.seek(9_999);
    expect(run.step).toBe(5_000);
    expect(createRun(config, null, limits).stats().keyframes).toBe(1);
  });
});
