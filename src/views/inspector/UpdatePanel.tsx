/**
 * The update phase's panel: the optimizer's rule with the run's hyperparameters, and one parameter
 * before → after with the optimizer's state for it.
 */
import type { AppState } from '../../store/types';
import type { Frame, ParamKind } from '../../worker/protocol';
import type { InspectorModel } from './inspectorModel';
import { MathTex } from './MathTex';
import { formatValue } from '../../model/format';
import { paramUpdate } from './update';

/** One parameter: layer l's W (row-major index) or b. */
export interface ParamRef {
  layer: number;
  kind: ParamKind;
  index: number;
}

export function UpdatePanel({
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
  // The update frame carries the optimizer's state; a frame without it (older worker) asks for it.
  const needsState = config.optimizer !== 'sgd';
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
            <strong>{u.name}</strong>: {formatValue(u.before)} → {formatValue(u.after)} (step taken{' '}
            {formatValue(u.delta)}), gradient {formatValue(u.gradient)}
            {u.effectiveGradient !== u.gradient && (
              <> (with regularization {formatValue(u.effectiveGradient)})</>
            )}
          </p>
          {u.ruleStep !== null || !needsState ? (
            <ol className="insp-arith insp-steps">
              {u.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ol>
          ) : slots ? (
            <p className="insp-arith">
              {Object.entries(slots)
                .map(([k, v]) => `${k === 'velocity' ? 'v' : k} = ${k === 't' ? String(v) : formatValue(v)}`)
                .join(', ')}
            </p>
          ) : (
            <p className="insp-muted">Fetching the optimizer state…</p>
          )}
        </div>
      ) : (
        <p className="insp-muted">No update to show for this parameter.</p>
      )}
    </section>
  );
}
