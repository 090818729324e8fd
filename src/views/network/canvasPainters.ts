/**
 * The canvases of the graph, painted at a bounded cost per animation frame: the edge strips (one
 * canvas per weight layer: a big network's always, every network's while playing) and the neuron
 * maps (one canvas for all of them, each map in its node's box).
 */
import type { Activation } from '../../engine';
import type { FrameGrid } from '../../worker/protocol';
import { activationScale, type Theme } from '../shared/colors';
import { paintHeatmap } from '../shared/heatmap';
import type { Elements, MapTarget } from './elements';
import { GUTTER_LEFT, edgeCount, edgeLayerBox } from './geometry';
import type { Geometry } from './geometry';

/**
 * Above this many drawn edges the visible strokes are always on canvases, one per weight layer,
 * with no SVG path each (the invisible hit paths stay in the SVG, so hover, focus, editing and the
 * accessibility tree are the same); smaller networks use the canvases only while playing
 * (renderer.ts). Measured in Chromium without a GPU: 8 layers of 32 (7 264 edges)
 * as SVG paths drew at ~9 frames per second with 50–190 ms long tasks, most of it painting and
 * rastering every path every frame; one canvas for all of them still cost ~45 ms per repaint. Per
 * layer, and while playing at most one layer repainted per animation frame (round robin), each frame
 * rasters about a thousand curves at most. A 6×8 network (344 edges) keeps its SVG strokes.
 */
export const CANVAS_EDGES_ABOVE = 1000;

/** Whether this network's visible edge strokes go on canvases (see CANVAS_EDGES_ABOVE). */
export function drawsEdgesOnCanvas(geometry: Geometry): boolean {
  return edgeCount(geometry) > CANVAS_EDGES_ABOVE;
}

/** The device's pixels per CSS pixel (1 where unknown). */
function pixelRatio(): number {
  return typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? devicePixelRatio : 1;
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
  const ratio = pixelRatio();
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
export function paintEdgeCanvases(elements: Elements, geometry: Geometry, playing: boolean): void {
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

/**
 * While training plays, at most this many neuron maps are repainted per animation frame, taking
 * turns (a big network has up to 8 × 32 of them: repainting all 256 with every grid made 50–100 ms
 * long tasks in Chromium without a GPU). Paused, every map shows the latest grid at once.
 */
export const MAPS_PER_FRAME_PLAYING = 48;

/** What the maps are coloured by besides the grid. */
export interface MapsContext {
  geometry: Geometry;
  theme: Theme;
  activation: Activation;
  outputActivation: Activation;
}

/**
 * Sizes the maps' canvas to its box at the device's pixel ratio. Returns false when it has no size
 * (not laid out); a new size clears the canvas, so every map is due again.
 */
function sizeMapsCanvas(elements: Elements, canvas: HTMLCanvasElement): boolean {
  const ratio = pixelRatio();
  const width = Math.round(canvas.clientWidth * ratio);
  const height = Math.round(canvas.clientHeight * ratio);
  if (width === 0 || height === 0) return false;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
    elements.mapsLeft = elements.maps.length;
  }
  return true;
}

/**
 * Paints the neuron maps from `grid` on the maps' canvas, each in its node's box: the maps not yet
 * painted from it, all of them when paused, else up to MAPS_PER_FRAME_PLAYING, continuing round
 * robin on the next call. A map's grid is painted one pixel per cell on a grid-sized stage canvas and
 * drawn scaled into its box (smoothed, as CSS scaled the old one-canvas-per-map).
 */
export function paintMaps(setup: MapsContext, elements: Elements, grid: FrameGrid, playing: boolean): void {
  const { theme, geometry } = setup;
  if (elements.mapsGrid !== grid) {
    elements.mapsGrid = grid;
    elements.mapsLeft = elements.maps.length;
  }
  // Nothing due: return before reading the canvas's size (that could force a layout).
  if (elements.mapsLeft === 0) return;
  const canvas = elements.mapsCanvas;
  const g = canvas?.getContext('2d');
  if (!canvas || !g || !sizeMapsCanvas(elements, canvas)) return;
  const count = playing ? Math.min(elements.mapsLeft, MAPS_PER_FRAME_PLAYING) : elements.mapsLeft;
  if (count === 0) return;
  const res = grid.resolution;
  const cells = res * res;
  if (elements.scratch.length !== cells) elements.scratch = new Float32Array(cells);
  const scratch = elements.scratch;
  const stage = (elements.mapStage ??= document.createElement('canvas'));
  if (stage.width !== res) stage.width = res;
  if (stage.height !== res) stage.height = res;
  const stageContext = stage.getContext('2d');
  if (!stageContext) return;
  // SVG units to the canvas's pixels (the figure keeps the SVG's aspect ratio).
  const scale = canvas.width / geometry.width;
  const L = geometry.sizes.length - 1;
  const due: MapTarget[] = [];
  for (let k = 0; k < count; k++) due.push(elements.maps[(elements.nextMap + k) % elements.maps.length]);
  elements.nextMap = (elements.nextMap + count) % elements.maps.length;
  elements.mapsLeft -= count;
  g.imageSmoothingEnabled = true;
  for (const map of due) {
    const { layer, unit } = map;
    // Whole pixels, so neighbouring maps never share a blended edge.
    const x = Math.round(map.x * scale);
    const y = Math.round(map.y * scale);
    const size = Math.round((map.x + map.size) * scale) - x;
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
      ({ center, maxAbs } = activationScale(layer === L ? setup.outputActivation : setup.activation));
    }
    if (!source || source.length < cells) {
      g.clearRect(x, y, size, size);
      continue;
    }
    if (!map.image || map.image.width !== res) map.image = stageContext.createImageData(res, res);
    paintHeatmap(source, res, res, { center, maxAbs, theme }, map.image.data);
    stageContext.putImageData(map.image, 0, 0);
    g.drawImage(stage, 0, 0, res, res, x, y, size, size);
  }
}
