// Matt Mazur's "A Step by Step Backpropagation Example", loaded as the app loads it (the preset's
// model file through the worker's load path), read back from the frames the page receives: the
// numbers the inspector prints must be his, to every digit he prints.
import { describe, expect, it } from 'vitest';
import { MAZUR_MODEL } from '../../../src/app/presets';
import { DEFAULT_CONFIG } from '../../../src/model/config';
import { parseModelFile } from '../../../src/model/files/modelFile';
import { chainRule, chainSourceOf, outputError } from '../../../src/views/inspector/chainRule';
import { prepareModelRun } from '../../../src/worker/loadModel';
import type { Frame } from '../../../src/worker/protocol';
import { createRunFromModel } from '../../../src/worker/run';

function mazurFramesUpTo(phases: number): Frame {
  const parsed = parseModelFile(JSON.stringify(MAZUR_MODEL));
  if (!parsed.ok) throw new Error(parsed.error);
  const run = createRunFromModel(prepareModelRun(parsed.model, DEFAULT_CONFIG));
  for (let i = 0; i < phases; i++) run.stepLayer();
  return run.buildFrame({ grid: null, runId: 1, playing: false, speed: 'max', seq: 1 });
}

const source = (frame: Frame) => chainSourceOf(frame, ['sigmoid', 'sigmoid'], 'mse')!;

describe("Mazur's worked example, as the page shows it", () => {
  it('the loss phase: E = 0.298371109, and the output error of o1 from its factors', () => {
    const frame = mazurFramesUpTo(3); // forward 1, forward 2, loss
    expect(frame.batch?.exact).toBeDefined();
    const derivation = outputError(source(frame), 0, 0)!;
    expect(derivation.loss.toPrecision(9)).toBe('0.298371109');
    expect(derivation.collapses).toBe(false);
  });

  it('backward 2: ∂E/∂w5 = 0.74136507 · 0.186815602 · 0.593269992 = 0.082167041', () => {
    const frame = mazurFramesUpTo(4);
    const chain = chainRule(source(frame), { layer: 1, row: 0, col: 0 }, 0)!;
    expect(chain.factors.map((f) => f.value.toPrecision(9))).toEqual([
      '0.741365070',
      '0.186815602',
      '0.593269992',
    ]);
    expect(chain.gradient.toPrecision(8)).toBe('0.082167041');
    expect(chain.arithmetic).toContain('0.0821670406');
  });

  it('backward 1: ∂E/∂w1 = 0.000438568', () => {
    const frame = mazurFramesUpTo(5);
    const chain = chainRule(source(frame), { layer: 0, row: 0, col: 0 }, 0)!;
    expect(chain.gradient.toPrecision(6)).toBe('0.000438568');
    expect(chain.arithmetic).toContain('0.05 ');
  });
});
