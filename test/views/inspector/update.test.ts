/**
 * The update phase shows the step actually taken, for every optimizer and penalty: the frame carries
 * the optimizer's state after the update, the drawn ΔW is params − prevParams, the drawn g is
 * dW + the penalty, the rule's step (from g, the velocity, or m̂ and v̂) agrees with ΔW, and the status
 * line says the rule with its regularization.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../../../src/model/config';
import { phasesOfStep } from '../../../src/model/phase';
import {
  matrixValue,
  type EquationModel,
  type MatrixModel,
} from '../../../src/views/inspector/equationModel';
import { inspectorModel } from '../../../src/views/inspector/inspectorModel';
import { layerShapesOf, narratePhase } from '../../../src/views/inspector/narration';
import { paramUpdate } from '../../../src/views/inspector/update';
import { createRun } from '../../../src/worker/run';
import type { Frame } from '../../../src/worker/protocol';

const BASE: RunConfig = {
  ...DEFAULT_CONFIG,
  hiddenLayers: [3],
  datasetSize: 60,
  batchSize: 6,
  learningRate: 0.05,
  regularizationRate: 0.01,
};

/** A real run's update-phase frame of step 3 (so momentum and Adam have history). */
function updateFrame(config: RunConfig): Frame {
  const run = createRun(config);
  run.trainSteps(2);
  const phases = phasesOfStep(config.hiddenLayers.length + 1);
  for (let i = 0; i < phases.length; i++) run.stepLayer();
  const frame = run.buildFrame({ grid: null, playing: false, speed: 'max', seq: 0 });
  expect(frame.phase).toEqual({ kind: 'update' });
  return frame;
}

function byName(eq: EquationModel, name: string): MatrixModel {
  const m = eq.matrices.find((x) => x.name === name);
  if (!m) throw new Error(`${eq.id}: no matrix ${name} in ${eq.matrices.map((x) => x.name).join(', ')}`);
  return m;
}

function values(m: MatrixModel): number[] {
  const out: number[] = [];
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) out.push(matrixValue(m, r, c));
  return out;
}

/** |a − b| within float32 rounding of numbers of size `scale`. */
function expectFloat32Close(a: number, b: number, scale: number): void {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(Math.max(scale, 1e-6) * 4e-7);
}

for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
  for (const regularization of ['none', 'l1', 'l2'] as const) {
    describe(`update phase, ${optimizer} with ${regularization}`, () => {
      const config: RunConfig = { ...BASE, optimizer, regularization };
      const frame = updateFrame(config);
      const model = inspectorModel(frame, config);

      it('the frame carries the optimizer’s state after the update', () => {
        const names = frame.optimizerSlots?.map((s) => s.name);
        expect(names).toEqual(
          optimizer === 'sgd' ? [] : optimizer === 'momentum' ? ['velocity'] : ['m', 'v'],
        );
        expect(frame.optimizerT).toBe(3);
      });

      for (let l = 0; l < 2; l++) {
        it(`layer ${l + 1}: ΔW is params − prevParams, g is dW + the penalty, and the rule's step is ΔW`, () => {
          const eq = model.equations.find((e) => e.id === `update-W${l + 1}`) as EquationModel;
          const before = frame.prevParams![l].W;
          const after = frame.params[l].W;
          const dW = frame.batch!.dW[l]!;
          const delta = values(byName(eq, `ΔW${l + 1}`));
          delta.forEach((d, i) => expect(d).toBe(after[i] - before[i]));
          const g =
            regularization === 'none' ? values(byName(eq, `dW${l + 1}`)) : values(byName(eq, `g(W${l + 1})`));
          g.forEach((gi, i) => {
            const penalty =
              regularization === 'l2'
                ? config.regularizationRate * before[i]
                : regularization === 'l1'
                  ? config.regularizationRate * Math.sign(before[i])
                  : 0;
            expect(gi).toBe(dW[i] + penalty);
          });
          // The rule's step, from the state the frame carries, is the step taken (float32 copies).
          const lr = config.learningRate;
          const rule =
            optimizer === 'sgd'
              ? g.map((gi) => -lr * gi)
              : optimizer === 'momentum'
                ? values(byName(eq, `v(W${l + 1})`)).map((v) => -lr * v)
                : values(byName(eq, `m̂(W${l + 1})`)).map(
                    (m, i) => (-lr * m) / (Math.sqrt(values(byName(eq, `v̂(W${l + 1})`))[i]) + 1e-8),
                  );
          rule.forEach((r, i) => expectFloat32Close(r, delta[i], Math.abs(before[i]) + Math.abs(r)));
          // The chosen weight's arithmetic says the same.
          const u = paramUpdate(frame, config, l, 'W', 1);
          expect(u?.delta).toBe(after[1] - before[1]);
          expectFloat32Close(u?.ruleStep ?? NaN, delta[1], Math.abs(before[1]) + Math.abs(delta[1]));
          if (regularization !== 'none') expect(u?.lines[0]).toMatch(/^g = dW \+ λ·/);
        });
      }

      it('biases are never regularized: the db drawn is the gradient used', () => {
        const eq = model.equations.find((e) => e.id === 'update-b1') as EquationModel;
        expect(eq.matrices.some((m) => m.name === 'g(b1)')).toBe(false);
        expect(eq.text).not.toContain('λ');
      });

      it('the status line says the rule with its regularization', () => {
        const said = narratePhase(3, { kind: 'update' }, layerShapesOf(config, 6));
        if (regularization === 'none') expect(said).not.toContain('λ');
        else
          expect(said).toContain(
            regularization === 'l2' ? 'g = dW + λ·W (L2, λ = 0.01' : 'g = dW + λ·sign(W) (L1, λ = 0.01',
          );
        if (optimizer === 'momentum') expect(said).toContain('v ← β · v + ');
        if (optimizer === 'adam') expect(said).toContain('m̂ / (√v̂ + ε)');
      });
    });
  }
}
