/**
 * The learning-rate watch: sees every completed step of a run and says when the learning rate is
 * probably too high, before anything overflows. It judges by steps and epochs only (never by frames
 * or chart points), so what it finds does not depend on the playback speed.
 *
 * The signs, each with its evidence in plain words. "The loss" is the mean batch loss over a window
 * of about an epoch (one step for full batch), so a single unlucky batch is not a sign.
 * - loss-rise: the loss has stayed at ≥ 3× its best for a sustained stretch (≥ 50 steps and ≥ 2
 *   windows), and above half the loss of a constant guess (so the rise undid most of the learning:
 *   tiny losses late in training wobble by large factors without meaning anything). The best starts
 *   as the training set's loss where the watch began, so a loss that explodes within the first
 *   window is measured against where it started, not against that window;
 * - worse-than-guessing: for ≥ 200 steps with no new best, the loss averaged ≥ 1.25× the loss of the
 *   best constant output (always answering the class shares, or the mean target): the updates
 *   overshoot so far that the network does worse than knowing nothing;
 * - oscillation: no new best for a long stretch while the windowed loss swings by large factors;
 * - dead-layer: every unit of a ReLU layer outputs 0 for every example of the training set, after
 *   having been alive, and stays so. Nothing can flow back through such a layer: every gradient
 *   below it, and its own, is exactly 0, and the network outputs the same value for every input.
 * - dead-units: at least half of a ReLU layer's units died (after all were alive) and stayed dead
 *   for a sustained stretch while the training accuracy is below 90 %: they get no gradient, so no
 *   update brings them back, and the network learns on with the units that are left;
 * - zero-gradient: the sooner sign of the same: every weight gradient exactly 0 for 2 steps in a
 *   row, ReLU units died since the start (on the training set), and accuracy is at chance.
 *
 * Pure: the run feeds it the batch loss of each step and, on the schedule it asks for (`wantsProbe`),
 * which hidden layers are entirely dead on the training set. Unit-tested on constructed runs.
 */
import { lossFns, type LossKind } from '../engine';
import type { LearningRateDiagnosis } from './protocol';
import { formatLossValue, formatRatio, formatShare } from '../model/format';

/** How the watch judges; the defaults are what the run uses. */
export const WATCH_RULES = Object.freeze({
  /** loss-rise: the windowed loss is at least this many times its best … */
  riseFactor: 3,
  /** … for at least this many steps (and at least two windows). */
  riseMinSteps: 50,
  /** A rise or a swing counts only above this share of the constant guess's loss (tiny losses wobble). */
  floorShareOfGuess: 0.5,
  /** worse-than-guessing: the loss averaged at least this many times the constant guess's loss … */
  guessFactor: 1.25,
  /** oscillation: consecutive windows differing by at least this factor are a swing … */
  swingFactor: 2,
  /** … and this many swings with no new best for `stallSteps` (≥ 8 windows) is an oscillation. */
  minSwings: 3,
  /** oscillation and worse-than-guessing: no new best for this many steps (and ≥ 8 windows). */
  stallSteps: 200,
  /** A window is about one epoch of steps, between these bounds. */
  maxWindowSteps: 50,
  /**
   * Probes of the training set: every step up to this step, then every `probeEpochs` epochs. A probe
   * is a forward pass over the whole training set, about a third of an epoch's training: on
   * 2→[8×6]→1 with 250 points in batches of 10, probes every 100 steps (4 epochs) took 14% of the
   * worker's training time at full speed, every 8 epochs 7.5% (CPU profiles of bench/worker.ts).
   */
  probeEveryStepUntil: 10,
  probeEpochs: 8,
  /** dead-layer: dead for this many steps (SGD; with momentum or Adam the velocity may revive it). */
  deadPersistStepsSgd: 2,
  deadPersistStepsMomentum: 50,
  /** dead-units: at least this share of a layer's units dead … */
  deadUnitsShare: 0.5,
  /** … for this many steps (SGD; with momentum or Adam, longer: the velocity may revive them). */
  deadUnitsPersistStepsSgd: 50,
  deadUnitsPersistStepsMomentum: 200,
  /**
   * … while the training accuracy (classification) is below this: a network that still fits its
   * training set this well lost nothing a learner would see, and pausing it to say "too high" would
   * mislead (the default network with ReLU at learning rate 1 loses 1 of 2 units at 99 %).
   */
  deadUnitsAccuracyBelow: 0.9,
  /** zero-gradient: this many steps in a row with every weight gradient exactly 0 … */
  zeroGradientSteps: 2,
  /** … and training accuracy at most this far above always guessing the larger class. */
  chanceMargin: 0.02,
});

