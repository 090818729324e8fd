import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../../src/model/config';
import {
  createWorkerState,
  GRID_BUDGET,
  handleMessage,
  playSlice,
  type WorkerState,
} from '../../src/worker/handlers';
import type { Frame, FromWorker, TimelineEvent, ToWorker } from '../../src/worker/protocol';

vi.setConfig({ testTimeout: 60_000 });

const CONFIG: RunConfig = { ...DEFAULT_CONFIG, datasetSize: 120, hiddenLayers: [4, 3], batchSize: 7 };

/** A manual clock: tests move time explicitly. */
function manualClock() {
  const clock = { t: 1000, now: () => clock.t };
  return clock;
}

function frames(replies: FromWorker[]): Frame[] {
  return replies.flatMap((r) => (r.type === 'frame' ? [r.frame] : []));
}

function ofType<T extends FromWorker['type']>(replies: FromWorker[], type: T) {
  return replies.filter((r): r is Extract<FromWorker, { type: T }> => r.type === type);
}

function started(
  config: RunConfig = CONFIG,
  clock = manualClock(),
): { state: WorkerState; clock: typeof clock } {
  const state = createWorkerState({ now: clock.now });
  const replies = handleMessage(state, { type: 'init', config });
  expect(ofType(replies, 'error')).toEqual([]);
  return { state, clock };
}

describe('handlers: the switch', () => {
  it('handles every ToWorker type without an error, and answers unknown types with one', () => {
    const { state } = started();
    const all: ToWorker[] = [
      { type: 'request-frame', grid: { resolution: 10, neurons: true } },
      { type: 'set-speed', stepsPerSecond: 30 },
      { type: 'step-layer' },
      { type: 'step' },
      { type: 'step-back' },
      { type: 'seek', step: 5 },
      { type: 'set-training', patch: { learningRate: 0.1 } },
      { type: 'set-weight', layer: 0, kind: 'W', index: 0, value: 0.5 },
      { type: 'gradient-check', maxPerParameter: 3 },
      { type: 'slot-values', layer: 0, kind: 'W', index: 0 },
      { type: 'play' },
      { type: 'pause' },
      { type: 'rewind' },
      { type: 'regenerate' },
      { type: 'restart', config: CONFIG },
      { type: 'init', config: CONFIG },
    ];
    const seen = new Set<string>();
    for (const message of all) {
      const replies = handleMessage(state, message);
      expect(ofType(replies, 'error'), message.type).toEqual([]);
      seen.add(message.type);
    }
    expect(seen.size).toBe(16);
    const bogus = handleMessage(state, { type: 'bogus' } as unknown as ToWorker);
    expect(bogus).toEqual([{ type: 'error', message: expect.stringContaining('bogus') }]);
    expect(handleMessage(state, null as unknown as ToWorker)[0].type).toBe('error');
  });

  it('bad values come back as notices or errors, never as a throw', () => {
    const { state } = started();
    expect(ofType(handleMessage(state, { type: 'seek', step: Number.NaN }), 'notice')).toHaveLength(1);
    expect(
      ofType(
        handleMessage(state, { type: 'set-speed', stepsPerSecond: 'fast' as unknown as number }),
        'notice',
      ),
    ).toHaveLength(1);
    expect(
      ofType(handleMessage(state, { type: 'set-weight', layer: 9, kind: 'W', index: 0, value: 1 }), 'error'),
    ).toHaveLength(1);
    const clamped = handleMessage(state, { type: 'set-training', patch: { learningRate: 1e9 } });
    expect(ofType(clamped, 'notice')[0].message).toMatch(/Learning rate/);
    const fresh = createWorkerState();
    expect(ofType(handleMessage(fresh, { type: 'play' }), 'error')[0].message).toMatch(/init/);
  });

  it('regenerate draws everything again with the next seed', () => {
    const { state } = started();
    handleMessage(state, { type: 'request-frame', grid: null }); // answered: the new run
    handleMessage(state, { type: 'request-frame', grid: null }); // pending
    const replies = handleMessage(state, { type: 'regenerate' });
    const [f] = frames(replies);
    expect(f.config?.seed).toBe(CONFIG.seed + 1);
    expect(f.dataset).toBeDefined();
    expect(f.step).toBe(0);
  });
});

