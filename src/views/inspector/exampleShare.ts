/**
 * "Follow one example": one batch row's part of a layer's weight gradient. dW(l) = A(l−1)ᵀ·dZ(l) is
 * a sum over the batch of one outer product per example; this is the chosen example's.
 */
import type { RunConfig } from '../../model/config';
import type { Frame } from '../../worker/protocol';
import { matrix, ONE_AXIS, type Axis, type MatrixModel } from './equationModel';
import { featureAxis, unitAxis } from './axes';
import { activationName, activationTex, layerName, layerTex } from './notation';

export interface ExampleShare {
  /** The example's batch row. */
  row: number;
  /** A(l−1)[i]ᵀ · dZ(l)[i]: this example's part of dW(l) (fanIn × units). Σ over rows = dW(l). */
  contribution: MatrixModel;
  /** dZ(l)[i]: its part of db(l). */
  biasContribution: MatrixModel;
  /**
   * ⟨contribution, dW⟩ / ‖dW‖²: the share of the batch gradient along its own direction. The shares
   * of all the batch's examples add up to 1; a negative share pulls against the batch.
   */
  share: number;
}

/**
 * One example's contribution to the gradient of layer l's weights, from the frame's A(l−1) and
 * dZ(l). Null when those are not computed yet or the row is out of range.
 */
export function exampleShare(frame: Frame, config: RunConfig, l: number, row: number): ExampleShare | null {
  const batch = frame.batch;
  if (!batch || row < 0 || row >= batch.n || l < 0 || l >= frame.params.length) return null;
  const Aprev = l === 0 ? batch.X : batch.A[l - 1];
  const dZ = batch.dZ[l];
  if (!Aprev || !dZ) return null;
  const units = frame.params[l].b.length;
  const fanIn = frame.params[l].W.length / units;
  const L = frame.params.length;
  const contribution = new Float64Array(fanIn * units);
  for (let r = 0; r < fanIn; r++) {
    const a = Aprev[row * fanIn + r];
    for (let c = 0; c < units; c++) contribution[r * units + c] = a * dZ[row * units + c];
  }
  // The share is measured against the sum of all the examples' contributions, computed the same
  // way, so the shares add up to 1 exactly in float64 (the frame's dW is a float32 copy of that sum).
  const total = new Float64Array(fanIn * units);
  for (let i = 0; i < batch.n; i++) {
    for (let r = 0; r < fanIn; r++) {
      const a = Aprev[i * fanIn + r];
      for (let c = 0; c < units; c++) total[r * units + c] += a * dZ[i * units + c];
    }
  }
  let dot = 0;
  let norm2 = 0;
  for (let k = 0; k < total.length; k++) {
    dot += contribution[k] * total[k];
    norm2 += total[k] * total[k];
  }
  const i = row + 1;
  const prev = activationName(l - 1, L);
  const dZname = layerName('dZ', l);
  const inputAxis: Axis = l === 0 ? featureAxis(config.features, fanIn) : unitAxis(l - 1, fanIn, L);
  const outAxis = unitAxis(l, units, L);
  return {
    row,
    contribution: matrix(
      L,
      { quantity: 'dW', layer: l, example: row },
      { rows: fanIn, cols: units, rowAxis: inputAxis, colAxis: outAxis },
      contribution,
      `derived: outer product of row ${row} of ${l === 0 ? 'batch.X' : `batch.A[${l - 1}]`} and of batch.dZ[${l}]`,
      {
        name: `${prev}[${i}]ᵀ·${dZname}[${i}]`,
        tex: `${activationTex(l - 1, L)}[${i}]^{\\top}\\,${layerTex('dZ', l)}[${i}]`,
      },
    ),
    biasContribution: matrix(
      L,
      { quantity: 'db', layer: l, example: row },
      { rows: 1, cols: units, rowAxis: ONE_AXIS, colAxis: outAxis },
      dZ.subarray(row * units, (row + 1) * units),
      `batch.dZ[${l}] row ${row}`,
      { name: `${dZname}[${i}]`, tex: `${layerTex('dZ', l)}[${i}]` },
    ),
    share: norm2 > 0 ? dot / norm2 : 0,
  };
}
