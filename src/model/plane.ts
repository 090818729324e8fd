/**
 * The input plane the points live on and the grids sample, and the value range of each activation,
 * defined once for the worker (grid evaluation) and the views (axes, heat maps, colour scales).
 *
 * The plane is [−PLANE_HALF_WIDTH, PLANE_HALF_WIDTH]², as in TensorFlow Playground. A grid of
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

/** Coordinate of the centre of cell `index` of `count` along one axis. */
export function planeCellCenter(index: number, count: number): number {
  return -PLANE_HALF_WIDTH + (index + 0.5) * ((2 * PLANE_HALF_WIDTH) / count);
}

/** The grid's sample points, (cols·rows) × 2 row-major (x, y), in grid order (row 0 at the bottom). */
export function planeGridPoints(cols: number, rows: number = cols): Float64Array {
  const points = new Float64Array(2 * cols * rows);
  for (let r = 0; r < rows; r++) {
    const y = planeCellCenter(r, rows);
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      points[2 * i] = planeCellCenter(c, cols);
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
