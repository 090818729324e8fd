/**
 * The run's keyframes: the complete training state at some step boundaries, so a seek restores the
 * nearest one ≤ the target and replays from there. They cover the whole run, thinned with distance
 * from the present: a new one every `spacing` steps at the front (spacing grows with the run, up
 * to `nearKeyframeSpacing`), and when there are more than `capacity`, the one whose removal leaves
 * the smallest gap for its distance from the front goes, so the gaps grow roughly in proportion to
 * the distance (log-spaced). Stepping back from the front replays at most `spacing` steps; a seek
 * d steps back replays about a fixed fraction of d. The run's first keyframe (step 0, or the step a
 * model file starts the run at) and the newest are always kept.
 */
import type { Keyframe } from './protocol';

export interface KeyframeLimits {
  maxKeyframes: number;
  /** Memory budget for keyframes; big networks keep fewer (at least `minKeyframes`). */
  keyframeBudgetBytes: number;
  minKeyframes: number;
  /** Most steps between keyframes at the front of the run (what one step back may replay). */
  nearKeyframeSpacing: number;
}

export class KeyframeStore {
  private readonly byStep = new Map<number, Keyframe>();
  /** The kept steps, ascending. */
  private steps: number[] = [];
  /** How many keyframes fit the budget, from the size of one (parameters, optimizer slots, batch order). */
  readonly capacity: number;
  private readonly nearSpacing: number;

  constructor(limits: KeyframeLimits, parameterCount: number, trainCount: number) {
    const bytesEstimate = 8 * parameterCount * 3 + 4 * trainCount + 64;
    this.capacity = Math.max(
      3,
      limits.minKeyframes,
      Math.min(limits.maxKeyframes, Math.floor(limits.keyframeBudgetBytes / bytesEstimate)),
    );
    this.nearSpacing = Math.max(1, Math.floor(limits.nearKeyframeSpacing));
  }

  /** The newest kept step (the front of the run as far as keyframes go). */
  private get newest(): number {
    return this.steps.length > 0 ? this.steps[this.steps.length - 1] : 0;
  }

  /** Steps between new keyframes at the front: a power of two ≥ step / capacity, at most nearSpacing. */
  spacingAt(step: number): number {
    let spacing = 1;
    while (spacing * this.capacity < step && spacing * 2 <= this.nearSpacing) spacing *= 2;
    return spacing;
  }

  /** Keeps a keyframe for `step` if it extends the front by the spacing (`capture` is called only then). */
  maybeKeep(step: number, capture: () => Keyframe): void {
    if (this.steps.length > 0 && step - this.newest < this.spacingAt(step)) return;
    this.keep(capture());
  }

  /** Keeps `kf` whatever the spacing (step 0, a restored snapshot's step). */
  keep(kf: Keyframe): void {
    if (!this.byStep.has(kf.step)) {
      let i = this.steps.length;
      while (i > 0 && this.steps[i - 1] > kf.step) i--;
      this.steps.splice(i, 0, kf.step);
    }
    this.byStep.set(kf.step, kf);
    while (this.steps.length > this.capacity) this.thinOne();
  }

  /** Drops the interior keyframe whose gap after removal is smallest for its distance from the front. */
  private thinOne(): void {
    const steps = this.steps;
    const front = this.newest;
    const spacing = this.spacingAt(front);
    let worst = -1;
    let worstScore = Infinity;
    for (let i = 1; i < steps.length - 1; i++) {
      const score = (steps[i + 1] - steps[i - 1]) / (front - steps[i + 1] + spacing);
      if (score < worstScore) {
        worstScore = score;
        worst = i;
      }
    }
    if (worst < 0) return;
    this.byStep.delete(steps[worst]);
    steps.splice(worst, 1);
  }

  /** The nearest keyframe at or before step t. */
  nearest(t: number): Keyframe {
    let lo = 0;
    let hi = this.steps.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.steps[mid] <= t) lo = mid;
      else hi = mid - 1;
    }
    // The first is always kept (step 0, or a model file's step); before it, it is the nearest.
    return this.byStep.get(this.steps[lo]) as Keyframe;
  }

  /** Drops the keyframes after step s. */
  truncateAfter(s: number): void {
    while (this.steps.length > 1 && this.newest > s) this.byStep.delete(this.steps.pop() as number);
  }

  /** The kept steps, ascending (tests check the spacing). */
  keptSteps(): readonly number[] {
    return this.steps;
  }

  stats(): { keyframes: number; keyframeInterval: number; keyframeBytes: number } {
    let bytes = 0;
    for (const kf of this.byStep.values()) bytes += keyframeBytes(kf);
    return {
      keyframes: this.byStep.size,
      keyframeInterval: this.spacingAt(this.newest),
      keyframeBytes: bytes,
    };
  }
}

/** Bytes held by a keyframe's arrays. */
export function keyframeBytes(kf: Keyframe): number {
  let bytes = kf.batcher.permutation.byteLength;
  for (const p of kf.params) bytes += p.byteLength;
  for (const s of kf.optimizer.slots) bytes += s.byteLength;
  return bytes;
}

/** A deep copy (a keyframe handed out or taken in must not share arrays with the run). */
export function cloneKeyframe(kf: Keyframe): Keyframe {
  return {
    step: kf.step,
    epoch: kf.epoch,
    params: kf.params.map((p) => p.slice()),
    settings: { ...kf.settings },
    optimizer: {
      kind: kf.optimizer.kind,
      t: kf.optimizer.t,
      slots: kf.optimizer.slots.map((s) => s.slice()),
    },
    batcher: {
      permutation: kf.batcher.permutation.slice(),
      position: kf.batcher.position,
      epoch: kf.batcher.epoch,
    },
    rng: [kf.rng[0], kf.rng[1], kf.rng[2], kf.rng[3]],
  };
}
