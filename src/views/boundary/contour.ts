/**
 * The decision contour over the input plane, in pixels with +x2 up (the plane's axes: ./plane.ts).
 *
 * Grids follow the convention in ../shared/heatmap.ts: cols × rows cell-centre samples of
 * [−6, 6]², row-major, row 0 at the bottom. d3-contour places sample (c, r) at (c + ½, r + ½) in its
 * [0, cols] × [0, rows] space, the same cell-centre convention, so contour coordinates map to the
 * plane and to pixels by scaling alone (and flipping y).
 */
import { contours } from 'd3';
import type { ContourMultiPolygon } from 'd3';
import type { Grid } from '../shared/heatmap';
import { round2 } from './plane';

/** The boundary between the two classes for an output on [lo, hi]: 0.5 for a sigmoid, 0 for tanh. */
export function boundaryThreshold(range: readonly [number, number] = [0, 1]): number {
  return (range[0] + range[1]) / 2;
}

/**
 * A copy of the grid that d3-contour can trust: NaN cells take the previous finite cell's value (in
 * grid order; the first finite value for leading NaNs), so a stray NaN neither opens a hole in a
 * region nor makes an island; ±∞ stay (d3 handles them). Returns whether the finite values lie on both
 * sides of `threshold`, i.e. whether any contour exists.
 */
function sanitize(
  values: Grid | ArrayLike<number>,
  n: number,
  threshold: number,
  out: Float64Array,
): boolean {
  let fill = NaN;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === v) {
      fill = v;
      break;
    }
  }
  if (fill !== fill) return false;
  let below = false;
  let above = false;
  for (let i = 0; i < n; i++) {
    let v = values[i];
    if (v !== v) v = fill;
    else fill = v;
    out[i] = v;
    if (v >= threshold) above = true;
    else below = true;
  }
  return below && above;
}

const contourGenerators = new Map<string, ReturnType<typeof contours>>();

function contourAt(
  values: Grid | ArrayLike<number>,
  cols: number,
  rows: number,
  threshold: number,
  scratch: Float64Array | undefined,
): ContourMultiPolygon | null {
  const n = cols * rows;
  if (!(cols >= 1 && rows >= 1) || values.length < n || !Number.isFinite(threshold)) return null;
  const grid = scratch && scratch.length >= n ? scratch.subarray(0, n) : new Float64Array(n);
  if (!sanitize(values, n, threshold, grid)) return null;
  const key = `${cols}x${rows}`;
  let gen = contourGenerators.get(key);
  if (!gen) {
    gen = contours().size([cols, rows]);
    if (contourGenerators.size > 16) contourGenerators.clear();
    contourGenerators.set(key, gen);
  }
  // d3-contour only indexes `values`, so a typed array is fine despite the number[] in its types.
  return gen.contour(grid as unknown as number[], threshold);
}

// Which edge of d3-contour's [0, cols] × [0, rows] space a ring point lies on.
const NONE = 0;
const LEFT = 1;
const RIGHT = 2;
const BOTTOM = 3;
const TOP = 4;

function borderOf(u: number, v: number, cols: number, rows: number): number {
  if (u <= 0) return LEFT;
  if (u >= cols) return RIGHT;
  if (v <= 0) return BOTTOM;
  if (v >= rows) return TOP;
  return NONE;
}
function snapU(u: number, border: number, cols: number): number {
  return border === LEFT ? 0 : border === RIGHT ? cols : u;
}
function snapV(v: number, border: number, rows: number): number {
  return border === BOTTOM ? 0 : border === TOP ? rows : v;
}

/**
 * The decision boundary as an SVG path (open polylines, for a stroke) in a width × height pixel box:
 * where the grid crosses `threshold` (0.5 for probabilities, 0 for tanh; see boundaryThreshold).
 * Only interior crossings are drawn, not the plot border that d3's closed polygons run along: samples
 * sit at cell centres, so the crossing is known up to half a cell from the edge; its last stretch is
 * continued straight to the edge (d3 would cut the corner toward its padding instead). '' when the
 * grid does not cross the threshold. Never contains "NaN". Pass `scratch` (≥ cols·rows) to
 * avoid allocating per call.
 */
export function decisionContour(
  values: Grid | ArrayLike<number>,
  cols: number,
  rows: number,
  threshold: number,
  width: number,
  height: number,
  scratch?: Float64Array,
): string {
  const shape = contourAt(values, cols, rows, threshold, scratch);
  if (!shape || !(width > 0) || !(height > 0)) return '';
  const sx = width / cols;
  const sy = height / rows;
  let d = '';
  let penX = NaN;
  let penY = NaN;
  const segment = (u0: number, v0: number, u1: number, v1: number): void => {
    const x0 = round2(u0 * sx);
    const y0 = round2(height - v0 * sy);
    const x1 = round2(u1 * sx);
    const y1 = round2(height - v1 * sy);
    if (!Number.isFinite(x0 + y0 + x1 + y1)) return;
    if (x0 !== penX || y0 !== penY) d += `M${x0},${y0}`;
    d += `L${x1},${y1}`;
    penX = x1;
    penY = y1;
  };
  for (const polygon of shape.coordinates) {
    for (const ring of polygon) {
      for (let k = 0; k + 1 < ring.length; k++) {
        const [u0, v0] = ring[k];
        const [u1, v1] = ring[k + 1];
        const on0 = borderOf(u0, v0, cols, rows);
        const on1 = borderOf(u1, v1, cols, rows);
        if (on0 === NONE && on1 === NONE) segment(u0, v0, u1, v1);
        else if (on0 === NONE) segment(u0, v0, snapU(u0, on1, cols), snapV(v0, on1, rows));
        else if (on1 === NONE) segment(snapU(u1, on0, cols), snapV(v1, on0, rows), u1, v1);
        // Both ends on the border: the polygon closing along the plot's edge, not a boundary.
      }
    }
  }
  return d;
}
