/**
 * The saturation watch's table: per layer, histograms of the batch's Z and A, the saturated and dead
 * fractions, and the gradient norm ‖dW‖.
 */
import type { Activation } from '../../engine';
import type { Frame } from '../../worker/protocol';
import { formatValue } from '../inspector/inspectorModel';
import { cell, LayerKey, muted, table } from './CheckParts';
import { MiniHistogram } from './MiniHistogram';
import { activationRange, percent } from './saturation';

export function SaturationTable({ frame, activations }: { frame: Frame; activations: Activation[] }) {
  const L = frame.params.length;
  const batch = frame.batch ?? null;
  // Scrolls sideways on narrow screens, so it is a focusable, named region (keyboard scrolling).
  return (
    <div style={{ overflowX: 'auto' }} role="region" aria-label="Per-layer saturation table" tabIndex={0}>
      <table style={table}>
        <thead>
          <tr>
            <th style={cell} scope="col">
              Layer
            </th>
            <th style={cell} scope="col">
              Z (pre-activation)
            </th>
            <th style={cell} scope="col">
              A (activation)
            </th>
            <th style={cell} scope="col">
              Saturated
            </th>
            <th style={cell} scope="col">
              Dead
            </th>
            <th style={cell} scope="col">
              ‖dW‖
            </th>
          </tr>
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
                <td style={cell}>{percent(h.saturatedFraction)}</td>
                <td style={cell}>{percent(h.deadFraction)}</td>
                <td style={cell}>{h.gradientNorm === null ? '—' : formatValue(h.gradientNorm, 3)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
