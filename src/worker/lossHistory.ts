/**
 * The run's loss history: the batch loss of every `stride`-th step, and the full train/test
 * evaluations taken at frame time, each thinned when it reaches its cap (the batch series doubles
 * its stride, the evaluations keep every other point and the newest), and what of it the frames
 * have already sent, so each frame carries only what is new (or everything after a reset).
 */
import { FLOAT32_MAX, toF32 } from './float32';
import type { HistoryChunk } from './protocol';

/** A float64 series that keeps its length separately from its capacity. */
class Series {
  data: Float64Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Float64Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(Math.max(16, this.data.length * 2));
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
  last(fallback: number): number {
    return this.length > 0 ? this.data[this.length - 1] : fallback;
  }
  /** How many leading entries are ≤ s (the series is ascending). */
  countUpTo(s: number): number {
    let n = this.length;
    while (n > 0 && this.data[n - 1] > s) n--;
    return n;
  }
}

export class LossHistory {
  private readonly steps = new Series(1024);
  private readonly batchLoss = new Series(1024);
  private stride = 1;
  private readonly evalSteps = new Series(64);
  private readonly trainLoss = new Series(64);
  private readonly testLoss = new Series(64);
  private readonly trainMetric = new Series(64);
  private readonly testMetric = new Series(64);
  private sent = 0;
  private evalSent = 0;
  /** The next chunk must replace what the client has (thinning or truncation changed the past). */
  private reset = true;

  constructor(
    private readonly limits: { historyCap: number; evalHistoryCap: number },
    private readonly metric: HistoryChunk['metric'],
  ) {}

  private get evalSeries(): Series[] {
    return [this.evalSteps, this.trainLoss, this.testLoss, this.trainMetric, this.testMetric];
  }

  /** The batch loss of the update that produced `step` (kept when step is a multiple of the stride). */
  recordLoss(step: number, value: number): void {
    if (step % this.stride !== 0) return;
    if (step <= this.steps.last(0)) return; // replaying a stretch that is already recorded
    this.steps.push(step);
    this.batchLoss.push(Number.isFinite(value) ? value : FLOAT32_MAX);
    if (this.steps.length >= this.limits.historyCap) {
      this.stride *= 2;
      let w = 0;
      for (let r = 0; r < this.steps.length; r++) {
        if (this.steps.data[r] % this.stride === 0) {
          this.steps.data[w] = this.steps.data[r];
          this.batchLoss.data[w] = this.batchLoss.data[r];
          w++;
        }
      }
      this.steps.length = this.batchLoss.length = w;
      this.reset = true;
    }
  }

  /** The full train/test evaluation at `step` (once per step). */
  recordEval(
    step: number,
    trainLoss: number,
    testLoss: number,
    trainMetric: number,
    testMetric: number,
  ): void {
    if (step <= this.evalSteps.last(-1)) return;
    this.evalSteps.push(step);
    this.trainLoss.push(trainLoss);
    this.testLoss.push(testLoss);
    this.trainMetric.push(trainMetric);
    this.testMetric.push(testMetric);
    if (this.evalSteps.length >= this.limits.evalHistoryCap) {
      const all = this.evalSeries;
      let w = 0;
      // Keep the even indices and always the newest point.
      for (let r = 0; r < this.evalSteps.length; r++) {
        if (r % 2 === 0 || r === this.evalSteps.length - 1) {
          for (const s of all) s.data[w] = s.data[r];
          w++;
        }
      }
      for (const s of all) s.length = w;
      this.reset = true;
    }
  }

  /** Drops every point after step s (continuing from a past step discards the future). */
  truncateAfter(s: number): void {
    const n = this.steps.countUpTo(s);
    if (n !== this.steps.length) {
      this.steps.length = this.batchLoss.length = n;
      this.reset = true;
    }
    const m = this.evalSteps.countUpTo(s);
    if (m !== this.evalSteps.length) {
      for (const series of this.evalSeries) series.length = m;
      this.reset = true;
    }
  }

  /** Everything (`full`) or what is new since the last sent chunk, as float32 copies. */
  chunk(full: boolean): HistoryChunk {
    const from = full ? 0 : this.sent;
    const evalFrom = full ? 0 : this.evalSent;
    const slice32 = (s: Series, start: number): Float32Array => toF32(s.data.subarray(start, s.length));
    return {
      reset: full,
      stride: this.stride,
      steps: this.steps.data.slice(from, this.steps.length),
      batchLoss: slice32(this.batchLoss, from),
      evalSteps: this.evalSteps.data.slice(evalFrom, this.evalSteps.length),
      trainLoss: slice32(this.trainLoss, evalFrom),
      testLoss: slice32(this.testLoss, evalFrom),
      trainMetric: slice32(this.trainMetric, evalFrom),
      testMetric: slice32(this.testMetric, evalFrom),
      metric: this.metric,
    };
  }

  /** The chunk for the next frame (everything after a reset, else what is new), marked as sent. */
  takeChunk(): HistoryChunk {
    const chunk = this.chunk(this.reset);
    this.sent = this.steps.length;
    this.evalSent = this.evalSteps.length;
    this.reset = false;
    return chunk;
  }

  /** The whole history up to step s (for a snapshot). */
  upTo(s: number): HistoryChunk {
    const history = this.chunk(true);
    const keep = this.steps.countUpTo(s);
    const keepEval = this.evalSteps.countUpTo(s);
    return {
      ...history,
      steps: history.steps.slice(0, keep),
      batchLoss: history.batchLoss.slice(0, keep),
      evalSteps: history.evalSteps.slice(0, keepEval),
      trainLoss: history.trainLoss.slice(0, keepEval),
      testLoss: history.testLoss.slice(0, keepEval),
      trainMetric: history.trainMetric.slice(0, keepEval),
      testMetric: history.testMetric.slice(0, keepEval),
    };
  }

  /** Takes a snapshot's history as its own (a restored run continues it). */
  restore(h: HistoryChunk): void {
    this.stride = h.stride;
    for (let i = 0; i < h.steps.length; i++) {
      this.steps.push(h.steps[i]);
      this.batchLoss.push(h.batchLoss[i]);
    }
    for (let i = 0; i < h.evalSteps.length; i++) {
      this.evalSteps.push(h.evalSteps[i]);
      this.trainLoss.push(h.trainLoss[i]);
      this.testLoss.push(h.testLoss[i]);
      this.trainMetric.push(h.trainMetric[i]);
      this.testMetric.push(h.testMetric[i]);
    }
  }

  stats(): { historyPoints: number; historyStride: number; evalPoints: number } {
    return {
      historyPoints: this.steps.length,
      historyStride: this.stride,
      evalPoints: this.evalSteps.length,
    };
  }
}
