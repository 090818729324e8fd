/**
 * What the decision boundary paints for a grid, as pure functions: which output it shows and how
 * (binary, k classes, regression, or a hovered neuron's map), the pixels into an RGBA buffer and the
 * contour path. BoundaryCanvas hands the results to the canvas and the SVG overlay.
 */
import type { Activation } from '../../engine';
import type { HoveredNode } from '../../store/types';
import type { RunConfig } from '../../model/config';
import type { FrameGrid } from '../../worker/protocol';
import { activationScale, classRGB, type Theme } from '../shared/colors';
import { paintHeatmap, paintMultiClass, paintRegression, type Grid } from '../shared/heatmap';
import { boundaryThreshold, decisionContour } from './contour';

/** How the network's output reads as colour. */
export type OutputMode =
  | { kind: 'binary'; range: readonly [number, number] }
  | { kind: 'multi'; classes: number }
  | { kind: 'regression'; maxAbs: number };

/** The output mode for a configuration on data with `classes` classes (0: regression data). */
export function outputMode(config: RunConfig, classes: number): OutputMode {
  switch (config.output) {
    case 'softmax-ce':
      return { kind: 'multi', classes: Math.max(2, classes) };
    case 'sigmoid-bce':
    case 'sigmoid-mse':
      return { kind: 'binary', range: [0, 1] };
    case 'tanh-mse':
      return classes === 0 ? { kind: 'regression', maxAbs: 1 } : { kind: 'binary', range: [-1, 1] };
    case 'linear-mse':
      return { kind: 'regression', maxAbs: 1 };
  }
}

/** The values of a hovered neuron over the grid (deinterleaved into `scratch`), or null. */
export function neuronValues(grid: FrameGrid, node: HoveredNode, scratch: Float32Array): Float32Array | null {
  const cells = grid.resolution * grid.resolution;
  if (node.layer < 0) {
    const f = grid.features[node.unit];
    return f && f.length >= cells ? f : null;
  }
  const values = grid.neurons?.[node.layer] ?? null;
  if (!values || values.length % cells !== 0) return null;
  const units = values.length / cells;
  if (node.unit >= units) return null;
  for (let p = 0; p < cells; p++) scratch[p] = values[p * units + node.unit];
  return scratch;
}

/**
 * A binary classifier's regions in the class colours (the same as its points'), mixed toward the
 * neutral by confidence: the predicted class is the side of the range's midpoint, the confidence the
 * distance from it over half the range. The picture shows the predicted class, so it uses the class
 * palette, never the sign colours of weights and gradients.
 */
export function paintBinaryClasses<T extends Uint8ClampedArray>(
  outputs: Grid,
  cols: number,
  rows: number,
  options: { range: readonly [number, number]; discretize: boolean; theme: Theme },
  out: T,
): T {
  const [lo, hi] = options.range;
  const mid = (lo + hi) / 2;
  const half = Math.abs(hi - lo) / 2;
  const { theme } = options;
  return paintHeatmap(
    outputs,
    cols,
    rows,
    {
      center: mid,
      maxAbs: half,
      discretize: options.discretize,
      theme,
      colorFn: (v, px, o) => classRGB(v > mid ? 1 : 0, Math.abs(v - mid) / half, px, o, theme),
    },
    out,
  );
}

/** Everything besides the grid that decides the picture; a new one forces a redraw. */
export interface PaintSetup {
  mode: OutputMode;
  theme: Theme;
  discretize: boolean;
  hoveredNode: HoveredNode | null;
  /** The hidden layers' activation and the output's, for a hovered neuron's colour scale. */
  activation: Activation;
  outputActivation: Activation;
  /** The output layer's index (= number of hidden layers). */
  outputLayer: number;
}

/** Reused buffers, so a redraw allocates nothing once the grid size is known. */
export interface PaintScratch {
  neuron: Float32Array;
  contour: Float64Array;
}

export function paintScratch(): PaintScratch {
  return { neuron: new Float32Array(0), contour: new Float64Array(0) };
}

function fitScratch(scratch: PaintScratch, cells: number): void {
  if (scratch.neuron.length !== cells) scratch.neuron = new Float32Array(cells);
  if (scratch.contour.length !== cells) scratch.contour = new Float64Array(cells);
}

/**
 * The contour (an SVG path in a sizePx square): the binary output's threshold crossing; '' for other
 * outputs and over a neuron's map.
 */
export function contourPath(
  grid: FrameGrid,
  setup: PaintSetup,
  sizePx: number,
  scratch: PaintScratch,
): string {
  const res = grid.resolution;
  const cells = res * res;
  if (setup.hoveredNode || setup.mode.kind !== 'binary' || grid.outputs.length < cells) return '';
  fitScratch(scratch, cells);
  const threshold = boundaryThreshold(setup.mode.range);
  return decisionContour(grid.outputs, res, res, threshold, sizePx, sizePx, scratch.contour);
}

/**
 * Paints the grid's picture into `out` (resolution² RGBA pixels). 'painted' when `out` holds it;
 * 'clear' when a hovered neuron has no map (show nothing); 'keep' when the grid is short of the
 * outputs this mode needs (a grid from before a settings change: keep the last picture).
 */
export function paintPixels(
  grid: FrameGrid,
  setup: PaintSetup,
  scratch: PaintScratch,
  out: Uint8ClampedArray,
): 'painted' | 'clear' | 'keep' {
  const res = grid.resolution;
  const cells = res * res;
  const { mode, theme, discretize, hoveredNode: node } = setup;
  fitScratch(scratch, cells);
  if (node) {
    const neuron = neuronValues(grid, node, scratch.neuron);
    if (!neuron) return 'clear';
    const scale =
      node.layer < 0
        ? { center: 0, maxAbs: undefined }
        : activationScale(node.layer === setup.outputLayer ? setup.outputActivation : setup.activation);
    paintHeatmap(neuron, res, res, { ...scale, discretize, theme }, out);
  } else if (mode.kind === 'binary') {
    if (grid.outputs.length < cells) return 'keep';
    paintBinaryClasses(grid.outputs, res, res, { range: mode.range, discretize, theme }, out);
  } else if (mode.kind === 'multi') {
    if (grid.outputs.length < cells * mode.classes) return 'keep';
    paintMultiClass(grid.outputs, mode.classes, res, res, { discretize, theme }, out);
  } else {
    if (grid.outputs.length < cells) return 'keep';
    paintRegression(grid.outputs, res, res, { maxAbs: mode.maxAbs, theme }, out);
  }
  return 'painted';
}
