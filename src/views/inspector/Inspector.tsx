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
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand';
import { OUTPUTS } from '../../model/config';
import { formatPhase, phaseLabel, statusStep } from '../../model/phase';
import type { AppState, ChainCell, ChosenWeight } from '../../store/types';
import type { Frame, ParamKind } from '../../worker/protocol';
import { useTheme } from '../shared/useTheme';
import type { Theme } from '../shared/colors';
import { chainCellKey, chainMarksOf } from './chainMarks';
import { chainRule, chainSourceOf, outputError } from './chainRule';
import { ChainRulePanel, type ChainRulePanelProps } from './ChainRulePanel';
import { phaseScales, scaleOf, type PhaseScales } from './colorScales';
import type { EquationModel } from './equationModel';
import { ExampleChooser, ExamplePanel } from './ExamplePanel';
import { inspectorModel } from './inspectorModel';
import { MathTex } from './MathTex';
import { MatrixView } from './MatrixView';
import { formatValue } from '../../model/format';
import { layerActivations, paramKindOf, type Term } from './notation';
import { UpdatePanel, type ParamRef } from './UpdatePanel';
import { useProgressive } from './useProgressive';
import { useThrottledFrame } from './useThrottledFrame';
import './inspector.css';

/** The loss to 9 significant digits, so a worked example's value (Mazur's E = 0.298371109) reads in full. */
const LOSS_DIGITS = 9;
/** No chain (other phases): one array, so the matrices' memo sees no change. */
const NO_CHAIN_CELLS: readonly ChainCell[] = [];

export interface InspectorProps {
  store: StoreApi<AppState>;
}

