/**
 * The graph's geometry in SVG units, from its shape: every node, edge (or bundle of edges, where a
 * layer is drawn as a block) and bias marker, with its path or centre, its name, and the keyboard
 * order. Pure (as xyflow's edge geometry); built on layoutNetwork(), memoised on the shape.
 */
import type { FeatureId } from '../../engine';
import { LIMITS } from '../../model/config';
import { biasBundleLabel, biasLabel, bundleLabel, nodeLabel, weightLabel } from './descriptions';
import type { NamedShape } from './descriptions';
import type { BundleAxis } from './frameView';
import { EDGE_MAX_WIDTH_PX, edgeEndpoints, edgePath, layoutNetwork, nodePosition } from './layout';
import type { NetworkLayout, Point } from './layout';

/** The SVG's coordinate width; it scales to the panel by CSS. */
export const VIEW_WIDTH = 640;
/**
 * On a phone the graph is about 350 px wide: a narrower coordinate width draws it less scaled down,
 * so the nodes and their values stay readable (the same height, so the columns sit closer).
 */
export const PHONE_VIEW_WIDTH = 400;
/** Room left of the inputs for feature labels, and right of the outputs for ŷ. */
export const GUTTER_LEFT = 64;
const GUTTER_RIGHT = 28;
const NODE_PX = 40;
const MIN_HEIGHT = 180;
const MAX_HEIGHT = 760;
/** Value text under a node only when there is room for it. */
const MIN_NODE_FOR_TEXT = 22;
/** Layers wider than this are drawn as a block. */
export const DRAWN_UNITS: number = LIMITS.drawnUnits;

/**
 * Something on the graph a person can point at, focus or edit: a weight W[i,j], a bundle of weights,
 * a bias, all of a block's biases, or a node. x, y: where its tooltip goes (SVG units, gutter
 * included); label: its name for screen readers.
 */
export type Item =
  | {
      key: string;
      type: 'W';
      layer: number;
      index: number;
      from: number;
      to: number;
      x: number;
      y: number;
      label: string;
    }
  | {
      key: string;
      type: 'agg';
      layer: number;
      axis: BundleAxis;
      at: number;
      x: number;
      y: number;
      label: string;
    }
  | { key: string; type: 'b'; layer: number; index: number; x: number; y: number; label: string }
  | { key: string; type: 'bagg'; layer: number; x: number; y: number; label: string }
  | { key: string; type: 'node'; layer: number; unit: number; x: number; y: number; label: string };

export type NodeItem = Extract<Item, { type: 'node' }>;
export type EdgeItem = Extract<Item, { type: 'W' | 'agg' }>;
export type BiasItem = Extract<Item, { type: 'b' | 'bagg' }>;

export interface EdgeGeom {
  item: EdgeItem;
  /** SVG path, in the inner (translated) coordinates. */
  d: string;
}

export interface NodeGeom {
  item: NodeItem;
  /** Centre, in the inner (translated) coordinates. */
  cx: number;
  cy: number;
}

export interface BiasGeom {
  item: BiasItem;
  cx: number;
  cy: number;
}

export interface Geometry {
  width: number;
  height: number;
  layout: NetworkLayout;
  /** Units per layer: inputs, hidden…, outputs. */
  sizes: number[];
  /** Per weight layer. */
  edges: EdgeGeom[][];
  /** Per layer (drawn nodes only: none for a block). */
  nodes: NodeGeom[][];
  biases: BiasGeom[];
  /** Keyboard order: one column per weight layer (edges, then biases); one per node layer. */
  paramColumns: string[][];
  nodeColumns: string[][];
  items: Map<string, Item>;
}

export function isBlock(units: number): boolean {
  return units > DRAWN_UNITS;
}

