/**
 * What the inspector shows for the current phase, as plain data: the equations (TeX for temml and
 * plain words), every operand's shape and the result's, and the matrices with the frame's own
 * numbers. Pure, so tests can compare it with the frame and the engine; the components only draw it.
 *
 * The pieces live next to this file: notation.ts (names, TeX, words), equationModel.ts (the types
 * and the frame's matrices), phaseEquations.ts (forward, loss, backward), update.ts (the update),
 * exampleShare.ts (following one example). The status line (narration.ts) says the same equations.
 */
import type { LossKind } from '../../engine';
import { phaseLabel, phasesOfStep, READY, type Phase } from '../../model/phase';
import { OUTPUTS, trainCountOf, type RunConfig } from '../../model/config';
import type { Frame } from '../../worker/protocol';
import { featureAxis, unitAxis } from './axes';
import type { EquationContext, EquationModel } from './equationModel';
import { layerActivations, LOSS_LABELS, LOSS_TEX } from './notation';
import { backwardEquations, forwardEquations, lossEquations, lossNote } from './phaseEquations';
import { updateEquations, updateRule, type UpdateRule } from './update';

/** ChecksPanel formats its numbers as the inspector does. */

export interface LossSummary {
  kind: LossKind;
  /** Words: "binary cross-entropy". */
  label: string;
  tex: string;
  /** The frame's batch loss (data loss, no regularization). */
  value: number | null;
  /** With regularization on: "data loss; the L2 penalty is not included"; else null. */
  note: string | null;
}

export interface InspectorModel {
  phase: Phase;
  /** "Forward · layer 2" style title ("Ready" at a step boundary). */
  title: string;
  /** Batch rows (0 when there is no batch). */
  n: number;
  /** Input size then the units of every layer: sizes[0] = features, sizes[k] = units of layer k. */
  sizes: number[];
  equations: EquationModel[];
  loss: LossSummary | null;
  update: UpdateRule | null;
  /** At a step boundary: every phase of one step with its main equation, for the overview. */
  overview: { phase: Phase; label: string; text: string; shapeText: string }[];
}

function equationsFor(ctx: EquationContext, phase: Phase, config: RunConfig): EquationModel[] {
  switch (phase.kind) {
    case 'forward':
      return forwardEquations(ctx, phase.layer);
    case 'loss':
      return lossEquations(ctx);
    case 'backward':
      return backwardEquations(ctx, phase.layer);
    case 'update':
      return updateEquations(ctx, config);
    case 'ready':
      return [];
  }
}

/** The equation the step overview lists for a phase: the loss phase's dZ, else the first. */
function mainEquation(phase: Phase, equations: EquationModel[]): EquationModel | undefined {
  return phase.kind === 'loss' ? equations[1] : equations[0];
}

/**
 * The inspector's content for the frame's phase. `config` is the run's effective config (for the
 * activation, loss, optimizer and feature names); the shapes come from the frame itself, and before
 * the first batch from `trainCount`, the run's training examples (a model file's or drawn data
 * need not have the config's datasetSize × trainPercent).
 */
export function inspectorModel(
  frame: Frame,
  config: RunConfig,
  trainCount: number | null = null,
): InspectorModel {
  const L = frame.params.length;
  const units = frame.params.map((p) => p.b.length);
  const inputs = L > 0 ? frame.params[0].W.length / Math.max(1, units[0]) : config.features.length;
  const sizes = [inputs, ...units];
  // Before the first forward phase there is no batch yet; the overview shows the next one's size.
  const n = frame.batch?.n ?? Math.min(config.batchSize, trainCount ?? trainCountOf(config));
  const lossKind = OUTPUTS[config.output].loss;
  const value = frame.batch?.loss ?? null;
  const ctx: EquationContext = {
    L,
    n,
    sizes,
    activations: layerActivations(config, L),
    loss: lossKind,
    lossValue: value,
    lossNote: lossNote(config),
    data: {
      frame,
      unitAxes: units.map((u, l) => unitAxis(l, u, L)),
      featureAxis: featureAxis(config.features, inputs),
    },
  };
  const phase = L > 0 ? frame.phase : READY;
  const overview =
    phase.kind === 'ready' && L > 0
      ? phasesOfStep(L).map((p) => {
          const main = mainEquation(p, equationsFor({ ...ctx, data: null }, p, config));
          return { phase: p, label: phaseLabel(p), text: main?.text ?? '', shapeText: main?.shapeText ?? '' };
        })
      : [];
  return {
    phase,
    title: phaseLabel(phase) || 'Ready',
    n,
    sizes,
    equations: equationsFor(ctx, phase, config),
    loss:
      phase.kind === 'loss'
        ? {
            kind: lossKind,
            label: LOSS_LABELS[lossKind],
            tex: LOSS_TEX[lossKind],
            value,
            note: lossNote(config),
          }
        : null,
    update: phase.kind === 'update' ? updateRule(config) : null,
    overview,
  };
}
