import { describe, expect, it } from 'vitest';
import {
  DRAWN_UNITS,
  GUTTER_LEFT,
  VIEW_WIDTH,
  edgeCount,
  edgeLayerBox,
  networkGeometry,
  nodeValueText,
  showsNodeValues,
} from '../../../src/views/network/geometry';
import { EDGE_MAX_WIDTH_PX, edgeEndpoints, edgePath } from '../../../src/views/network/layout';

describe('networkGeometry', () => {
  it('one edge per weight (keyed by layer and row-major W index), one bias per non-input unit, one node per unit', () => {
    const g = networkGeometry(['x1', 'x2'], [3, 2], 1);
    expect(g.sizes).toEqual([2, 3, 2, 1]);
    expect(g.edges.map((l) => l.length)).toEqual([6, 6, 2]);
    expect(g.nodes.map((l) => l.length)).toEqual([2, 3, 2, 1]);
    expect(g.biases).toHaveLength(3 + 2 + 1);
    expect(edgeCount(g)).toBe(14);
    // W₁ is 2 × 3: from unit 1 to unit 2 is index 1·3 + 2 = 5.
    const w = g.items.get('w:0:5');
    expect(w).toMatchObject({ type: 'W', layer: 0, index: 5, from: 1, to: 2 });
    expect(w?.label).toBe('Weight W₁[2,3] from x₂ to neuron 3 of layer 1');
    expect(g.items.size).toBe(14 + 6 + 8);
  });

  it("an edge's path is layoutNetwork's, shifted by the gutter only for the tooltip position", () => {
    const g = networkGeometry(['x1', 'x2'], [3], 1);
    const edge = g.edges[0][4]; // from 1 to 1
    const { from, to } = edgeEndpoints(g.layout, 1, 1, 1);
    expect(edge.d).toBe(edgePath(from, to));
    expect(edge.item.x).toBeCloseTo((from.x + to.x) / 2 + GUTTER_LEFT);
    expect(edge.item.y).toBeCloseTo((from.y + to.y) / 2);
  });

  it(`a layer wider than ${DRAWN_UNITS} is a block: one bundle per drawn unit on the other side, one bias marker`, () => {
    const g = networkGeometry(['x1', 'x2'], [64], 1);
    expect(g.nodes.map((l) => l.length)).toEqual([2, 0, 1]);
    expect(g.edges[0].map((e) => e.item.key)).toEqual(['a:0:row:0', 'a:0:row:1']);
    expect(g.edges[1].map((e) => e.item.key)).toEqual(['a:1:col:0']);
    expect(g.items.get('a:0:row:1')?.label).toBe('Weights W₁ from x₂ (64 weights)');
    expect(g.items.get('ba:0')?.label).toBe('Biases b₁ (64 values)');
    const between = networkGeometry(['x1'], [64, 128], 1);
    expect(between.edges[1].map((e) => e.item.label)).toEqual(['Weights W₂ (64 × 128)']);
  });

  it('keyboard columns: per weight layer its edges then its biases; per layer its nodes', () => {
    const g = networkGeometry(['x1'], [2], 1);
    expect(g.paramColumns).toEqual([
      ['w:0:0', 'w:0:1', 'b:0:0', 'b:0:1'],
      ['w:1:0', 'w:1:1', 'b:1:0'],
    ]);
    expect(g.nodeColumns).toEqual([['n:0:0'], ['n:1:0', 'n:1:1'], ['n:2:0']]);
  });

  it('grows with the tallest layer within its bounds; the width is fixed', () => {
    const small = networkGeometry(['x1'], [1], 1);
    const tall = networkGeometry(['x1'], [8], 1);
    expect(small.width).toBe(VIEW_WIDTH);
    expect(tall.height).toBeGreaterThan(small.height);
    expect(networkGeometry(['x1'], [32], 1).height).toBeLessThanOrEqual(760);
    expect(showsNodeValues(small)).toBe(true);
  });

  it('a node’s value: 9 … 12 units, below its bias marker and above the next node, wherever values show', () => {
    for (const hidden of [[2], [4, 2], [8, 8], [16], [24]]) {
      const { layout } = networkGeometry(['x1', 'x2'], hidden, 1);
      const s = layout.nodeSizePx;
      if (s < 22) continue; // no values drawn (showsNodeValues)
      const { fontSize, offset } = nodeValueText(s);
      expect(fontSize).toBeGreaterThanOrEqual(9);
      expect(fontSize).toBeLessThanOrEqual(12);
      // The text's top (about 0.75 of the size above its baseline) is below the bias marker, which
      // reaches half its side below the box …
      expect(offset - 0.75 * fontSize).toBeGreaterThanOrEqual(s / 2 + layout.biasSizePx / 2 - 0.5);
      // … and its baseline above the next node in the column.
      expect(offset).toBeLessThan(layout.pitchPx - s / 2);
    }
  });

  it("edgeLayerBox spans weight layer l's two columns, padded by half a node and the widest stroke", () => {
    const g = networkGeometry(['x1', 'x2'], [3], 1);
    const { x0, x1 } = edgeLayerBox(g, 0);
    const pad = g.layout.nodeSizePx / 2 + EDGE_MAX_WIDTH_PX;
    expect(x0).toBeCloseTo(GUTTER_LEFT + g.layout.layers[0].x - pad);
    expect(x1).toBeCloseTo(GUTTER_LEFT + g.layout.layers[1].x + pad);
  });
});
