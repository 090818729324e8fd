/**
 * Training speed inside the worker's play loop while a client draws frames with a 100×100 grid of
 * every neuron at 60 per second, on 2→[8×6]→1 (batch 10, tanh), as a fraction of the engine's own
 * speed in Node on the same network. Target ≥ 70% (issue 3, DESIGN.md "Budgets").
 *
 * The worker side runs for real: the same createWorkerLoop as train.worker.ts (time slices,
 * MessageChannel yields, the frame and grid budget), with every reply structured-cloned and its
 * buffers transferred as postMessage does. The client is simulated in the same thread: it asks for
 * the next frame on the next 60 Hz tick after a frame arrives (one in flight). Receiving costs
 * (the clone) are paid in this thread too, so the figure is, if anything, pessimistic. Raw and
 * worker runs are interleaved and the medians compared, because the machine is shared.
 *
 *   npx tsx bench/worker.ts          (bench/index.ts can import runWorkerBench)
 */
import {
  createBatcher,
  createMLP,
  createOptimizer,
  createRng,
  gatherRows,
  generateDataset,
  splitDataset,
  buildFeatures,
  buildTargets,
} from '../src/engine';
import { DEFAULT_CONFIG, mlpSpecOf, optimizerConfigOf, OUTPUTS, type RunConfig } from '../src/model/config';
import { createWorkerState, GRID_BUDGET } from '../src/worker/handlers';
import { createWorkerLoop } from '../src/worker/loop';
import type { FromWorker } from '../src/worker/protocol';
import { createRun } from '../src/worker/run';

export const BENCH_CONFIG: RunConfig = {
  ...DEFAULT_CONFIG,
  hiddenLayers: [8, 8, 8, 8, 8, 8],
  activation: 'tanh',
  batchSize: 10,
};

