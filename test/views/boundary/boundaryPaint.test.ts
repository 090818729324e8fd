import { rgb } from 'd3';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/model/config';
import type { FrameGrid } from '../../../src/worker/protocol';
import { activationScale } from '../../../src/views/shared/colors';
import {
  paintBinaryClasses,
  contourPath,
  neuronValues,
  outputMode,
  paintPixels,
  paintScratch,
  type PaintSetup,
} from '../../../src/views/boundary/boundaryPaint';
import { rampLabels } from '../../../src/views/boundary/BoundaryLegend';
import { decisionContour } from '../../../src/views/boundary/contour';
import { planeGridPoints } from '../../../src/model/plane';
import { paintHeatmap } from '../../../src/views/shared/heatmap';
import { NEUTRAL, NON_FINITE_GREY, classColor } from '../../../src/views/shared/colors';

const RES = 8;

/** A grid whose output is sigmoid(x1), with one hidden layer of 2 units (x1, −x1) and features x1, x2. */
function grid(): FrameGrid {
  const X = planeGridPoints(RES, RES);
  const cells = RES * RES;
  const outputs = new Float32Array(cells);
  const hidden = new Float32Array(cells * 2);
  const f1 = new Float32Array(cells);
  const f2 = new Float32Array(cells);
  for (let p = 0; p < cells; p++) {
    outputs[p] = 1 / (1 + Math.exp(-X[2 * p]));
    hidden[2 * p] = X[2 * p];
    hidden[2 * p + 1] = -X[2 * p];
    f1[p] = X[2 * p];
    f2[p] = X[2 * p + 1];
  }
  return { resolution: RES, step: 0, outputs, neurons: [hidden], features: [f1, f2] };
}

function setup(patch: Partial<PaintSetup> = {}): PaintSetup {
  return {
    mode: { kind: 'binary', range: [0, 1] },
    theme: 'light',
    discretize: false,
    hoveredNode: null,
    activation: 'tanh',
    outputActivation: 'sigmoid',
    outputLayer: 1,
    ...patch,
  };
}