export function networkGeometry(
  features: readonly FeatureId[],
  hidden: readonly number[],
  outputs: number,
  viewWidth: number = VIEW_WIDTH,
): Geometry {
  const sizes = [features.length, ...hidden, outputs];
  const named: NamedShape = { sizes, features };
  let tallest = 1;
  for (const n of sizes) tallest = Math.max(tallest, isBlock(n) ? 4 : n);
  const height = Math.round(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, tallest * NODE_PX * 1.5 + 28)));
  const layout = layoutNetwork({
    layerSizes: sizes,
    width: viewWidth - GUTTER_LEFT - GUTTER_RIGHT,
    height,
    nodeSizePx: NODE_PX,
    paddingPx: 14,
    maxDrawnPerLayer: DRAWN_UNITS,
  });
  const half = layout.nodeSizePx / 2;
  const items = new Map<string, Item>();
  const add = <T extends Item>(item: T): T => {
    items.set(item.key, item);
    return item;
  };
  const center = (layer: number): Point => {
    const b = layout.layers[layer].block;
    return b ? { x: b.x, y: b.y } : nodePosition(layout, layer, 0);
  };

  const edges: EdgeGeom[][] = [];
  const biases: BiasGeom[] = [];
  const paramColumns: string[][] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l];
    const units = sizes[l + 1];
    const list: EdgeGeom[] = [];
    const column: string[] = [];
    const push = (item: EdgeItem, from: Point, to: Point): void => {
      list.push({ item: add(item), d: edgePath(from, to) });
      column.push(item.key);
    };
    if (!isBlock(fanIn) && !isBlock(units)) {
      for (let i = 0; i < fanIn; i++) {
        for (let j = 0; j < units; j++) {
          const { from, to } = edgeEndpoints(layout, l + 1, i, j);
          const index = i * units + j;
          const label = weightLabel(named, l, i, j);
          const mid = { x: (from.x + to.x) / 2 + GUTTER_LEFT, y: (from.y + to.y) / 2 };
          push(
            { key: `w:${l}:${index}`, type: 'W', layer: l, index, from: i, to: j, ...mid, label },
            from,
            to,
          );
        }
      }
    } else {
      // A block is drawn as one bundle per drawn node on the other side (or one bundle between two blocks).
      const bundle = (axis: BundleAxis, at: number, a: Point, b: Point): void => {
        const from = { x: a.x + half, y: a.y };
        const to = { x: b.x - half, y: b.y };
        const label = bundleLabel(named, l, axis, at);
        const mid = { x: (from.x + to.x) / 2 + GUTTER_LEFT, y: (from.y + to.y) / 2 };
        push({ key: `a:${l}:${axis}:${at}`, type: 'agg', layer: l, axis, at, ...mid, label }, from, to);
      };
      if (isBlock(fanIn) && isBlock(units)) bundle('all', 0, center(l), center(l + 1));
      else if (isBlock(units)) {
        for (let i = 0; i < fanIn; i++) bundle('row', i, nodePosition(layout, l, i), center(l + 1));
      } else {
        for (let j = 0; j < units; j++) bundle('col', j, center(l), nodePosition(layout, l + 1, j));
      }
    }
    const target = layout.layers[l + 1];
    const markers: { item: BiasItem; at: Point }[] = [];
    if (target.block) {
      const at = target.block.bias;
      if (at) {
        const label = biasBundleLabel(l, units);
        markers.push({
          item: { key: `ba:${l}`, type: 'bagg', layer: l, x: at.x + GUTTER_LEFT, y: at.y, label },
          at,
        });
      }
    } else {
      for (const node of target.nodes) {
        const at = node.bias;
        if (!at) continue;
        const index = node.index;
        const label = biasLabel(named, l, index);
        markers.push({
          item: { key: `b:${l}:${index}`, type: 'b', layer: l, index, x: at.x + GUTTER_LEFT, y: at.y, label },
          at,
        });
      }
    }
    for (const { item, at } of markers) {
      biases.push({ item: add(item), cx: at.x, cy: at.y });
      column.push(item.key);
    }
    edges.push(list);
    paramColumns.push(column);
  }

  const nodes: NodeGeom[][] = layout.layers.map((layer) =>
    layer.nodes.map((node) => {
      const item = add({
        key: `n:${node.layer}:${node.index}`,
        type: 'node',
        layer: node.layer,
        unit: node.index,
        x: node.x + GUTTER_LEFT,
        y: node.y,
        label: nodeLabel(named, node.layer, node.index),
      });
      return { item, cx: node.x, cy: node.y };
    }),
  );
  const nodeColumns = nodes.map((column) => column.map((n) => n.item.key)).filter((c) => c.length > 0);
  return { width: viewWidth, height, layout, sizes, edges, nodes, biases, paramColumns, nodeColumns, items };
}

/** Whether nodes are big enough for their value to be printed under them. */
export function showsNodeValues(geometry: Geometry): boolean {
  return geometry.layout.nodeSizePx >= MIN_NODE_FOR_TEXT;
}

/**
 * Where a node's value goes and how big, in SVG units, for node side `s`: 0.3 s (9 … 12), its
 * baseline 0.375 s below the box, clear of the bias marker at the box's lower-left corner and above
 * the next node (0.5 s below). The graph is drawn at 0.65–0.8 of its units beside the inspector, and
 * 9 units rendered 5.8–7.1 px there: too small to read the numbers the graph shows.
 */
export function nodeValueText(s: number): { fontSize: number; offset: number } {
  return { fontSize: Math.min(12, Math.max(9, 0.3 * s)), offset: s / 2 + 0.375 * s };
}

export function edgeCount(geometry: Geometry): number {
  return geometry.edges.reduce((sum, list) => sum + list.length, 0);
}

/** The strip of the figure (SVG units, gutter included) that weight layer l's edges lie in. */
export function edgeLayerBox(geometry: Geometry, l: number): { x0: number; x1: number } {
  const { layers, nodeSizePx } = geometry.layout;
  const pad = nodeSizePx / 2 + EDGE_MAX_WIDTH_PX;
  return { x0: GUTTER_LEFT + layers[l].x - pad, x1: GUTTER_LEFT + layers[l + 1].x + pad };
}
