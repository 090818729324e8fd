/**
 * Evaluating the network without touching the training state: a copy of the network (so a forward
 * pass over the whole set or the grid does not overwrite the training pass's buffers), synced from
 * the trained one before use, and the loss and metric of a whole set.
 */
import { lossFns, type MLP, type TargetEncoding } from '../engine';
import { finiteOr, type NonFiniteFlag } from './float32';
import type { Frame } from './protocol';
import type { RunData } from './runData';

/** Loss and metric of the training and test sets (finite: non-finite values replaced, flag set). */
export interface SetEvaluation {
  trainLoss: number;
  testLoss: number;
  trainMetric: number;
  testMetric: number;
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
    this.sync();
    const train = this.evaluateSet(data.trainX, data.trainY, data.train.labels, data.train.count);
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
    };
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
