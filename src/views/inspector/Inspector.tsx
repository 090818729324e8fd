/**
 * The inspector (content of the "Inspector" region): for the current phase of the training step, the
 * equations typeset as MathML, every operand's shape and the result's, and the matrices as small
 * heatmaps with the frame's numbers. "Follow one example" highlights one batch row everywhere and, in
 * backward phases, shows that example's share of the weight gradient. The update phase shows the
 * optimizer's rule and one weight before → after, with the optimizer's state for it.
 *
 * Everything shown is computed by inspectorModel (pure, tested against the engine); this file only
 * lays it out.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ChangeEvent } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand';
import { statusStep } from '../../model/phase';
import type { AppState } from '../../store/types';
import type { Frame, ParamKind } from '../../worker/protocol';
import { useStoreApi } from '../shared/useStoreApi';
import { useTheme } from '../shared/useTheme';
import type { Theme } from '../shared/colors';
import type { EquationModel } from './equationModel';
import { exampleShare } from './exampleShare';
import { inspectorModel, type InspectorModel } from './inspectorModel';
import { MathTex } from './MathTex';
import { MatrixView } from './MatrixView';
import { formatValue, isParamTerm, type Term } from './notation';
import { paramUpdate } from './update';
import { useThrottledFrame } from './useThrottledFrame';
import './inspector.css';

export interface InspectorProps {
  store?: StoreApi<AppState> | null;
}

interface ParamRef {
  layer: number;
  kind: ParamKind;
  index: number;
}

function EquationBlock({
  eq,
  theme,
  highlightExample,
  onSelectExample,
  onCellActivate,
  selectedCell,
}: {
  eq: EquationModel;
  theme: Theme;
  highlightExample: number | null;
  onSelectExample: (row: number) => void;
  onCellActivate?: (term: Term, r: number, c: number) => void;
  selectedCell?: (term: Term) => { r: number; c: number } | null;
}) {
  return (
    <section className="eq" aria-label={eq.text}>
      <div className="eq-line">
        <MathTex tex={eq.tex} text={eq.text} display className="eq-math" />
        <code className="eq-shapes" aria-label={`shapes: ${eq.shapeText}`}>
          {eq.shapeText}
        </code>
      </div>
      <p className="eq-note">{eq.explanation}</p>
      {eq.matrices.length > 0 ? (
        <div className="eq-matrices">
          {eq.matrices.map((m, i) => (
            <div className="eq-operand" key={`${m.source}:${m.name}`}>
              <MatrixView
                matrix={m}
                maxAbs={eq.maxAbs}
                theme={theme}
                highlightExample={highlightExample}
                onSelectExample={onSelectExample}
                onCellActivate={onCellActivate ? (r, c) => onCellActivate(m.term, r, c) : undefined}
                selectedCell={selectedCell ? selectedCell(m.term) : null}
              />
              {i < eq.matrices.length - 1 && (
                <span className="eq-op" aria-hidden="true">
                  {eq.operators[i]}
                </span>
              )}
            </div>
          ))}
        </div>
      ) : (
        <p className="eq-note">The numbers appear once this phase has been computed.</p>
      )}
    </section>
  );
}

function ExampleChooser({
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

function ExamplePanel({
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
          <div className="eq-matrices">
            <div className="eq-operand">
              <MatrixView
                matrix={share.contribution}
                maxAbs={maxAbs(share.contribution.values)}
                theme={theme}
              />
            </div>
            <div className="eq-operand">
              <MatrixView
                matrix={share.biasContribution}
                maxAbs={maxAbs(share.biasContribution.values)}
                theme={theme}
              />
            </div>
          </div>
        </>
      )}
    </section>
  );
}

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++)
    if (Math.abs(values[i]) > m && Number.isFinite(values[i])) m = Math.abs(values[i]);
  return m || 1e-12;
}

function UpdatePanel({
  frame,
  model,
  config,
  param,
  slotValues,
}: {
  frame: Frame;
  model: InspectorModel;
  config: AppState['config'];
  param: ParamRef;
  slotValues: AppState['slotValues'];
}) {
  const rule = model.update;
  const u = paramUpdate(frame, config, param.layer, param.kind, param.index);
  const slots =
    slotValues &&
    slotValues.layer === param.layer &&
    slotValues.kind === param.kind &&
    slotValues.index === param.index
      ? slotValues.values
      : null;
  return (
    <section className="insp-update" aria-label="Update rule">
      {rule && (
        <div className="eq-line">
          <MathTex tex={rule.tex} text={rule.text} display className="eq-math" />
        </div>
      )}
      {rule && (
        <p className="eq-note">
          {rule.optimizer === 'sgd'
            ? 'Plain gradient descent: every parameter moves against its gradient, scaled by the learning rate α.'
            : rule.optimizer === 'momentum'
              ? 'Momentum keeps a running velocity v of past gradients and moves along it, which smooths the steps.'
              : 'Adam keeps running means of the gradient (m) and of its square (v) and divides one by the square root of the other, so every parameter gets its own step size.'}
          {rule.regularization !== 'none' &&
            ` Regularization (${rule.regularization.toUpperCase()}, λ = ${formatValue(rule.regularizationRate)}) adds to the weights' gradient, never to the biases'.`}{' '}
          Choose a weight by clicking a cell of a W matrix below, or by hovering an edge in the network.
        </p>
      )}
      {u ? (
        <div className="insp-param" aria-live="polite">
          <p>
            <strong>{u.name}</strong>: {formatValue(u.before)} → {formatValue(u.after)} (change{' '}
            {formatValue(u.delta)}), gradient {formatValue(u.gradient)}
            {u.effectiveGradient !== u.gradient && (
              <> (with regularization {formatValue(u.effectiveGradient)})</>
            )}
          </p>
          {u.arithmetic && <p className="insp-arith">{u.arithmetic}</p>}
          {config.optimizer !== 'sgd' &&
            (slots ? (
              <p className="insp-arith">
                {Object.entries(slots)
                  .map(
                    ([k, v]) => `${k === 'velocity' ? 'v' : k} = ${k === 't' ? String(v) : formatValue(v)}`,
                  )
                  .join(', ')}
                {config.optimizer === 'momentum' && typeof slots.velocity === 'number' && (
                  <>
                    {' '}
                    · {formatValue(u.before)} − {formatValue(config.learningRate)} ×{' '}
                    {formatValue(slots.velocity)} ={' '}
                    {formatValue(u.before - config.learningRate * slots.velocity)}
                  </>
                )}
                {config.optimizer === 'adam' &&
                  typeof slots.m === 'number' &&
                  typeof slots.v === 'number' &&
                  slots.t > 0 && (
                    <>
                      {' '}
                      · m̂ = {formatValue(slots.m / (1 - config.beta1 ** slots.t))}, v̂ ={' '}
                      {formatValue(slots.v / (1 - config.beta2 ** slots.t))}
                    </>
                  )}
              </p>
            ) : (
              <p className="insp-muted">Fetching the optimizer state…</p>
            ))}
        </div>
      ) : (
        <p className="insp-muted">No update to show for this parameter.</p>
      )}
    </section>
  );
}

/** The parameter a matrix of W, b, dW or db is about; null for every other quantity. */
function paramOfTerm(term: Term): { layer: number; kind: ParamKind } | null {
  if (!isParamTerm(term)) return null;
  const kind: ParamKind = term.quantity === 'W' || term.quantity === 'dW' ? 'W' : 'b';
  return { layer: term.layer, kind };
}

