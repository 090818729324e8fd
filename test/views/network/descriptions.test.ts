import { describe, expect, it } from 'vitest';
import {
  biasLabel,
  describeLive,
  editorTitle,
  nodeLabel,
  outputMark,
  subscript,
  unitName,
  weightLabel,
} from '../../../src/views/network/descriptions';
import { networkGeometry } from '../../../src/views/network/geometry';
import { DEFAULT_CONFIG } from '../../../src/model/config';
import type { RunConfig } from '../../../src/model/config';
import { DEFAULT_UI } from '../../../src/store/createAppStore';
import { realFrame } from '../../helpers/realStore';

/** 4 significant digits with a true minus sign, as the live descriptions write numbers. */
const four = (v: number): string => String(+v.toPrecision(4)).replace('-', '−');

const shape = { sizes: [2, 3, 2, 3], features: ['x1', 'sinX1'] as const };

describe('names for screen readers', () => {
  it('units: features by their label, hidden neurons by layer, outputs numbered only when several', () => {
    expect(unitName(shape, 0, 1)).toBe('sin(x₁)');
    expect(unitName(shape, 2, 0)).toBe('neuron 1 of layer 2');
    expect(unitName(shape, 3, 2)).toBe('output 3');
    expect(unitName({ sizes: [2, 1], features: ['x1', 'x2'] }, 1, 0)).toBe('output');
    expect(nodeLabel(shape, 0, 0)).toBe('Input x₁');
    expect(nodeLabel(shape, 1, 2)).toBe('Neuron 3 of layer 1');
    expect(nodeLabel(shape, 3, 1)).toBe('Output 2');
    expect(nodeLabel({ sizes: [2, 1], features: ['x1', 'x2'] }, 1, 0)).toBe('Output');
  });

  it('parameters in the seed notation, 1-based: W₍l+1₎[i+1, j+1] and b₍l+1₎[j+1]', () => {
    expect(subscript(12)).toBe('₁₂');
    expect(weightLabel(shape, 0, 1, 2)).toBe('Weight W₁[2,3] from sin(x₁) to neuron 3 of layer 1');
    expect(biasLabel(shape, 2, 0)).toBe('Bias b₃[1] of output 1');
    expect(outputMark(1, 0)).toBe('ŷ');
    expect(outputMark(3, 1)).toBe('ŷ₂');
  });

  it("the editor's title is the parameter's name without where it sits", () => {
    const g = networkGeometry(['x1', 'x2'], [3], 1);
    expect(editorTitle(g.items.get('w:0:5')!)).toBe('Weight W₁[2,3]');
    expect(editorTitle(g.items.get('b:0:1')!)).toBe('Bias b₁[2]');
  });
});

describe('describeLive', () => {
  const config: RunConfig = { ...DEFAULT_CONFIG, features: ['x1', 'x2'], hiddenLayers: [3] };
  const g = networkGeometry(config.features, config.hiddenLayers, 1);

  it('a weight: its value, the value before the update, and its gradient, 4 significant digits', () => {
    const frame = realFrame(config, { phase: { kind: 'update' } });
    const text = describeLive(g.items.get('w:0:5')!, { frame, ui: DEFAULT_UI }, g);
    const w = frame.params[0].W[5];
    const was = frame.prevParams![0].W[5];
    const dW = frame.batch!.dW[0]![5];
    expect(was).not.toBe(w);
    expect(text).toBe(`w = ${four(w)} (was ${four(was)}) · ∂L/∂w = ${four(dW)}`);
  });

  it('a node: the batch mean, or the selected example, of z, a and its bias', () => {
    const frame = realFrame(config, { steps: 1 });
    const node = g.items.get('n:1:0')!;
    const bias = four(frame.params[0].b[0]);
    const mean = describeLive(node, { frame, ui: DEFAULT_UI }, g);
    expect(mean).toMatch(/^batch mean: z = .* · a = .* · b = /);
    expect(mean.endsWith(` · b = ${bias}`)).toBe(true);
    const selected = describeLive(node, { frame, ui: { ...DEFAULT_UI, selectedExample: 1 } }, g);
    const A = frame.batch!.A[0]!;
    expect(selected).toContain(`example 2: z = `);
    expect(selected).toContain(`a = ${four(A[3])}`);
  });

  it('without a frame, the name alone', () => {
    const item = g.items.get('w:0:0')!;
    expect(describeLive(item, { frame: null, ui: DEFAULT_UI }, g)).toBe(item.label);
  });
});
