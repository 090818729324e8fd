/**
 * What the decision-boundary panel shows when the data is not a set of points on the input plane
 * (a model file's handful of examples, other inputs than x1 and x2, several regression outputs):
 * each training example with its target y and the network's output ŷ, per output, as numbers and
 * as bars on one shared scale.
 */
import { useMemo } from 'react';
import { useStore, type StoreApi } from 'zustand';
import { createMLP, FEATURE_BY_ID, type MLP } from '../../engine';
import { mlpSpecOf } from '../../model/config';
import { fixedDigits } from '../../model/format';
import type { AppState } from '../../store/types';
import type { FrameModelData, LayerParams } from '../../worker/protocol';

/** Rows listed; a bigger set would be a wall of numbers (the loss chart summarizes it). */
export const MAX_EXAMPLES_LISTED = 50;

/** ŷ for every listed example at the frame's parameters (float32 copies, so ≈ the run's to 7 digits). */
function outputsAt(net: MLP, params: LayerParams[], model: FrameModelData, rows: number): Float64Array {
  params.forEach((p, l) => {
    net.layers[l].W.set(p.W);
    net.layers[l].b.set(p.b);
  });
  const d = model.inputs.length;
  const X = Float64Array.from(model.X.subarray(0, rows * d));
  const pass = net.forward(X, rows);
  return pass.A[pass.A.length - 1].slice(0, rows * model.outputs);
}

function Bar({ value, lo, hi, kind }: { value: number; lo: number; hi: number; kind: 'y' | 'yhat' }) {
  const share = hi > lo ? (value - lo) / (hi - lo) : 0.5;
  return (
    <span className={`ope-bar ope-bar-${kind}`} aria-hidden="true">
      <span style={{ width: `${Math.max(0, Math.min(1, share)) * 100}%` }} />
    </span>
  );
}

export function OutputsPerExample({ store, model }: { store: StoreApi<AppState>; model: FrameModelData }) {
  const config = useStore(store, (s) => s.config);
  const params = useStore(store, (s) => s.frame?.params ?? null);
  const rows = Math.min(model.count, MAX_EXAMPLES_LISTED);
  const net = useMemo(() => createMLP(mlpSpecOf(config, model)), [config, model]);
  const yhat = useMemo(
    () =>
      params && params.length === net.layers.length && params[0].W.length === net.layers[0].W.length
        ? outputsAt(net, params, model, rows)
        : null,
    [net, params, model, rows],
  );
  const k = model.outputs;
  const values = [...model.Y.subarray(0, rows * k), ...(yhat ?? [])];
  const lo = Math.min(0, ...values);
  const hi = Math.max(1, ...values);
  const inputNames = model.inputs.map((id) => FEATURE_BY_ID[id]?.label ?? id);
  return (
    <div className="ope">
      <p className="db-caption">
        This model&apos;s data is not a set of 2-D points: here are its outputs per example (ŷ, the
        network&apos;s output, against y, the target
        {k > 1 ? `, for each of its ${k} outputs` : ''}).
      </p>
      <table className="ope-table">
        <thead>
          <tr>
            <th scope="col">Example</th>
            <th scope="col">Inputs ({inputNames.join(', ')})</th>
            {k > 1 && <th scope="col">Output</th>}
            <th scope="col">y</th>
            <th scope="col">ŷ</th>
            <th scope="col">
              <span className="visually-hidden">ŷ against y</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: rows }, (_, i) =>
            Array.from({ length: k }, (_, j) => {
              const y = model.Y[i * k + j];
              const out = yhat ? yhat[i * k + j] : NaN;
              const inputs = Array.from(
                model.X.subarray(i * model.inputs.length, (i + 1) * model.inputs.length),
              );
              return (
                <tr key={`${i}-${j}`}>
                  {j === 0 && (
                    <th scope="row" rowSpan={k}>
                      {i + 1}
                    </th>
                  )}
                  {j === 0 && <td rowSpan={k}>{inputs.map((x) => fixedDigits(x, 4)).join(', ')}</td>}
                  {k > 1 && <td>{j + 1}</td>}
                  <td>{fixedDigits(y, 4)}</td>
                  <td>{fixedDigits(out, 4)}</td>
                  <td className="ope-bars">
                    <Bar value={y} lo={lo} hi={hi} kind="y" />
                    <Bar value={out} lo={lo} hi={hi} kind="yhat" />
                  </td>
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
      {model.count > rows && (
        <p className="db-caption">
          The first {rows} of {model.count} training examples.
        </p>
      )}
    </div>
  );
}
