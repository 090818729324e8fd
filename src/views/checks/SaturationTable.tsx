/**
 * The saturation watch's table: per layer, histograms of the batch's Z and A, the shares of saturated
 * and dead units on the training set, and the gradient norm ‖dW‖. A sigmoid output trained with BCE
 * (or softmax with cross-entropy) is not flagged: the loss's gradient ŷ − y cancels the slope.
 */
import type { ReactNode } from 'react';
import type { Activation } from '../../engine';
import type { OutputKind } from '../../model/config';
import type { Frame } from '../../worker/protocol';
import { formatValue } from '../../model/format';
import { cell, HeaderRow, LayerKey, muted, table } from './CheckParts';
import { MiniHistogram } from './MiniHistogram';
import { activationRange, outputSlopeCancelled, percent } from './saturation';

// The table fits the right-hand column of a 1280 px screen (about 350 px inside the Checks panel),
// so no column (Dead, ‖dW‖ last) is cut off: Z's and A's histograms share a column, one above the
// other, and the cells are tight.
const HISTOGRAM_PX = 64;
const tightCell = { ...cell, padding: '2px 4px' };
const histogramRow = { display: 'flex', alignItems: 'center', gap: 4 };

/** One histogram of the pair, named by its letter ("Z", "A"), or a dash before the first batch. */
function LabelledHistogram({ letter, children }: { letter: string; children: ReactNode }) {
  return (
    <div style={histogramRow}>
      <span style={muted} aria-hidden="true">
        {letter}
      </span>
      {children}
    </div>
  );
}

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
            cellStyle={tightCell}
            columns={['Layer', 'Z, A of the batch', 'Saturated', 'Dead', '‖dW‖']}
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
                <th style={tightCell} scope="row">
                  <LayerKey l={l} />
                  {l + 1}
                  {l === L - 1 ? ' (output)' : ''} <span style={muted}>{act}</span>
                </th>
                <td style={tightCell}>
                  <LabelledHistogram letter="Z">
                    {Z ? <MiniHistogram values={Z} label={`Z${l + 1}`} width={HISTOGRAM_PX} /> : '—'}
                  </LabelledHistogram>
                  <LabelledHistogram letter="A">
                    {A ? (
                      <MiniHistogram values={A} label={`A${l + 1}`} range={range} width={HISTOGRAM_PX} />
                    ) : (
                      '—'
                    )}
                  </LabelledHistogram>
                </td>
                <td style={tightCell}>
                  {l === L - 1 && cancelled ? 'not a problem *' : percent(h.saturatedFraction)}
                </td>
                <td style={tightCell}>{percent(h.deadFraction)}</td>
                <td style={tightCell}>{h.gradientNorm === null ? '—' : formatValue(h.gradientNorm, 3)}</td>
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
