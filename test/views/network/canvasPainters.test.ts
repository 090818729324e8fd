import { describe, expect, it } from 'vitest';
import {
  CANVAS_EDGES_ABOVE,
  drawsEdgesOnCanvas,
  paintEdgeCanvases,
} from '../../../src/views/network/canvasPainters';
import type { Elements } from '../../../src/views/network/elements';
import { networkGeometry } from '../../../src/views/network/geometry';

/** Edge canvases that record which weight layer was painted, in order (no paths: nothing to stroke). */
function edgeStrips(layers: number) {
  const painted: number[] = [];
  const canvas = (l: number) =>
    ({
      width: 0,
      height: 0,
      clientWidth: 100,
      clientHeight: 50,
      getContext: () => ({
        setTransform: () => {},
        clearRect: () => painted.push(l),
        translate: () => {},
      }),
    }) as unknown as HTMLCanvasElement;
  const elements = {
    edges: Array.from({ length: layers }, () => []),
    edgeCanvases: Array.from({ length: layers }, (_, l) => canvas(l)),
    edgeAlpha: Array.from({ length: layers }, () => 1),
    edgeLayerDirty: Array.from({ length: layers }, () => true),
    nextEdgeLayer: 0,
  } as unknown as Elements;
  return { elements, painted };
}

describe('edge canvases', () => {
  const geometry = networkGeometry(['x1', 'x2'], [32, 32], 1);

  it(`are used above ${CANVAS_EDGES_ABOVE} edges`, () => {
    expect(drawsEdgesOnCanvas(geometry)).toBe(true);
    expect(drawsEdgesOnCanvas(networkGeometry(['x1', 'x2'], [8, 8, 8, 8, 8, 8], 1))).toBe(false);
  });

  it('while playing, one changed layer is repainted per call, taking turns; paused, every changed one', () => {
    const { elements, painted } = edgeStrips(3);
    paintEdgeCanvases(elements, geometry, true);
    paintEdgeCanvases(elements, geometry, true);
    expect(painted).toEqual([0, 1]);
    elements.edgeLayerDirty[0] = true;
    paintEdgeCanvases(elements, geometry, true);
    paintEdgeCanvases(elements, geometry, true);
    expect(painted).toEqual([0, 1, 2, 0]);
    paintEdgeCanvases(elements, geometry, true);
    expect(painted).toHaveLength(4); // nothing changed since
    elements.edgeLayerDirty.fill(true);
    paintEdgeCanvases(elements, geometry, false);
    expect(painted.slice(4).sort()).toEqual([0, 1, 2]);
  });
});
