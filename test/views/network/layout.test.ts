import { describe, expect, it } from 'vitest';
import {
  EDGE_MAX_WIDTH_PX,
  EDGE_MIN_WIDTH_PX,
  edgeEndpoints,
  edgePath,
  edgeWidth,
  layoutNetwork,
  nodePosition,
} from '../../../src/views/network/layout';
import type { NetworkLayout } from '../../../src/views/network/layout';

function boxesWithin(layout: NetworkLayout): void {
  const s = layout.nodeSizePx;
  const b = layout.biasSizePx;
  for (const l of layout.layers) {
    for (const n of l.nodes) {
      expect(n.x - s / 2).toBeGreaterThanOrEqual(-1e-9);
      expect(n.x + s / 2).toBeLessThanOrEqual(layout.width + 1e-9);
      expect(n.y - s / 2).toBeGreaterThanOrEqual(-1e-9);
      expect(n.y + s / 2).toBeLessThanOrEqual(layout.height + 1e-9);
      if (n.bias) {
        expect(n.bias.x - b / 2).toBeGreaterThanOrEqual(-1e-9);
        expect(n.bias.y + b / 2).toBeLessThanOrEqual(layout.height + 1e-9);
      }
    }
    if (l.block) {
      expect(l.block.top).toBeGreaterThanOrEqual(-1e-9);
      expect(l.block.top + l.block.height).toBeLessThanOrEqual(layout.height + 1e-9);
    }
  }
}

describe('layoutNetwork', () => {
  it('one column per layer, one node per unit, in order, layers left to right and units top to bottom', () => {
    const layout = layoutNetwork({ layerSizes: [2, 4, 3, 1], width: 600, height: 300, nodeSizePx: 30 });
    expect(layout.layers.map((l) => l.nodes.length)).toEqual([2, 4, 3, 1]);
    for (let l = 0; l < layout.layers.length; l++) {
      const layer = layout.layers[l];
      expect(layer.layer).toBe(l);
      expect(layer.block).toBeNull();
      layer.nodes.forEach((n, i) => {
        expect(n.layer).toBe(l);
        expect(n.index).toBe(i);
        expect(n.x).toBe(layer.x);
        if (i > 0) expect(n.y).toBeGreaterThan(layer.nodes[i - 1].y);
      });
      if (l > 0) expect(layer.x).toBeGreaterThan(layout.layers[l - 1].x);
    }
  });

  it('columns are evenly spaced and the nodes evenly spaced with the same pitch in every layer', () => {
    const layout = layoutNetwork({ layerSizes: [3, 5, 2], width: 500, height: 400, nodeSizePx: 24 });
    const xs = layout.layers.map((l) => l.x);
    expect(xs[1] - xs[0]).toBeCloseTo(xs[2] - xs[1], 9);
    for (const l of layout.layers) {
      for (let i = 1; i < l.nodes.length; i++)
        expect(l.nodes[i].y - l.nodes[i - 1].y).toBeCloseTo(layout.pitchPx, 9);
    }
  });

  it('every layer is centred vertically: node i and node n−1−i are symmetric about height / 2', () => {
    const layout = layoutNetwork({ layerSizes: [2, 7, 4, 1], width: 400, height: 260, nodeSizePx: 20 });
    for (const l of layout.layers) {
      const n = l.nodes.length;
      for (let i = 0; i < n; i++) expect(l.nodes[i].y + l.nodes[n - 1 - i].y).toBeCloseTo(layout.height, 9);
    }
    expect(layout.layers[3].nodes[0].y).toBeCloseTo(130, 9);
  });

  it('keeps the requested node size when it fits, and shrinks it (never grows it) so everything fits', () => {
    const roomy = layoutNetwork({ layerSizes: [2, 4, 1], width: 800, height: 600, nodeSizePx: 30 });
    expect(roomy.nodeSizePx).toBe(30);
    boxesWithin(roomy);
    const tight = layoutNetwork({
      layerSizes: [2, 8, 8, 8, 8, 8, 8, 1],
      width: 300,
      height: 120,
      nodeSizePx: 40,
    });
    expect(tight.nodeSizePx).toBeLessThan(40);
    expect(tight.nodeSizePx).toBeGreaterThan(0);
    boxesWithin(tight);
    const wide = layoutNetwork({ layerSizes: [2, 32, 32, 1], width: 640, height: 480, nodeSizePx: 30 });
    boxesWithin(wide);
  });

  it('inputs have no bias marker; every other neuron has one at its lower-left corner', () => {
    const layout = layoutNetwork({ layerSizes: [2, 3, 1], width: 300, height: 200, nodeSizePx: 20 });
    for (const n of layout.layers[0].nodes) expect(n.bias).toBeNull();
    for (const l of layout.layers.slice(1)) {
      for (const n of l.nodes) expect(n.bias).toEqual({ x: n.x - 10, y: n.y + 10 });
    }
    expect(layout.biasSizePx).toBeGreaterThan(0);
    expect(layout.biasSizePx).toBeLessThan(layout.nodeSizePx);
  });

  it('a layer above maxDrawnPerLayer (default 32) is one block with a count label; 32 units are still drawn', () => {
    const layout = layoutNetwork({
      layerSizes: [2, 32, 33, 100, 1],
      width: 800,
      height: 400,
      nodeSizePx: 20,
    });
    expect(layout.layers[1].block).toBeNull();
    expect(layout.layers[1].nodes).toHaveLength(32);
    for (const l of [layout.layers[2], layout.layers[3]]) {
      expect(l.nodes).toEqual([]);
      expect(l.block).not.toBeNull();
      expect(l.block?.units).toBe(l.units);
      expect(l.block?.label).toBe(`${l.units} units`);
      expect(l.block?.x).toBe(l.x);
      expect(l.block?.y).toBe(200);
      expect(l.block?.bias).not.toBeNull();
    }
    boxesWithin(layout);
    const small = layoutNetwork({
      layerSizes: [2, 9, 1],
      width: 400,
      height: 300,
      nodeSizePx: 20,
      maxDrawnPerLayer: 8,
    });
    expect(small.layers[1].block?.label).toBe('9 units');
  });

  it('nodePosition(): a node’s centre, or for a block points spread down its height in unit order', () => {
    const layout = layoutNetwork({ layerSizes: [2, 64, 1], width: 400, height: 300, nodeSizePx: 20 });
    expect(nodePosition(layout, 0, 1)).toEqual({
      x: layout.layers[0].nodes[1].x,
      y: layout.layers[0].nodes[1].y,
    });
    const block = layout.layers[1].block!;
    const first = nodePosition(layout, 1, 0);
    const last = nodePosition(layout, 1, 63);
    expect(first.x).toBe(block.x);
    expect(first.y).toBeGreaterThan(block.top);
    expect(last.y).toBeLessThan(block.top + block.height);
    expect(last.y).toBeGreaterThan(first.y);
  });

  it('is deterministic and tolerates degenerate input (0×0 box, empty or non-integer sizes)', () => {
    const a = layoutNetwork({ layerSizes: [2, 4, 1], width: 300, height: 200, nodeSizePx: 20 });
    const b = layoutNetwork({ layerSizes: [2, 4, 1], width: 300, height: 200, nodeSizePx: 20 });
    expect(a).toEqual(b);
    const zero = layoutNetwork({ layerSizes: [2, 4, 1], width: 0, height: 0, nodeSizePx: 20 });
    expect(zero.nodeSizePx).toBe(0);
    for (const l of zero.layers) for (const n of l.nodes) expect(Number.isFinite(n.x + n.y)).toBe(true);
    expect(layoutNetwork({ layerSizes: [], width: 100, height: 100, nodeSizePx: 10 }).layers).toEqual([]);
    const odd = layoutNetwork({ layerSizes: [2.7, -1, NaN, 1], width: 300, height: 200, nodeSizePx: 20 });
    expect(odd.layers.map((l) => l.units)).toEqual([2, 0, 0, 1]);
  });
});

