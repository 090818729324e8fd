// The chain rule on the graph: which edges and nodes the Chain rule region's cells are (chainPathOf),
// and, with the inspector and the graph on one store, the chosen weight's edge and its path marked,
// the marks following a weight chosen from a dW cell or an edge.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../../../src/model/config';
import type { ChainCell } from '../../../src/store/types';
import { Inspector } from '../../../src/views/inspector/Inspector';
import { chainPathOf, edgeKeyOf } from '../../../src/views/network/chainPath';
import { networkGeometry } from '../../../src/views/network/geometry';
import { NetworkGraph } from '../../../src/views/network/NetworkGraph';
import { createRealStore } from '../../helpers/realStore';

describe('chainPathOf', () => {
  const geometry = networkGeometry(['x1', 'x2'], [3, 2], 1);

  it('the dW cell is the weight, the other W cells the path; batch cells are the nodes of their units', () => {
    const cells: ChainCell[] = [
      { quantity: 'W', layer: 0, row: 1, col: 2 },
      { quantity: 'dW', layer: 0, row: 1, col: 2 },
      { quantity: 'dZ', layer: 0, row: 4, col: 2 },
      { quantity: 'X', layer: -1, row: 4, col: 1 },
      { quantity: 'W', layer: 1, row: 2, col: 0 },
      { quantity: 'W', layer: 1, row: 2, col: 1 },
      { quantity: 'dA', layer: 1, row: 4, col: 1 },
      { quantity: 'Y', layer: 2, row: 4, col: 0 },
    ];
    const path = chainPathOf(geometry, cells);
    // W1[2,3]: index 1·3 + 2.
    expect(path.weight).toBe('w:0:5');
    expect([...path.edges].sort()).toEqual(['w:1:4', 'w:1:5']);
    expect([...path.nodes].sort()).toEqual(['n:0:1', 'n:1:2', 'n:2:1', 'n:3:0']);
  });

  it('no dW cell (the loss phase): no weight; cells out of the network: nothing', () => {
    const path = chainPathOf(geometry, [
      { quantity: 'dZ', layer: 2, row: 0, col: 0 },
      { quantity: 'W', layer: 5, row: 0, col: 0 },
      { quantity: 'A', layer: 0, row: 0, col: 9 },
    ]);
    expect(path.weight).toBeNull();
    expect(path.edges.size).toBe(0);
    expect([...path.nodes]).toEqual(['n:3:0']);
  });

  it('a weight into or out of a block is the bundle that draws it', () => {
    const wide = networkGeometry(['x1', 'x2'], [64], 1);
    expect(edgeKeyOf(wide, 0, 1, 40)).toBe('a:0:row:1');
    expect(edgeKeyOf(wide, 1, 40, 0)).toBe('a:1:col:0');
    expect(wide.items.has('a:0:row:1') && wide.items.has('a:1:col:0')).toBe(true);
  });
});

describe('NetworkGraph with the inspector: the chain rule’s path', { timeout: 120_000 }, () => {
  it('marks the chosen weight’s edge and its path, and moves the marks when another dW cell or edge is chosen', async () => {
    const config: RunConfig = { ...DEFAULT_CONFIG, hiddenLayers: [3], datasetSize: 40, batchSize: 4 };
    const { store, deliver } = createRealStore({ config });
    deliver({ phase: { kind: 'backward', layer: 1 } });
    const { container } = render(
      <>
        <NetworkGraph store={store} />
        <Inspector store={store} />
      </>,
    );
    const chainOf = (key: string) =>
      container.querySelector(`path.nn-edge-hit[data-key="${key}"]`)?.getAttribute('data-chain') ?? null;
    const halo = () => container.querySelector('path[data-chain-halo="weight"]')?.getAttribute('d') ?? '';
    const markedNodes = () =>
      Array.from(container.querySelectorAll('rect.nn-node[data-chain]'), (el) =>
        el.getAttribute('data-for'),
      ).sort();

    // The default weight of Backward · layer 2 is W2[1,1]: edge w:1:0, from hidden unit 1 to the output.
    await waitFor(() => expect(chainOf('w:1:0')).toBe('weight'));
    const chosen = container.querySelector('path.nn-edge-hit[data-key="w:1:0"]')!;
    expect(chosen.getAttribute('aria-current')).toBe('true');
    expect(halo()).toBe(chosen.getAttribute('d'));
    expect(container.querySelectorAll('[data-chain="weight"]')).toHaveLength(1);
    expect(markedNodes()).toEqual(['n:1:0', 'n:2:0']);

    // Choose W2[3,1] from its dW2 cell: the marks move to w:1:2 and hidden unit 3.
    const dW = screen.getByLabelText('dW2 (3×1)');
    act(() => void fireEvent.click(dW.querySelectorAll<HTMLElement>('[role="gridcell"]')[2]));
    await waitFor(() => expect(chainOf('w:1:2')).toBe('weight'));
    expect(chainOf('w:1:0')).toBeNull();
    expect(chosen.hasAttribute('aria-current')).toBe(false);
    expect(markedNodes()).toEqual(['n:1:2', 'n:2:0']);

    // Choose W2[2,1] by clicking its edge in the graph: the marks follow.
    act(() => void fireEvent.click(container.querySelector('path.nn-edge-hit[data-key="w:1:1"]')!));
    await waitFor(() => expect(chainOf('w:1:1')).toBe('weight'));
    expect(chainOf('w:1:2')).toBeNull();
    expect(markedNodes()).toEqual(['n:1:1', 'n:2:0']);
    expect(container.querySelector('td.mx-chain[data-chain-cell="dW:1:1:0"]')).not.toBeNull();

    // A phase without a chain (the update) clears every mark.
    act(() => void deliver({ phase: { kind: 'update' } }));
    await waitFor(() => expect(container.querySelectorAll('[data-chain]')).toHaveLength(0));
    expect(halo()).toBe('');
  });
});