describe('handlers: pacing', () => {
  it('answers each request-frame once, and only when there is news', () => {
    const { state } = started();
    // The first request after init: the new run is news.
    expect(frames(handleMessage(state, { type: 'request-frame', grid: null }))).toHaveLength(1);
    // Nothing changed: the request waits …
    expect(frames(handleMessage(state, { type: 'request-frame', grid: null }))).toHaveLength(0);
    // … a second request while one is pending is not answered twice …
    expect(frames(handleMessage(state, { type: 'request-frame', grid: null }))).toHaveLength(0);
    // … and a change answers it, once.
    const afterStep = frames(handleMessage(state, { type: 'step' }));
    expect(afterStep).toHaveLength(1);
    expect(afterStep[0].step).toBe(1);
    // No request pending: the next change sends nothing.
    expect(frames(handleMessage(state, { type: 'step' }))).toHaveLength(0);
    const next = frames(handleMessage(state, { type: 'request-frame', grid: null }));
    expect(next.map((f) => f.step)).toEqual([2]);
    // The history chunk picks up where the last frame ended.
    expect(Array.from(next[0].history.steps)).toEqual([2]);
  });

  it('a request for a different grid is answered at once with that grid', () => {
    const { state } = started();
    handleMessage(state, { type: 'request-frame', grid: null });
    const [f] = frames(
      handleMessage(state, { type: 'request-frame', grid: { resolution: 12, neurons: false } }),
    );
    expect(f.grid?.resolution).toBe(12);
    expect(f.grid?.outputs.length).toBe(144);
    expect(f.grid?.neurons).toBeNull();
  });

  it('stepping through a step sends a grid only when the parameters changed: at the update, after an edit', () => {
    const { state } = started();
    const grid = { resolution: 8, neurons: true };
    // Every paused change is answered at once; the request after each command gets its frame.
    const phaseFrame = (command: ToWorker): Frame => {
      handleMessage(state, command);
      const [f] = frames(handleMessage(state, { type: 'request-frame', grid }));
      expect(f).toBeDefined();
      return f;
    };
    expect(frames(handleMessage(state, { type: 'request-frame', grid }))[0].grid).toBeDefined();
    // 2 hidden layers + output: forward ×3, loss, backward ×3 change no parameter.
    const inside = Array.from({ length: 7 }, () => phaseFrame({ type: 'step-layer' }));
    expect(inside.map((f) => f.phase.kind)).toEqual([
      'forward',
      'forward',
      'forward',
      'loss',
      'backward',
      'backward',
      'backward',
    ]);
    expect(inside.every((f) => f.grid === undefined)).toBe(true);
    const update = phaseFrame({ type: 'step-layer' });
    expect(update.phase.kind).toBe('update');
    expect(update.grid?.resolution).toBe(8);
    // Back into the step's backward phases: the parameters are the pre-update ones again.
    expect(phaseFrame({ type: 'step-back' }).grid).toBeDefined();
    expect(phaseFrame({ type: 'step-back' }).grid).toBeUndefined();
    // A live setting changes no parameter; an edit does.
    expect(phaseFrame({ type: 'set-training', patch: { learningRate: 0.1 } }).grid).toBeUndefined();
    expect(phaseFrame({ type: 'set-weight', layer: 0, kind: 'W', index: 0, value: 0.5 }).grid).toBeDefined();
  });

  it('while playing, frames come from the play loop, grids at most every budget interval', () => {
    const { state, clock } = started();
    handleMessage(state, { type: 'request-frame', grid: null });
    handleMessage(state, { type: 'set-speed', stepsPerSecond: 100 });
    handleMessage(state, { type: 'play' });
    const grid = { resolution: 20, neurons: true };
    const got: Frame[] = [];
    for (let i = 0; i < 20; i++) {
      clock.t += 10;
      got.push(...frames(handleMessage(state, { type: 'request-frame', grid })));
      got.push(...frames(playSlice(state).replies));
    }
    // One frame per request: never more frames than requests.
    expect(got.length).toBeLessThanOrEqual(20);
    expect(got.length).toBeGreaterThan(10);
    // 100 steps/s for 200 ms.
    expect(got.at(-1)!.step).toBeGreaterThanOrEqual(19);
    expect(got.at(-1)!.step).toBeLessThanOrEqual(21);
    const withGrid = got.filter((f) => f.grid);
    expect(withGrid.length).toBeGreaterThan(1);
    // At most one grid per minimum interval.
    expect(withGrid.length).toBeLessThanOrEqual(Math.ceil(200 / GRID_BUDGET.minIntervalMs) + 1);
    // Frames while playing say so.
    expect(got.at(-1)!.playing).toBe(true);
  });

  it('grids take their share of the time on average: frames a hair faster than cost / share keep their grids', () => {
    const { state, clock } = started();
    handleMessage(state, { type: 'request-frame', grid: null });
    // A finite speed: at 'max' a slice trains until the (manual) clock moves.
    handleMessage(state, { type: 'set-speed', stepsPerSecond: 100 });
    handleMessage(state, { type: 'play' });
    const grid = { resolution: 10, neurons: true };
    // Each grid takes `gridMs` of the (manual) clock.
    let gridMs = 0;
    const run = state.run!;
    const evaluate = run.evaluateGrid.bind(run);
    run.evaluateGrid = (request, flag) => {
      clock.t += gridMs;
      return evaluate(request, flag);
    };
    /** Plays for `ms` with a frame asked for every `everyMs`, each grid costing `costMs`. */
    const playFor = (ms: number, everyMs: number, costMs: number) => {
      gridMs = costMs;
      const got: Frame[] = [];
      for (let t = 0; t < ms; t += everyMs) {
        clock.t += everyMs;
        got.push(...frames(handleMessage(state, { type: 'request-frame', grid })));
        got.push(...frames(playSlice(state).replies));
      }
      const grids = got.filter((f) => f.grid).length;
      // The clock moved by the requests' spacing and by every grid's cost.
      return { frames: got.length, grids, ms: ms + grids * costMs };
    };
    // A 5 ms grid at 15% wants 33.4 ms between grids on average; frames every 33.3 ms (every 2nd
    // animation frame) all get one, give or take the first.
    const near = playFor(2000, 33.3, 5);
    expect(near.grids).toBeGreaterThanOrEqual(near.frames - 2);
    // A 10 ms grid with frames every 33.3 ms: every other frame, the share used and never exceeded.
    const costly = playFor(3000, 33.3, 10);
    const allowed = (costly.ms * GRID_BUDGET.maxFraction) / 10;
    expect(costly.grids).toBeLessThanOrEqual(allowed + GRID_BUDGET.maxSavedGrids);
    expect(costly.grids).toBeGreaterThanOrEqual(Math.floor(allowed) - 2);
  });

  it('at a finite speed, the loop trains the steps owed and sleeps until the next one', () => {
    const { state, clock } = started();
    handleMessage(state, { type: 'set-speed', stepsPerSecond: 10 });
    handleMessage(state, { type: 'play' });
    clock.t += 200;
    const slice = playSlice(state);
    expect(slice.steps).toBe(2);
    expect(slice.delayMs).toBeGreaterThan(0);
    expect(slice.delayMs).toBeLessThanOrEqual(100);
    handleMessage(state, { type: 'pause' });
    expect(playSlice(state).delayMs).toBeNull();
  });

  it("at 'max' speed, a slice trains for about its time budget", () => {
    const state = createWorkerState();
    handleMessage(state, { type: 'init', config: CONFIG });
    handleMessage(state, { type: 'play' });
    const t0 = performance.now();
    const slice = playSlice(state, 20);
    const elapsed = performance.now() - t0;
    expect(slice.steps).toBeGreaterThan(0);
    expect(slice.delayMs).toBe(0);
    expect(elapsed).toBeGreaterThanOrEqual(19);
  });

  it('keyframes go out about every 2 s while the run changes, and on pause', () => {
    const { state, clock } = started();
    handleMessage(state, { type: 'set-speed', stepsPerSecond: 50 });
    handleMessage(state, { type: 'play' });
    const keyframes: number[] = [];
    for (let i = 0; i < 50; i++) {
      clock.t += 100;
      for (const r of playSlice(state).replies)
        if (r.type === 'keyframe') keyframes.push(r.snapshot.keyframe.step);
    }
    // 5 s of playing: two keyframes, at increasing steps.
    expect(keyframes.length).toBe(2);
    expect(keyframes[1]).toBeGreaterThan(keyframes[0]);
    const onPause = ofType(handleMessage(state, { type: 'pause' }), 'keyframe');
    expect(onPause).toHaveLength(1);
    expect(onPause[0].snapshot.keyframe.step).toBe(state.run!.step);
  });
});

