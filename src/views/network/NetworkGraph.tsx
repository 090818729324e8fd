/**
 * The network graph: input features, hidden layers and outputs as columns of nodes, each node a small
 * map of its value over the input plane, edges by weight (or gradient, or change, by phase).
 *
 * React renders the structure (which nodes, edges and controls exist) from the coarse config; the hot
 * frame is drawn imperatively from a store subscription at most once per animation frame
 * (useFrameSubscription): edge widths and colours, node colours and values, the neuron maps (one small
 * canvas per node, scaled by CSS), and the live read-outs of the tooltip and the weight editor.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type {
  FocusEvent,
  FormEvent,
  KeyboardEvent,
  MouseEvent,
  PointerEvent as ReactPointerEvent,
  ReactNode,
} from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand';
import { FEATURES, FEATURE_BY_ID } from '../../engine';
import type { Activation, Dataset, FeatureId } from '../../engine';
import type { AppState, HoveredNode } from '../../store/types';
import { LIMITS, OUTPUTS, classCountOf } from '../../model/config';
import type { RunConfig } from '../../model/config';
import type { BatchCache, Frame, FrameGrid, Phase } from '../../worker/protocol';
import { divergingColor, symmetricMax } from '../shared/colors';
import type { Theme } from '../shared/colors';
import { paintHeatmap } from '../shared/heatmap';
import { useFrameSubscription } from '../shared/useFrameSubscription';
import { useStoreApi } from '../shared/useStoreApi';
import { useTheme } from '../shared/useTheme';
import { EDGE_MAX_WIDTH_PX, edgeEndpoints, edgePath, edgeWidth, layoutNetwork, nodePosition } from './layout';
import type { NetworkLayout, Point } from './layout';
import '../views.css';

// ---------------------------------------------------------------------------------------------------
// Geometry (pure, memoised on the structure)

/** The SVG's coordinate width; it scales to the panel by CSS. */
const VIEW_WIDTH = 640;
/** Room left of the inputs for feature labels, and right of the outputs for ŷ. */
const GUTTER_LEFT = 64;
const GUTTER_RIGHT = 28;
const NODE_PX = 40;
const MIN_HEIGHT = 180;
const MAX_HEIGHT = 760;
/** Value text under a node only when there is room for it. */
const MIN_NODE_FOR_TEXT = 22;
/** A new hidden layer gets Playground's two neurons. */
const NEW_LAYER_UNITS = 2;
const DRAWN_UNITS: number = LIMITS.drawnUnits;

type Item =
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
      axis: 'row' | 'col' | 'all';
      at: number;
      x: number;
      y: number;
      label: string;
    }
  | { key: string; type: 'b'; layer: number; index: number; x: number; y: number; label: string }
  | { key: string; type: 'bagg'; layer: number; x: number; y: number; label: string }
  | { key: string; type: 'node'; layer: number; unit: number; x: number; y: number; label: string };

type NodeItem = Extract<Item, { type: 'node' }>;

interface EdgeGeom {
  item: Extract<Item, { type: 'W' | 'agg' }>;
  d: string;
}

interface NodeGeom {
  item: NodeItem;
  /** Centre, in the inner (translated) coordinates. */
  cx: number;
  cy: number;
}

interface BiasGeom {
  item: Extract<Item, { type: 'b' | 'bagg' }>;
  cx: number;
  cy: number;
}

interface Geometry {
  width: number;
  height: number;
  layout: NetworkLayout;
  sizes: number[];
  edges: EdgeGeom[][];
  nodes: NodeGeom[][];
  biases: BiasGeom[];
  /** Keyboard order: one column per weight layer (edges, then biases); one per node layer. */
  paramColumns: string[][];
  nodeColumns: string[][];
  items: Map<string, Item>;
}

function sub(n: number): string {
  return String(n).replace(/\d/g, (d) => '₀₁₂₃₄₅₆₇₈₉'[Number(d)]);
}

/** A unit's name for people: "x₁", "neuron 2 of layer 1", "output", "output 3". */
function unitName(
  sizes: readonly number[],
  features: readonly FeatureId[],
  layer: number,
  unit: number,
): string {
  if (layer === 0) return FEATURE_BY_ID[features[unit]]?.label ?? `input ${unit + 1}`;
  if (layer === sizes.length - 1) return sizes[layer] === 1 ? 'output' : `output ${unit + 1}`;
  return `neuron ${unit + 1} of layer ${layer}`;
}

function isBlock(units: number): boolean {
  return units > DRAWN_UNITS;
}

export function networkGeometry(
  features: readonly FeatureId[],
  hidden: readonly number[],
  outputs: number,
): Geometry {
  const sizes = [features.length, ...hidden, outputs];
  let tallest = 1;
  for (const n of sizes) tallest = Math.max(tallest, isBlock(n) ? 4 : n);
  const height = Math.round(Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, tallest * NODE_PX * 1.5 + 28)));
  const layout = layoutNetwork({
    layerSizes: sizes,
    width: VIEW_WIDTH - GUTTER_LEFT - GUTTER_RIGHT,
    height,
    nodeSizePx: NODE_PX,
    paddingPx: 14,
    maxDrawnPerLayer: DRAWN_UNITS,
  });
  const s = layout.nodeSizePx;
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
    const fromBlock = isBlock(fanIn);
    const toBlock = isBlock(units);
    const list: EdgeGeom[] = [];
    const column: string[] = [];
    const W = `W${sub(l + 1)}`;
    if (!fromBlock && !toBlock) {
      for (let i = 0; i < fanIn; i++) {
        for (let j = 0; j < units; j++) {
          const { from, to } = edgeEndpoints(layout, l + 1, i, j);
          const index = i * units + j;
          const item = add({
            key: `w:${l}:${index}`,
            type: 'W',
            layer: l,
            index,
            from: i,
            to: j,
            x: (from.x + to.x) / 2 + GUTTER_LEFT,
            y: (from.y + to.y) / 2,
            label: `Weight ${W}[${i + 1},${j + 1}] from ${unitName(sizes, features, l, i)} to ${unitName(sizes, features, l + 1, j)}`,
          });
          list.push({ item, d: edgePath(from, to) });
          column.push(item.key);
        }
      }
    } else {
      // A block is drawn as one bundle per drawn node on the other side (or one bundle between two blocks).
      const half = s / 2;
      const pushAgg = (axis: 'row' | 'col' | 'all', at: number, a: Point, b: Point, what: string): void => {
        const from = { x: a.x + half, y: a.y };
        const to = { x: b.x - half, y: b.y };
        const item = add({
          key: `a:${l}:${axis}:${at}`,
          type: 'agg',
          layer: l,
          axis,
          at,
          x: (from.x + to.x) / 2 + GUTTER_LEFT,
          y: (from.y + to.y) / 2,
          label: `Weights ${W} ${what}`,
        });
        list.push({ item, d: edgePath(from, to) });
        column.push(item.key);
      };
      if (fromBlock && toBlock) pushAgg('all', 0, center(l), center(l + 1), `(${fanIn} × ${units})`);
      else if (toBlock) {
        for (let i = 0; i < fanIn; i++) {
          pushAgg(
            'row',
            i,
            nodePosition(layout, l, i),
            center(l + 1),
            `from ${unitName(sizes, features, l, i)} (${units} weights)`,
          );
        }
      } else {
        for (let j = 0; j < units; j++) {
          pushAgg(
            'col',
            j,
            center(l),
            nodePosition(layout, l + 1, j),
            `to ${unitName(sizes, features, l + 1, j)} (${fanIn} weights)`,
          );
        }
      }
    }
    const target = layout.layers[l + 1];
    const b = `b${sub(l + 1)}`;
    if (target.block) {
      const p = target.block.bias;
      if (p) {
        const item = add({
          key: `ba:${l}`,
          type: 'bagg',
          layer: l,
          x: p.x + GUTTER_LEFT,
          y: p.y,
          label: `Biases ${b} (${units} values)`,
        });
        biases.push({ item, cx: p.x, cy: p.y });
        column.push(item.key);
      }
    } else {
      for (const node of target.nodes) {
        if (!node.bias) continue;
        const item = add({
          key: `b:${l}:${node.index}`,
          type: 'b',
          layer: l,
          index: node.index,
          x: node.bias.x + GUTTER_LEFT,
          y: node.bias.y,
          label: `Bias ${b}[${node.index + 1}] of ${unitName(sizes, features, l + 1, node.index)}`,
        });
        biases.push({ item, cx: node.bias.x, cy: node.bias.y });
        column.push(item.key);
      }
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
        label:
          node.layer === 0
            ? `Input ${unitName(sizes, features, 0, node.index)}`
            : node.layer === sizes.length - 1
              ? sizes[node.layer] === 1
                ? 'Output'
                : `Output ${node.index + 1}`
              : `Neuron ${node.index + 1} of layer ${node.layer}`,
      });
      return { item, cx: node.x, cy: node.y };
    }),
  );
  const nodeColumns = nodes.map((column) => column.map((n) => n.item.key)).filter((c) => c.length > 0);
  return { width: VIEW_WIDTH, height, layout, sizes, edges, nodes, biases, paramColumns, nodeColumns, items };
}