/** What a probe of the training set found. */
export interface TrainingSetProbe {
  /** For each hidden layer: units that output 0 for every training example; null when not ReLU. */
  deadUnits: (number | null)[];
  /** For each hidden layer: its unit count. */
  units: number[];
  /** Classification accuracy on the training set (0 … 1), null for regression. */
  accuracy: number | null;
}

interface LossPoint {
  loss: number;
  step: number;
}

export class LearningRateWatch {
  /** Steps per loss window: about an epoch, 1 for full batch. */
  readonly windowSteps: number;
  readonly probeInterval: number;
  private windowSum = 0;
  private windowCount = 0;
  /** The latest window means since the best, newest last (at most `stallWindows`). */
  private recent: number[] = [];
  private best: LossPoint | null = null;
  private previousWindow: number | null = null;
  private riseSince: number | null = null;
  /** Window ends (steps) where the loss swung by ≥ swingFactor since the last best. */
  private swings: number[] = [];
  private highestSinceBest = 0;
  /** Per hidden layer: the step it was first seen entirely dead (still dead since), or null. */
  private deadSince: (number | null)[] = [];
  /** Per hidden layer: whether a probe has seen all its units alive. */
  private seenAlive: boolean[] = [];
  /** Per hidden layer: the step units were first seen dead after all were alive (still some dead since). */
  private dyingSince: (number | null)[] = [];
  /** Per hidden layer: the step at least `deadUnitsShare` of its units were first seen dead (still since). */
  private mostlyDeadSince: (number | null)[] = [];
  /** Per hidden layer: the share of units dead at the last probe. */
  private deadShare: number[] = [];
  private lastAccuracy: number | null = null;
  /** The first of the current run of steps whose weight gradients were all exactly 0. */
  private zeroSince: number | null = null;
  private learningRate: number | null = null;
  /** "Keep going": silent while the learning rate stays this value. */
  private mutedAt: number | null = null;

  constructor(
    trainCount: number,
    batchSize: number,
    /** The training set's larger class share (what always guessing it scores); null for regression. */
    private readonly chanceAccuracy: number | null,
    /** The loss of the best constant output (constantGuessLoss). */
    private readonly guessLoss: number,
    private readonly rules = WATCH_RULES,
  ) {
    const stepsPerEpoch = Math.ceil(trainCount / Math.max(1, Math.min(batchSize, trainCount)));
    this.windowSteps = Math.max(1, Math.min(rules.maxWindowSteps, stepsPerEpoch));
    this.probeInterval = Math.max(1, rules.probeEpochs * stepsPerEpoch);
  }

  /** Windows in the no-new-best stretch of oscillation and worse-than-guessing. */
  private get stallWindows(): number {
    return Math.max(8, Math.ceil(this.rules.stallSteps / this.windowSteps));
  }

  /** Forgets what it saw (after a seek, or when the learning rate changes); keeps the mute. */
  reset(): void {
    this.windowSum = 0;
    this.windowCount = 0;
    this.recent = [];
    this.best = null;
    this.previousWindow = null;
    this.riseSince = null;
    this.swings = [];
    this.highestSinceBest = 0;
    this.deadSince = [];
    this.seenAlive = [];
    this.dyingSince = [];
    this.mostlyDeadSince = [];
    this.deadShare = [];
    this.lastAccuracy = null;
    this.zeroSince = null;
  }

  /** "Keep going": no diagnosis again until the learning rate changes. */
  mute(): void {
    this.mutedAt = this.learningRate;
  }

  /** Whether the run should probe the training set after `step`. */
  wantsProbe(step: number): boolean {
    return step <= this.rules.probeEveryStepUntil || step % this.probeInterval === 0;
  }

  /**
   * The settings in force for the next steps. A new learning rate starts the judgement afresh (what
   * came before was about another rate) and lifts the mute.
   */
  setLearningRate(learningRate: number): void {
    if (learningRate === this.learningRate) return;
    if (this.learningRate !== null) this.reset();
    this.learningRate = learningRate;
    this.mutedAt = null;
  }

  /**
   * The training set's loss where the watch begins (a new run, or after a seek): the best so far,
   * until a window does better. Without it, a loss that explodes within the first window would be
   * judged against that window's mean (the exploding preset's was 7.7e55).
   */
  observeStart(step: number, trainingLoss: number): void {
    if (this.best === null && Number.isFinite(trainingLoss)) {
      this.best = { loss: trainingLoss, step };
      this.highestSinceBest = trainingLoss;
    }
  }

  /** The batch loss of the update that produced `step`. */
  observeStep(step: number, batchLoss: number): LearningRateDiagnosis | null {
    if (!Number.isFinite(batchLoss)) return null; // divergence, the run's own check
    this.windowSum += batchLoss;
    this.windowCount++;
    if (this.windowCount < this.windowSteps) return null;
    const mean = this.windowSum / this.windowCount;
    const start = step - this.windowCount + 1;
    this.windowSum = 0;
    this.windowCount = 0;
    return this.observeWindow(start, step, mean);
  }

