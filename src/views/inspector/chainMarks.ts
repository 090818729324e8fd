/**
 * Which cells of a matrix card the chain rule reads (the Chain rule region's `highlights`, also
 * `ui.chainHighlight`), in the card's own (row, column) positions. A card is matched by its typed
 * term (quantity and layer), never by its name:
 *
 * - a transposed card (Aᵀ, Wᵀ) finds the cell across: cell (k, i) of A is (i, k) of Aᵀ;
 * - a card of f′(Z) marks the cell whose Z the chain's factor f′(Z[k,j]) is computed from (in a
 *   backward phase the inspector shows f′(Z), not Z, and that cell holds the factor's value);
 * - one example's share (a "Follow one example" card) and the update phase's before/after cards
 *   match nothing: the chain reads the frame's batch arrays and parameters.
 *
 * Pure: MatrixView draws the marks, the Chain rule region links its factors to them by `chainCellKey`.
 */
import type { ChainCell } from '../../store/types';
import type { Term } from './notation';

/** A cell of a card the chain reads: where the card shows it, and which frame cell it is. */
export interface ChainMark {
  r: number;
  c: number;
  cell: ChainCell;
}

/** "A:0:2:1": names one frame cell, for the DOM link between a factor and its matrix cells. */
export function chainCellKey(cell: ChainCell): string {
  return `${cell.quantity}:${cell.layer}:${cell.row}:${cell.col}`;
}

/** Whether a card of `term` shows the frame quantity `cell` is a cell of. */
function showsQuantityOf(term: Term, cell: ChainCell): boolean {
  if (term.layer !== cell.layer || term.example !== undefined || term.when !== undefined) return false;
  return term.quantity === cell.quantity || (term.quantity === 'fprime' && cell.quantity === 'Z');
}

/** The chain's cells on a card of `term` with `rows` × `cols` displayed entries, in display positions. */
export function chainMarksOf(
  term: Term,
  rows: number,
  cols: number,
  cells: readonly ChainCell[],
): ChainMark[] {
  const marks: ChainMark[] = [];
  for (const cell of cells) {
    if (!showsQuantityOf(term, cell)) continue;
    const r = term.transposed ? cell.col : cell.row;
    const c = term.transposed ? cell.row : cell.col;
    if (r >= 0 && r < rows && c >= 0 && c < cols) marks.push({ r, c, cell });
  }
  return marks;
}