/** The key an arrow key moves to in a grid of columns (Left/Right keep the relative position). */
function moveInColumns(
  columns: string[][],
  key: string,
  direction: 'up' | 'down' | 'left' | 'right' | 'home' | 'end',
): string | null {
  let c = -1;
  let r = -1;
  for (let i = 0; i < columns.length && c < 0; i++) {
    const j = columns[i].indexOf(key);
    if (j >= 0) {
      c = i;
      r = j;
    }
  }
  if (c < 0) return columns[0]?.[0] ?? null;
  const col = columns[c];
  switch (direction) {
    case 'up':
      return col[Math.max(0, r - 1)];
    case 'down':
      return col[Math.min(col.length - 1, r + 1)];
    case 'home':
      return col[0];
    case 'end':
      return col[col.length - 1];
    case 'left':
    case 'right': {
      const next = columns[c + (direction === 'left' ? -1 : 1)];
      if (!next || next.length === 0) return key;
      const t = col.length > 1 ? r / (col.length - 1) : 0;
      return next[Math.round(t * (next.length - 1))];
    }
  }
}

const ARROWS: Record<string, 'up' | 'down' | 'left' | 'right' | 'home' | 'end'> = {
  ArrowUp: 'up',
  ArrowDown: 'down',
  ArrowLeft: 'left',
  ArrowRight: 'right',
  Home: 'home',
  End: 'end',
};

// ---------------------------------------------------------------------------------------------------
// Numbers

/** Compact number for node labels: 3 significant digits, Unicode minus, '—' for none. */
function short(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e4 || a < 1e-3 ? v.toExponential(1) : String(+v.toPrecision(3));
  return s.replace('-', '−');
}

