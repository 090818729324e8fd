/**
 * The "Chain rule" region: in every backward phase, one weight's gradient for one example as a
 * product of local derivatives with their real values, where its error signal comes from (back from
 * the output), and the sum over the batch that makes the dW cell; at the loss phase, how the output
 * error comes out of the loss. Everything is computed by chainRule.ts; this only lays it out.
 *
 * The data- attributes carry the full-precision numbers for tests that read the page. A factor read
 * from a frame cell names it (`data-cell`); hovering the factor emphasises that cell wherever a matrix
 * marks it (MatrixView's `data-chain-cell`), by a class set on the DOM, without a React render.
 */
import type { MouseEvent } from 'react';
import { phaseLabel } from '../../model/phase';
import type { ChainCell } from '../../store/types';
import { chainCellKey } from './chainMarks';
import type { ChainLine, ChainRule, OutputError } from './chainRule';
import { formatDigits } from '../../model/format';

const FOCUS_CLASS = 'mx-chain-focus';

/** Emphasises the matrix cells of the factor under the pointer (none when it is not over a factor). */
function pointAtFactorCells(event: MouseEvent<HTMLElement>): void {
  const root = event.currentTarget.closest('.insp') ?? event.currentTarget.ownerDocument;
  const key = (event.target as Element).closest('[data-cell]')?.getAttribute('data-cell') ?? null;
  root.querySelectorAll(`.${FOCUS_CLASS}`).forEach((el) => {
    if (el.getAttribute('data-chain-cell') !== key) el.classList.remove(FOCUS_CLASS);
  });
  if (key) root.querySelectorAll(`[data-chain-cell="${key}"]`).forEach((el) => el.classList.add(FOCUS_CLASS));
}

function clearFactorCells(event: MouseEvent<HTMLElement>): void {
  const root = event.currentTarget.closest('.insp') ?? event.currentTarget.ownerDocument;
  root.querySelectorAll(`.${FOCUS_CLASS}`).forEach((el) => el.classList.remove(FOCUS_CLASS));
}

function Line({ line }: { line: ChainLine }) {
  return (
    <li className="chain-line">
      <span className="chain-lhs">{line.lhs}</span> = <span className="chain-rule">{line.rule}</span>
      {line.arithmetic && (
        <>
          {' '}
          = <span className="chain-num">{line.arithmetic}</span>
        </>
      )}{' '}
      = <strong className="chain-num">{formatDigits(line.value)}</strong>
    </li>
  );
}

/** The phase whose matrices show a factor's cell: forward values where they were computed, dA one layer up. */
function phaseShowing(cell: ChainCell): string | null {
  switch (cell.quantity) {
    case 'Z':
    case 'A':
      return phaseLabel({ kind: 'forward', layer: cell.layer });
    case 'dA':
      return phaseLabel({ kind: 'backward', layer: cell.layer + 1 });
    default:
      return null;
  }
}

/** After a factor: whether its cell is ringed in this phase's matrices, or where it was computed. */
function FactorWhere({ cell, shownCells }: { cell: ChainCell | null; shownCells?: ReadonlySet<string> }) {
  if (!cell || !shownCells) return null;
  return shownCells.has(chainCellKey(cell)) ? (
    <>
      {' '}
      <span className="chain-key" title="ringed in the matrices above" aria-hidden="true" />
      <span className="visually-hidden">(ringed in the matrices above)</span>
    </>
  ) : (
    <span className="chain-where">
      {' '}
      (computed in an earlier phase{phaseShowing(cell) ? `, ${phaseShowing(cell)}` : ''}; not among this
      phase’s matrices)
    </span>
  );
}