export interface WorkerBenchResult {
  /** The engine's own loop (batch, forward, backward, update) in Node. */
  rawStepsPerSecond: number;
  /** The worker's play loop while frames with grids are requested at 60 Hz. */
  workerStepsPerSecond: number;
  /** workerStepsPerSecond / rawStepsPerSecond. */
  ratio: number;
  /** Frames per second the simulated client received, and how many of them carried a grid. */
  framesPerSecond: number;
  gridsPerSecond: number;
  /** Cost of one 100×100 grid of every neuron, and of one frame without a grid (ms, median). */
  gridMs: number;
  frameMs: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** The engine alone: what "the engine's speed in Node" means here. */
export function rawStepsPerSecond(config: RunConfig, durationMs: number): number {
  const rng = createRng(config.seed);
  const ds = generateDataset({ kind: config.dataset, count: config.datasetSize, noise: config.noise, rng });
  const { train } = splitDataset(ds, config.trainPercent / 100, rng);
  const X = buildFeatures(train.points, train.count, config.features);
  const Y = buildTargets(train, OUTPUTS[config.output].encoding);
  const mlp = createMLP(mlpSpecOf(config));
  const optimizer = createOptimizer(optimizerConfigOf(config));
  const batcher = createBatcher(train.count, config.batchSize, createRng(config.seed + 1));
  const d = config.features.length;
  const buffers = new Map<number, { X: Float64Array; Y: Float64Array }>();
  let steps = 0;
  const start = performance.now();
  let now = start;
  while (now - start < durationMs) {
    for (let i = 0; i < 200; i++) {
      const { indices } = batcher.next();
      const n = indices.length;
      let b = buffers.get(n);
      if (!b) buffers.set(n, (b = { X: new Float64Array(n * d), Y: new Float64Array(n) }));
      gatherRows(X, d, indices, b.X);
      gatherRows(Y, 1, indices, b.Y);
      optimizer.step(mlp, mlp.backward(mlp.forward(b.X, n), b.Y));
    }
    steps += 200;
    now = performance.now();
  }
  return (steps * 1000) / (now - start);
}

/** The worker loop playing at 'max' while a simulated client asks for 100×100 grids at 60 Hz. */
function workerRun(
  config: RunConfig,
  durationMs: number,
): Promise<{ stepsPerSecond: number; framesPerSecond: number; gridsPerSecond: number }> {
  return new Promise((resolve) => {
    const tickMs = 1000 / 60;
    const grid = { resolution: 100, neurons: true };
    let frames = 0;
    let grids = 0;
    let stepsAtStart = 0;
    let started = 0;
    let done = false;
    const loop = createWorkerLoop(
      {
        post(message, transfer) {
          const copy = structuredClone(message, { transfer }) as FromWorker;
          setTimeout(() => receive(copy), 0);
        },
      },
      { state: createWorkerState() },
    );
    const requestOnNextTick = (): void => {
      const now = performance.now();
      const next = Math.ceil((now - started) / tickMs) * tickMs + started;
      setTimeout(
        () => {
          if (!done) loop.onMessage({ type: 'request-frame', grid });
        },
        Math.max(0, next - now),
      );
    };
    const receive = (message: FromWorker): void => {
      if (done || message.type !== 'frame') return;
      frames++;
      if (message.frame.grid) grids++;
      requestOnNextTick();
    };
    loop.onMessage({ type: 'init', config });
    loop.onMessage({ type: 'play' });
    started = performance.now();
    stepsAtStart = loop.state.run?.step ?? 0;
    loop.onMessage({ type: 'request-frame', grid });
    setTimeout(() => {
      done = true;
      const elapsed = performance.now() - started;
      const steps = (loop.state.run?.step ?? 0) - stepsAtStart;
      loop.onMessage({ type: 'pause' });
      loop.stop();
      resolve({
        stepsPerSecond: (steps * 1000) / elapsed,
        framesPerSecond: (frames * 1000) / elapsed,
        gridsPerSecond: (grids * 1000) / elapsed,
      });
    }, durationMs);
  });
}

function costs(config: RunConfig): { gridMs: number; frameMs: number } {
  const run = createRun(config);
  run.trainSteps(100);
  const grid: number[] = [];
  const frame: number[] = [];
  for (let i = 0; i < 15; i++) {
    let t = performance.now();
    run.evaluateGrid({ resolution: 100, neurons: true });
    grid.push(performance.now() - t);
    run.trainSteps(1);
    t = performance.now();
    run.buildFrame({ grid: null, playing: true, speed: 'max', seq: i });
    frame.push(performance.now() - t);
  }
  return { gridMs: median(grid), frameMs: median(frame) };
}

export async function runWorkerBench(
  options: { rounds?: number; durationMs?: number } = {},
): Promise<WorkerBenchResult> {
  const rounds = options.rounds ?? 3;
  const durationMs = options.durationMs ?? 1500;
  const config = BENCH_CONFIG;
  // Warm up both paths so the JIT has compiled them before anything is timed.
  rawStepsPerSecond(config, 300);
  await workerRun(config, 300);
  const raw: number[] = [];
  const worker: Awaited<ReturnType<typeof workerRun>>[] = [];
  for (let r = 0; r < rounds; r++) {
    raw.push(rawStepsPerSecond(config, durationMs));
    worker.push(await workerRun(config, durationMs));
  }
  const rawSps = median(raw);
  const workerSps = median(worker.map((w) => w.stepsPerSecond));
  return {
    rawStepsPerSecond: rawSps,
    workerStepsPerSecond: workerSps,
    ratio: workerSps / rawSps,
    framesPerSecond: median(worker.map((w) => w.framesPerSecond)),
    gridsPerSecond: median(worker.map((w) => w.gridsPerSecond)),
    ...costs(config),
  };
}

export function formatWorkerBench(r: WorkerBenchResult): string {
  const pct = (r.ratio * 100).toFixed(0);
  return [
    'Worker play loop on 2→[8×6]→1 (batch 10, tanh), client drawing 100×100 grids of every neuron at 60 fps:',
    `  engine in Node        ${Math.round(r.rawStepsPerSecond).toLocaleString('en')} steps/s`,
    `  worker play loop      ${Math.round(r.workerStepsPerSecond).toLocaleString('en')} steps/s  = ${pct}% of the engine (target ≥ 70%)`,
    `  frames received       ${r.framesPerSecond.toFixed(0)}/s, with a grid ${r.gridsPerSecond.toFixed(0)}/s (grid budget ≤ ${(1000 / GRID_BUDGET.minIntervalMs).toFixed(0)}/s, ≤ ${GRID_BUDGET.maxFraction * 100}% of the time)`,
    `  one 100×100 grid      ${r.gridMs.toFixed(2)} ms; one frame without grid ${r.frameMs.toFixed(2)} ms`,
  ].join('\n');
}

// Run directly: print the figure.
const direct =
  typeof process !== 'undefined' &&
  process.argv[1] !== undefined &&
  import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '\0');
if (direct) {
  runWorkerBench().then(
    (r) => console.log(formatWorkerBench(r)),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