/** Number for read-outs: 4 significant digits. */
function precise(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e5 || a < 1e-4 ? v.toExponential(3) : String(+v.toPrecision(4));
  return s.replace('-', '−');
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** Largest |value| the editor accepts (beyond it the run would just diverge at once). */
const MAX_EDIT_ABS = 1e6;

/** Parses what the user typed in the weight editor: a number, or an error message. */
export function parseWeightInput(text: string): { value: number } | { error: string } {
  const t = text.trim().replace(/\u2212/g, '-');
  if (t === '') return { error: 'Enter a number.' };
  if (!DECIMAL.test(t)) return { error: `“${text.trim()}” is not a number.` };
  const value = Number(t);
  if (!Number.isFinite(value)) return { error: `“${text.trim()}” is too large.` };
  if (Math.abs(value) > MAX_EDIT_ABS)
    return { error: `Use a value between −${MAX_EDIT_ABS} and ${MAX_EDIT_ABS}.` };
  return { value };
}

// ---------------------------------------------------------------------------------------------------
// Frame → what to show

type EdgeMode = 'W' | 'dW' | 'delta';

interface PhaseView {
  /** Layout layers (0 = inputs) highlighted; null: nothing dimmed. */
  activeNodes: Set<number> | null;
  /** Weight layers highlighted; null: nothing dimmed. */
  activeWeights: Set<number> | null;
  /** Whether nodes show dZ (where computed) instead of A. */
  nodesByGradient: boolean;
  edgeMode: (layer: number, batch: BatchCache | null) => EdgeMode;
}

function phaseView(phase: Phase, layers: number, hasPrev: boolean): PhaseView {
  const byWeight = (): EdgeMode => 'W';
  switch (phase.kind) {
    case 'forward':
      return {
        activeNodes: new Set([phase.layer + 1]),
        activeWeights: new Set([phase.layer]),
        nodesByGradient: false,
        edgeMode: byWeight,
      };
    case 'loss':
      return {
        activeNodes: new Set([layers]),
        activeWeights: new Set(),
        nodesByGradient: true,
        edgeMode: byWeight,
      };
    case 'backward':
      return {
        activeNodes: new Set([phase.layer, phase.layer + 1]),
        activeWeights: new Set([phase.layer]),
        nodesByGradient: true,
        edgeMode: (layer, batch) => (batch?.dW[layer] ? 'dW' : 'W'),
      };
    case 'update':
      return {
        activeNodes: null,
        activeWeights: null,
        nodesByGradient: false,
        edgeMode: () => (hasPrev ? 'delta' : 'W'),
      };
    default:
      return { activeNodes: null, activeWeights: null, nodesByGradient: false, edgeMode: byWeight };
  }
}

/** Centre and half-range for colouring an activation's values (undefined maxAbs: fit the data). */
function activationScale(activation: Activation): { center: number; maxAbs: number | undefined } {
  switch (activation) {
    case 'tanh':
      return { center: 0, maxAbs: 1 };
    case 'sigmoid':
    case 'softmax':
      return { center: 0.5, maxAbs: 0.5 };
    default:
      return { center: 0, maxAbs: undefined };
  }
}

/** Mean over the batch's rows of column j, or row `row`'s value when a row is selected. */
function columnValue(data: Float32Array, n: number, units: number, j: number, row: number | null): number {
  if (row !== null) return data[row * units + j];
  let sum = 0;
  for (let r = 0; r < n; r++) sum += data[r * units + j];
  return n > 0 ? sum / n : NaN;
}

// ---------------------------------------------------------------------------------------------------
// Imperative drawing

/**
 * Above this many drawn edges the visible strokes go on canvases, one per weight layer, instead of
 * one SVG path each (the invisible hit paths stay in the SVG, so hover, focus, editing and the
 * accessibility tree are the same). Measured in Chromium without a GPU: 8 layers of 32 (7 264 edges)
 * as SVG paths drew at ~9 frames per second with 50–190 ms long tasks, most of it painting and
 * rastering every path every frame; one canvas for all of them still cost ~45 ms per repaint. Per
 * layer, and while playing at most one layer repainted per animation frame (round robin), each frame
 * rasters about a thousand curves at most. A 6×8 network (344 edges) keeps its SVG strokes.
 */
export const CANVAS_EDGES_ABOVE = 1000;

/** The strip of the figure (SVG units, gutter included) that weight layer l's edges lie in. */
function edgeLayerBox(geometry: Geometry, l: number): { x0: number; x1: number } {
  const { layers, nodeSizePx } = geometry.layout;
  const pad = nodeSizePx / 2 + EDGE_MAX_WIDTH_PX;
  return { x0: GUTTER_LEFT + layers[l].x - pad, x1: GUTTER_LEFT + layers[l + 1].x + pad };
}

interface MapTarget {
  canvas: HTMLCanvasElement;
  layer: number;
  unit: number;
  image: ImageData | null;
}

interface Elements {
  /**
   * Edges per weight layer, by W index (individual) or bundle order: the visible SVG path, or (big
   * networks) the path to stroke on its layer's canvas; `stroke` and `width` are what was drawn last.
   */
  edges: {
    el: SVGPathElement | null;
    path: Path2D | null;
    item: Extract<Item, { type: 'W' | 'agg' }>;
    stroke: string;
    width: number;
  }[][];
  /** Per weight layer, the canvas its edges are drawn on (big networks), or null (SVG strokes). */
  edgeCanvases: (HTMLCanvasElement | null)[];
  /** Per weight layer: the opacity its edges were drawn with (phase highlighting). */
  edgeAlpha: number[];
  /** Per weight layer: its canvas no longer shows the latest strokes. */
  edgeLayerDirty: boolean[];
  /** The layer the round robin repaints next while playing. */
  nextEdgeLayer: number;
  nodes: { rect: SVGRectElement; text: SVGTextElement | null; item: NodeItem; stroke: string }[][];
  /** Bias markers per weight layer. */
  biases: { el: SVGRectElement; item: Extract<Item, { type: 'b' | 'bagg' }>; fill: string }[][];
  nodeLayers: SVGGElement[];
  edgeLayers: SVGGElement[];
  maps: MapTarget[];
  /** The grid the maps are being painted from, how many of them still show an older one, and where
   * the round robin goes on (see paintMaps). */
  mapsGrid: FrameGrid | null;
  mapsLeft: number;
  nextMap: number;
  scratch: Float32Array;
  /** ΔW and Δb of one layer in the update phase (reused). */
  delta: Float64Array;
  biasDelta: Float64Array;
}

function collectElements(root: HTMLElement, geometry: Geometry): Elements {
  const byKey = <T extends Element>(selector: string): Map<string, T> => {
    const map = new Map<string, T>();
    root.querySelectorAll<T>(selector).forEach((el) => {
      const key = el.getAttribute('data-for');
      if (key) map.set(key, el);
    });
    return map;
  };
  const edgeEls = byKey<SVGPathElement>('path[data-edge]');
  const nodeRects = byKey<SVGRectElement>('rect[data-node-frame]');
  const nodeTexts = byKey<SVGTextElement>('text[data-node-value]');
  const biasEls = byKey<SVGRectElement>('rect[data-bias]');
  let maxW = 0;
  for (let l = 0; l + 1 < geometry.sizes.length; l++)
    maxW = Math.max(maxW, geometry.sizes[l] * geometry.sizes[l + 1]);
  const edgeCanvases = geometry.edges.map((_, l) =>
    root.querySelector<HTMLCanvasElement>(`canvas[data-edges-canvas="${l}"]`),
  );
  const canPath = typeof Path2D === 'function';
  return {
    edges: geometry.edges.map((list, l) =>
      list.flatMap((e) => {
        const el = edgeEls.get(e.item.key) ?? null;
        const path = el === null && edgeCanvases[l] && canPath ? new Path2D(e.d) : null;
        return el || path ? [{ el, path, item: e.item, stroke: '', width: -1 }] : [];
      }),
    ),
    edgeCanvases,
    edgeAlpha: geometry.edges.map(() => -1),
    edgeLayerDirty: geometry.edges.map(() => true),
    nextEdgeLayer: 0,
    nodes: geometry.nodes.map((column) =>
      column.flatMap((n) => {
        const rect = nodeRects.get(n.item.key);
        return rect ? [{ rect, text: nodeTexts.get(n.item.key) ?? null, item: n.item, stroke: '' }] : [];
      }),
    ),
    biases: geometry.edges.map((_, l) =>
      geometry.biases.flatMap((b) => {
        const el = b.item.layer === l ? biasEls.get(b.item.key) : undefined;
        return el ? [{ el, item: b.item, fill: '' }] : [];
      }),
    ),
    nodeLayers: Array.from(root.querySelectorAll<SVGGElement>('g[data-node-layer]')),
    edgeLayers: Array.from(root.querySelectorAll<SVGGElement>('g[data-edge-layer]')),
    maps: Array.from(root.querySelectorAll<HTMLCanvasElement>('canvas[data-map]')).map((canvas) => {
      const [layer, unit] = (canvas.getAttribute('data-map') ?? '0:0').split(':').map(Number);
      return { canvas, layer, unit, image: null };
    }),
    mapsGrid: null,
    mapsLeft: 0,
    nextMap: 0,
    scratch: new Float32Array(0),
    delta: new Float64Array(maxW),
    biasDelta: new Float64Array(0),
  };
}

function setState(el: Element, value: string): void {
  if (el.getAttribute('data-state') !== value) el.setAttribute('data-state', value);
}

/** Values of one bundle of a block layer: RMS for the width, the mean's sign for the colour. */
function bundleValue(
  values: ArrayLike<number>,
  fanIn: number,
  units: number,
  axis: 'row' | 'col' | 'all',
  at: number,
): { rms: number; mean: number } {
  let sum = 0;
  let sq = 0;
  let n = 0;
  const addOne = (v: number): void => {
    if (v - v === 0) {
      sum += v;
      sq += v * v;
      n++;
    }
  };
  if (axis === 'row') for (let j = 0; j < units; j++) addOne(values[at * units + j]);
  else if (axis === 'col') for (let i = 0; i < fanIn; i++) addOne(values[i * units + at]);
  else for (let k = 0; k < fanIn * units; k++) addOne(values[k]);
  return n > 0 ? { rms: Math.sqrt(sq / n), mean: sum / n } : { rms: NaN, mean: NaN };
}

interface DrawContext {
  geometry: Geometry;
  elements: Elements;
  theme: Theme;
  activation: Activation;
  outputActivation: Activation;
}

function edgeValues(frame: Frame, l: number, mode: EdgeMode, els: Elements): ArrayLike<number> | null {
  const p = frame.params[l];
  if (!p) return null;
  if (mode === 'dW') return frame.batch?.dW[l] ?? p.W;
  if (mode === 'delta') {
    const prev = frame.prevParams?.[l];
    if (!prev || prev.W.length !== p.W.length) return p.W;
    const d = els.delta;
    for (let k = 0; k < p.W.length; k++) d[k] = p.W[k] - prev.W[k];
    return d.length === p.W.length ? d : d.subarray(0, p.W.length);
  }
  return p.W;
}

/**
 * Strokes weight layer l's edges on its canvas, in the SVG's coordinates (its strip of the viewBox
 * scaled to the canvas) at the device's pixel ratio. The whole strip is redrawn: one edge's change
 * can show through any other's.
 */
function paintEdgeLayer(elements: Elements, geometry: Geometry, l: number): void {
  elements.edgeLayerDirty[l] = false;
  const canvas = elements.edgeCanvases[l];
  const g = canvas?.getContext('2d');
  if (!canvas || !g) return;
  const ratio = typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? devicePixelRatio : 1;
  const pixelWidth = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const pixelHeight = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== pixelWidth) canvas.width = pixelWidth;
  if (canvas.height !== pixelHeight) canvas.height = pixelHeight;
  const { x0, x1 } = edgeLayerBox(geometry, l);
  g.setTransform(1, 0, 0, 1, 0, 0);
  g.clearRect(0, 0, pixelWidth, pixelHeight);
  g.setTransform(pixelWidth / (x1 - x0), 0, 0, pixelHeight / geometry.height, 0, 0);
  g.translate(GUTTER_LEFT - x0, 0);
  g.lineCap = 'round';
  g.globalAlpha = elements.edgeAlpha[l] >= 0 ? elements.edgeAlpha[l] : 1;
  for (const e of elements.edges[l]) {
    if (!e.path) continue;
    g.strokeStyle = e.stroke;
    g.lineWidth = e.width;
    g.stroke(e.path);
  }
}

