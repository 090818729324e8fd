// The inspector's colours and numbers: one colour scale per quantity for the whole phase, compact
// numbers in cells, the "≈ 0 at this scale" mark, the exact value on focus, and Expand.
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../../../src/model/config';
import { phaseScales, scaleKey, scaleOf } from '../../../src/views/inspector/colorScales';
import { ONE_AXIS, type MatrixModel } from '../../../src/views/inspector/equationModel';
import { inspectorModel } from '../../../src/views/inspector/inspectorModel';
import { Inspector } from '../../../src/views/inspector/Inspector';
import { MatrixView, isNearZero } from '../../../src/views/inspector/MatrixView';
import { divergingColor } from '../../../src/views/shared/colors';
import { createRealStore, realFrame } from '../../helpers/realStore';

const small: RunConfig = { ...DEFAULT_CONFIG, hiddenLayers: [3], activation: 'tanh' };

function row(name: string, values: number[], quantity: 'dZ' | 'db' = 'dZ'): MatrixModel {
  return {
    term: { quantity, layer: 1 },
    name,
    tex: name,
    rows: 1,
    cols: values.length,
    values: Float32Array.from(values),
    transposed: false,
    rowAxis: ONE_AXIS,
    colAxis: { kind: 'unit', labels: values.map((_, i) => `n${i + 1}`) },
    source: 'test',
  };
}

describe('phaseScales(): one colour scale per quantity for the phase', () => {
  it('a layer’s dW and db share a scale; W and b share theirs; y shares ŷ’s; other quantities do not mix', () => {
    expect(scaleKey({ quantity: 'dW', layer: 1 })).toBe(scaleKey({ quantity: 'db', layer: 1 }));
    expect(scaleKey({ quantity: 'W', layer: 0, when: 'before' })).toBe(scaleKey({ quantity: 'b', layer: 0 }));
    expect(scaleKey({ quantity: 'Y', layer: 1 })).toBe(scaleKey({ quantity: 'A', layer: 1 }));
    expect(scaleKey({ quantity: 'dZ', layer: 1, example: 2 })).toBe(scaleKey({ quantity: 'dZ', layer: 1 }));
    expect(scaleKey({ quantity: 'dW', layer: 1 })).not.toBe(scaleKey({ quantity: 'dW', layer: 0 }));
    expect(scaleKey({ quantity: 'dZ', layer: 1 })).not.toBe(scaleKey({ quantity: 'dA', layer: 1 }));
  });

  it('in a backward phase, every card showing dZ2 gets dZ2’s max |v|, and dW2 and db2 one common scale', () => {
    const frame = realFrame(small, { phase: { kind: 'backward', layer: 1 } });
    const model = inspectorModel(frame, small);
    const scales = phaseScales(model.equations);
    const all = model.equations.flatMap((eq) => eq.matrices);
    const dZ2 = all.filter((m) => m.name === 'dZ2');
    expect(dZ2.length).toBeGreaterThan(1);
    const dZ2Max = Math.max(...Array.from(dZ2[0].values, Math.abs));
    for (const m of dZ2) expect(scaleOf(scales, m)).toBeCloseTo(dZ2Max, 12);
    const dW2 = all.find((m) => m.name === 'dW2')!;
    const db2 = all.find((m) => m.name === 'db2')!;
    const gradMax = Math.max(...Array.from(dW2.values, Math.abs), ...Array.from(db2.values, Math.abs));
    expect(scaleOf(scales, dW2)).toBeCloseTo(gradMax, 12);
    expect(scaleOf(scales, db2)).toBe(scaleOf(scales, dW2));
  });

  it('rendered, the same cell of dZ2 has the same colour in every card', () => {
    const { store, deliver } = createRealStore({ config: small });
    deliver({ phase: { kind: 'backward', layer: 1 } });
    const { container } = render(<Inspector store={store} />);
    const firstCells = Array.from(container.querySelectorAll('[data-matrix="dZ2"]')).map(
      (fig) => (fig.querySelector('[role="gridcell"]') as HTMLElement).style.backgroundColor,
    );
    expect(firstCells.length).toBeGreaterThan(1);
    expect(new Set(firstCells).size).toBe(1);
  });
});

describe('MatrixView numbers', () => {
  it('prints every cell that fits with 3 significant digits, marks ≈ 0 cells, shows 9 digits on focus', () => {
    // On a ±1 scale, 1e-3 is below the resolution (1/254): it is drawn as 0, so it gets the mark.
    const m = row('dZ2', [0.123456789, -1, 0.001, 0]);
    render(<MatrixView matrix={m} maxAbs={1} />);
    const cells = screen.getAllByRole('gridcell');
    expect(cells.map((c) => c.textContent)).toEqual(['0.123', '−1', '0.001', '0']);
    expect(cells.map((c) => c.classList.contains('mx-near-zero'))).toEqual([false, false, true, false]);
    expect(cells[2].style.backgroundColor).toBe(cells[3].style.backgroundColor);
    expect(cells[2].getAttribute('aria-label')).toContain('≈ 0 at this scale');
    fireEvent.focus(cells[0]);
    const grid = screen.getByRole('grid');
    const readout = document.getElementById(grid.getAttribute('aria-describedby')!)!;
    expect(readout.textContent).toBe(`dZ2, n1: ${String(+Math.fround(0.123456789).toPrecision(9))}`);
    expect(cells[0].tabIndex).toBe(0);
  });

  it('isNearZero(): non-zero values drawn in the colour of 0 at this scale, and only those', () => {
    expect(isNearZero(0, 1)).toBe(false);
    expect(isNearZero(1e-3, 1)).toBe(true);
    expect(isNearZero(-1e-3, 1)).toBe(true);
    expect(isNearZero(1e-2, 1)).toBe(false);
    expect(divergingColor(1e-3, 1)).toBe(divergingColor(0, 1));
  });

  it('shows a legend with the scale’s ends', () => {
    render(<MatrixView matrix={row('db2', [-0.028], 'db')} maxAbs={0.0352} />);
    expect(screen.getByRole('img', { name: /from −0.0352 .* to \+0.0352/ })).toBeTruthy();
  });

  it('a wide matrix shows colours only, and Expand (a button) shows every column with numbers', () => {
    const m = row(
      'dZ1',
      Array.from({ length: 20 }, (_, i) => (i + 1) / 100),
    );
    render(<MatrixView matrix={m} maxAbs={0.2} />);
    expect(screen.getAllByRole('gridcell')).toHaveLength(16);
    expect(screen.getAllByRole('gridcell')[0].textContent).toBe('');
    const expand = screen.getByRole('button', { name: 'Expand dZ1 (1×20)' });
    expect(expand.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(expand);
    const cells = screen.getAllByRole('gridcell');
    expect(cells).toHaveLength(20);
    expect(cells[19].textContent).toBe('0.2');
    expect(screen.getByRole('button', { name: 'Collapse dZ1 (1×20)' }).getAttribute('aria-expanded')).toBe(
      'true',
    );
  });
});
