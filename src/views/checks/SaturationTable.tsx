/**
 * The saturation watch's table: per layer, histograms of the batch's Z and A, the shares of saturated
 * and dead units on the training set, and the gradient norm ‖dW‖. A sigmoid output trained with BCE
 * (or softmax with cross-entropy) is not flagged: the loss's gradient ŷ − y cancels the slope.
 */
import type { Activation } from '../../engine';
import type { OutputKind } from '../../model/config';
import type { Frame } from '../../worker/protocol';
import { formatValue } from '../../model/format';
import { cell, HeaderRow, LayerKey, muted, table } from './CheckParts';
import { MiniHistogram } from './MiniHistogram';
import { activationRange, outputSlopeCancelled, percent } from './saturation';

export function SaturationTable({
  frame,
  activations,
  output,
}: {
  frame: Frame;
  activations: Activation[];
  output: OutputKind;
}) {
  const L = frame.params.length;
  const batch = frame.batch ?? null;
  const cancelled = outputSlopeCancelled(output);
  // Scrolls sideways on narrow screens, so it is a focusable, named region (keyboard scrolling).
  return (
    <div style={{ overflowX: 'auto' }} role="region" aria-label="Per-layer saturation table" tabIndex={0}>
      <table style={table}>
        <thead>
          <HeaderRow
            columns={['Layer', 'Z (pre-activation)', 'A (activation)', 'Saturated', 'Dead', '‖dW‖']}
          />
        </thead>
        <tbody>
          {frame.health.map((h, l) => {
            const act = activations[l];
            const Z = batch?.Z[l];
            const A = batch?.A[l];
            const range = activationRange(act);
            return (
              <tr key={l}>
                <th style={cell} scope="row">
                  <LayerKey l={l} />
                  {l + 1}
                  {l === L - 1 ? ' (output)' : ''} <span style={muted}>{act}</span>
                </th>
                <td style={cell}>{Z ? <MiniHistogram values={Z} label={`Z${l + 1}`} /> : '—'}</td>
                <td style={cell}>
                  {A ? <MiniHistogram values={A} label={`A${l + 1}`} range={range} /> : '—'}
                </td>
                <td style={cell}>
                  {l === L - 1 && cancelled ? 'not a problem *' : percent(h.saturatedFraction)}
                </td>
                <td style={cell}>{percent(h.deadFraction)}</td>
                <td style={cell}>{h.gradientNorm === null ? '—' : formatValue(h.gradientNorm, 3)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {cancelled && (
        <p style={{ ...muted, fontSize: '0.8rem' }}>
          * The output&apos;s {activations[L - 1]} is trained with cross-entropy, whose gradient ∂L/∂Z = ŷ − y
          cancels the activation&apos;s slope: a confident (saturated) output still learns from its mistakes.
        </p>
      )}
    </div>
  );
}