/**
 * Repaints the edge canvases that changed: all of them when paused (a step shows at once); while
 * playing, at most one per animation frame, taking turns, so no frame rasters the whole network.
 */
function paintEdgeCanvases(elements: Elements, geometry: Geometry, playing: boolean): void {
  const count = elements.edgeCanvases.length;
  for (let k = 0; k < count; k++) {
    const l = (elements.nextEdgeLayer + k) % count;
    if (!elements.edgeCanvases[l] || !elements.edgeLayerDirty[l]) continue;
    paintEdgeLayer(elements, geometry, l);
    if (playing) {
      elements.nextEdgeLayer = (l + 1) % count;
      return;
    }
  }
}

function drawEdges(ctx: DrawContext, frame: Frame, view: PhaseView): void {
  const { geometry, elements, theme } = ctx;
  const { sizes } = geometry;
  // Weights share one scale across layers so widths compare; gradients and changes are per layer
  // (their magnitudes differ by orders between layers).
  let maxAbsW = 0;
  for (let l = 0; l < elements.edges.length; l++) {
    const W = frame.params[l]?.W;
    if (W) maxAbsW = Math.max(maxAbsW, symmetricMax(W));
  }
  for (let l = 0; l < elements.edges.length; l++) {
    const fanIn = sizes[l];
    const units = sizes[l + 1];
    const group = elements.edgeLayers[l];
    const mode = view.edgeMode(l, frame.batch);
    const state = view.activeWeights === null ? '' : view.activeWeights.has(l) ? 'active' : 'dim';
    if (group) {
      setState(group, state);
      if (group.getAttribute('data-mode') !== mode) group.setAttribute('data-mode', mode);
    }
    // On the canvas, the CSS rule for dim layers (opacity 0.3) is the layer's alpha.
    const alpha = state === 'dim' ? 0.3 : 1;
    if (elements.edgeAlpha[l] !== alpha) {
      elements.edgeAlpha[l] = alpha;
      elements.edgeLayerDirty[l] = true;
    }
    let values = edgeValues(frame, l, mode, elements);
    if (values && values.length !== fanIn * units) values = null;
    const maxAbs = values ? (mode === 'W' ? maxAbsW : symmetricMax(values)) : 1;
    for (const e of elements.edges[l]) {
      let v = NaN;
      let w = NaN;
      if (values) {
        if (e.item.type === 'W') v = w = values[e.item.index];
        else {
          const b = bundleValue(values, fanIn, units, e.item.axis, e.item.at);
          v = b.mean;
          w = b.rms;
        }
      }
      const stroke = divergingColor(v, maxAbs, theme);
      const width = Math.round(edgeWidth(w, maxAbs) * 10) / 10;
      if (stroke !== e.stroke) {
        e.el?.setAttribute('stroke', stroke);
        e.stroke = stroke;
        elements.edgeLayerDirty[l] = true;
      }
      if (width !== e.width) {
        e.el?.setAttribute('stroke-width', String(width));
        e.width = width;
        elements.edgeLayerDirty[l] = true;
      }
    }
  }
  paintEdgeCanvases(elements, geometry, frame.playing);
  // Biases: by b (one scale for all layers), or db in backward phases, or Δb in the update phase.
  let maxAbsB = 0;
  for (const p of frame.params) maxAbsB = Math.max(maxAbsB, symmetricMax(p.b));
  for (let l = 0; l < elements.biases.length; l++) {
    const p = frame.params[l];
    const units = sizes[l + 1];
    let values: ArrayLike<number> | null = p && p.b.length === units ? p.b : null;
    let maxAbs = maxAbsB;
    const mode = view.edgeMode(l, frame.batch);
    const db = frame.batch?.db[l];
    const prevB = frame.prevParams?.[l]?.b;
    if (values && mode === 'dW' && db && db.length === units) {
      values = db;
      maxAbs = symmetricMax(db);
    } else if (p && values && mode === 'delta' && prevB && prevB.length === units) {
      if (elements.biasDelta.length < units) elements.biasDelta = new Float64Array(units);
      const d = elements.biasDelta;
      for (let j = 0; j < units; j++) d[j] = p.b[j] - prevB[j];
      values = d.subarray(0, units);
      maxAbs = symmetricMax(values);
    }
    for (const bias of elements.biases[l]) {
      let value = NaN;
      if (values)
        value =
          bias.item.type === 'b' ? values[bias.item.index] : bundleValue(values, 1, units, 'row', 0).mean;
      const fill = divergingColor(value, maxAbs, theme);
      if (fill !== bias.fill) {
        bias.el.setAttribute('fill', fill);
        bias.fill = fill;
      }
    }
  }
}