describe('handlers: divergence', () => {
  const exploding: RunConfig = {
    ...CONFIG,
    dataset: 'plane',
    output: 'linear-mse',
    learningRate: 10,
    activation: 'relu',
    hiddenLayers: [8, 8],
  };

  it('pauses the run, reports it once, refuses to play, and rewind brings back a clean frame', () => {
    const { state } = started(exploding);
    handleMessage(state, { type: 'request-frame', grid: null });
    handleMessage(state, { type: 'play' });
    const replies: FromWorker[] = [];
    const playUntilPaused = (): void => {
      for (let i = 0; i < 1000 && state.playing; i++) {
        replies.push(...playSlice(state, 5).replies);
        replies.push(...handleMessage(state, { type: 'request-frame', grid: null }));
      }
    };
    playUntilPaused();
    // The learning-rate watch pauses the run first, before any NaN (issue 11): "Keep going".
    expect(state.playing).toBe(false);
    expect(ofType(replies, 'diagnosis')).toHaveLength(1);
    expect(ofType(replies, 'diverged')).toHaveLength(0);
    handleMessage(state, { type: 'dismiss-diagnosis' });
    handleMessage(state, { type: 'play' });
    expect(state.playing).toBe(true);
    playUntilPaused();
    expect(state.playing).toBe(false);
    expect(ofType(replies, 'diagnosis')).toHaveLength(1);
    const diverged = ofType(replies, 'diverged');
    expect(diverged).toHaveLength(1);
    expect(diverged[0].lastGoodStep).toBe(diverged[0].step - 1);
    // The frame after divergence says so, and no keyframe of the broken state went out.
    handleMessage(state, { type: 'request-frame', grid: { resolution: 8, neurons: true } });
    const playAgain = handleMessage(state, { type: 'play' });
    expect(ofType(playAgain, 'notice')[0].message).toMatch(/diverged/);
    expect(state.playing).toBe(false);
    expect(frames(handleMessage(state, { type: 'request-frame', grid: null }))).toEqual([]);
    const rewound = handleMessage(state, { type: 'rewind' });
    const [f] = frames(rewound);
    expect(f.diverged).toBeNull();
    expect(f.step).toBe(diverged[0].lastGoodStep);
    expect(ofType(rewound, 'keyframe')).toHaveLength(1);
  });
});