  /** What a probe of the training set found after `step`. */
  observeProbe(step: number, probe: TrainingSetProbe, optimizer: string): LearningRateDiagnosis | null {
    this.lastAccuracy = probe.accuracy;
    const sgd = optimizer === 'sgd';
    const persist = sgd ? this.rules.deadPersistStepsSgd : this.rules.deadPersistStepsMomentum;
    const persistMostly = sgd
      ? this.rules.deadUnitsPersistStepsSgd
      : this.rules.deadUnitsPersistStepsMomentum;
    let found: LearningRateDiagnosis | null = null;
    probe.deadUnits.forEach((dead, l) => {
      if (dead === null) return;
      const units = probe.units[l];
      this.deadShare[l] = dead / units;
      if (dead === 0) {
        this.seenAlive[l] = true;
        this.dyingSince[l] = null;
        this.mostlyDeadSince[l] = null;
        this.deadSince[l] = null;
        return;
      }
      // A layer dead from the start is the init's doing, not the learning rate's.
      if (!this.seenAlive[l]) return;
      this.dyingSince[l] ??= step;
      this.mostlyDeadSince[l] =
        dead / units >= this.rules.deadUnitsShare ? (this.mostlyDeadSince[l] ?? step) : null;
      if (dead < units) {
        this.deadSince[l] = null;
        const since = this.mostlyDeadSince[l];
        if (found || since === null || step - since < persistMostly) return;
        if (probe.accuracy !== null && probe.accuracy >= this.rules.deadUnitsAccuracyBelow) return;
        found = this.diagnosis('dead-units', step, since, [
          `layer ${l + 1}: ${dead} of ${units} units dead since step ${since} (each outputs 0 for every training example)`,
          'a dead unit gets no gradient, so no update brings it back: the network learns on with the units that are left',
          ...(probe.accuracy === null ? [] : [`training accuracy ${formatShare(probe.accuracy)}`]),
        ]);
        return;
      }
      const since = this.deadSince[l] ?? step;
      this.deadSince[l] = since;
      if (found || step - since < persist) return;
      found = this.diagnosis('dead-layer', step, since, [
        `layer ${l + 1}: 100 % of units dead since step ${since} (each outputs 0 for every training example)`,
        `so every gradient through layer ${l + 1} is exactly 0 and the network gives the same output for every input`,
        ...this.accuracyEvidence(),
      ]);
    });
    return found;
  }

  /**
   * Whether every weight gradient of the step producing `step` was exactly 0. Two such steps in a
   * row, with ReLU units that died since the watch began and accuracy no better than chance, mean
   * the updates have switched the network off: the gradient is not small, it is gone.
   */
  observeGradients(step: number, allWeightGradientsZero: boolean): LearningRateDiagnosis | null {
    if (!allWeightGradientsZero) {
      this.zeroSince = null;
      return null;
    }
    this.zeroSince ??= step;
    if (step - this.zeroSince + 1 < this.rules.zeroGradientSteps) return null;
    const dying = this.dyingSince
      .map((since, l) => (since === null ? null : { l, since }))
      .filter((x): x is { l: number; since: number } => x !== null);
    if (dying.length === 0) return null;
    const atChance =
      this.chanceAccuracy === null ||
      (this.lastAccuracy !== null && this.lastAccuracy <= this.chanceAccuracy + this.rules.chanceMargin);
    if (!atChance) return null;
    const first = dying.reduce((a, b) => (b.since < a.since ? b : a));
    return this.diagnosis('zero-gradient', step, first.since, [
      `every weight gradient exactly 0 for the last ${step - this.zeroSince + 1} steps (steps ${this.zeroSince}–${step})`,
      ...dying.map(
        ({ l, since }) =>
          `layer ${l + 1}: ${formatShare(this.deadShare[l] ?? 0)} of units dead on the training set since step ${since}`,
      ),
      ...this.accuracyEvidence(),
    ]);
  }

  private accuracyEvidence(): string[] {
    if (this.lastAccuracy === null || this.chanceAccuracy === null) return [];
    return [
      `training accuracy ${formatShare(this.lastAccuracy)}: no better than always guessing the larger class (${formatShare(this.chanceAccuracy)})`,
    ];
  }