describe('boundary painting', () => {
  it('outputMode(): k classes for softmax, binary on [0, 1] or [−1, 1], regression for linear or tanh on values', () => {
    expect(outputMode({ ...DEFAULT_CONFIG, output: 'softmax-ce' }, 3)).toEqual({ kind: 'multi', classes: 3 });
    expect(outputMode({ ...DEFAULT_CONFIG, output: 'sigmoid-bce' }, 2)).toEqual({
      kind: 'binary',
      range: [0, 1],
    });
    expect(outputMode({ ...DEFAULT_CONFIG, output: 'tanh-mse' }, 2)).toEqual({
      kind: 'binary',
      range: [-1, 1],
    });
    expect(outputMode({ ...DEFAULT_CONFIG, output: 'tanh-mse' }, 0)).toEqual({
      kind: 'regression',
      maxAbs: 1,
    });
    expect(outputMode({ ...DEFAULT_CONFIG, output: 'linear-mse' }, 0)).toEqual({
      kind: 'regression',
      maxAbs: 1,
    });
  });

  it('activationScale(): centred and bounded for tanh and sigmoid, free for relu', () => {
    expect(activationScale('tanh')).toEqual({ center: 0, maxAbs: 1 });
    expect(activationScale('sigmoid')).toEqual({ center: 0.5, maxAbs: 0.5 });
    expect(activationScale('relu')).toEqual({ center: 0, maxAbs: undefined });
  });

  it('neuronValues(): one unit of a layer, deinterleaved; an input feature; null for a unit that does not exist', () => {
    const g = grid();
    const scratch = new Float32Array(RES * RES);
    const unit1 = neuronValues(g, { layer: 0, unit: 1 }, scratch);
    expect(unit1?.[3]).toBe(g.neurons![0][7]);
    expect(neuronValues(g, { layer: -1, unit: 1 }, scratch)).toBe(g.features[1]);
    expect(neuronValues(g, { layer: 0, unit: 2 }, scratch)).toBeNull();
    expect(neuronValues(g, { layer: 3, unit: 0 }, scratch)).toBeNull();
  });

  it('contourPath(): the binary output’s crossing; none over a neuron’s map or for k classes', () => {
    const g = grid();
    const d = contourPath(g, setup(), 300, paintScratch());
    expect(d).toBe(decisionContour(g.outputs, RES, RES, 0.5, 300, 300));
    expect(d).not.toBe('');
    expect(contourPath(g, setup({ hoveredNode: { layer: 0, unit: 0 } }), 300, paintScratch())).toBe('');
    expect(contourPath(g, setup({ mode: { kind: 'multi', classes: 3 } }), 300, paintScratch())).toBe('');
  });

  it('paintBinaryClasses(): the predicted class’s colour, paler toward the midpoint, neutral at it, grey for NaN', () => {
    // One row of four cells: certain class 1, certain class 0, undecided, NaN.
    const out = paintBinaryClasses(
      Float32Array.of(1, 0, 0.5, Number.NaN),
      4,
      1,
      { range: [0, 1], discretize: false, theme: 'light' },
      new Uint8ClampedArray(16),
    );
    const css = (i: number): string => `rgb(${out[4 * i]}, ${out[4 * i + 1]}, ${out[4 * i + 2]})`;
    expect(css(0)).toBe(classColor(1, 1));
    expect(css(1)).toBe(classColor(0, 1));
    expect(css(2)).toBe(rgb(NEUTRAL.light).formatRgb());
    expect(css(3)).toBe(rgb(NON_FINITE_GREY.light).formatRgb());
    // tanh's range: −0.5 is class 0 at half confidence.
    const half = paintBinaryClasses(
      Float32Array.of(-0.5),
      1,
      1,
      { range: [-1, 1], discretize: false, theme: 'light' },
      new Uint8ClampedArray(4),
    );
    expect(`rgb(${half[0]}, ${half[1]}, ${half[2]})`).toBe(classColor(0, 0.5));
  });

  it('paintPixels(): the output’s painter, a hovered neuron’s map, clear for a missing map, keep for a short grid', () => {
    const g = grid();
    const out = new Uint8ClampedArray(RES * RES * 4);
    expect(paintPixels(g, setup(), paintScratch(), out)).toBe('painted');
    const expected = paintBinaryClasses(
      g.outputs,
      RES,
      RES,
      { range: [0, 1], discretize: false, theme: 'light' },
      new Uint8ClampedArray(out.length),
    );
    expect(out).toEqual(expected);

    const node = { layer: 0, unit: 0 };
    expect(paintPixels(g, setup({ hoveredNode: node }), paintScratch(), out)).toBe('painted');
    const hidden = neuronValues(g, node, new Float32Array(RES * RES))!;
    const neuronExpected = paintHeatmap(
      hidden,
      RES,
      RES,
      { center: 0, maxAbs: 1, discretize: false, theme: 'light' },
      new Uint8ClampedArray(out.length),
    );
    expect(out).toEqual(neuronExpected);

    expect(paintPixels(g, setup({ hoveredNode: { layer: 0, unit: 5 } }), paintScratch(), out)).toBe('clear');
    expect(paintPixels(g, setup({ mode: { kind: 'multi', classes: 3 } }), paintScratch(), out)).toBe('keep');
  });

  it('rampLabels(): what the legend ramp’s ends mean', () => {
    expect(rampLabels({ kind: 'binary', range: [0, 1] }, null)).toEqual([
      '0 (class 0)',
      '0.5',
      '1 (class 1)',
    ]);
    expect(rampLabels({ kind: 'binary', range: [-1, 1] }, null)).toEqual([
      '−1 (class 0)',
      '0',
      '1 (class 1)',
    ]);
    expect(rampLabels({ kind: 'regression', maxAbs: 1 }, null)).toEqual(['−1', '0', '1']);
    expect(rampLabels({ kind: 'binary', range: [0, 1] }, { layer: 0, unit: 0 })).toEqual(['−', '0', '+']);
  });
});