describe('handlers: init from a snapshot', () => {
  it('continues exactly where the snapshot was taken', () => {
    const { state } = started();
    handleMessage(state, { type: 'seek', step: 40 });
    // While paused every change sends its keyframe at once (here the seek and the live change).
    const [kf] = ofType(
      handleMessage(state, { type: 'set-training', patch: { learningRate: 0.2 } }),
      'keyframe',
    );
    expect(ofType(handleMessage(state, { type: 'pause' }), 'keyframe')).toHaveLength(0);
    const snapshot = kf.snapshot;
    expect(snapshot.keyframe.step).toBe(40);
    const other = createWorkerState();
    handleMessage(other, { type: 'init', config: snapshot.baseConfig, snapshot: structuredClone(snapshot) });
    expect(other.run!.step).toBe(40);
    handleMessage(state, { type: 'seek', step: 90 });
    handleMessage(other, { type: 'seek', step: 90 });
    expect(other.run!.parameters()).toEqual(state.run!.parameters());
    expect(other.run!.config.learningRate).toBe(0.2);
  });
});

describe('handlers: a run that starts with a timeline (a link)', () => {
  it('restart with events replays them at their steps: seeking gives the run that recorded them, bit for bit', () => {
    const { state } = started();
    handleMessage(state, { type: 'seek', step: 15 });
    handleMessage(state, { type: 'set-training', patch: { learningRate: 0.5, batchSize: 3 } });
    handleMessage(state, { type: 'seek', step: 25 });
    handleMessage(state, { type: 'set-weight', layer: 1, kind: 'b', index: 0, value: -0.75 });
    handleMessage(state, { type: 'seek', step: 40 });
    const events = state.run!.events.map((e) => ({ ...e }));
    expect(events).toHaveLength(2);

    const other = started().state;
    const replies = handleMessage(other, { type: 'restart', config: CONFIG, events });
    expect(ofType(replies, 'notice')).toEqual([]);
    // The same changes at the same steps (a weight edit's words no longer know the old value).
    const withoutWords = (list: readonly TimelineEvent[]) => list.map(({ detail: _, ...e }) => e);
    expect(withoutWords(other.run!.events)).toEqual(withoutWords(events));
    handleMessage(other, { type: 'seek', step: 40 });
    expect(other.run!.parameters()).toEqual(state.run!.parameters());
    expect(other.run!.config).toEqual(state.run!.config);
  });

  it('events that do not fit the run are dropped with a notice; the rest still replay', () => {
    const state = createWorkerState({ now: manualClock().now });
    const replies = handleMessage(state, {
      type: 'init',
      config: CONFIG,
      events: [
        { step: 5, kind: 'set-training', patch: { learningRate: 0.5 }, detail: '' },
        { step: 6, kind: 'set-weight', layer: 7, param: 'W', index: 0, value: 1, detail: '' },
      ],
    });
    expect(ofType(replies, 'notice').map((n) => n.message)).toEqual([
      'Ignored live changes that do not fit this run: step 6: weight W 7 0.',
    ]);
    expect(state.run!.events.map((e) => e.step)).toEqual([5]);
  });
});
