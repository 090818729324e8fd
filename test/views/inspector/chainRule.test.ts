/**
 * The chain rule worked out for one weight: Matt Mazur's "A Step by Step Backpropagation Example"
 * (2-2-2 sigmoid, squared error, one example) through the real engine, and a real run's frame for
 * the consistency every learner relies on: the printed factors multiply to the printed gradient, and
 * the batch sum is the dW cell the inspector draws.
 */
import { describe, expect, it } from 'vitest';
import type { Activation, LossKind } from '../../../src/engine';
import { DEFAULT_CONFIG, OUTPUTS, type RunConfig } from '../../../src/model/config';
import { phasesOfStep } from '../../../src/model/phase';
import {
  chainRule,
  chainSourceOf,
  outputError,
  type ChainSource,
} from '../../../src/views/inspector/chainRule';
import { formatDigits } from '../../../src/model/format';
import { layerActivations } from '../../../src/views/inspector/notation';
import { createRun } from '../../../src/worker/run';
import { mazurSource } from './mazur';
import type { Frame } from '../../../src/worker/protocol';

/** Rounds as Mazur prints (to `decimals` places). */
const round = (v: number, decimals: number) => Number(v.toFixed(decimals));

describe('chainRule(): Mazur’s worked example through the engine', () => {
  it('∂E/∂w5 = 0.74136507 · 0.186815602 · 0.593269992 = 0.082167041 (w5 = W2[1,1])', () => {
    const chain = chainRule(mazurSource(), { layer: 1, row: 0, col: 0 }, 0);
    expect(chain).not.toBeNull();
    if (!chain) return;
    expect(chain.factors.map((f) => round(f.value, 9))).toEqual([0.74136507, 0.186815602, 0.593269992]);
    expect(round(chain.gradient, 9)).toBe(0.082167041);
    expect(chain.arithmetic).toBe('= 0.74136507 · 0.186815602 · 0.593269992 = 0.0821670406');
    // One example: the batch sum is that example's term, and the engine's dW cell.
    expect(chain.batch.total).toBeCloseTo(chain.gradient, 15);
    expect(chain.batch.frameCell).toBeCloseTo(0.082167041, 9);
  });

  it('∂E/∂w1 = 0.036350306 · 0.241300709 · 0.05 = 0.000438568 (w1 = W1[1,1]), ∂E/∂out_h1 summed over both outputs', () => {
    const chain = chainRule(mazurSource(), { layer: 0, row: 0, col: 0 }, 0);
    if (!chain) throw new Error('no chain');
    expect(chain.factors.map((f) => round(f.value, 9))).toEqual([0.036350306, 0.241300709, 0.05]);
    expect(round(chain.gradient, 9)).toBe(0.000438568);
    expect(chain.batch.frameCell).toBeCloseTo(0.000438568, 9);
    // The path back: δ_o1 = 0.138498562 and δ_o2 (Mazur's ∂E_o2/∂out_h1 = δ_o2 · w7 = −0.019049119),
    // then ∂E/∂out_h1 = δ_o1·w5 + δ_o2·w7 = 0.036350306, then δ_h1 = ∂E/∂out_h1 · σ′(net_h1).
    const values = chain.path.map((p) => round(p.value, 9));
    expect(values).toEqual([0.138498562, -0.038098237, 0.036350306, round(0.036350306 * 0.241300709, 9)]);
    expect(round(chain.path[1].value * 0.5, 8)).toBe(-0.01904912);
    expect(chain.path[2].arithmetic).toBe('0.138498562 · 0.4 + (−0.0380982365) · 0.5');
  });

  it('the loss phase: E = 0.298371109, and sigmoid + squared error does not collapse', () => {
    const err = outputError(mazurSource(), 0, 0);
    if (!err) throw new Error('no output error');
    expect(round(err.loss, 9)).toBe(0.298371109);
    expect(err.collapses).toBe(false);
    const [loss, dLdy, fprime, dZ] = err.lines;
    expect(loss.lhs).toBe('L');
    expect(formatDigits(dLdy.value)).toBe('0.74136507');
    expect(fprime.arithmetic).toBe('0.75136507 · (1 − 0.75136507)');
    expect(round(dZ.value, 9)).toBe(0.138498562);
    expect(err.lines).toHaveLength(4);
  });
});

