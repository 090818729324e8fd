/**
 * Geometry of the network graph: where each layer's neurons, bias markers and edges go. Pure and
 * deterministic: the same input gives the same numbers, so React can memoise on it.
 *
 * Layers are columns left (inputs) to right (output), evenly spaced; each column's nodes are evenly
 * spaced and centred vertically; everything is scaled down uniformly when it would not fit. A layer
 * wider than `maxDrawnPerLayer` units is drawn as one block with a count label instead of its nodes.
 */
import { MIN_MAX_ABS } from '../shared/colors';

export interface Point {
  x: number;
  y: number;
}

export interface LayoutInput {
  /** Units per layer: inputs, hidden layers…, output. */
  layerSizes: readonly number[];
  width: number;
  height: number;
  /** The node side wanted; the layout may shrink it to fit (see NetworkLayout.nodeSizePx). */
  nodeSizePx: number;
  /** Layers with more units than this are drawn as one block. Default 32. */
  maxDrawnPerLayer?: number;
  /** Empty space kept on every side. Default 4. */
  paddingPx?: number;
}

export interface NodeLayout {
  layer: number;
  index: number;
  /** Centre of the node's square. */
  x: number;
  y: number;
  /** Centre of the bias marker (at the node's lower-left corner), or null for inputs, which have none. */
  bias: Point | null;
}

export interface BlockLayout {
  /** Centre of the block. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** y of the block's top edge. */
  top: number;
  units: number;
  /** What the block says, e.g. "64 units". */
  label: string;
  /** Centre of the layer's bias marker, or null for an input block. */
  bias: Point | null;
}

export interface LayerLayout {
  layer: number;
  units: number;
  /** x of the column's centre line. */
  x: number;
  /** One entry per unit, or empty when the layer is a block. */
  nodes: NodeLayout[];
  block: BlockLayout | null;
}

export interface NetworkLayout {
  width: number;
  height: number;
  /** The node side actually used (≤ the requested one). */
  nodeSizePx: number;
  /** Side of a bias marker. */
  biasSizePx: number;
  /** Centre-to-centre distance of neighbouring nodes in a column. */
  pitchPx: number;
  layers: LayerLayout[];
}

export const DEFAULT_MAX_DRAWN_PER_LAYER = 32;
/** Gap between neighbouring nodes, as a fraction of the node side. */
const GAP_RATIO = 0.5;
/** Bias marker side, as a fraction of the node side. */
const BIAS_RATIO = 0.3;
/** A column needs this many node sides of horizontal room, so edges stay visible between columns. */
const MIN_COLUMN_PITCH = 2;
/** A block is as tall as this many nodes at least (or the tallest drawn layer, if taller). */
const MIN_BLOCK_SLOTS = 4;
/** Half the extent a node plus its bias marker needs around the node's centre, in node sides. */
const HALF_EXTENT = 0.5 + BIAS_RATIO / 2;

