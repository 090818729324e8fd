/**
 * The DOM the renderer draws on, found once per structure (by the data attributes GraphStructure
 * and the overlays render), with what was drawn last on each element so a redraw only touches what
 * changed.
 */
import type { ChainCell } from '../../store/types';
import type { FrameGrid } from '../../worker/protocol';
import { GUTTER_LEFT } from './geometry';
import type { BiasItem, EdgeItem, Geometry, NodeItem } from './geometry';

/** One neuron's map: its node, its box in the SVG's coordinates, and its pixels (reused). */
export interface MapTarget {
  layer: number;
  unit: number;
  x: number;
  y: number;
  size: number;
  image: ImageData | null;
}

export interface Elements {
  /**
   * Edges per weight layer, by W index (individual) or bundle order: the visible SVG path (not in big
   * networks) and the path to stroke on its layer's canvas; `stroke` and `width` are the latest
   * colour and width, `svgStroke` and `svgWidth` what the SVG path shows (behind while the strokes
   * are on the canvases).
   */
  edges: {
    el: SVGPathElement | null;
    path: Path2D | null;
    item: EdgeItem;
    stroke: string;
    width: number;
    svgStroke: string;
    svgWidth: number;
  }[][];
  /** Per weight layer, the canvas its edges are drawn on while they are on canvases. */
  edgeCanvases: (HTMLCanvasElement | null)[];
  /** Whether the edges have visible SVG paths (all but big networks: see drawsEdgesOnCanvas). */
  svgEdges: boolean;
  /** Whether the visible strokes are on the canvases now (renderer.ts placeEdges); null before the first draw. */
  edgesOnCanvas: boolean | null;
  /** Per weight layer: the opacity its edges were drawn with (phase highlighting). */
  edgeAlpha: number[];
  /** Per weight layer: its canvas no longer shows the latest strokes. */
  edgeLayerDirty: boolean[];
  /** The layer the round robin repaints next while playing. */
  nextEdgeLayer: number;
  nodes: { rect: SVGRectElement; text: SVGTextElement | null; item: NodeItem; stroke: string }[][];
  /** When the SVG's per-node marks were last written while playing (performance.now(); renderer.ts). */
  svgMarksAt: number;
  /**
   * Where the chain rule's marks go, by key: each edge's hit path (in the SVG whether the stroke is
   * an SVG path or on a canvas) and its path data, and each node's frame; and the two paths under the
   * edges that draw the halos (the chosen weight's, the path's).
   */
  edgeHits: Map<string, SVGPathElement>;
  edgePaths: Map<string, string>;
  nodeFrames: Map<string, SVGRectElement>;
  chainHalos: { weight: SVGPathElement | null; path: SVGPathElement | null };
  /** The chain cells drawn last, and the elements marked for them. */
  chainCells: readonly ChainCell[] | null;
  chainMarked: Element[];
  /** Bias markers per weight layer. */
  biases: { el: SVGPathElement; item: BiasItem; fill: string }[][];
  nodeLayers: SVGGElement[];
  edgeLayers: SVGGElement[];
  /** The one canvas every neuron map is drawn on (canvasPainters.ts paintMaps), and the maps. */
  mapsCanvas: HTMLCanvasElement | null;
  maps: MapTarget[];
  /** A grid-sized canvas off the page that each map's pixels go through to be scaled (reused). */
  mapStage: HTMLCanvasElement | null;
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

export function collectElements(root: HTMLElement, geometry: Geometry): Elements {
  const byKey = <T extends Element>(selector: string, attribute = 'data-for'): Map<string, T> => {
    const map = new Map<string, T>();
    root.querySelectorAll<T>(selector).forEach((el) => {
      const key = el.getAttribute(attribute);
      if (key) map.set(key, el);
    });
    return map;
  };
  const edgeEls = byKey<SVGPathElement>('path[data-edge]');
  const nodeRects = byKey<SVGRectElement>('rect[data-node-frame]');
  const nodeTexts = byKey<SVGTextElement>('text[data-node-value]');
  const biasEls = byKey<SVGPathElement>('path[data-bias]');
  let maxW = 0;
  for (let l = 0; l + 1 < geometry.sizes.length; l++)
    maxW = Math.max(maxW, geometry.sizes[l] * geometry.sizes[l + 1]);
  const edgeCanvases = geometry.edges.map((_, l) =>
    root.querySelector<HTMLCanvasElement>(`canvas[data-edges-canvas="${l}"]`),
  );
  const canPath = typeof Path2D === 'function';
  const s = geometry.layout.nodeSizePx;
  return {
    edges: geometry.edges.map((list, l) =>
      list.flatMap((e) => {
        const el = edgeEls.get(e.item.key) ?? null;
        const path = edgeCanvases[l] && canPath ? new Path2D(e.d) : null;
        return el || path
          ? [{ el, path, item: e.item, stroke: '', width: -1, svgStroke: '', svgWidth: -1 }]
          : [];
      }),
    ),
    edgeCanvases,
    svgEdges: edgeEls.size > 0,
    edgesOnCanvas: null,
    edgeAlpha: geometry.edges.map(() => -1),
    edgeLayerDirty: geometry.edges.map(() => true),
    nextEdgeLayer: 0,
    nodes: geometry.nodes.map((column) =>
      column.flatMap((n) => {
        const rect = nodeRects.get(n.item.key);
        return rect ? [{ rect, text: nodeTexts.get(n.item.key) ?? null, item: n.item, stroke: '' }] : [];
      }),
    ),
    svgMarksAt: -Infinity,
    edgeHits: byKey<SVGPathElement>('path.nn-edge-hit', 'data-key'),
    edgePaths: new Map(
      geometry.edges.flatMap((list) => list.map((e): [string, string] => [e.item.key, e.d])),
    ),
    chainHalos: {
      weight: root.querySelector<SVGPathElement>('path[data-chain-halo="weight"]'),
      path: root.querySelector<SVGPathElement>('path[data-chain-halo="path"]'),
    },
    nodeFrames: nodeRects,
    chainCells: null,
    chainMarked: [],
    biases: geometry.edges.map((_, l) =>
      geometry.biases.flatMap((b) => {
        const el = b.item.layer === l ? biasEls.get(b.item.key) : undefined;
        return el ? [{ el, item: b.item, fill: '' }] : [];
      }),
    ),
    nodeLayers: Array.from(root.querySelectorAll<SVGGElement>('g[data-node-layer]')),
    edgeLayers: Array.from(root.querySelectorAll<SVGGElement>('g[data-edge-layer]')),
    mapsCanvas: root.querySelector<HTMLCanvasElement>('canvas[data-maps]'),
    maps: geometry.nodes.flatMap((column) =>
      column.map(({ item, cx, cy }) => ({
        layer: item.layer,
        unit: item.unit,
        x: cx + GUTTER_LEFT - s / 2,
        y: cy - s / 2,
        size: s,
        image: null,
      })),
    ),
    mapStage: null,
    mapsGrid: null,
    mapsLeft: 0,
    nextMap: 0,
    scratch: new Float32Array(0),
    delta: new Float64Array(maxW),
    biasDelta: new Float64Array(0),
  };
}
