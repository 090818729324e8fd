/**
 * The imperative renderer (as llm-viz's render classes): given the committed DOM of one structure, it
 * draws each frame onto it (edge widths and colours, bias and node colours, node values, the neuron
 * maps), touching only what changed since the last draw. React never re-renders for a frame.
 *
 * Where the edges are drawn: as SVG paths while paused (they carry the flow animation and show a
 * step at once), and on one canvas per weight layer while training plays. Changing a few SVG strokes
 * makes Chromium re-raster the graph's whole area with every other curve in it, every frame: on
 * 2→[8×6]→1 at full speed (every neuron map, 20 frames a second) that raster was 4–5 ms of the
 * ~45 ms of CPU each frame costs on the core the page shares with the training worker, and stroking
 * the same paths on the canvases costs the main thread about what setting their attributes did.
 * Big networks (drawsEdgesOnCanvas) have no SVG strokes at all.
 *
 * Node values are text: while playing they change faster than anyone reads, and every change is a
 * text layout and a raster, so they are rewritten at most every SVG_MARKS_PLAYING_MS (their frames'
 * colours follow every frame); paused, at once. A big network's node frames and bias marks follow
 * the same pace while playing: on 8 layers of 32, rewriting their ~500 SVG colours with every frame
 * cost 15–30 ms of style, paint and commit per frame, and the page dropped every frame that had one.
 * Its canvases (edges, neuron maps) still change with every frame.
 *
 * Motion: when a phase starts, its active weight layer gets `data-flow="forward"` or "backward" and
 * a CSS animation (views.css) runs dashes along its edges once, the way the values go, to carry the
 * eye from one phase to the next. No JavaScript runs per animation frame; edges drawn on a canvas
 * (big networks) and `prefers-reduced-motion` get none.
 *
 * The chain rule: the cells the inspector's Chain rule region reads (`ui.chainHighlight`) are marked
 * with `data-chain` ("weight" for the chosen weight, "path" for the weights after it) on the edges'
 * hit paths (the accessible buttons) and on the nodes' frames ("path"), and drawn as halos under
 * those edges (two paths whose data is the marked edges' paths); views.css styles them. Only when
 * the cells change.
 */
import type { Activation } from '../../engine';
import type { AppState, ChainCell } from '../../store/types';
import type { Frame } from '../../worker/protocol';
import { activationScale, divergingColor, symmetricMax } from '../shared/colors';
import type { Theme } from '../shared/colors';
import { setAttr, setText } from '../shared/domWrites';
import { paintEdgeCanvases, paintMaps } from './canvasPainters';
import { chainPathOf } from './chainPath';
import { collectElements } from './elements';
import type { Elements } from './elements';
import { shortNumber } from '../../model/format';
import { bundleValue, columnValue, phaseView } from './frameView';
import type { EdgeMode, Flow, PhaseView } from './frameView';
import type { Geometry } from './geometry';
import { edgeWidth } from './layout';

/** Everything drawing depends on besides the store; a new one means a new renderer. */
export interface RenderSetup {
  geometry: Geometry;
  theme: Theme;
  activation: Activation;
  outputActivation: Activation;
}

interface DrawContext extends RenderSetup {
  elements: Elements;
}

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

/**
 * While playing, node values (and a big network's node frame and bias colours) are rewritten at most
 * this often (see the file's comment).
 */
export const SVG_MARKS_PLAYING_MS = 250;

/** Which of the SVG's per-node marks this draw rewrites: all when paused, else at their pace. */
interface MarksDue {
  texts: boolean;
  colours: boolean;
}

function marksDue(elements: Elements, playing: boolean): MarksDue {
  if (!playing) {
    elements.svgMarksAt = -Infinity;
    return { texts: true, colours: true };
  }
  const now = typeof performance === 'undefined' ? Date.now() : performance.now();
  const due = now - elements.svgMarksAt >= SVG_MARKS_PLAYING_MS;
  if (due) elements.svgMarksAt = now;
  // Small networks' colours follow every frame; a big one's (no SVG edge strokes) keep the pace.
  return { texts: due, colours: due || elements.svgEdges };
}

/** Whether the person asked for less motion (read at each phase change: the setting can change live). */
function prefersReducedMotion(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia(REDUCED_MOTION).matches
    : false;
}