describe('edges', () => {
  it('edgePath() starts exactly at `from` and ends exactly at `to`', () => {
    const d = edgePath({ x: 10.5, y: 20 }, { x: 110, y: 70.25 });
    expect(d.startsWith('M10.5,20 ')).toBe(true);
    expect(d.endsWith(' 110,70.25')).toBe(true);
    expect(d).toMatch(/^M[-\d.]+,[-\d.]+ C[-\d.]+,[-\d.]+ [-\d.]+,[-\d.]+ [-\d.]+,[-\d.]+$/);
  });

  it('edgePath(): control points run horizontally, half the distance out from each end (xyflow bezier)', () => {
    expect(edgePath({ x: 0, y: 0 }, { x: 100, y: 40 })).toBe('M0,0 C50,0 50,40 100,40');
    // Target behind the source: the curve still leaves rightwards and enters from the left.
    const back = edgePath({ x: 100, y: 0 }, { x: 0, y: 0 });
    const [, c1x, , c2x] = back
      .split(/[ ,C]+/)
      .slice(1)
      .map(Number);
    expect(c1x).toBeGreaterThan(100);
    expect(c2x).toBeLessThan(0);
  });

  it('edgeEndpoints(): from the right side of the source unit to the left side of the target unit', () => {
    const layout = layoutNetwork({ layerSizes: [2, 3, 1], width: 300, height: 200, nodeSizePx: 20 });
    const { from, to } = edgeEndpoints(layout, 1, 1, 2);
    const src = layout.layers[0].nodes[1];
    const dst = layout.layers[1].nodes[2];
    expect(from).toEqual({ x: src.x + 10, y: src.y });
    expect(to).toEqual({ x: dst.x - 10, y: dst.y });
    const d = edgePath(from, to);
    expect(d.startsWith(`M${from.x},${from.y} `)).toBe(true);
    expect(d.endsWith(` ${to.x},${to.y}`)).toBe(true);
  });

  it('edgeWidth() grows with |w|, is symmetric in sign, and stays within [0.5, 6] px', () => {
    let prev = 0;
    for (let w = 0; w <= 2; w += 0.05) {
      const px = edgeWidth(w, 1);
      expect(px).toBeGreaterThanOrEqual(prev);
      expect(px).toBeGreaterThanOrEqual(EDGE_MIN_WIDTH_PX);
      expect(px).toBeLessThanOrEqual(EDGE_MAX_WIDTH_PX);
      expect(edgeWidth(-w, 1)).toBe(px);
      prev = px;
    }
    expect(edgeWidth(0, 1)).toBe(0.5);
    expect(edgeWidth(1, 1)).toBe(6);
    expect(edgeWidth(0.5, 1)).toBe(3);
    expect(edgeWidth(100, 1)).toBe(6);
  });

  it('edgeWidth(): NaN → thinnest, ±∞ → widest, zero or NaN maxAbs does not produce NaN', () => {
    expect(edgeWidth(NaN, 1)).toBe(0.5);
    expect(edgeWidth(Infinity, 1)).toBe(6);
    expect(edgeWidth(-Infinity, 1)).toBe(6);
    expect(edgeWidth(0, 0)).toBe(0.5);
    expect(edgeWidth(1, NaN)).toBe(6);
  });
});
