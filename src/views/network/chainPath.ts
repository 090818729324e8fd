/**
 * Where the chain rule's cells (`ui.chainHighlight`, set by the inspector's Chain rule region) are on
 * the graph:
 *
 * - the chosen weight: the edge of the W cell whose gradient dW the chain works out;
 * - the path: the other weights the chain reads (W of the layers after it, by which its unit's error
 *   signal comes back from the output), as edges;
 * - the neurons: every unit a batch cell of the chain belongs to (the input the weight multiplies,
 *   its own unit, the units after it up to the output), as nodes.
 *
 * Where a layer is drawn as a block, a weight is the bundle that holds it and a block's units have no
 * node. Pure: the renderer marks the elements with these keys (GraphStructure's `data-key`).
 */
import type { ChainCell } from '../../store/types';
import { isBlock, type Geometry } from './geometry';

export interface ChainPath {
  /** The chosen weight's edge (or bundle) key, or null when the chain is about no weight (the loss phase). */
  weight: string | null;
  /** The other edges (or bundles) on the path, without `weight`. */
  edges: Set<string>;
  /** The nodes on the path. */
  nodes: Set<string>;
}

/** The key of the edge, or of the bundle, that draws W[l][i,j]; null when there is none. */
export function edgeKeyOf(geometry: Geometry, l: number, i: number, j: number): string | null {
  const { sizes } = geometry;
  if (l < 0 || l + 1 >= sizes.length) return null;
  const fanIn = sizes[l];
  const units = sizes[l + 1];
  if (i < 0 || i >= fanIn || j < 0 || j >= units) return null;
  const key =
    isBlock(fanIn) && isBlock(units)
      ? `a:${l}:all:0`
      : isBlock(units)
        ? `a:${l}:row:${i}`
        : isBlock(fanIn)
          ? `a:${l}:col:${j}`
          : `w:${l}:${i * units + j}`;
  return geometry.items.has(key) ? key : null;
}

export function chainPathOf(geometry: Geometry, cells: readonly ChainCell[]): ChainPath {
  let weight: string | null = null;
  const edges = new Set<string>();
  const nodes = new Set<string>();
  for (const cell of cells) {
    if (cell.quantity === 'W' || cell.quantity === 'dW') {
      const key = edgeKeyOf(geometry, cell.layer, cell.row, cell.col);
      if (key === null) continue;
      // The chain's dW cell is its weight's: the one weight it works the gradient of.
      if (cell.quantity === 'dW') weight = key;
      else edges.add(key);
    } else {
      // A batch cell (example row, unit column) of layer l belongs to node column l + 1 (X is −1).
      const key = `n:${cell.layer + 1}:${cell.col}`;
      if (geometry.items.has(key)) nodes.add(key);
    }
  }
  if (weight !== null) edges.delete(weight);
  return { weight, edges, nodes };
}
