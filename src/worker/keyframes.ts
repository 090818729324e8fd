/**
 * The run's keyframes: the complete training state at some step boundaries, kept at every
 * `interval`-th step (the interval doubles and the odd multiples go when there are too many), so a
 * seek restores the nearest one ≤ the target and replays from there. The run's first step (0, or
 * the step a model file starts it at) is always kept.
 */
import type { Keyframe } from './protocol';

export interface KeyframeLimits {
  maxKeyframes: number;
  /** Memory budget for keyframes; big networks keep fewer (at least `minKeyframes`). */
  keyframeBudgetBytes: number;
  minKeyframes: number;
}

export class KeyframeStore {
  private readonly byStep = new Map<number, Keyframe>();
  private interval = 1;
  /** How many keyframes fit the budget, from the size of one (parameters, optimizer slots, batch order). */
  readonly capacity: number;

  constructor(limits: KeyframeLimits, parameterCount: number, trainCount: number) {
    const bytesEstimate = 8 * parameterCount * 3 + 4 * trainCount + 64;
    this.capacity = Math.max(
      limits.minKeyframes,
      Math.min(limits.maxKeyframes, Math.floor(limits.keyframeBudgetBytes / bytesEstimate)),
    );
  }

  /** Keeps a keyframe for `step` if it is due there (`capture` is called only then). */
  maybeKeep(step: number, capture: () => Keyframe): void {
    if (step % this.interval !== 0 || this.byStep.has(step)) return;
    this.byStep.set(step, capture());
    if (this.byStep.size > this.capacity) {
      this.interval *= 2;
      for (const s of [...this.byStep.keys()]) if (s % this.interval !== 0) this.byStep.delete(s);
    }
  }

  /** Keeps `kf` whatever the interval (step 0, a restored snapshot's step). */
  keep(kf: Keyframe): void {
    this.byStep.set(kf.step, kf);
  }

  /** The nearest keyframe at or before step t. */
  nearest(t: number): Keyframe {
    let best: Keyframe | undefined;
    for (const [s, kf] of this.byStep) if (s <= t && (!best || s > best.step)) best = kf;
    if (best) return best;
    // The run's first keyframe is always kept: step 0, or the step a model file started the run at.
    let first: Keyframe | undefined;
    for (const kf of this.byStep.values()) if (!first || kf.step < first.step) first = kf;
    return first as Keyframe;
  }

  /** Drops the keyframes after step s. */
  truncateAfter(s: number): void {
    for (const k of [...this.byStep.keys()]) if (k > s) this.byStep.delete(k);
  }

  /** Spaces the keyframes as a run that reached `step` would have (a restored run). */
  spaceFor(step: number): void {
    while (step / this.interval > this.capacity) this.interval *= 2;
  }

  stats(): { keyframes: number; keyframeInterval: number; keyframeBytes: number } {
    let bytes = 0;
    for (const kf of this.byStep.values()) bytes += keyframeBytes(kf);
    return { keyframes: this.byStep.size, keyframeInterval: this.interval, keyframeBytes: bytes };
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
