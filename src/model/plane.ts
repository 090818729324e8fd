/**
 * The input plane the points live on and the grids sample, and the value range of each activation,
 * defined once for the worker (grid evaluation) and the views (axes, heat maps, colour scales).
 *
 * The plane is [−PLANE_HALF_WIDTH, PLANE_HALF_WIDTH]², as in TensorFlow Playground, unless the data
 * came from a model file whose points are smaller: CS231n's spiral lies within radius 1, and drawn
 * on [−6, 6]² it would fill the middle sixth. Such a run's plane is the tightest of
 * PLANE_HALF_WIDTHS that holds its points (fittedPlaneHalfWidth), and the points keep it when they
 * are edited (Dataset.planeHalfWidth). A grid of
 * `cols × rows` cells (the worker's are square: resolution × resolution) samples it at cell centres,
 * row 0 at the BOTTOM (y ascending), columns with x ascending: point i = r·cols + c is (x(c), y(r)),
 * so the grid's values are the engine's n × outputs rows when the points are fed as X. (How grids
 * are painted, the other way up as images are: views/shared/heatmap.ts.)
 */
import { DOMAIN, type Activation } from '../engine';

/** Half the side of the input plane (the engine's datasets generate points inside it). */
export const PLANE_HALF_WIDTH: number = DOMAIN;

/** The plane's extent along each axis. */
export const PLANE_EXTENT: readonly [number, number] = Object.freeze([-DOMAIN, DOMAIN]) as readonly [
  number,
  number,
];

/** The half-widths a plane can have, smallest first: round numbers, so the axes' ticks are too. */
export const PLANE_HALF_WIDTHS: readonly number[] = Object.freeze([1, 2, 3, PLANE_HALF_WIDTH]);

/** The tightest of PLANE_HALF_WIDTHS holding every point of `points` (n × 2, row-major). */
export function fittedPlaneHalfWidth(points: ArrayLike<number>, count: number): number {
  let maxAbs = 0;
  for (let i = 0; i < 2 * count; i++) maxAbs = Math.max(maxAbs, Math.abs(points[i]));
  return PLANE_HALF_WIDTHS.find((w) => maxAbs <= w) ?? PLANE_HALF_WIDTH;
}

/**
 * The half-width of the plane a dataset's points belong to: its own `planeHalfWidth` when that is
 * one of PLANE_HALF_WIDTHS (it came from the page, so it is checked), else the generated sets'.
 */
export function planeHalfWidthOf(data: { planeHalfWidth?: number } | null | undefined): number {
  const w = data?.planeHalfWidth;
  return w !== undefined && PLANE_HALF_WIDTHS.includes(w) ? w : PLANE_HALF_WIDTH;
}

/** Coordinate of the centre of cell `index` of `count` along one axis of a plane of `halfWidth`. */
export function planeCellCenter(index: number, count: number, halfWidth = PLANE_HALF_WIDTH): number {
  return -halfWidth + (index + 0.5) * ((2 * halfWidth) / count);
}

/** The grid's sample points, (cols·rows) × 2 row-major (x, y), in grid order (row 0 at the bottom). */
export function planeGridPoints(
  cols: number,
  rows: number = cols,
  halfWidth = PLANE_HALF_WIDTH,
): Float64Array {
  const points = new Float64Array(2 * cols * rows);
  for (let r = 0; r < rows; r++) {
    const y = planeCellCenter(r, rows, halfWidth);
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      points[2 * i] = planeCellCenter(c, cols, halfWidth);
      points[2 * i + 1] = y;
    }
  }
  return points;
}

/**
 * The values an activation can take: [−1, 1] for tanh, [0, 1] for sigmoid and softmax, and null
 * for the unbounded ones (ReLU, leaky ReLU, linear), whose scale must come from the data.
 */
export function activationRange(activation: Activation): readonly [number, number] | null {
  switch (activation) {
    case 'tanh':
      return [-1, 1];
    case 'sigmoid':
    case 'softmax':
      return [0, 1];
    case 'relu':
    case 'leaky-relu':
    case 'linear':
      return null;
    default: {
      const never: never = activation;
      return never;
    }
  }
}