/** A real run's frame at `phase` (stepping phase by phase from a fresh run). */
function frameAt(config: RunConfig, phaseIndex: number): Frame {
  const run = createRun(config);
  for (let i = 0; i < phaseIndex; i++) run.stepLayer();
  return run.buildFrame({ grid: null, playing: false, speed: 'max', seq: 0 });
}

function sourceOf(frame: Frame, config: RunConfig): ChainSource {
  const out = OUTPUTS[config.output];
  const src = chainSourceOf(frame, layerActivations(config, frame.params.length), out.loss as LossKind);
  if (!src) throw new Error('no batch');
  return src;
}

/** Parses a printed number ("−0.0123", "(−1.5e-7)") back. */
function parse(s: string): number {
  return Number(s.replace(/[()]/g, '').replace('−', '-'));
}

const OUTPUT_KINDS = ['sigmoid-bce', 'softmax-ce', 'linear-mse', 'tanh-mse'] as const;

describe('chainRule(): with a real run’s frame', () => {
  for (const output of OUTPUT_KINDS) {
    it(`${output}: printed factors multiply to the printed gradient; the batch sum is the frame’s dW cell`, () => {
      const dataset = output === 'linear-mse' ? 'plane' : output === 'softmax-ce' ? 'blobs' : 'circle';
      const config: RunConfig = {
        ...DEFAULT_CONFIG,
        dataset,
        classes: output === 'softmax-ce' ? 3 : DEFAULT_CONFIG.classes,
        output,
        hiddenLayers: [4, 3],
        batchSize: 8,
        datasetSize: 60,
        activation: 'tanh' as Activation,
      };
      const L = 3;
      const phases = phasesOfStep(L);
      // Every backward phase: the phase's own layer, and a weight further back where dZ is known.
      for (let p = 0; p < phases.length; p++) {
        const phase = phases[p];
        if (phase.kind !== 'backward') continue;
        const frame = frameAt(config, p + 1);
        expect(frame.phase).toEqual(phase);
        const src = sourceOf(frame, config);
        for (const weight of [
          { layer: phase.layer, row: 0, col: 0 },
          { layer: phase.layer, row: src.sizes[phase.layer] - 1, col: src.sizes[phase.layer + 1] - 1 },
        ]) {
          const chain = chainRule(src, weight, 3);
          if (!chain) throw new Error('no chain');
          // The printed factors, multiplied, give the printed gradient to 9 digits.
          const [factorText, resultText] = chain.arithmetic.replace(/^= /, '').split(' = ');
          const product = factorText
            .split(' · ')
            .map(parse)
            .reduce((a, b) => a * b, 1);
          expect(Math.abs(product - parse(resultText))).toBeLessThanOrEqual(
            Math.abs(product) * 2e-8 + 1e-300,
          );
          // The example's gradient is dZ · A_prev with the engine's dZ (float32 in the frame).
          const units = src.sizes[weight.layer + 1];
          const frameDZ = frame.batch?.dZ[weight.layer]?.[3 * units + weight.col] ?? NaN;
          const aPrev = (weight.layer === 0 ? src.X : src.A[weight.layer - 1]!)[
            3 * src.sizes[weight.layer] + weight.row
          ];
          expect(chain.gradient).toBeCloseTo(frameDZ * aPrev, 6);
          // The batch sum is the frame's dW cell to float32 precision.
          const cell = chain.batch.frameCell;
          expect(cell).not.toBeNull();
          expect(Math.abs(chain.batch.total - (cell as number))).toBeLessThanOrEqual(
            Math.abs(cell as number) * 1e-5 + 1e-9,
          );
        }
      }
    });
  }

  it('a weight whose dZ needs a later backward phase gives the chain anyway (recomputed), but the dW cell only once computed', () => {
    const config: RunConfig = { ...DEFAULT_CONFIG, hiddenLayers: [3], datasetSize: 40, batchSize: 5 };
    const lossIndex = phasesOfStep(2).findIndex((ph) => ph.kind === 'loss');
    const frame = frameAt(config, lossIndex + 1);
    const chain = chainRule(sourceOf(frame, config), { layer: 0, row: 1, col: 2 }, 0);
    expect(chain?.batch.frameCell).toBeNull();
  });
});