function drawNodes(ctx: DrawContext, state: AppState, frame: Frame, view: PhaseView): void {
  const { geometry, elements, theme } = ctx;
  const batch = frame.batch;
  const L = geometry.sizes.length - 1;
  const hovered = state.ui.hoveredNode;
  const selected = state.ui.selectedExample;
  for (let ll = 0; ll < elements.nodes.length; ll++) {
    const group = elements.nodeLayers[ll];
    if (group) setState(group, view.activeNodes === null ? '' : view.activeNodes.has(ll) ? 'active' : 'dim');
    const units = geometry.sizes[ll];
    let data: Float32Array | null = null;
    let center = 0;
    let maxAbs: number | undefined;
    if (batch) {
      if (ll === 0) {
        data = batch.X;
      } else {
        const dZ = view.nodesByGradient ? batch.dZ[ll - 1] : null;
        if (dZ) data = dZ;
        else {
          data = batch.A[ll - 1];
          ({ center, maxAbs } = activationScale(ll === L ? ctx.outputActivation : ctx.activation));
        }
      }
    }
    const n = batch?.n ?? 0;
    if (data && data.length !== n * units) data = null;
    const row = selected !== null && selected >= 0 && selected < n ? selected : null;
    const scale = maxAbs ?? (data ? Math.max(symmetricMax(data), 1e-9) : 1);
    for (const node of elements.nodes[ll]) {
      const v = data ? columnValue(data, n, units, node.item.unit, row) : NaN;
      const stroke = divergingColor(v - center, scale, theme);
      if (stroke !== node.stroke) {
        node.rect.setAttribute('stroke', stroke);
        node.stroke = stroke;
      }
      const isHovered = hovered !== null && hovered.layer === ll - 1 && hovered.unit === node.item.unit;
      if ((node.rect.getAttribute('data-hovered') === 'true') !== isHovered) {
        node.rect.setAttribute('data-hovered', String(isHovered));
      }
      if (node.text) {
        const text = short(v);
        if (node.text.textContent !== text) node.text.textContent = text;
      }
    }
  }
}

/**
 * While training plays, at most this many neuron maps are repainted per animation frame, taking
 * turns (a big network has up to 8 × 32 of them: repainting all 256 with every grid made 50–100 ms
 * long tasks in Chromium without a GPU). Paused, every map shows the latest grid at once.
 */
export const MAPS_PER_FRAME_PLAYING = 48;

/**
 * Paints the neuron maps from `grid`: the maps not yet painted from it, all of them when paused,
 * else up to MAPS_PER_FRAME_PLAYING, continuing round robin on the next call.
 */
function paintMaps(ctx: DrawContext, grid: FrameGrid, playing: boolean): void {
  const { elements, theme, geometry } = ctx;
  if (elements.mapsGrid !== grid) {
    elements.mapsGrid = grid;
    elements.mapsLeft = elements.maps.length;
  }
  const count = playing ? Math.min(elements.mapsLeft, MAPS_PER_FRAME_PLAYING) : elements.mapsLeft;
  if (count === 0) return;
  const res = grid.resolution;
  const cells = res * res;
  if (elements.scratch.length !== cells) elements.scratch = new Float32Array(cells);
  const scratch = elements.scratch;
  const L = geometry.sizes.length - 1;
  const batch: MapTarget[] = [];
  for (let k = 0; k < count; k++) batch.push(elements.maps[(elements.nextMap + k) % elements.maps.length]);
  elements.nextMap = (elements.nextMap + count) % elements.maps.length;
  elements.mapsLeft -= count;
  for (const map of batch) {
    const { canvas, layer, unit } = map;
    if (canvas.width !== res) canvas.width = res;
    if (canvas.height !== res) canvas.height = res;
    const g = canvas.getContext('2d');
    if (!g) continue;
    let source: ArrayLike<number> | null = null;
    let center = 0;
    let maxAbs: number | undefined;
    if (layer === 0) {
      source = grid.features.length === geometry.sizes[0] ? (grid.features[unit] ?? null) : null;
    } else {
      const units = geometry.sizes[layer];
      const values = grid.neurons?.[layer - 1] ?? (layer === L ? grid.outputs : null);
      if (values && values.length === cells * units) {
        for (let p = 0; p < cells; p++) scratch[p] = values[p * units + unit];
        source = scratch;
      }
      ({ center, maxAbs } = activationScale(layer === L ? ctx.outputActivation : ctx.activation));
    }
    if (!source || source.length < cells) {
      g.clearRect(0, 0, res, res);
      continue;
    }
    if (!map.image || map.image.width !== res) map.image = g.createImageData(res, res);
    paintHeatmap(source, res, res, { center, maxAbs, theme }, map.image.data);
    g.putImageData(map.image, 0, 0);
  }
}

/** The live read-out for an item: the value and, for parameters, the latest gradient. */
function describe(item: Item, state: AppState, geometry: Geometry): string {
  const frame = state.frame;
  if (!frame) return item.label;
  const { sizes } = geometry;
  switch (item.type) {
    case 'W': {
      const w = frame.params[item.layer]?.W[item.index];
      const g = frame.batch?.dW[item.layer]?.[item.index];
      const prev = frame.prevParams?.[item.layer]?.W[item.index];
      const change = prev !== undefined && w !== undefined ? ` (was ${precise(prev)})` : '';
      return `w = ${precise(w)}${change} · ∂L/∂w = ${precise(g)}`;
    }
    case 'b': {
      const b = frame.params[item.layer]?.b[item.index];
      const g = frame.batch?.db[item.layer]?.[item.index];
      const prev = frame.prevParams?.[item.layer]?.b[item.index];
      const change = prev !== undefined && b !== undefined ? ` (was ${precise(prev)})` : '';
      return `b = ${precise(b)}${change} · ∂L/∂b = ${precise(g)}`;
    }
    case 'agg': {
      const W = frame.params[item.layer]?.W;
      if (!W) return item.label;
      const { rms, mean } = bundleValue(W, sizes[item.layer], sizes[item.layer + 1], item.axis, item.at);
      return `mean w = ${precise(mean)} · RMS = ${precise(rms)}`;
    }
    case 'bagg': {
      const b = frame.params[item.layer]?.b;
      if (!b) return item.label;
      const { rms, mean } = bundleValue(b, 1, b.length, 'row', 0);
      return `mean b = ${precise(mean)} · RMS = ${precise(rms)}`;
    }
    case 'node': {
      const batch = frame.batch;
      const units = sizes[item.layer];
      const row =
        state.ui.selectedExample !== null && batch && state.ui.selectedExample < batch.n
          ? state.ui.selectedExample
          : null;
      const which = row === null ? 'batch mean' : `example ${row + 1}`;
      if (!batch) return `${which}: —`;
      const n = batch.n;
      const read = (data: Float32Array | null | undefined): number =>
        data && data.length === n * units ? columnValue(data, n, units, item.unit, row) : NaN;
      if (item.layer === 0) return `${which}: ${precise(read(batch.X))}`;
      const l = item.layer - 1;
      const parts = [`z = ${precise(read(batch.Z[l]))}`, `a = ${precise(read(batch.A[l]))}`];
      const dZ = batch.dZ[l];
      if (dZ) parts.push(`∂L/∂z = ${precise(read(dZ))}`);
      const b = frame.params[l]?.b[item.unit];
      if (b !== undefined) parts.push(`b = ${precise(b)}`);
      return `${which}: ${parts.join(' · ')}`;
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Components

interface Editing {
  kind: 'W' | 'b';
  layer: number;
  index: number;
  key: string;
  title: string;
  initial: string;
  x: number;
  y: number;
}

function percent(v: number, of: number): string {
  return `${((v / of) * 100).toFixed(3)}%`;
}

function WeightEditor({
  editing,
  width,
  height,
  infoRef,
  onApply,
  onCancel,
}: {
  editing: Editing;
  width: number;
  height: number;
  infoRef: (el: HTMLElement | null) => void;
  onApply: (value: number) => void;
  onCancel: () => void;
}) {
  const [draft, setDraft] = useState(editing.initial);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    inputRef.current?.focus();
    inputRef.current?.select();
  }, []);
  const errorId = `nn-edit-error-${editing.key.replace(/:/g, '-')}`;
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const parsed = parseWeightInput(draft);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    onApply(parsed.value);
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    }
  };
  return (
    <form
      className="nn-editor"
      style={{ left: percent(editing.x, width), top: percent(editing.y, height) }}
      onSubmit={submit}
      onKeyDown={onKeyDown}
      aria-label={`Edit ${editing.title}`}
    >
      <label>
        <span className="nn-editor-title">{editing.title}</span>
        <input
          ref={inputRef}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          aria-label={`New value for ${editing.title}`}
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
          value={draft}
          onChange={(e) => {
            setDraft(e.target.value);
            if (error) setError(null);
          }}
        />
      </label>
      <button type="submit">Set</button>
      <button type="button" aria-label="Cancel editing" onClick={onCancel}>
        ✕
      </button>
      <span className="nn-editor-info" ref={infoRef} />
      {error ? (
        <p className="nn-editor-error" role="alert" id={errorId}>
          {error}
        </p>
      ) : null}
    </form>
  );
}

