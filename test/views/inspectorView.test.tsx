/**
 * The inspector component lays out inspectorModel (whose numbers are tested against the engine in
 * inspectorModel.test.ts): equations with shapes, matrices as labelled grids with hover/focus
 * read-outs and keyboard movement, "follow one example", and the update phase's optimizer state.
 */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Inspector } from '../../src/views/inspector/Inspector';
import { MatrixView } from '../../src/views/inspector/MatrixView';
import type { MatrixModel } from '../../src/views/inspector/equationModel';
import { DEFAULT_CONFIG, type RunConfig } from '../../src/model/config';
import { formatValue } from '../../src/model/format';
import { createRealStore, frameOf } from '../helpers/realStore';

const config: RunConfig = { ...DEFAULT_CONFIG, hiddenLayers: [4, 2], activation: 'tanh', batchSize: 4 };
/** One hidden layer keeps the DOM small: role queries are slow in jsdom on a shared machine. */
const small: RunConfig = { ...DEFAULT_CONFIG, hiddenLayers: [3], activation: 'tanh', batchSize: 4 };

describe('Inspector', { timeout: 120_000 }, () => {
  it('forward phase: the equation, its shapes and the matrices with their shapes', async () => {
    const { store, deliver } = createRealStore({ config });
    deliver({ steps: 10, phase: { kind: 'forward', layer: 0 } });
    render(<Inspector store={store} />);
    expect(screen.getByText('Step 11 · Forward · layer 1').tagName).toBe('H3');
    const eq = screen.getByLabelText('Z1 = X · W1 + b1');
    expect(eq.tagName).toBe('SECTION');
    expect(within(eq).getByText('(4×2)·(2×4) + (1×4) → (4×4)')).toBeTruthy();
    for (const name of ['X (4×2)', 'W1 (2×4)', 'b1 (1×4)', 'Z1 (4×4)']) {
      expect(within(eq).getByLabelText(name).getAttribute('role')).toBe('grid');
    }
    // temml loads lazily and replaces the plain text with MathML.
    await waitFor(() => expect(eq.querySelector('[data-math="mathml"] math')).not.toBeNull(), {
      timeout: 20_000,
    });
    expect(eq.querySelector('annotation')?.textContent).toContain('Z_{1}');
  });

  it('hover and focus show the exact value of a cell', () => {
    const { store, deliver } = createRealStore({ config: small });
    const frame = deliver({ phase: { kind: 'forward', layer: 0 } });
    render(<Inspector store={store} />);
    const grid = screen.getByLabelText('W1 (2×3)');
    const cells = Array.from(grid.querySelectorAll<HTMLElement>('[role="gridcell"]'));
    const exact = frame.params[0].W[1];
    fireEvent.mouseEnter(cells[1]);
    // The grid is described by its read-out.
    const readout = document.getElementById(grid.getAttribute('aria-describedby')!)!;
    const sign = exact < 0 ? '−' : '';
    expect(readout.textContent).toBe(`W1, x₁, n2: ${sign}${String(+Math.abs(exact).toPrecision(9))}`);
    fireEvent.focus(cells[2]);
    expect(readout.textContent).toMatch(/^W1, x₁, n3: /);
  });

  it('following an example highlights its row and, in backward phases, shows its share of dW', () => {
    const { store, deliver } = createRealStore({ config: small });
    deliver({ phase: { kind: 'backward', layer: 1 } });
    render(<Inspector store={store} />);
    fireEvent.change(screen.getByLabelText('Follow example'), { target: { value: '3' } });
    expect(store.getState().ui.selectedExample).toBe(2);
    expect(screen.getByLabelText('Example 3').tagName).toBe('SECTION');
    expect(screen.getByText(/Its share of the batch gradient dW2/)).toBeTruthy();
    const pressed = screen
      .getAllByLabelText('Follow example 3')
      .filter((b) => b.getAttribute('aria-pressed') === 'true');
    expect(pressed.length).toBeGreaterThan(0);
    // Clicking the row label again stops following.
    fireEvent.click(pressed[0]);
    expect(store.getState().ui.selectedExample).toBeNull();
  });

  it('update phase: the rule, before → after of the chosen weight, and the optimizer state from the frame', () => {
    const adam: RunConfig = { ...small, optimizer: 'adam', learningRate: 0.01 };
    const { store, port, deliver } = createRealStore({ config: adam });
    const frame = deliver({ phase: { kind: 'update' } });
    // The update frame carries Adam's m and v for every parameter and t: nothing to ask the worker.
    const m = frame.optimizerSlots!.find((s) => s.name === 'm')!;
    const v = frame.optimizerSlots!.find((s) => s.name === 'v')!;
    render(<Inspector store={store} />);
    expect(port.types()).not.toContain('slot-values');
    expect(screen.getByText('W1[1,1]', { selector: 'strong' })).toBeTruthy();
    const stateLine = (l: number, i: number) =>
      `m = ${formatValue(m.params[l].W[i])}, v = ${formatValue(v.params[l].W[i])}, t = ${frame.optimizerT}`;
    expect(screen.getByText(stateLine(0, 0))).toBeTruthy();
    // Choosing another weight in a W matrix shows its state, still from the frame.
    const grid = screen.getByLabelText('W2 after (3×1)');
    fireEvent.click(grid.querySelectorAll('[role="gridcell"]')[2]);
    expect(screen.getByText('W2[3,1]', { selector: 'strong' })).toBeTruthy();
    expect(screen.getByText(stateLine(1, 2))).toBeTruthy();
    expect(port.types()).not.toContain('slot-values');
  });

  it('update phase without the optimizer state in the frame (an older worker) requests it', () => {
    const adam: RunConfig = { ...small, optimizer: 'adam', learningRate: 0.01 };
    const { store, port, run, deliverFrame } = createRealStore({ config: adam });
    const { optimizerSlots: _slots, optimizerT: _t, ...bare } = frameOf(run, { phase: { kind: 'update' } });
    deliverFrame(bare);
    render(<Inspector store={store} />);
    expect(port.sent).toContainEqual({ type: 'slot-values', layer: 0, kind: 'W', index: 0 });
    expect(screen.getByText('Fetching the optimizer state…')).toBeTruthy();
    act(() =>
      store.setState({ slotValues: { layer: 0, kind: 'W', index: 0, values: { m: 0.1, v: 0.01, t: 1 } } }),
    );
    expect(screen.getByText(/m = 0.1, v = 0.01, t = 1/)).toBeTruthy();
    const grid = screen.getByLabelText('W2 after (3×1)');
    fireEvent.click(grid.querySelectorAll('[role="gridcell"]')[2]);
    expect(port.sent.at(-1)).toEqual({ type: 'slot-values', layer: 1, kind: 'W', index: 2 });
  });

  it('loss phase: L says it is the data loss when a penalty is on', () => {
    const l2: RunConfig = { ...small, regularization: 'l2', regularizationRate: 0.01 };
    const { store, deliver } = createRealStore({ config: l2 });
    deliver({ phase: { kind: 'loss' } });
    render(<Inspector store={store} />);
    const line = document.querySelector('.insp-loss')!;
    expect(line.textContent).toMatch(
      /^Loss \(.+\): L = [\d.]+ \(data loss; the L2 penalty is not included\)$/,
    );
  });

  it('at a step boundary it lists the phases of one step', () => {
    const { store, deliver } = createRealStore({ config });
    deliver();
    render(<Inspector store={store} />);
    const items = screen.getByLabelText('One training step').querySelectorAll('li');
    expect(items).toHaveLength(8);
    expect(items[0].textContent).toContain('Z1 = X · W1 + b1');
  });
});

