/**
 * "Follow one example": the chooser of the batch row to follow, and the panel showing that example's
 * target and prediction and, in a backward phase, its share of the layer's weight gradient.
 */
import type { ChangeEvent } from 'react';
import type { AppState } from '../../store/types';
import type { Frame } from '../../worker/protocol';
import { symmetricMax, type Theme } from '../shared/colors';
import { exampleShare } from './exampleShare';
import type { InspectorModel } from './inspectorModel';
import { MatrixView } from './MatrixView';
import { formatValue } from '../../model/format';

export function ExampleChooser({
  n,
  value,
  onChange,
}: {
  n: number;
  value: number | null;
  onChange: (row: number | null) => void;
}) {
  const onSelect = (e: ChangeEvent<HTMLSelectElement | HTMLInputElement>): void => {
    const v = e.target.value;
    if (v === '') return onChange(null);
    const row = Math.round(Number(v)) - 1;
    onChange(Number.isFinite(row) && row >= 0 && row < n ? row : null);
  };
  if (n <= 100) {
    return (
      <label className="insp-follow">
        Follow example{' '}
        <select
          aria-label="Follow example"
          value={value === null ? '' : String(value + 1)}
          onChange={onSelect}
        >
          <option value="">none</option>
          {Array.from({ length: n }, (_, i) => (
            <option key={i} value={String(i + 1)}>
              {i + 1}
            </option>
          ))}
        </select>
      </label>
    );
  }
  return (
    <label className="insp-follow">
      Follow example (1–{n}){' '}
      <input
        aria-label="Follow example"
        type="number"
        min={1}
        max={n}
        step={1}
        value={value === null ? '' : value + 1}
        onChange={onSelect}
      />
    </label>
  );
}

export function ExamplePanel({
  frame,
  model,
  row,
  config,
  theme,
}: {
  frame: Frame;
  model: InspectorModel;
  row: number;
  config: AppState['config'];
  theme: Theme;
}) {
  const batch = frame.batch;
  if (!batch || row >= batch.n) return null;
  const L = frame.params.length;
  const datasetIndex = batch.indices[row];
  const outUnits = model.sizes[L];
  const yhat = batch.A[L - 1];
  const target = Array.from(batch.Y.subarray(row * outUnits, (row + 1) * outUnits), (v) =>
    formatValue(v),
  ).join(', ');
  const prediction = yhat
    ? Array.from(yhat.subarray(row * outUnits, (row + 1) * outUnits), (v) => formatValue(v)).join(', ')
    : null;
  const phase = model.phase;
  const share = phase.kind === 'backward' ? exampleShare(frame, config, phase.layer, row) : null;
  return (
    <section className="insp-example" aria-label={`Example ${row + 1}`}>
      <h4>
        Example {row + 1} <span className="insp-muted">(training point #{datasetIndex + 1})</span>
      </h4>
      <p>
        Target y = {target}
        {prediction !== null && <> · prediction ŷ = {prediction}</>}
      </p>
      {share && (
        <>
          <p>
            Its share of the batch gradient dW{phase.kind === 'backward' ? phase.layer + 1 : ''}:{' '}
            <strong>{formatValue(share.share * 100, 3)} %</strong>. The batch gradient is the sum of one outer
            product per example; this is example {row + 1}&apos;s. Measured along the batch gradient, all{' '}
            {batch.n} shares add up to 100 %; a negative share means this example pulls the weights the other
            way.
          </p>
          {/* The example's matrices get their own colour scale: they are far smaller than the batch's. */}
          <div className="eq-matrices">
            {[share.contribution, share.biasContribution].map((matrix) => (
              <div className="eq-operand" key={matrix.term.quantity}>
                <MatrixView matrix={matrix} maxAbs={symmetricMax(matrix.values)} theme={theme} />
              </div>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