function clampSize(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

export function layoutNetwork(input: LayoutInput): NetworkLayout {
  const width = Math.max(0, Number.isFinite(input.width) ? input.width : 0);
  const height = Math.max(0, Number.isFinite(input.height) ? input.height : 0);
  const maxDrawn = Math.max(1, clampSize(input.maxDrawnPerLayer ?? DEFAULT_MAX_DRAWN_PER_LAYER));
  const pad = Math.max(0, input.paddingPx ?? 4);
  const sizes = input.layerSizes.map(clampSize);
  const L = sizes.length;

  let tallestDrawn = 0;
  let anyBlock = false;
  for (const n of sizes) {
    if (n > maxDrawn) anyBlock = true;
    else if (n > tallestDrawn) tallestDrawn = n;
  }
  const blockSlots = Math.max(MIN_BLOCK_SLOTS, tallestDrawn);
  const slots = Math.max(1, anyBlock ? blockSlots : tallestDrawn);

  // The largest node side for which the tallest column and all the columns side by side fit.
  const pitchRatio = 1 + GAP_RATIO;
  const byHeight = (height - 2 * pad) / ((slots - 1) * pitchRatio + 2 * HALF_EXTENT);
  const byWidth = (width - 2 * pad) / (Math.max(0, L - 1) * MIN_COLUMN_PITCH + 2 * HALF_EXTENT);
  const requested = Number.isFinite(input.nodeSizePx) && input.nodeSizePx > 0 ? input.nodeSizePx : 0;
  const s = Math.max(0, Math.min(requested, byHeight, byWidth));
  const pitch = s * pitchRatio;
  const biasSize = s * BIAS_RATIO;

  const left = pad + s * HALF_EXTENT;
  const right = width - pad - s * HALF_EXTENT;
  const columnStep = L > 1 ? (right - left) / (L - 1) : 0;
  const midY = height / 2;

  const layers: LayerLayout[] = sizes.map((units, layer) => {
    const x = L > 1 ? left + layer * columnStep : width / 2;
    const hasBias = layer > 0;
    if (units > maxDrawn) {
      const h = (blockSlots - 1) * pitch + s;
      const top = midY - h / 2;
      return {
        layer,
        units,
        x,
        nodes: [],
        block: {
          x,
          y: midY,
          width: s,
          height: h,
          top,
          units,
          label: `${units} units`,
          bias: hasBias ? { x: x - s / 2, y: top + h } : null,
        },
      };
    }
    const nodes: NodeLayout[] = new Array<NodeLayout>(units);
    for (let index = 0; index < units; index++) {
      const y = midY + (index - (units - 1) / 2) * pitch;
      nodes[index] = { layer, index, x, y, bias: hasBias ? { x: x - s / 2, y: y + s / 2 } : null };
    }
    return { layer, units, x, nodes, block: null };
  });

  return { width, height, nodeSizePx: s, biasSizePx: biasSize, pitchPx: pitch, layers };
}

/**
 * Centre of unit `index` of `layer`: the node's centre, or for a block a point spread along the
 * block's height (so edges into a block fan out rather than meet at one point).
 */
export function nodePosition(layout: NetworkLayout, layer: number, index: number): Point {
  const l = layout.layers[layer];
  if (l.block) {
    const b = l.block;
    return { x: b.x, y: b.top + ((index + 0.5) / Math.max(1, b.units)) * b.height };
  }
  const n = l.nodes[index];
  return { x: n.x, y: n.y };
}

/**
 * Endpoints of the edge carrying W[toLayer − 1][from, to] (layout layers: 0 = inputs): it leaves the
 * right side of unit `from` in layer toLayer − 1 and enters the left side of unit `to` in toLayer.
 */
export function edgeEndpoints(
  layout: NetworkLayout,
  toLayer: number,
  from: number,
  to: number,
): { from: Point; to: Point } {
  const half = layout.nodeSizePx / 2;
  const a = nodePosition(layout, toLayer - 1, from);
  const b = nodePosition(layout, toLayer, to);
  a.x += half;
  b.x -= half;
  return { from: a, to: b };
}

function controlOffset(distance: number, curvature: number): number {
  // xyflow's rule: half the horizontal distance forward; when the target is behind, a bulge growing
  // with the square root of the backward distance.
  return distance >= 0 ? 0.5 * distance : curvature * 25 * Math.sqrt(-distance);
}

/**
 * A horizontal cubic Bézier from `from` (leaving to the right) to `to` (entering from the left), as
 * an SVG path string. Starts exactly at `from` and ends exactly at `to`.
 */
export function edgePath(from: Point, to: Point, curvature = 0.25): string {
  const dx = to.x - from.x;
  const c1 = from.x + controlOffset(dx, curvature);
  const c2 = to.x - controlOffset(dx, curvature);
  return `M${from.x},${from.y} C${c1},${from.y} ${c2},${to.y} ${to.x},${to.y}`;
}

export const EDGE_MIN_WIDTH_PX = 0.5;
export const EDGE_MAX_WIDTH_PX = 6;

/**
 * Stroke width for a weight: 6 px × |w| / maxAbs, clamped to [0.5, 6] px (so |w| = maxAbs is the
 * widest and tiny weights stay visible). NaN is drawn at the minimum, ±∞ at the maximum.
 */
export function edgeWidth(w: number, maxAbs: number): number {
  const m = maxAbs > MIN_MAX_ABS ? maxAbs : MIN_MAX_ABS;
  let t = Math.abs(w) / m;
  if (!(t >= 0)) t = 0;
  else if (t > 1) t = 1;
  const px = EDGE_MAX_WIDTH_PX * t;
  return px > EDGE_MIN_WIDTH_PX ? px : EDGE_MIN_WIDTH_PX;
}
