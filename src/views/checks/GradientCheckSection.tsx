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
  gradientCheckVerdict,
  KINK_EXPLANATION,
} from '../../engine';
import type { AppState } from '../../store/types';
import { formatValue } from '../../model/format';
import { cell, CheckSection, HeaderRow, LayerKey, muted, table, VerdictBadge } from './CheckParts';
import { GradientScatter } from './GradientScatter';
import { verdictWords } from './verdict';

/** A layer whose sampled entries were all left out has no relative error to judge. */
const NOT_CHECKED = 'not checked (all at a ReLU kink)';

export function GradientCheckSection({ store }: { store: StoreApi<AppState> }) {
  const check = useStore(store, (s) => s.gradientCheck);
  const hiddenLayers = useStore(store, (s) => s.config.hiddenLayers.length);
  const [broken, setBroken] = useState(false);
  const [ranBroken, setRanBroken] = useState(false);
  const [pending, setPending] = useState<AppState['gradientCheck'] | undefined>(undefined);
  const explainId = useId();
  const canBreak = hiddenLayers > 0;
  const isPending = pending !== undefined && pending === check;

  const run = (): void => {
    const faults = broken && canBreak ? { dropActivationDerivative: 0 } : undefined;
    setPending(check);
    setRanBroken(faults !== undefined);
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
            {ranBroken ? ', with layer 1’s activation derivative broken' : ''}:{' '}
            <VerdictBadge verdict={check.verdict} />. {verdictWords(check.verdict)}
          </p>
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
                    <td style={cell}>
                      {layer.checkedW === 0 ? (
                        NOT_CHECKED
                      ) : (
                        <>
                          {formatValue(layer.W, 2)} <VerdictBadge verdict={gradientCheckVerdict(layer.W)} />
                        </>
                      )}
                    </td>
                    <td style={cell}>
                      {layer.checkedB === 0 ? (
                        NOT_CHECKED
                      ) : (
                        <>
                          {formatValue(layer.b, 2)} <VerdictBadge verdict={gradientCheckVerdict(layer.b)} />
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <GradientScatter result={check.result} />
          </div>
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
