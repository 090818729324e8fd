/**
 * The "Chain rule" region as a learner reads it: Mazur's numbers in the rendered text, a region in
 * every backward phase of a real run with the product of its factors equal to its gradient, and a
 * weight chosen from a dW cell (click or Enter) followed from then on, its cells put in the store for
 * the matrices and the graph to highlight.
 */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../../../src/model/config';
import { phasesOfStep } from '../../../src/model/phase';
import { chainRule, outputError } from '../../../src/views/inspector/chainRule';
import { ChainRulePanel } from '../../../src/views/inspector/ChainRulePanel';
import { Inspector } from '../../../src/views/inspector/Inspector';
import type { Phase } from '../../../src/worker/protocol';
import { createRealStore } from '../../helpers/realStore';
import { mazurSource } from './mazur';

describe('ChainRulePanel with Mazur’s example', () => {
  it('prints ∂E/∂w5 as his worked example does, and ∂E/∂w1 = 0.000438568', () => {
    const w5 = chainRule(mazurSource(), { layer: 1, row: 0, col: 0 }, 0);
    const { unmount } = render(<ChainRulePanel chain={w5} outputError={null} outputs={2} pending={null} />);
    const region = screen.getByRole('region', { name: 'Chain rule' });
    expect(region.textContent).toContain(
      '∂L/∂W2[1,1] (example 1) = ∂L/∂ŷ[1,1] · ∂ŷ[1,1]/∂Z2[1,1] · ∂Z2[1,1]/∂W2[1,1]',
    );
    expect(region.textContent).toContain('= 0.74136507 · 0.186815602 · 0.593269992 = 0.0821670406');
    unmount();
    const w1 = chainRule(mazurSource(), { layer: 0, row: 0, col: 0 }, 0);
    render(<ChainRulePanel chain={w1} outputError={null} outputs={2} pending={null} />);
    const text = screen.getByRole('region', { name: 'Chain rule' }).textContent ?? '';
    expect(text).toMatch(/= 0\.036350306\d* · 0\.241300709 · 0\.05 = 0\.000438567\d*/);
    expect(Number(text.match(/= (0\.000438567\d*)/)?.[1]).toFixed(9)).toBe('0.000438568');
  });

  it('at the loss phase: E = 0.298371109 and the output error of o1', () => {
    const err = outputError(mazurSource(), 0, 0);
    render(<ChainRulePanel chain={null} outputError={err} outputs={2} pending={null} />);
    const text = screen.getByRole('region', { name: 'Chain rule' }).textContent ?? '';
    expect(text).toContain('L = Σ (ŷ − y)² / (2n)');
    expect(text).toMatch(/= 0\.298371109\d*/);
    expect(text).toContain('∂L/∂ŷ[1,1] = (ŷ − y) / n = (0.75136507 − 0.01) / 1 = 0.74136507');
    expect(text).toContain('does not collapse');
  });
});

const config: RunConfig = { ...DEFAULT_CONFIG, hiddenLayers: [3], datasetSize: 40, batchSize: 4 };

/** A fresh store whose real run stands at `phase` of its first step, that frame delivered. */
function storeAt(phase: Phase) {
  const real = createRealStore({ config });
  const frame = real.deliver({ phase });
  return { store: real.store, frame };
}

const backward2: Phase = { kind: 'backward', layer: 1 };

describe('Inspector: the Chain rule region', { timeout: 120_000 }, () => {
  it('is in every backward phase and the loss phase, not elsewhere; its factors multiply to its gradient', () => {
    for (const phase of phasesOfStep(config.hiddenLayers.length + 1)) {
      const { store, frame } = storeAt(phase);
      const { unmount } = render(<Inspector store={store} />);
      const region = screen.queryByRole('region', { name: 'Chain rule' });
      const kind = frame.phase.kind;
      expect(region !== null).toBe(kind === 'backward' || kind === 'loss');
      if (region && kind === 'backward') {
        const factors = Array.from(region.querySelectorAll('[data-factor]')).map((el) =>
          Number(el.getAttribute('data-factor')),
        );
        const product = factors.reduce((a, b) => a * b, 1);
        expect(product).toBeCloseTo(Number(region.getAttribute('data-gradient')), 15);
        const cell = Number(region.getAttribute('data-dw-cell'));
        expect(Number(region.getAttribute('data-batch-sum'))).toBeCloseTo(cell, 7);
        // Default: the first weight of the phase's layer, its cells in the store.
        expect(region.getAttribute('data-weight')).toBe(`W${frame.phase.layer + 1}[1,1]`);
        expect(store.getState().ui.chainHighlight).toContainEqual({
          quantity: 'dW',
          layer: frame.phase.layer,
          row: 0,
          col: 0,
        });
      }
      unmount();
    }
  });

  it('a dW cell chosen by click or Enter becomes the chain’s weight (and stays chosen)', () => {
    const { store } = storeAt(backward2);
    render(<Inspector store={store} />);
    const dW = screen.getByLabelText('dW2 (3×1)');
    const cells = dW.querySelectorAll<HTMLElement>('[role="gridcell"]');
    fireEvent.click(cells[2]);
    expect(store.getState().ui.chosenWeight).toEqual({ layer: 1, row: 2, col: 0 });
    const region = screen.getByRole('region', { name: 'Chain rule' });
    expect(region.getAttribute('data-weight')).toBe('W2[3,1]');
    expect(within(region).getByText('Chain rule for W2[3,1], example 1')).toBeTruthy();
    fireEvent.keyDown(cells[1], { key: 'Enter' });
    expect(store.getState().ui.chosenWeight).toEqual({ layer: 1, row: 1, col: 0 });
    expect(cells[1].getAttribute('aria-selected')).toBe('true');
  });

  it('a weight of a layer not reached yet waits for its phase; the phase’s first weight meanwhile', () => {
    const { store } = storeAt(backward2);
    store.getState().setUi({ chosenWeight: { layer: 0, row: 1, col: 2 } });
    render(<Inspector store={store} />);
    const region = screen.getByRole('region', { name: 'Chain rule' });
    expect(region.getAttribute('data-weight')).toBe('W2[1,1]');
    expect(region.textContent).toContain('Your chosen weight W1[2,3] is reached at Backward · layer 1');
  });
});