interface StructureProps {
  geometry: Geometry;
  features: readonly FeatureId[];
  showText: boolean;
  /** The visible strokes are drawn on a canvas (big networks): render only the hit paths. */
  canvasEdges: boolean;
}

/** The SVG content for a structure; memoised so hover and editing do not re-render hundreds of paths. */
const GraphStructure = memo(function GraphStructure({
  geometry,
  features,
  showText,
  canvasEdges,
}: StructureProps) {
  const { layout, sizes } = geometry;
  const s = layout.nodeSizePx;
  const L = sizes.length - 1;
  const firstParam = geometry.paramColumns[0]?.[0];
  const firstNode = geometry.nodeColumns[0]?.[0];
  return (
    <g transform={`translate(${GUTTER_LEFT},0)`}>
      <g className="nn-edges" data-roving="params">
        {geometry.edges.map((list, l) => (
          <g key={l} data-edge-layer={l} className="nn-edge-layer">
            {!canvasEdges &&
              list.map(({ item, d }) => (
                <path
                  key={item.key}
                  d={d}
                  data-edge=""
                  data-for={item.key}
                  className="nn-edge"
                  fill="none"
                  stroke="currentColor"
                  strokeWidth={1}
                />
              ))}
            {list.map(({ item, d }) => (
              <path
                key={`hit-${item.key}`}
                d={d}
                className="nn-edge-hit"
                data-key={item.key}
                role="button"
                tabIndex={item.key === firstParam ? 0 : -1}
                aria-label={item.label}
                fill="none"
              />
            ))}
          </g>
        ))}
      </g>
      <g className="nn-nodes" data-roving="nodes">
        {layout.layers.map((layer) => (
          <g key={layer.layer} data-node-layer={layer.layer} className="nn-node-layer">
            {layer.block ? (
              <g className="nn-block">
                <rect
                  x={layer.block.x - layer.block.width / 2}
                  y={layer.block.top}
                  width={layer.block.width}
                  height={layer.block.height}
                  rx={3}
                />
                <text
                  x={layer.block.x}
                  y={layer.block.y}
                  textAnchor="middle"
                  dominantBaseline="middle"
                  className="nn-block-label"
                  transform={`rotate(-90 ${layer.block.x} ${layer.block.y})`}
                >
                  {layer.block.label}
                </text>
              </g>
            ) : null}
            {geometry.nodes[layer.layer].map(({ item, cx, cy }) => (
              <g key={item.key}>
                <rect
                  data-node-frame=""
                  data-for={item.key}
                  data-key={item.key}
                  className="nn-node"
                  x={cx - s / 2}
                  y={cy - s / 2}
                  width={s}
                  height={s}
                  rx={2}
                  role="button"
                  tabIndex={item.key === firstNode ? 0 : -1}
                  aria-label={item.label}
                />
                {showText ? (
                  <text
                    data-node-value=""
                    data-for={item.key}
                    className="nn-node-value"
                    x={cx}
                    y={cy + s / 2 + 10}
                    textAnchor="middle"
                    aria-hidden="true"
                  >
                    —
                  </text>
                ) : null}
                {layer.layer === 0 ? (
                  <text
                    className="nn-input-label"
                    x={cx - s / 2 - 6}
                    y={cy}
                    textAnchor="end"
                    dominantBaseline="middle"
                    aria-hidden="true"
                  >
                    {FEATURE_BY_ID[features[item.unit]]?.label ?? ''}
                  </text>
                ) : null}
                {layer.layer === L ? (
                  <text
                    className="nn-output-label"
                    x={cx + s / 2 + 5}
                    y={cy}
                    dominantBaseline="middle"
                    aria-hidden="true"
                  >
                    {sizes[L] === 1 ? 'ŷ' : `ŷ${sub(item.unit + 1)}`}
                  </text>
                ) : null}
              </g>
            ))}
          </g>
        ))}
      </g>
      <g className="nn-biases">
        {geometry.biases.map(({ item, cx, cy }) => (
          <rect
            key={item.key}
            data-bias=""
            data-for={item.key}
            data-key={item.key}
            className="nn-bias"
            x={cx - layout.biasSizePx / 2}
            y={cy - layout.biasSizePx / 2}
            width={layout.biasSizePx}
            height={layout.biasSizePx}
            role="button"
            tabIndex={-1}
            aria-label={item.label}
          />
        ))}
      </g>
    </g>
  );
});

/** Output units: k for softmax (k from the custom data when drawn), else 1. */
function outputCount(config: RunConfig, customData: Dataset | null): number {
  if (config.output !== 'softmax-ce') return 1;
  return customData && customData.classes > 2 ? customData.classes : Math.max(2, classCountOf(config));
}

function sameHovered(a: HoveredNode | null, b: HoveredNode | null): boolean {
  return a === b || (a !== null && b !== null && a.layer === b.layer && a.unit === b.unit);
}

export interface NetworkGraphProps {
  /** The store to show; default: the app's (context or singleton). */
  store?: StoreApi<AppState>;
}