function sameHovered(a: AppState['ui']['hoveredNode'], b: AppState['ui']['hoveredNode']): boolean {
  return a === b || (a !== null && b !== null && a.layer === b.layer && a.unit === b.unit);
}

export class NetworkRenderer {
  private readonly ctx: DrawContext;

  /** @param root the figure holding the structure's SVG and canvases, committed */
  constructor(root: HTMLElement, setup: RenderSetup) {
    this.ctx = { ...setup, elements: collectElements(root, setup.geometry) };
  }

  /**
   * Draws `state`; `prev` is the state drawn last (null: draw everything). Edges and nodes follow the
   * frame, the selected example and the hovered node; the maps go on painting their round robin.
   */
  draw(state: AppState, prev: AppState | null): void {
    const { ctx } = this;
    const frame = state.frame;
    const frameChanged =
      prev === null ||
      frame !== prev.frame ||
      state.playing !== prev.playing ||
      state.ui.selectedExample !== prev.ui.selectedExample;
    if (frame && (frameChanged || !sameHovered(state.ui.hoveredNode, prev?.ui.hoveredNode ?? null))) {
      const view = phaseView(frame.phase, ctx.geometry.sizes.length - 1, frame.prevParams !== null);
      const due = marksDue(ctx.elements, state.playing);
      drawEdges(ctx, frame, view, state.playing, due);
      drawNodes(ctx, state, frame, view, due);
    }
    if (state.ui.chainHighlight !== ctx.elements.chainCells) drawChain(ctx, state.ui.chainHighlight);
    if (state.grid) paintMaps(ctx, ctx.elements, state.grid, state.playing);
  }

  /**
   * Repaints the canvases after their size changed: the edge canvases now if they show (else when
   * they next do), and every neuron map.
   */
  repaintCanvases(): void {
    const { ctx } = this;
    ctx.elements.edgeLayerDirty.fill(true);
    if (ctx.elements.edgesOnCanvas) paintEdgeCanvases(ctx.elements, ctx.geometry, false);
    if (ctx.elements.mapsGrid) {
      ctx.elements.mapsLeft = ctx.elements.maps.length;
      paintMaps(ctx, ctx.elements, ctx.elements.mapsGrid, false);
    }
  }
}

/**
 * Moves the visible strokes to the canvases or back to the SVG paths (see the file's comment): the
 * ones not in use are hidden (`display="none"` on the paths, so an exported SVG leaves them out too).
 * Returns whether it moved them.
 */