function EquationBlock({
  eq,
  scales,
  theme,
  highlightExample,
  onSelectExample,
  onCellActivate,
  selectedCell,
  chainCells,
}: {
  eq: EquationModel;
  /** The phase's colour scales: a quantity has the same colours in every equation. */
  scales: PhaseScales;
  theme: Theme;
  highlightExample: number | null;
  onSelectExample: (row: number) => void;
  onCellActivate?: (term: Term, r: number, c: number) => void;
  selectedCell?: (term: Term) => { r: number; c: number } | null;
  /** The cells the Chain rule region reads, marked in every matrix that shows them. */
  chainCells: readonly ChainCell[];
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
                maxAbs={scaleOf(scales, m)}
                theme={theme}
                highlightExample={highlightExample}
                onSelectExample={onSelectExample}
                onCellActivate={onCellActivate ? (r, c) => onCellActivate(m.term, r, c) : undefined}
                selectedCell={selectedCell ? selectedCell(m.term) : null}
                chainCells={chainCells}
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

/**
 * What the "Chain rule" region shows for the frame's phase: in backward phase p the chosen weight when
 * its layer's gradient is computed by now (layer ≥ p), else W[p][0][0]; at the loss phase the output
 * error of the chosen weight's output unit (unit 1 unless an output weight is chosen). Null in the
 * other phases.
 */
function chainPanelProps(
  frame: Frame,
  config: AppState['config'],
  chosen: ChosenWeight | null,
  example: number,
): ChainRulePanelProps | null {
  const phase = frame.phase;
  if (phase.kind !== 'backward' && phase.kind !== 'loss') return null;
  const L = frame.params.length;
  const src = chainSourceOf(frame, layerActivations(config, L), OUTPUTS[config.output].loss);
  const outputs = frame.params[L - 1]?.b.length ?? 0;
  const fits =
    chosen !== null &&
    chosen.layer >= 0 &&
    chosen.layer < L &&
    chosen.row < frame.params[chosen.layer].W.length / frame.params[chosen.layer].b.length &&
    chosen.col < frame.params[chosen.layer].b.length;
  if (phase.kind === 'loss') {
    const unit = fits && chosen.layer === L - 1 ? chosen.col : 0;
    return { chain: null, outputError: src && outputError(src, example, unit), outputs, pending: null };
  }
  const reached = fits && chosen.layer >= phase.layer;
  const weight = reached ? chosen : { layer: phase.layer, row: 0, col: 0 };
  return {
    chain: src && chainRule(src, weight, example),
    outputError: null,
    outputs,
    pending:
      fits && !reached
        ? {
            weightName: `W${chosen.layer + 1}[${chosen.row + 1},${chosen.col + 1}]`,
            phaseLabel: phaseLabel({ kind: 'backward', layer: chosen.layer }),
          }
        : null,
  };
}

/** Whether two highlight lists name the same cells (so the store is written only on a change). */
function sameHighlight(a: readonly ChainCell[], b: readonly ChainCell[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (x, i) =>
        x.quantity === b[i].quantity && x.layer === b[i].layer && x.row === b[i].row && x.col === b[i].col,
    )
  );
}

/** The parameter a matrix of W, b, dW or db is about; null for every other quantity. */
function paramOfTerm(term: Term): { layer: number; kind: ParamKind } | null {
  const kind = paramKindOf(term);
  return kind && { layer: term.layer, kind };
}

export function Inspector({ store }: InspectorProps) {
  const frame = useThrottledFrame(store);
  const config = useStore(store, (s) => s.config);
  const selectedExample = useStore(store, (s) => s.ui.selectedExample);
  const hoveredEdge = useStore(store, (s) => s.ui.hoveredEdge);
  const chosenWeight = useStore(store, (s) => s.ui.chosenWeight);
  const slotValues = useStore(store, (s) => s.slotValues);
  const trainCount = useStore(store, (s) => s.dataset?.train.count ?? null);
  const theme = useTheme();
  const [chosenParam, setChosenParam] = useState<ParamRef>({ layer: 0, kind: 'W', index: 0 });

  const model = useMemo(
    () => (frame ? inspectorModel(frame, config, trainCount) : null),
    [frame, config, trainCount],
  );
  // A new phase shows its first equation at once and the rest right after (useProgressive).
  const complete = useProgressive(frame ? `${frame.runId}:${frame.step}:${formatPhase(frame.phase)}` : '');
  const scales = useMemo(() => phaseScales(model?.equations ?? []), [model]);
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
    // A weight chosen anywhere (a W or dW cell, an edge of the network) is the store's chosenWeight.
    if (chosenParam.kind === 'W' && chosenWeight && frame && chosenWeight.layer < L) {
      const units = frame.params[chosenWeight.layer].b.length;
      return { layer: chosenWeight.layer, kind: 'W', index: chosenWeight.row * units + chosenWeight.col };
    }
    return chosenParam.layer < L ? chosenParam : { layer: 0, kind: 'W', index: 0 };
  }, [hoveredEdge, chosenParam, chosenWeight, frame, L]);

  const chain = useMemo(
    () => (frame ? chainPanelProps(frame, config, chosenWeight, example ?? 0) : null),
    [frame, config, chosenWeight, example],
  );
  // The cells the chain reads: the matrices below mark them (props), the graph draws them from the store.
  const chainCells = useMemo(
    () => chain?.chain?.highlights ?? chain?.outputError?.highlights ?? NO_CHAIN_CELLS,
    [chain],
  );
  useEffect(() => {
    const { ui, setUi } = store.getState();
    if (!sameHighlight(ui.chainHighlight, chainCells)) setUi({ chainHighlight: [...chainCells] });
  }, [store, chainCells]);
  // Which of them this phase's matrices show (the region says where the others are).
  const shownChainCells = useMemo(() => {
    const keys = new Set<string>();
    for (const eq of model?.equations ?? [])
      for (const m of eq.matrices)
        for (const mark of chainMarksOf(m.term, m.rows, m.cols, chainCells))
          keys.add(chainCellKey(mark.cell));
    return keys;
  }, [model, chainCells]);
  // Without the inspector nothing explains the graph's chain marks: clear them when it goes.
  useEffect(() => () => store.getState().setUi({ chainHighlight: [] }), [store]);
  const chainWeight = chain?.chain?.weight ?? null;

  const isUpdate = model?.phase.kind === 'update';
  const isBackward = model?.phase.kind === 'backward';
  const step = frame?.step ?? 0;
  const optimizer = config.optimizer;
  const hasOptimizerState = frame?.optimizerSlots !== undefined;
  useEffect(() => {
    if (isUpdate && optimizer !== 'sgd' && !hasOptimizerState)
      store.getState().requestSlotValues(param.layer, param.kind, param.index);
  }, [store, isUpdate, optimizer, hasOptimizerState, step, param.layer, param.kind, param.index]);

  const onCellActivate = useCallback(
    (term: Term, r: number, c: number) => {
      const p = paramOfTerm(term);
      // In backward phases only the gradient cells choose (W appears there transposed, as Wᵀ).
      if (!p || !frame || (isBackward && term.quantity !== 'dW')) return;
      const units = frame.params[p.layer].b.length;
      setChosenParam({ layer: p.layer, kind: p.kind, index: p.kind === 'W' ? r * units + c : c });
      // A weight chosen here is also the one the chain rule follows from now on.
      if (p.kind === 'W') store.getState().setUi({ chosenWeight: { layer: p.layer, row: r, col: c } });
    },
    [frame, store, isBackward],
  );
  const selectedCell = useCallback(
    (term: Term) => {
      const p = paramOfTerm(term);
      if (isBackward) {
        return chainWeight && term.quantity === 'dW' && p?.layer === chainWeight.layer
          ? { r: chainWeight.row, c: chainWeight.col }
          : null;
      }
      if (!p || !frame || p.layer !== param.layer || p.kind !== param.kind) return null;
      const units = frame.params[p.layer].b.length;
      return p.kind === 'W'
        ? { r: Math.floor(param.index / units), c: param.index % units }
        : { r: 0, c: param.index };
    },
    [frame, param, isBackward, chainWeight],
  );

  if (!frame || !model) {
    return (
      <p className="insp-muted">
        The inspector shows the current step&apos;s equations once the network is running.
      </p>
    );
  }

  return (
    <div className="insp" data-frame-seq={frame.seq} data-complete={complete ? 'true' : 'false'}>
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
          <strong>L = {model.loss.value === null ? '…' : formatValue(model.loss.value, LOSS_DIGITS)}</strong>
          {model.loss.note && ` (${model.loss.note})`}
        </p>
      )}

      {chain && (
        <p className="insp-chain-link">
          <a href="#chain-rule">The chain rule for one weight, worked out ↓</a>
        </p>
      )}

      {model.phase.kind === 'update' && (
        <UpdatePanel frame={frame} model={model} config={config} param={param} slotValues={slotValues} />
      )}

      {example !== null && (
        <ExamplePanel frame={frame} model={model} row={example} config={config} theme={theme} />
      )}

      {(complete ? model.equations : model.equations.slice(0, 1)).map((eq) => (
        <EquationBlock
          key={eq.id}
          eq={eq}
          scales={scales}
          theme={theme}
          highlightExample={example}
          onSelectExample={toggleExample}
          onCellActivate={isUpdate || isBackward ? onCellActivate : undefined}
          selectedCell={isUpdate || isBackward ? selectedCell : undefined}
          chainCells={chainCells}
        />
      ))}

      {/* After the phase's equations, which stay first (with the graph and the status, what the
          phase computes is on screen together); the link above jumps here. */}
      {chain && complete && <ChainRulePanel {...chain} shownCells={shownChainCells} />}
    </div>
  );
}
