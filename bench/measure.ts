/**
 * The benchmarks' clock: warm up, then time calls of about CALL_MS for at least MEASURE_MS of wall
 * time, and report the rate over the whole span, the rate of the fastest call, and the CPU share.
 */
export const WARMUP_MS = 400;
export const MEASURE_MS = 1500;

export interface Measurement {
  /** Work units per wall-clock second over the whole timed span (the figure the targets are about). */
  perSecond: number;
  /**
   * The rate of the fastest single timed call (≈ CALL_MS of work each): on a shared, loaded
   * machine the best window approximates what the engine does while it actually has the core.
   */
  bestPerSecond: number;
  /** CPU time / wall time while timing: well below 1 means other processes took the core. */
  cpuShare: number;
  reps: number;
}

/** Target duration of one timed call: long enough that reading the clock costs nothing. */
export const CALL_MS = 2;
/** At least this many timed calls, so "best" has a choice even when the machine stalls. */
const MIN_CALLS = 30;

/**
 * Times `run(reps)`, which does `reps` repetitions of `workPerRep` units. The warm-up also picks
 * `reps` so that one call takes about CALL_MS; then calls repeat until MEASURE_MS have passed
 * and at least MIN_CALLS calls were made.
 */
export function measure(run: (reps: number) => void, workPerRep: number): Measurement {
  let reps = 1;
  let start = performance.now();
  while (performance.now() - start < WARMUP_MS) {
    const t = performance.now();
    run(reps);
    if (performance.now() - t < CALL_MS) reps *= 2;
  }
  let total = 0;
  let bestMs = Infinity;
  let calls = 0;
  const cpuStart = process.cpuUsage();
  start = performance.now();
  let now = start;
  do {
    const before = now;
    run(reps);
    total += reps;
    calls++;
    now = performance.now();
    bestMs = Math.min(bestMs, now - before);
  } while (now - start < MEASURE_MS || calls < MIN_CALLS);
  const elapsed = now - start;
  const cpu = process.cpuUsage(cpuStart);
  return {
    perSecond: (total * workPerRep) / (elapsed / 1000),
    bestPerSecond: (reps * workPerRep) / (bestMs / 1000),
    cpuShare: (cpu.user + cpu.system) / 1000 / elapsed,
    reps: total,
  };
}
