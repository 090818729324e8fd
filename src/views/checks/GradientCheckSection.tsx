/**
 * Check 1, the gradient check: finite differences against backprop, per layer, with a verdict, a
 * numeric-vs-analytic scatter and a teaching toggle that breaks layer 1's activation derivative.
 */
import { useId, useState } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand';
import {
  GRADIENT_CHECK_GOOD,
  GRADIENT_CHECK_SUSPICIOUS,
  KINK_EXPLANATION,
  layerVerdict,
  ROUNDING_EXPLANATION,
  type GradientCheckLayer,
} from '../../engine';
import type { AppState } from '../../store/types';
import { formatValue } from '../../model/format';
import { cell, CheckSection, HeaderRow, LayerKey, muted, table, VerdictBadge } from './CheckParts';
import { GradientScatter } from './GradientScatter';
import { verdictWords } from './verdict';

/** A layer whose sampled entries were all left out has no relative error to judge. */
const NOT_CHECKED = 'not checked (all at a ReLU kink)';

/** Said when the planted fault changed nothing: a "good" then is the truth, not a missed bug. */
const FAULT_CHANGED_NOTHING =
  'Here forgetting f′(Z1) changed no checked gradient: wherever dA1 is not 0, f′(Z1) is exactly 1 (a linear layer, or ReLU inputs all positive), so there is no bug for the check to catch.';

/** One table cell: the layer's relative error for W or b and its verdict. */
function ErrorCell({ layer, kind }: { layer: GradientCheckLayer; kind: 'W' | 'b' }) {
  if ((kind === 'W' ? layer.checkedW : layer.checkedB) === 0) return <td style={cell}>{NOT_CHECKED}</td>;
  return (
    <td style={cell}>
      {formatValue(layer[kind], 2)} <VerdictBadge verdict={layerVerdict(layer, kind)} />
    </td>
  );
}

/** "W1, b1" for the parameters of layer l whose disagreement is within rounding noise, or null. */
function withinNoise(layer: GradientCheckLayer, l: number): string | null {
  const names = [
    layer.withinNoiseW && layerVerdict(layer, 'W') !== 'good' ? `W${l + 1}` : null,
    layer.withinNoiseB && layerVerdict(layer, 'b') !== 'good' ? `b${l + 1}` : null,
  ].filter((name) => name !== null);
  return names.length > 0 ? names.join(', ') : null;
}

export function GradientCheckSection({ store }: { store: StoreApi<AppState> }) {
  const check = useStore(store, (s) => s.gradientCheck);
  const hiddenLayers = useStore(store, (s) => s.config.hiddenLayers.length);
  const [broken, setBroken] = useState(false);
  const [pending, setPending] = useState<AppState['gradientCheck'] | undefined>(undefined);
  const explainId = useId();
  const canBreak = hiddenLayers > 0;
  const isPending = pending !== undefined && pending === check;
  // What the shown result was run with comes from the result itself: until the new one arrives,
  // the old one is still on screen and must not be relabelled by the checkbox.
  const fault = check?.result.fault;
  const noiseLimited = check
    ? check.result.layers.map(withinNoise).flatMap((names) => (names ? [names] : []))
    : [];

  const run = (): void => {
    const faults = broken && canBreak ? { dropActivationDerivative: 0 } : undefined;
    setPending(check);
    store.getState().runGradientCheck({ faults, maxPerParameter: 64 });
  };

  return (
    <CheckSection headingId={`${explainId}-h`} title="1. Gradient check">
      <p style={muted}>
        Nudges each parameter by ±ε, measures the loss both ways, and compares (L(w+ε) − L(w−ε)) / 2ε with
        what backprop says, on the current batch. Relative error per layer: below{' '}
        {formatValue(GRADIENT_CHECK_GOOD)} good, below {formatValue(GRADIENT_CHECK_SUSPICIOUS)} suspicious,
        else wrong.
      </p>
      <p>
        <label>
          <input
            type="checkbox"
            checked={broken && canBreak}
            disabled={!canBreak}
            aria-describedby={`${explainId}-break`}
            onChange={(e) => setBroken(e.target.checked)}
          />{' '}
          Break layer 1&apos;s activation derivative
        </label>
        <br />
        <small id={`${explainId}-break`} style={muted}>
          {canBreak
            ? 'A teaching bug: the backward pass computes dZ1 = dA1 instead of dA1 ⊙ f′(Z1), the classic forgotten derivative. Only the check sees it; training is unchanged.'
            : 'Needs a hidden layer: with none, there is no activation derivative between layers to break.'}
        </small>
      </p>
      <button type="button" onClick={run} disabled={isPending}>
        Run gradient check
      </button>{' '}
      {isPending && <span role="status">Checking…</span>}
      {check && (
        <div>
          <p>
            At step {check.step}
            {fault ? `, with layer ${fault.dropActivationDerivative + 1}’s activation derivative broken` : ''}
            : <VerdictBadge verdict={check.verdict} />. {verdictWords(check.verdict)}
          </p>
          {fault && (
            <p style={muted}>
              {fault.changed === 0
                ? FAULT_CHANGED_NOTHING
                : `The broken derivative changed ${fault.changed} of the ${fault.checked} checked gradient entries.`}
            </p>
          )}
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: '1rem', alignItems: 'flex-start' }}>
            <table style={table}>
              <caption style={{ textAlign: 'left', ...muted }}>Relative error per layer</caption>
              <thead>
                <HeaderRow columns={['Layer', 'W', 'b']} />
              </thead>
              <tbody>
                {check.result.layers.map((layer, l) => (
                  <tr key={l}>
                    <th style={cell} scope="row">
                      <LayerKey l={l} />
                      {l + 1}
                    </th>
                    <ErrorCell layer={layer} kind="W" />
                    <ErrorCell layer={layer} kind="b" />
                  </tr>
                ))}
              </tbody>
            </table>
            <GradientScatter result={check.result} />
          </div>
          {noiseLimited.length > 0 && (
            <p style={muted}>
              Within rounding noise: {noiseLimited.join('; ')}. {ROUNDING_EXPLANATION}
            </p>
          )}
          {((check.result.kinkReduced ?? 0) > 0 || (check.result.kinkExcluded ?? 0) > 0) && (
            <div>
              <p style={muted}>{KINK_EXPLANATION}</p>
              <ul style={{ ...muted, margin: 0 }}>
                {check.result.layers.map((layer, l) => {
                  const k = layer.kinks ?? { reducedW: 0, reducedB: 0, excludedW: 0, excludedB: 0 };
                  const reduced = k.reducedW + k.reducedB;
                  const excluded = k.excludedW + k.excludedB;
                  if (reduced + excluded === 0) return null;
                  return (
                    <li key={l}>
                      Layer {l + 1}: {reduced} re-measured with a smaller ε, {excluded} left out (greyed in
                      the scatter).
                    </li>
                  );
                })}
              </ul>
            </div>
          )}
        </div>
      )}
    </CheckSection>
  );
}