describe('MatrixView', { timeout: 120_000 }, () => {
  const big: MatrixModel = {
    term: { quantity: 'Z', layer: 0 },
    name: 'Z1',
    tex: 'Z_1',
    rows: 20,
    cols: 6,
    values: Float32Array.from({ length: 120 }, (_, i) => i / 100),
    transposed: false,
    rowAxis: { kind: 'example', labels: [] },
    colAxis: { kind: 'unit', labels: ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'] },
    source: 'batch.Z[0]',
  };

  it('shows the first 8 examples and an ellipsis row, plus the followed example', () => {
    render(<MatrixView matrix={big} maxAbs={1.2} highlightExample={14} onSelectExample={() => {}} />);
    const grid = screen.getByRole('grid', { name: 'Z1 (20×6)' });
    expect(within(grid).getByText('11 more examples not shown')).toBeTruthy();
    expect(within(grid).getByRole('button', { name: 'Follow example 15', pressed: true })).toBeTruthy();
  });

  it('a big matrix is one tab stop with a roving tabindex moved by the arrow keys', () => {
    render(<MatrixView matrix={big} maxAbs={1.2} />);
    const cells = screen.getAllByRole('gridcell');
    expect(cells.filter((c) => c.tabIndex === 0)).toHaveLength(1);
    cells[0].focus();
    fireEvent.keyDown(cells[0], { key: 'ArrowRight' });
    expect(document.activeElement).toBe(cells[1]);
    fireEvent.keyDown(cells[1], { key: 'ArrowDown' });
    expect(document.activeElement).toBe(cells[7]);
    expect(cells.filter((c) => c.tabIndex === 0)).toEqual([cells[7]]);
  });

  it('a small matrix makes every cell a tab stop', () => {
    render(<MatrixView matrix={{ ...big, rows: 2, cols: 3, values: new Float32Array(6) }} maxAbs={1} />);
    expect(screen.getAllByRole('gridcell').every((c) => c.tabIndex === 0)).toBe(true);
  });
});