/** The value a ringed matrix cell holds, from its tooltip (9 significant digits). */
function cellValue(td: HTMLElement): number {
  return Number(/: (−?[\d.e−-]+)/.exec(td.title)![1].replace(/−/g, '-'));
}

describe('Inspector: the chain’s factors in the matrices', { timeout: 120_000 }, () => {
  it('a factor whose cell is on a card is ringed there with its value; the others say they are from an earlier phase', () => {
    const { store } = storeAt({ kind: 'backward', layer: 0 });
    const { container } = render(<Inspector store={store} />);
    const ringed = (key: string) =>
      Array.from(container.querySelectorAll<HTMLElement>(`td.mx-chain[data-chain-cell="${key}"]`));
    const region = screen.getByRole('region', { name: 'Chain rule' });
    const factors = Array.from(region.querySelectorAll<HTMLElement>('[data-factor]'));
    const value = (f: HTMLElement) => Number(f.getAttribute('data-factor'));
    // W1[1,1]: ∂L/∂A1[1,1] and f′(Z1[1,1]) were computed in Backward · layer 2; X[1,1] is on Xᵀ.
    expect(factors.map((f) => f.getAttribute('data-cell'))).toEqual(['dA:0:0:0', 'Z:0:0:0', 'X:-1:0:0']);
    expect(factors.map((f) => (f.textContent ?? '').includes('computed in an earlier phase'))).toEqual([
      true,
      true,
      false,
    ]);
    expect(factors[0].textContent).toContain('(computed in an earlier phase, Backward · layer 2;');
    expect(factors[1].textContent).toContain('(computed in an earlier phase, Forward · layer 1;');
    expect(ringed('dA:0:0:0')).toHaveLength(0);
    const x = ringed('X:-1:0:0');
    expect(x).toHaveLength(1);
    expect(cellValue(x[0])).toBeCloseTo(value(factors[2]), 6);
    // The first factors together are dZ1[1,1], ringed on the dZ1 cards (float32 there).
    const dZ = ringed('dZ:0:0:0');
    expect(dZ.length).toBeGreaterThan(0);
    const product = value(factors[0]) * value(factors[1]);
    for (const td of dZ)
      expect(Math.abs(cellValue(td) - product)).toBeLessThanOrEqual(Math.abs(product) * 1e-6);
    // And the weight's own dW1 cell.
    expect(ringed('dW:0:0:0')).toHaveLength(1);

    // Hovering a factor points at its cells, and only while it is hovered.
    fireEvent.mouseOver(factors[2]);
    expect(Array.from(container.querySelectorAll('.mx-chain-focus'))).toEqual(x);
    fireEvent.mouseLeave(region);
    expect(container.querySelectorAll('.mx-chain-focus')).toHaveLength(0);
  });

  it('in Backward · layer 2 the output layer’s f′ is not on a card (it says so); A1[1,1] is, on A1ᵀ', () => {
    const { store } = storeAt(backward2);
    const { container } = render(<Inspector store={store} />);
    const region = screen.getByRole('region', { name: 'Chain rule' });
    const where = Array.from(region.querySelectorAll('[data-factor]'), (f) => ({
      cell: f.getAttribute('data-cell'),
      earlier: (f.textContent ?? '').includes('computed in an earlier phase'),
    }));
    // ∂L/∂ŷ is derived (no cell), f′(Z2) reads Z2 (forward pass), ∂Z2/∂W2 = A1[1,1] is on A1ᵀ.
    expect(where).toEqual([
      { cell: null, earlier: false },
      { cell: 'Z:1:0:0', earlier: true },
      { cell: 'A:0:0:0', earlier: false },
    ]);
    const a = container.querySelector<HTMLElement>('td.mx-chain[data-chain-cell="A:0:0:0"]')!;
    expect(a.closest('figure')?.getAttribute('data-matrix')).toBe('A1ᵀ');
    expect(cellValue(a)).toBeCloseTo(
      Number(region.querySelectorAll('[data-factor]')[2].getAttribute('data-factor')),
      6,
    );
  });
});