export function Inspector({ store: storeProp }: InspectorProps = {}) {
  const store = useStoreApi(storeProp);
  const frame = useThrottledFrame(store);
  const config = useStore(store, (s) => s.config);
  const selectedExample = useStore(store, (s) => s.ui.selectedExample);
  const hoveredEdge = useStore(store, (s) => s.ui.hoveredEdge);
  const slotValues = useStore(store, (s) => s.slotValues);
  const theme = useTheme();
  const [chosenParam, setChosenParam] = useState<ParamRef>({ layer: 0, kind: 'W', index: 0 });

  const model = useMemo(() => (frame ? inspectorModel(frame, config) : null), [frame, config]);
  const n = model?.n ?? 0;
  const example = selectedExample !== null && selectedExample < n ? selectedExample : null;

  const selectExample = useCallback(
    (row: number | null) => store.getState().setUi({ selectedExample: row }),
    [store],
  );
  const toggleExample = useCallback(
    (row: number) =>
      store.getState().setUi({ selectedExample: store.getState().ui.selectedExample === row ? null : row }),
    [store],
  );

  // The weight the update panel explains: the network's hovered edge wins, else the chosen cell.
  const L = frame?.params.length ?? 0;
  const param: ParamRef = useMemo(() => {
    if (hoveredEdge && frame && hoveredEdge.layer < L) {
      const units = frame.params[hoveredEdge.layer].b.length;
      return { layer: hoveredEdge.layer, kind: 'W', index: hoveredEdge.from * units + hoveredEdge.to };
    }
    return chosenParam.layer < L ? chosenParam : { layer: 0, kind: 'W', index: 0 };
  }, [hoveredEdge, chosenParam, frame, L]);

  const isUpdate = model?.phase.kind === 'update';
  const step = frame?.step ?? 0;
  const optimizer = config.optimizer;
  useEffect(() => {
    if (isUpdate && optimizer !== 'sgd')
      store.getState().requestSlotValues(param.layer, param.kind, param.index);
  }, [store, isUpdate, optimizer, step, param.layer, param.kind, param.index]);

  const onCellActivate = useCallback(
    (term: Term, r: number, c: number) => {
      const p = paramOfTerm(term);
      if (!p || !frame) return;
      const units = frame.params[p.layer].b.length;
      setChosenParam({ layer: p.layer, kind: p.kind, index: p.kind === 'W' ? r * units + c : c });
    },
    [frame],
  );
  const selectedCell = useCallback(
    (term: Term) => {
      const p = paramOfTerm(term);
      if (!p || !frame || p.layer !== param.layer || p.kind !== param.kind) return null;
      const units = frame.params[p.layer].b.length;
      return p.kind === 'W'
        ? { r: Math.floor(param.index / units), c: param.index % units }
        : { r: 0, c: param.index };
    },
    [frame, param],
  );

  if (!frame || !model) {
    return (
      <p className="insp-muted">
        The inspector shows the current step&apos;s equations once the network is running.
      </p>
    );
  }

  return (
    <div className="insp">
      <header className="insp-head">
        <h3 className="insp-title">
          Step {statusStep(frame.step, frame.phase)} · {model.title}
        </h3>
        {n > 0 && <ExampleChooser n={n} value={example} onChange={selectExample} />}
      </header>

      {model.phase.kind === 'ready' && (
        <section aria-label="One training step">
          <p className="eq-note">
            One training step, phase by phase. Use “Step layer” to walk through it with the real numbers
            {frame.batch ? ` of the next batch (${frame.batch.n} examples)` : ''}.
          </p>
          <ol className="insp-overview">
            {model.overview.map((o) => (
              <li key={o.label}>
                <span className="insp-phase">{o.label}</span> <span>{o.text}</span>{' '}
                <code className="eq-shapes">{o.shapeText}</code>
              </li>
            ))}
          </ol>
        </section>
      )}

      {model.loss && (
        <p className="insp-loss">
          Loss ({model.loss.label}):{' '}
          <strong>L = {model.loss.value === null ? '…' : formatValue(model.loss.value)}</strong>
        </p>
      )}

      {model.phase.kind === 'update' && (
        <UpdatePanel frame={frame} model={model} config={config} param={param} slotValues={slotValues} />
      )}

      {example !== null && (
        <ExamplePanel frame={frame} model={model} row={example} config={config} theme={theme} />
      )}

      {model.equations.map((eq) => (
        <EquationBlock
          key={eq.id}
          eq={eq}
          theme={theme}
          highlightExample={example}
          onSelectExample={toggleExample}
          onCellActivate={isUpdate ? onCellActivate : undefined}
          selectedCell={isUpdate ? selectedCell : undefined}
        />
      ))}
    </div>
  );
}
