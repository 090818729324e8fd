/**
 * Evaluating the network without touching the training state: a copy of the network (so a forward
 * pass over the whole set or the grid does not overwrite the training pass's buffers), synced from
 * the trained one before use, and the loss and metric of a whole set.
 */
import { lossFns, type Activation, type ForwardPass, type MLP, type TargetEncoding } from '../engine';
import { finiteOr, type NonFiniteFlag } from './float32';
import type { Frame } from './protocol';
import type { RunData } from './runData';

/** |tanh| beyond this, or sigmoid outside [1 − this, this], is a saturated activation. */
export const SATURATION_THRESHOLD = 0.97;
/** A unit is saturated when its activation is saturated for at least this share of the training set. */
export const SATURATED_UNIT_SHARE = 0.95;

/** How one layer's units behave over a whole set (the training set, in a frame's health). */
export interface UnitActivity {
  units: number;
  /** ReLU: units whose activation is exactly 0 for every example (nothing flows back); else null. */
  dead: number | null;
  /** tanh, sigmoid: units saturated for ≥ SATURATED_UNIT_SHARE of the examples; else null. */
  saturated: number | null;
}

/** Loss and metric of the training and test sets (finite: non-finite values replaced, flag set). */
export interface SetEvaluation {
  trainLoss: number;
  testLoss: number;
  trainMetric: number;
  testMetric: number;
  /** Per layer, from the same forward pass over the training set. */
  trainActivity: UnitActivity[];
}

function isSaturated(activation: Activation, a: number): boolean {
  return activation === 'tanh'
    ? Math.abs(a) > SATURATION_THRESHOLD
    : a < 1 - SATURATION_THRESHOLD || a > SATURATION_THRESHOLD;
}

/** Dead and saturated units of a layer from its activations A (n × units, row-major). */
export function unitActivity(
  A: ArrayLike<number>,
  n: number,
  units: number,
  activation: Activation,
): UnitActivity {
  if (activation === 'relu') {
    let dead = 0;
    for (let j = 0; j < units; j++) {
      let alive = false;
      for (let i = 0; i < n && !alive; i++) if (A[i * units + j] !== 0) alive = true;
      if (!alive) dead++;
    }
    return { units, dead: n > 0 ? dead : 0, saturated: null };
  }
  if (activation === 'tanh' || activation === 'sigmoid') {
    let saturated = 0;
    for (let j = 0; j < units; j++) {
      let count = 0;
      for (let i = 0; i < n; i++) if (isSaturated(activation, A[i * units + j])) count++;
      if (n > 0 && count >= SATURATED_UNIT_SHARE * n) saturated++;
    }
    return { units, dead: null, saturated };
  }
  return { units, dead: null, saturated: null };
}

/** The frame's fields for an evaluation: accuracy for classification, RMSE for regression. */
export function frameMetrics(
  e: SetEvaluation,
  encoding: TargetEncoding,
): Pick<Frame, 'trainLoss' | 'testLoss' | 'trainAccuracy' | 'testAccuracy' | 'trainRmse' | 'testRmse'> {
  const isRegression = encoding === 'value';
  return {
    trainLoss: e.trainLoss,
    testLoss: e.testLoss,
    trainAccuracy: isRegression ? null : e.trainMetric,
    testAccuracy: isRegression ? null : e.testMetric,
    trainRmse: isRegression ? e.trainMetric : null,
    testRmse: isRegression ? e.testMetric : null,
  };
}

export class Evaluator {
  /** The copy the evaluations run on; call sync() first. */
  readonly net: MLP;
  private readonly loss;
  /** The last forward pass over a set (the evaluation network's buffers). */
  private lastPass: ForwardPass | null = null;

  constructor(
    private readonly mlp: MLP,
    private readonly encoding: TargetEncoding,
    private readonly outUnits: number,
  ) {
    this.net = mlp.clone();
    this.loss = lossFns(mlp.loss);
  }

  /** Copies the trained parameters into the evaluation network. */
  sync(): void {
    for (let l = 0; l < this.mlp.layers.length; l++) {
      this.net.layers[l].W.set(this.mlp.layers[l].W);
      this.net.layers[l].b.set(this.mlp.layers[l].b);
    }
  }

  /** Both sets at the trained parameters. */
  evaluateSets(data: RunData, flag: NonFiniteFlag): SetEvaluation {
    const train = this.evaluateTrainingSet(data);
    // A model file may bring no test set: nothing to measure, so the test columns read 0.
    const test =
      data.test.count > 0
        ? this.evaluateSet(data.testX, data.testY, data.test.labels, data.test.count)
        : { loss: 0, metric: 0 };
    return {
      trainLoss: finiteOr(train.loss, flag),
      testLoss: finiteOr(test.loss, flag),
      trainMetric: finiteOr(train.metric, flag, 0),
      testMetric: finiteOr(test.metric, flag, 0),
      trainActivity: train.activity,
    };
  }

  /** The training set at the trained parameters, with each layer's unit activity from that pass. */
  evaluateTrainingSet(data: RunData): { loss: number; metric: number; activity: UnitActivity[] } {
    this.sync();
    const n = data.train.count;
    const { loss, metric } = this.evaluateSet(data.trainX, data.trainY, data.train.labels, n);
    // The pass's activations are still in the evaluation network's buffers (nothing ran since).
    const pass = this.lastPass;
    const activity = this.net.layers.map((layer, l) =>
      unitActivity(pass ? pass.A[l] : [], pass ? n : 0, layer.units, layer.activation),
    );
    return { loss, metric, activity };
  }

  /** Loss (data loss) and metric (accuracy, or RMSE for regression) of a whole set, n × d X. */
  evaluateSet(
    X: Float64Array,
    Y: Float64Array,
    labels: Float64Array,
    n: number,
  ): { loss: number; metric: number } {
    const { encoding, outUnits } = this;
    const last = this.net.layers.length - 1;
    const pass = this.net.forward(X, n);
    this.lastPass = pass;
    const Z = pass.Z[last];
    const A = pass.A[last];
    const value = this.loss.loss(Z, A, Y, n, outUnits);
    let metric: number;
    if (encoding === 'value') {
      let s = 0;
      // Over every target column (a model file's regression may have several).
      const values = n * outUnits;
      for (let i = 0; i < values; i++) s += (A[i] - Y[i]) * (A[i] - Y[i]);
      metric = Math.sqrt(s / values);
    } else {
      let correct = 0;
      for (let i = 0; i < n; i++) {
        let predicted: number;
        if (encoding === 'one-hot') {
          predicted = 0;
          for (let j = 1; j < outUnits; j++)
            if (A[i * outUnits + j] > A[i * outUnits + predicted]) predicted = j;
        } else {
          predicted = A[i] >= (encoding === 'zero-one' ? 0.5 : 0) ? 1 : 0;
        }
        if (predicted === labels[i]) correct++;
      }
      metric = correct / n;
    }
    return { loss: value, metric };
  }
}