export function NetworkGraph({ store: storeProp }: NetworkGraphProps = {}) {
  const store = useStoreApi(storeProp);
  const config = useStore(store, (s) => s.config);
  const customData = useStore(store, (s) => s.customData);
  const selectedExample = useStore(store, (s) => s.ui.selectedExample);
  const theme = useTheme();
  const { features, hiddenLayers, activation } = config;
  const outputs = outputCount(config, customData);
  const outputActivation = OUTPUTS[config.output].activation;
  const geometry = useMemo(
    () => networkGeometry(features, hiddenLayers, outputs),
    [features, hiddenLayers, outputs],
  );
  const { width, height, layout, sizes } = geometry;
  const s = layout.nodeSizePx;
  const canvasEdges = useMemo(
    () => geometry.edges.reduce((sum, list) => sum + list.length, 0) > CANVAS_EDGES_ABOVE,
    [geometry],
  );

  const figureRef = useRef<HTMLDivElement>(null);
  const tipTextRef = useRef<HTMLSpanElement>(null);
  const editorInfoRef = useRef<HTMLElement | null>(null);
  const tipItemRef = useRef<Item | null>(null);
  const editingRef = useRef<Editing | null>(null);
  const [tip, setTip] = useState<Item | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const ctxRef = useRef<DrawContext | null>(null);

  // The neuron maps need every neuron over the grid.
  useEffect(() => {
    if (!store.getState().ui.gridNeurons) store.getState().setUi({ gridNeurons: true });
  }, [store]);

  const writeReadouts = useCallback(
    (state: AppState) => {
      const item = tipItemRef.current;
      if (item && tipTextRef.current) tipTextRef.current.textContent = describe(item, state, geometry);
      const edit = editingRef.current;
      if (edit && editorInfoRef.current) {
        const target = geometry.items.get(edit.key);
        if (target) editorInfoRef.current.textContent = describe(target, state, geometry);
      }
    },
    [geometry],
  );

  // Everything the imperative drawing depends on besides the store; a new one restarts the
  // subscription and redraws everything (new elements after a structure change, a new theme).
  const setup = useMemo(
    () => ({ geometry, theme, activation, outputActivation }),
    [geometry, theme, activation, outputActivation],
  );
  const draw = (state: AppState, prev: AppState | null): void => {
    const root = figureRef.current;
    if (!root) return;
    let ctx = ctxRef.current;
    if (!ctx || prev === null) {
      ctx = { ...setup, elements: collectElements(root, setup.geometry) };
      ctxRef.current = ctx;
    }
    const frame = state.frame;
    const frameChanged =
      prev === null || frame !== prev.frame || state.ui.selectedExample !== prev.ui.selectedExample;
    if (frame && (frameChanged || !sameHovered(state.ui.hoveredNode, prev?.ui.hoveredNode ?? null))) {
      const view = phaseView(frame.phase, sizes.length - 1, frame.prevParams !== null);
      drawEdges(ctx, frame, view);
      drawNodes(ctx, state, frame, view);
    }
    if (state.grid) paintMaps(ctx, state.grid, frame?.playing ?? false);
    if (frameChanged) writeReadouts(state);
  };
  const { drawNow } = useFrameSubscription(store, draw, setup);

  // The edge canvas is redrawn at the new size when the figure is resized (also while paused).
  useEffect(() => {
    const root = figureRef.current;
    if (!canvasEdges || !root || typeof ResizeObserver !== 'function') return;
    const observer = new ResizeObserver(() => {
      const ctx = ctxRef.current;
      if (!ctx) return;
      ctx.elements.edgeLayerDirty.fill(true);
      paintEdgeCanvases(ctx.elements, ctx.geometry, false);
    });
    observer.observe(root);
    return () => observer.disconnect();
  }, [canvasEdges, geometry]);

  // Read-outs appear at once (not on the next frame) when the tooltip or the editor opens.
  useEffect(() => {
    tipItemRef.current = tip;
    editingRef.current = editing;
    writeReadouts(store.getState());
  }, [tip, editing, store, writeReadouts]);

  // Close what refers to elements that no longer exist.
  useEffect(() => {
    setTip(null);
    setEditing(null);
    tipItemRef.current = null;
    editingRef.current = null;
  }, [geometry]);

  const itemOf = (target: EventTarget | null): Item | null => {
    const el = target instanceof Element ? target.closest('[data-key]') : null;
    const key = el?.getAttribute('data-key');
    return key ? (geometry.items.get(key) ?? null) : null;
  };

  const show = (item: Item): void => {
    tipItemRef.current = item;
    setTip(item);
    const setUi = store.getState().setUi;
    if (item.type === 'node') setUi({ hoveredNode: { layer: item.layer - 1, unit: item.unit } });
    else if (item.type === 'W') setUi({ hoveredEdge: { layer: item.layer, from: item.from, to: item.to } });
  };
  const hide = (item: Item | null): void => {
    if (item && tipItemRef.current && tipItemRef.current.key !== item.key) return;
    tipItemRef.current = null;
    setTip(null);
    const { ui, setUi } = store.getState();
    if (ui.hoveredNode !== null) setUi({ hoveredNode: null });
    if (ui.hoveredEdge !== null) setUi({ hoveredEdge: null });
  };

  const openEditor = (item: Item): void => {
    if (item.type !== 'W' && item.type !== 'b') return;
    const p = store.getState().frame?.params[item.layer];
    const current = item.type === 'W' ? p?.W[item.index] : p?.b[item.index];
    const title = item.label.replace(/ (from|of) .*$/, '');
    const next: Editing = {
      kind: item.type,
      layer: item.layer,
      index: item.index,
      key: item.key,
      title,
      initial: current === undefined || !Number.isFinite(current) ? '' : String(+current.toPrecision(6)),
      x: item.x,
      y: item.y,
    };
    editingRef.current = next;
    setEditing(next);
  };

  const focusKey = (key: string): void => {
    const el = figureRef.current?.querySelector<SVGElement>(`[data-key="${key}"]`);
    el?.focus();
  };

  const onFocus = (e: FocusEvent): void => {
    const item = itemOf(e.target);
    if (!item) return;
    // Roving tabindex: the focused item becomes its group's single tab stop.
    const group = (e.target as Element).closest('[data-roving]');
    group?.querySelectorAll('[tabindex="0"]').forEach((el) => {
      if (el !== e.target) el.setAttribute('tabindex', '-1');
    });
    (e.target as Element).setAttribute('tabindex', '0');
    show(item);
  };
  const onBlur = (e: FocusEvent): void => hide(itemOf(e.target));
  const onPointerOver = (e: ReactPointerEvent): void => {
    const item = itemOf(e.target);
    if (item && e.pointerType === 'mouse') show(item);
  };
  const onPointerOut = (e: ReactPointerEvent): void => {
    const item = itemOf(e.target);
    if (!item || e.pointerType !== 'mouse') return;
    if (itemOf(e.relatedTarget)?.key === item.key) return;
    hide(item);
  };
  const onPointerDown = (e: ReactPointerEvent): void => {
    // Touch and pen have no hover: a tap shows what hover shows (a second tap on a node hides it).
    if (e.pointerType === 'mouse') return;
    const item = itemOf(e.target);
    if (!item) return;
    if (item.type === 'node' && tipItemRef.current?.key === item.key) hide(item);
    else show(item);
  };
  const onClick = (e: MouseEvent): void => {
    const item = itemOf(e.target);
    if (item) openEditor(item);
  };
  const onKeyDown = (e: KeyboardEvent): void => {
    const item = itemOf(e.target);
    if (!item) return;
    const direction = ARROWS[e.key];
    if (direction) {
      e.preventDefault();
      const columns = item.type === 'node' ? geometry.nodeColumns : geometry.paramColumns;
      const next = moveInColumns(columns, item.key, direction);
      if (next && next !== item.key) focusKey(next);
    } else if (e.key === 'Enter' || e.key === ' ') {
      if (item.type === 'W' || item.type === 'b') {
        e.preventDefault();
        openEditor(item);
      }
    } else if (e.key === 'Escape') {
      hide(item);
    }
  };

  const apply = (value: number): void => {
    const edit = editingRef.current;
    if (!edit) return;
    store.getState().setWeight(edit.layer, edit.kind, edit.index, value);
    editingRef.current = null;
    setEditing(null);
    focusKey(edit.key);
    drawNow();
  };
  const cancel = (): void => {
    const edit = editingRef.current;
    editingRef.current = null;
    setEditing(null);
    if (edit) focusKey(edit.key);
  };

  const setConfig = (patch: Partial<RunConfig>): void => {
    store.getState().setConfig(patch);
  };
  const layerCount = hiddenLayers.length;
  const { min: minLayers, max: maxLayers } = LIMITS.hiddenLayerCount;
  const { min: minUnits, max: maxUnits } = LIMITS.units;
  const addUnits = (units: number): number =>
    units < DRAWN_UNITS ? units + 1 : Math.min(maxUnits, units * 2);
  const removeUnits = (units: number): number =>
    units > DRAWN_UNITS ? Math.max(DRAWN_UNITS, Math.floor(units / 2)) : units - 1;
  const setUnits = (h: number, units: number): void => {
    setConfig({ hiddenLayers: hiddenLayers.map((u, i) => (i === h ? units : u)) });
  };
  const toggleFeature = (id: FeatureId, on: boolean): void => {
    const next = FEATURES.map((f) => f.id).filter((f) => (f === id ? on : features.includes(f)));
    if (next.length > 0) setConfig({ features: next });
  };

  const showText = s >= MIN_NODE_FOR_TEXT;
  const maps: ReactNode[] = [];
  for (const column of geometry.nodes) {
    for (const { item, cx, cy } of column) {
      maps.push(
        <canvas
          key={item.key}
          data-map={`${item.layer}:${item.unit}`}
          className="nn-map"
          width={1}
          height={1}
          aria-hidden="true"
          style={{
            left: percent(cx + GUTTER_LEFT - s / 2, width),
            top: percent(cy - s / 2, height),
            width: percent(s, width),
            height: percent(s, height),
          }}
        />,
      );
    }
  }

  return (
    <div className="nn">
      <div className="nn-toolbar">
        <span className="nn-toolbar-group" role="group" aria-label="Hidden layers">
          <button
            type="button"
            className="nn-step"
            aria-label="Remove a hidden layer (restarts training)"
            title="Remove a hidden layer (restarts training)"
            disabled={layerCount <= minLayers}
            onClick={() => setConfig({ hiddenLayers: hiddenLayers.slice(0, -1) })}
          >
            −
          </button>
          <span className="nn-count">
            {layerCount} hidden {layerCount === 1 ? 'layer' : 'layers'}
          </span>
          <button
            type="button"
            className="nn-step"
            aria-label="Add a hidden layer (restarts training)"
            title="Add a hidden layer (restarts training)"
            disabled={layerCount >= maxLayers}
            onClick={() => setConfig({ hiddenLayers: [...hiddenLayers, NEW_LAYER_UNITS] })}
          >
            +
          </button>
        </span>
        <span className="nn-caption">
          Node values:{' '}
          {selectedExample === null ? 'batch mean' : `example ${selectedExample + 1} of the batch`}
        </span>
      </div>
      <div className="nn-columns" style={{ position: 'relative' }}>
        {hiddenLayers.map((units, h) => {
          const x = layout.layers[h + 1]?.x ?? 0;
          return (
            <span
              key={h}
              className="nn-column-controls"
              role="group"
              aria-label={`Layer ${h + 1}`}
              style={{ left: percent(x + GUTTER_LEFT, width) }}
            >
              <button
                type="button"
                className="nn-step"
                aria-label={`Add a neuron to layer ${h + 1} (restarts training)`}
                title={`Add a neuron to layer ${h + 1} (restarts training)`}
                disabled={units >= maxUnits}
                onClick={() => setUnits(h, addUnits(units))}
              >
                +
              </button>
              <span className="nn-count">{units}</span>
              <button
                type="button"
                className="nn-step"
                aria-label={`Remove a neuron from layer ${h + 1} (restarts training)`}
                title={`Remove a neuron from layer ${h + 1} (restarts training)`}
                disabled={units <= minUnits}
                onClick={() => setUnits(h, removeUnits(units))}
              >
                −
              </button>
            </span>
          );
        })}
      </div>
      <div
        className="nn-figure"
        ref={figureRef}
        style={{ aspectRatio: `${width} / ${height}` }}
        onFocus={onFocus}
        onBlur={onBlur}
        onPointerOver={onPointerOver}
        onPointerOut={onPointerOut}
        onPointerDown={onPointerDown}
        onClick={onClick}
        onKeyDown={onKeyDown}
      >
        {canvasEdges &&
          geometry.edges.map((_, l) => {
            const { x0, x1 } = edgeLayerBox(geometry, l);
            return (
              <canvas
                key={l}
                className="nn-edges-canvas"
                data-edges-canvas={l}
                aria-hidden="true"
                style={{ left: percent(x0, width), width: percent(x1 - x0, width) }}
              />
            );
          })}
        {maps}
        <svg
          className="nn-svg"
          viewBox={`0 0 ${width} ${height}`}
          role="group"
          aria-label="Network graph: arrow keys move between weights or between neurons; Enter edits a weight"
        >
          <GraphStructure
            geometry={geometry}
            features={features}
            showText={showText}
            canvasEdges={canvasEdges}
          />
        </svg>
        {tip ? (
          <div
            className="nn-tip"
            role="tooltip"
            style={{ left: percent(tip.x, width), top: percent(tip.y, height) }}
            data-below={tip.y < height * 0.3 ? 'true' : undefined}
          >
            <strong>{tip.label}</strong>
            <span ref={tipTextRef} className="nn-tip-values" />
          </div>
        ) : null}
        {editing ? (
          <WeightEditor
            key={editing.key}
            editing={editing}
            width={width}
            height={height}
            infoRef={(el) => {
              editorInfoRef.current = el;
            }}
            onApply={apply}
            onCancel={cancel}
          />
        ) : null}
      </div>
      <fieldset className="nn-features">
        <legend>Input features (changing them restarts training)</legend>
        {FEATURES.map((f) => {
          const on = features.includes(f.id);
          return (
            <label key={f.id} className="nn-feature">
              <input
                type="checkbox"
                checked={on}
                disabled={on && features.length === 1}
                onChange={(e) => toggleFeature(f.id, e.target.checked)}
              />
              {f.label}
            </label>
          );
        })}
      </fieldset>
    </div>
  );
}
