/**
 * The "Chain rule" region: in every backward phase, one weight's gradient for one example as a
 * product of local derivatives with their real values, where its error signal comes from (back from
 * the output), and the sum over the batch that makes the dW cell; at the loss phase, how the output
 * error comes out of the loss. Everything is computed by chainRule.ts; this only lays it out.
 *
 * The data- attributes carry the full-precision numbers for tests that read the page.
 */
import type { ChainLine, ChainRule, OutputError } from './chainRule';
import { formatDigits } from '../../model/format';

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

function Derivation({ chain }: { chain: ChainRule }) {
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
          <li key={f.symbol} data-factor={f.value}>
            <span className="chain-lhs">{f.symbol}</span> = {f.formula} ={' '}
            <span className="chain-num">{formatDigits(f.value)}</span>
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
}

export function ChainRulePanel({ chain, outputError: err, outputs, pending }: ChainRulePanelProps) {
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
    >
      <h4 className="chain-title">
        {chain
          ? `Chain rule for ${chain.weightName}, example ${chain.example + 1}`
          : err
            ? 'Chain rule starts here: the output error'
            : 'Chain rule'}
      </h4>
      {chain && <Derivation chain={chain} />}
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
      <p className="eq-note chain-hint">
        Choose another weight: click (or press Enter on) a cell of a dW matrix, or an edge in the network.
        Follow another example with “Follow example”.
      </p>
    </section>
  );
}