function Derivation({ chain, shownCells }: { chain: ChainRule; shownCells?: ReadonlySet<string> }) {
  const { layer: l, row: i, col: j } = chain.weight;
  const k = chain.example + 1;
  const dZ = `dZ${l + 1}[${k},${j + 1}]`;
  const prev = l === 0 ? 'X' : `A${l}`;
  const cell = chain.batch.frameCell;
  return (
    <>
      <p className="chain-eq">{chain.symbolic}</p>
      <p className="chain-eq chain-num">{chain.arithmetic}</p>
      <ul className="chain-factors">
        {chain.factors.map((f) => (
          <li key={f.symbol} data-factor={f.value} data-cell={f.cell ? chainCellKey(f.cell) : undefined}>
            <span className="chain-lhs">{f.symbol}</span> = {f.formula} ={' '}
            <span className="chain-num">{formatDigits(f.value)}</span>
            <FactorWhere cell={f.cell} shownCells={shownCells} />
          </li>
        ))}
      </ul>
      <p className="eq-note">
        The first factors together are {dZ}, the error signal of the unit the weight feeds; the last is the
        input the weight multiplies. So the example&apos;s gradient is {dZ} · {prev}[{k},{i + 1}].
      </p>

      <h5 className="chain-sub">Where {dZ} comes from, back from the output</h5>
      <ol className="chain-path">
        {chain.path.map((line, idx) => (
          <Line key={idx} line={line} />
        ))}
      </ol>

      <h5 className="chain-sub">Summed over the batch: the dW cell</h5>
      <p className="chain-eq chain-num">{chain.batch.text}</p>
      <p className="eq-note">
        Every example of the batch adds its own {prev}[k,{i + 1}] · dZ{l + 1}[k,{j + 1}]. That sum over k is
        row {i + 1} of {prev}ᵀ times column {j + 1} of dZ{l + 1} (row {i + 1} of {prev}ᵀ is column {i + 1} of{' '}
        {prev}), which is why the matrix form is dW{l + 1} = {prev}ᵀ · dZ{l + 1}. There is no 1/n here: the
        loss is the batch mean, so its derivative ∂L/∂ŷ already carries 1/n, and every dZ inherits it.
        {cell !== null && (
          <>
            {' '}
            The inspector&apos;s dW{l + 1} cell holds {formatDigits(cell)} (stored as float32, about 7 digits;
            this page works the chain in float64 from the frame&apos;s values).
          </>
        )}
      </p>
    </>
  );
}

function OutputErrorDerivation({ err, outputs }: { err: OutputError; outputs: number }) {
  return (
    <>
      <p className="eq-note">
        Example {err.example + 1}
        {outputs > 1 ? `, output unit ${err.unit + 1}` : ''}: the loss, its derivative with respect to the
        output, the output activation&apos;s derivative, and their product, the output error.
      </p>
      <ol className="chain-path">
        {err.lines.map((line, idx) => (
          <Line key={idx} line={line} />
        ))}
      </ol>
      <p className="eq-note">{err.explanation}</p>
    </>
  );
}

export interface ChainRulePanelProps {
  chain: ChainRule | null;
  outputError: OutputError | null;
  /** Output units (to name the unit only when there are several). */
  outputs: number;
  /** Set when the learner's chosen weight is not reached yet in this phase: its name and the phase. */
  pending: { weightName: string; phaseLabel: string } | null;
  /** The `chainCellKey`s of the cells this phase's matrices show (each factor says if its cell is there). */
  shownCells?: ReadonlySet<string>;
}

export function ChainRulePanel({
  chain,
  outputError: err,
  outputs,
  pending,
  shownCells,
}: ChainRulePanelProps) {
  return (
    <section
      id="chain-rule"
      aria-label="Chain rule"
      className="chain"
      data-weight={chain?.weightName}
      data-example={chain?.example ?? err?.example}
      data-gradient={chain?.gradient}
      data-batch-sum={chain?.batch.total}
      data-dw-cell={chain?.batch.frameCell ?? undefined}
      data-loss={err?.loss}
      onMouseOver={pointAtFactorCells}
      onMouseLeave={clearFactorCells}
    >
      <h4 className="chain-title">
        {chain
          ? `Chain rule for ${chain.weightName}, example ${chain.example + 1}`
          : err
            ? 'Chain rule starts here: the output error'
            : 'Chain rule'}
      </h4>
      {chain && <Derivation chain={chain} shownCells={shownCells} />}
      {!chain && err && <OutputErrorDerivation err={err} outputs={outputs} />}
      {!chain && !err && (
        <p className="eq-note">The chain appears once the forward pass of this step has been computed.</p>
      )}
      {pending && (
        <p className="eq-note">
          Your chosen weight {pending.weightName} is reached at {pending.phaseLabel}; until then this follows
          the first weight of this layer.
        </p>
      )}
      {(chain || err) && (
        <p className="eq-note chain-hint">
          <span className="chain-key" aria-hidden="true" /> The cells these numbers are read from are ringed
          in the matrices above (point at a factor to find its cell), and the network graph outlines
          {chain ? ' the weight’s edge and its path to the output' : ' the output neuron'}.
        </p>
      )}
      <p className="eq-note chain-hint">
        Choose another weight: click (or press Enter on) a cell of a dW matrix, or an edge in the network.
        Follow another example with “Follow example”.
      </p>
    </section>
  );
}
