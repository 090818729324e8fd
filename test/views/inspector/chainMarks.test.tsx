// The chain rule's cells in the matrices: a card marks exactly the cells of its own quantity and
// layer (across, on a transposed card; f′(Z) for a Z cell), says so to screen readers, and never cuts
// a marked row or column away.
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ChainCell } from '../../../src/store/types';
import { chainMarksOf } from '../../../src/views/inspector/chainMarks';
import { EXAMPLE_AXIS, type MatrixModel } from '../../../src/views/inspector/equationModel';
import { CHAIN_CELL_NOTE, MatrixView, UNIT_LIMIT } from '../../../src/views/inspector/MatrixView';
import type { Term } from '../../../src/views/inspector/notation';

/** A batch-shaped card (examples × units) of `term`, values r·100 + c so a cell names itself. */
function card(term: Term, rows: number, cols: number): MatrixModel {
  const values = Float32Array.from(
    { length: rows * cols },
    (_, k) => Math.floor(k / cols) * 100 + (k % cols),
  );
  return {
    term,
    name: 'M',
    tex: 'M',
    rows,
    cols,
    values,
    transposed: false,
    rowAxis: EXAMPLE_AXIS,
    colAxis: { kind: 'unit', labels: Array.from({ length: cols }, (_, i) => `n${i + 1}`) },
    source: 'test',
  };
}

/** The (row, col) of every marked cell, as the grid draws them (row and column from the headers). */
function markedCells(container: HTMLElement): string[] {
  const heads = Array.from(container.querySelectorAll('thead th')).map((th) => th.textContent);
  return Array.from(container.querySelectorAll<HTMLElement>('td.mx-chain')).map((td) => {
    const row = td.closest('tr')!.querySelector('th')!.textContent;
    return `${row}:${heads[Number(td.dataset.ci)]}`;
  });
}

const cells: ChainCell[] = [
  { quantity: 'dZ', layer: 1, row: 0, col: 1 },
  { quantity: 'dZ', layer: 1, row: 2, col: 0 },
  // Another layer's dZ and another quantity of the same layer: not on a dZ2 card.
  { quantity: 'dZ', layer: 0, row: 1, col: 1 },
  { quantity: 'dA', layer: 1, row: 1, col: 0 },
  { quantity: 'Z', layer: 1, row: 1, col: 2 },
];

describe('MatrixView: the chain rule’s cells', () => {
  it('marks exactly the cells of its quantity and layer, with the note for screen readers', () => {
    const { container } = render(
      <MatrixView matrix={card({ quantity: 'dZ', layer: 1 }, 3, 3)} maxAbs={300} chainCells={cells} />,
    );
    expect(markedCells(container).sort()).toEqual(['1:n2', '3:n1']);
    const marked = screen.getAllByRole('gridcell').filter((td) => td.classList.contains('mx-chain'));
    for (const td of marked) {
      expect(td.getAttribute('aria-label')).toMatch(new RegExp(`, ${CHAIN_CELL_NOTE}$`));
      expect(td.getAttribute('data-chain-cell')).toMatch(/^dZ:1:\d:\d$/);
    }
    const unmarked = screen.getAllByRole('gridcell').filter((td) => !td.classList.contains('mx-chain'));
    expect(unmarked).toHaveLength(7);
    for (const td of unmarked) expect(td.getAttribute('aria-label')).not.toContain(CHAIN_CELL_NOTE);
    // The marked cells are the ones the chain names: their values are r·100 + c.
    expect(marked.map((td) => td.textContent).sort()).toEqual(['1', '200']);
  });

  it('with no chain cells, marks nothing', () => {
    const { container } = render(
      <MatrixView matrix={card({ quantity: 'dZ', layer: 1 }, 3, 3)} maxAbs={300} />,
    );
    expect(container.querySelectorAll('.mx-chain')).toHaveLength(0);
  });

  it('a transposed card marks the cell across; an f′(Z) card marks the Z cell; an example’s share none', () => {
    expect(
      chainMarksOf({ quantity: 'dZ', layer: 1, transposed: true }, 3, 3, cells).map((m) => [m.r, m.c]),
    ).toEqual([
      [1, 0],
      [0, 2],
    ]);
    expect(chainMarksOf({ quantity: 'fprime', layer: 1 }, 3, 3, cells).map((m) => [m.r, m.c])).toEqual([
      [1, 2],
    ]);
    expect(chainMarksOf({ quantity: 'Z', layer: 1 }, 3, 3, cells).map((m) => [m.r, m.c])).toEqual([[1, 2]]);
    expect(chainMarksOf({ quantity: 'dZ', layer: 1, example: 0 }, 3, 3, cells)).toEqual([]);
    expect(
      chainMarksOf({ quantity: 'W', layer: 1, when: 'before' }, 3, 3, [
        { quantity: 'W', layer: 1, row: 0, col: 0 },
      ]),
    ).toEqual([]);
    // Out of the card's range: nothing (a stale cell from another network).
    expect(chainMarksOf({ quantity: 'dZ', layer: 1 }, 2, 1, cells)).toEqual([]);
  });

  it('a marked column past the cut is shown (after the first columns), and counted out of the hidden ones', () => {
    const wide = card({ quantity: 'dA', layer: 1 }, 2, UNIT_LIMIT + 4);
    const far = UNIT_LIMIT + 2;
    const { container } = render(
      <MatrixView
        matrix={wide}
        maxAbs={3000}
        chainCells={[{ quantity: 'dA', layer: 1, row: 1, col: far }]}
      />,
    );
    expect(markedCells(container)).toEqual([`2:n${far + 1}`]);
    const heads = Array.from(container.querySelectorAll('thead th')).map((th) => th.textContent);
    expect(heads.slice(-2)).toEqual([`n${far + 1}`, '…']);
    expect(container.querySelector('thead th.mx-more')?.getAttribute('title')).toBe(
      '3 more columns not shown',
    );
  });
});
