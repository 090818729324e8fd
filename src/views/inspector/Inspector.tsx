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
import { statusStep } from '../../model/phase';
import type { AppState } from '../../store/types';
import type { ParamKind } from '../../worker/protocol';
import { useStoreApi } from '../shared/useStoreApi';
import { useTheme } from '../shared/useTheme';
import type { Theme } from '../shared/colors';
import type { EquationModel } from './equationModel';
import { ExampleChooser, ExamplePanel } from './ExamplePanel';
import { inspectorModel } from './inspectorModel';
import { MathTex } from './MathTex';
import { MatrixView } from './MatrixView';
import { formatValue, isParamTerm, type Term } from './notation';
import { UpdatePanel, type ParamRef } from './UpdatePanel';
import { useThrottledFrame } from './useThrottledFrame';
import './inspector.css';

/** The loss to 9 significant digits, so a worked example's value (Mazur's E = 0.298371109) reads in full. */
const LOSS_DIGITS = 9;

export interface InspectorProps {
  store?: StoreApi<AppState> | null;
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
          <strong>L = {model.loss.value === null ? '…' : formatValue(model.loss.value, LOSS_DIGITS)}</strong>
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
