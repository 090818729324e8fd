/**
 * The learning-rate watch (diagnosis.ts) wired to one run: what it sees of each step trained (the
 * loss, now and then a probe of the training set, whether every gradient is exactly zero) and the
 * finding it holds until it is answered (a seek, a new learning rate, dismiss). Apart from run.ts
 * so the run only says when: observe a step, restart after a seek, answer, dismiss.
 */
import type { BackwardPass, MLP } from '../engine';
import { constantGuessLoss, LearningRateWatch, majorityShare } from './diagnosis';
import type { Evaluator } from './evaluation';
import type { LearningRateDiagnosis } from './protocol';
import type { RunData } from './runData';
import type { Trainer } from './trainer';

export class RunWatch {
  /** The watch's finding, until it is answered (seek, a new learning rate, dismiss). */
  diagnosis: LearningRateDiagnosis | null = null;
  private readonly watch: LearningRateWatch;
  /**
   * Whether a hidden layer is ReLU. A probe's findings beyond the loss (dead units, and the
   * accuracy that only the dead-unit signs quote) exist only for ReLU layers, so a network without
   * one is not probed after the start: on the bench's tanh network the probes were 5.7% of the
   * worker's time (CPU profile of bench/worker.ts) and found nothing the watch could use.
   */
  private readonly unitsCanDie: boolean;

  constructor(
    private readonly mlp: MLP,
    private readonly data: RunData,
    private readonly evaluator: Evaluator,
    private readonly trainer: Trainer,
  ) {
    const { train, encoding } = data;
    this.unitsCanDie = mlp.layers.slice(0, -1).some((layer) => layer.activation === 'relu');
    this.watch = new LearningRateWatch(
      train.count,
      data.baseConfig.batchSize,
      encoding === 'value' ? null : majorityShare(train.labels),
      constantGuessLoss(
        mlp.loss,
        mlp.layers[mlp.layers.length - 1].activation,
        data.trainY,
        train.count,
        data.outUnits,
      ),
    );
  }

  /** How many units of each hidden layer are dead on the training set, the accuracy and the loss there. */
  private probeTrainingSet() {
    const { loss, metric, activity } = this.evaluator.evaluateTrainingSet(this.data);
    const hidden = activity.slice(0, this.mlp.layers.length - 1);
    return {
      deadUnits: hidden.map((a) => a.dead),
      units: hidden.map((a) => a.units),
      accuracy: this.data.encoding === 'value' ? null : metric,
      loss,
    };
  }

  /** A step trained (not replayed): its loss and gradients, and a probe when the watch wants one. */
  observeStep(step: number, lossValue: number, grads: BackwardPass): void {
    const { watch, trainer } = this;
    watch.setLearningRate(trainer.settings.learningRate);
    let found = watch.observeStep(step, lossValue);
    if (!found && this.unitsCanDie && watch.wantsProbe(step))
      found = watch.observeProbe(step, this.probeTrainingSet(), trainer.settings.optimizer);
    found ??= watch.observeGradients(step, grads.dW.every(isAllZero));
    if (found) this.diagnosis = found;
  }

  /** The watch starts afresh from where the run stands (a new run, or after a seek). */
  restart(): void {
    const { watch, trainer } = this;
    this.diagnosis = null;
    watch.reset();
    watch.setLearningRate(trainer.settings.learningRate);
    const probe = this.probeTrainingSet();
    watch.observeStart(trainer.step, probe.loss);
    watch.observeProbe(trainer.step, probe, trainer.settings.optimizer);
  }

  /** The banner's "Keep going": the finding is answered and the watch stays quiet about it. */
  dismiss(): boolean {
    if (!this.diagnosis) return false;
    this.diagnosis = null;
    this.watch.mute();
    return true;
  }
}

/** Whether every entry is exactly 0 (stops at the first that is not, so healthy steps cost little). */
function isAllZero(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) return false;
  return true;
}