function placeEdges(elements: Elements, onCanvas: boolean): boolean {
  if (elements.edgesOnCanvas === onCanvas) return false;
  elements.edgesOnCanvas = onCanvas;
  for (const canvas of elements.edgeCanvases) if (canvas) canvas.hidden = !onCanvas;
  for (const layer of elements.edges)
    for (const e of layer) {
      if (!e.el) continue;
      if (onCanvas) e.el.setAttribute('display', 'none');
      else e.el.removeAttribute('display');
    }
  // The canvases were not kept up to date while hidden.
  if (onCanvas) elements.edgeLayerDirty.fill(true);
  return true;
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
 * One weight layer's edges: each one's colour and width from `values` (W, dW or ΔW), and the SVG
 * path's stroke when the strokes are SVG. Returns whether any edge's colour or width changed (the
 * layer's canvas must be repainted).
 *
 * Its own function, not a loop inside drawEdges, for V8: drawEdges runs a few times a second, so
 * V8 compiled only this hot loop (7,264 edges on 2→[32×8]→1) on the stack and threw the code away
 * each time the loop ended ("exit from OSR'd inner loop", 48 times in 8 s of play, each a new
 * optimizing compile on the page's other core). A function called once per layer is optimized whole.
 */
function styleEdgeLayer(
  edges: Elements['edges'][number],
  values: ArrayLike<number> | null,
  fanIn: number,
  units: number,
  maxAbs: number,
  theme: Theme,
  onCanvas: boolean,
): boolean {
  let changed = false;
  for (const e of edges) {
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
    if (stroke !== e.stroke || width !== e.width) {
      e.stroke = stroke;
      e.width = width;
      changed = true;
    }
    if (onCanvas || !e.el) continue;
    if (stroke !== e.svgStroke) {
      e.el.setAttribute('stroke', stroke);
      e.svgStroke = stroke;
    }
    if (width !== e.svgWidth) {
      e.el.setAttribute('stroke-width', String(width));
      e.svgWidth = width;
    }
  }
  return changed;
}

function drawEdges(ctx: DrawContext, frame: Frame, view: PhaseView, playing: boolean, due: MarksDue): void {
  const { geometry, elements, theme } = ctx;
  const { sizes } = geometry;
  const onCanvas = !elements.svgEdges || playing;
  const moved = placeEdges(elements, onCanvas);
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
      setAttr(group, 'data-state', state);
      setAttr(group, 'data-mode', mode);
      setFlow(group, state === 'active' && !onCanvas ? view.flow : null);
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
    if (styleEdgeLayer(elements.edges[l], values, fanIn, units, maxAbs, theme, onCanvas))
      elements.edgeLayerDirty[l] = true;
  }
  // Big networks take turns between layers while playing; a small one's strokes are cheap enough
  // to repaint every layer, and just moved onto the canvases they must all show at once.
  if (onCanvas) paintEdgeCanvases(elements, geometry, playing && !elements.svgEdges && !moved);
  // Biases: by b (one scale for all layers), or db in backward phases, or Δb in the update phase.
  if (!due.colours) return;
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

/** Moves the chain rule's marks to the elements of `cells` (see the file's comment). */
function drawChain(ctx: DrawContext, cells: readonly ChainCell[]): void {
  const { elements } = ctx;
  elements.chainCells = cells;
  for (const el of elements.chainMarked) {
    el.removeAttribute('data-chain');
    el.removeAttribute('aria-current');
  }
  const marked: Element[] = [];
  const mark = (el: Element | undefined, value: 'weight' | 'path'): void => {
    if (!el) return;
    el.setAttribute('data-chain', value);
    marked.push(el);
  };
  const path = chainPathOf(ctx.geometry, cells);
  if (path.weight !== null) {
    mark(elements.edgeHits.get(path.weight), 'weight');
    // Screen readers hear the chosen weight as the current one.
    elements.edgeHits.get(path.weight)?.setAttribute('aria-current', 'true');
  }
  for (const key of path.edges) mark(elements.edgeHits.get(key), 'path');
  for (const key of path.nodes) mark(elements.nodeFrames.get(key), 'path');
  elements.chainMarked = marked;
  const halo = (el: SVGPathElement | null, keys: Iterable<string>): void => {
    let d = '';
    for (const key of keys) d += elements.edgePaths.get(key) ?? '';
    el?.setAttribute('d', d);
  };
  halo(elements.chainHalos.weight, path.weight === null ? [] : [path.weight]);
  halo(elements.chainHalos.path, path.edges);
}

/**
 * Starts (or stops) the flow animation of one weight layer. The attribute changes only when a phase
 * starts, so redraws inside a phase (new frames, hover) do not restart it.
 */
function setFlow(group: Element, flow: Flow | null): void {
  const current = group.getAttribute('data-flow');
  if (current === flow) return;
  if (flow === null) group.removeAttribute('data-flow');
  else if (!prefersReducedMotion()) group.setAttribute('data-flow', flow);
}

function drawNodes(ctx: DrawContext, state: AppState, frame: Frame, view: PhaseView, due: MarksDue): void {
  const { geometry, elements, theme } = ctx;
  const batch = frame.batch;
  const L = geometry.sizes.length - 1;
  const hovered = state.ui.hoveredNode;
  const selected = state.ui.selectedExample;
  for (let ll = 0; ll < elements.nodes.length; ll++) {
    const group = elements.nodeLayers[ll];
    if (group)
      setAttr(
        group,
        'data-state',
        view.activeNodes === null ? '' : view.activeNodes.has(ll) ? 'active' : 'dim',
      );
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
      if (due.colours && stroke !== node.stroke) {
        node.rect.setAttribute('stroke', stroke);
        node.stroke = stroke;
      }
      const isHovered = hovered !== null && hovered.layer === ll - 1 && hovered.unit === node.item.unit;
      if ((node.rect.getAttribute('data-hovered') === 'true') !== isHovered) {
        node.rect.setAttribute('data-hovered', String(isHovered));
      }
      if (node.text && due.texts) {
        const text = shortNumber(v);
        setText(node.text, text);
      }
    }
  }
}