  private observeWindow(start: number, end: number, mean: number): LearningRateDiagnosis | null {
    const rules = this.rules;
    const floor = rules.floorShareOfGuess * this.guessLoss;
    const previous = this.previousWindow;
    this.previousWindow = mean;
    if (this.best === null || mean < this.best.loss) {
      this.best = { loss: mean, step: end };
      this.riseSince = null;
      this.swings = [];
      this.recent = [];
      this.highestSinceBest = mean;
      return null;
    }
    const best = this.best;
    this.highestSinceBest = Math.max(this.highestSinceBest, mean);
    this.recent.push(mean);
    if (this.recent.length > this.stallWindows) this.recent.shift();

    // a sustained rise well above the best
    if (mean >= rules.riseFactor * best.loss && mean >= floor) {
      this.riseSince ??= start;
      const stretch = end - this.riseSince + 1;
      if (stretch >= Math.max(rules.riseMinSteps, 2 * this.windowSteps)) {
        return this.diagnosis('loss-rise', end, this.riseSince, [
          `loss ${formatRatio(mean / best.loss)}× its best (${formatLossValue(best.loss)} at step ${best.step}) for the last ${stretch} steps`,
        ]);
      }
    } else {
      this.riseSince = null;
    }

    // worse than a constant guess, for a long stretch without a new best
    if (this.recent.length === this.stallWindows) {
      const average = this.recent.reduce((a, b) => a + b, 0) / this.recent.length;
      if (this.guessLoss > 0 && average >= rules.guessFactor * this.guessLoss) {
        const stretch = this.recent.length * this.windowSteps;
        return this.diagnosis('worse-than-guessing', end, end - stretch + 1, [
          `for the last ${stretch} steps the loss averaged ${formatLossValue(average)}, ${formatRatio(average / this.guessLoss)}× the loss of a constant guess (${formatLossValue(this.guessLoss)}): the network does worse than knowing nothing`,
          `its best was ${formatLossValue(best.loss)} at step ${best.step}`,
        ]);
      }
    }

    // swinging without progress
    if (previous !== null && previous > 0 && mean > 0) {
      const swing = Math.max(mean / previous, previous / mean);
      if (swing >= rules.swingFactor && Math.max(mean, previous) >= floor) this.swings.push(end);
    }
    const stalled = end - best.step;
    if (
      stalled >= Math.max(rules.stallSteps, 8 * this.windowSteps) &&
      this.swings.length >= rules.minSwings &&
      this.highestSinceBest >= rules.swingFactor * best.loss
    ) {
      return this.diagnosis('oscillation', end, best.step + 1, [
        `no new best loss for ${stalled} steps (best ${formatLossValue(best.loss)} at step ${best.step})`,
        `meanwhile the loss swung ${this.swings.length} times by ${formatRatio(rules.swingFactor)}× or more, up to ${formatLossValue(this.highestSinceBest)}`,
      ]);
    }
    return null;
  }

  private diagnosis(
    kind: LearningRateDiagnosis['kind'],
    step: number,
    since: number,
    evidence: string[],
  ): LearningRateDiagnosis | null {
    const learningRate = this.learningRate ?? 0;
    if (this.mutedAt !== null && this.mutedAt === this.learningRate) return null;
    // Said once per episode: start the judgement afresh, so it does not repeat every step.
    this.reset();
    return { kind, step, since, rewindStep: Math.max(0, since - 1), learningRate, evidence };
  }
}

/**
 * The loss of the best constant output: every row predicts the column means of Y (the class shares,
 * or the mean target), which is what minimises BCE, cross-entropy and squared error among constants.
 * Y is n × units in the output's encoding; `outputActivation` maps the mean to the pre-activation Z.
 */
export function constantGuessLoss(
  loss: LossKind,
  outputActivation: string,
  Y: Float64Array,
  n: number,
  units: number,
): number {
  if (n === 0) return 0;
  const mean = new Float64Array(units);
  for (let i = 0; i < n; i++) for (let j = 0; j < units; j++) mean[j] += Y[i * units + j] / n;
  const tiny = 1e-12;
  const zOf = (a: number): number => {
    const p = Math.min(1 - tiny, Math.max(tiny, a));
    if (outputActivation === 'sigmoid') return Math.log(p / (1 - p));
    if (outputActivation === 'softmax') return Math.log(p);
    if (outputActivation === 'tanh') return Math.atanh(Math.min(1 - tiny, Math.max(-1 + tiny, a)));
    return a;
  };
  const A = new Float64Array(n * units);
  const Z = new Float64Array(n * units);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < units; j++) {
      A[i * units + j] = mean[j];
      Z[i * units + j] = zOf(mean[j]);
    }
  return lossFns(loss).loss(Z, A, Y, n, units);
}

/** The share of the larger class among class labels (what always guessing it scores). */
export function majorityShare(labels: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  let top = 0;
  for (let i = 0; i < labels.length; i++) {
    const c = (counts.get(labels[i]) ?? 0) + 1;
    counts.set(labels[i], c);
    top = Math.max(top, c);
  }
  return labels.length > 0 ? top / labels.length : 0;
}
