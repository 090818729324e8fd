import { act, render, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG, type RunConfig } from '../../../src/model/config';
import { phaseView } from '../../../src/views/network/frameView';
import { NetworkGraph } from '../../../src/views/network/NetworkGraph';
import type { Phase } from '../../../src/worker/protocol';
import { createRealStore } from '../../helpers/realStore';

/**
 * The graph of a real run, ready before its first step; `show(phase)` moves the run on to `phase`
 * (within its next step) and delivers that frame, a new frame even when the phase is the same.
 */
function setup(patch: Partial<RunConfig> = {}) {
  const config: RunConfig = { ...DEFAULT_CONFIG, features: ['x1', 'x2'], hiddenLayers: [3, 2], ...patch };
  const { store, deliver } = createRealStore({ config });
  deliver();
  const { container } = render(<NetworkGraph store={store} />);
  const show = (phase: Phase) => act(() => void deliver({ phase }));
  const flowOf = (l: number) =>
    container.querySelector(`g[data-edge-layer="${l}"]`)?.getAttribute('data-flow') ?? null;
  return { store, container, show, flowOf };
}

/** matchMedia answering `prefers-reduced-motion: reduce` with `reduce`. */
function stubReducedMotion(reduce: boolean): void {
  const real = window.matchMedia;
  vi.spyOn(window, 'matchMedia').mockImplementation((query: string) => {
    const list = real(query);
    return query.includes('prefers-reduced-motion') ? { ...list, matches: reduce } : list;
  });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('phaseView flow', () => {
  it('forward phases flow forward, backward phases backward; the rest do not move', () => {
    expect(phaseView({ kind: 'forward', layer: 1 }, 3, false).flow).toBe('forward');
    expect(phaseView({ kind: 'backward', layer: 0 }, 3, false).flow).toBe('backward');
    for (const phase of [{ kind: 'ready' }, { kind: 'loss' }, { kind: 'update' }] as Phase[])
      expect(phaseView(phase, 3, true).flow).toBeNull();
  });
});

describe('NetworkGraph: motion between phases', () => {
  it('marks the active weight layer with the direction values travel, and only it', async () => {
    const { show, flowOf } = setup();
    expect([0, 1, 2].map(flowOf)).toEqual([null, null, null]);
    show({ kind: 'forward', layer: 1 });
    await waitFor(() => expect(flowOf(1)).toBe('forward'));
    expect(flowOf(0)).toBeNull();
    expect(flowOf(2)).toBeNull();
    show({ kind: 'backward', layer: 2 });
    await waitFor(() => expect(flowOf(2)).toBe('backward'));
    expect(flowOf(1)).toBeNull();
    show({ kind: 'loss' });
    await waitFor(() => expect(flowOf(2)).toBeNull());
  });

  it('a redraw inside the same phase leaves the running animation alone', async () => {
    const { store, show, flowOf, container } = setup();
    show({ kind: 'forward', layer: 0 });
    await waitFor(() => expect(flowOf(0)).toBe('forward'));
    const group = container.querySelector('g[data-edge-layer="0"]')!;
    const setAttribute = vi.spyOn(group, 'setAttribute');
    const removeAttribute = vi.spyOn(group, 'removeAttribute');
    act(() => store.setState({ ui: { ...store.getState().ui, selectedExample: 0 } }));
    show({ kind: 'forward', layer: 0 });
    expect(setAttribute.mock.calls.filter(([name]) => name === 'data-flow')).toEqual([]);
    expect(removeAttribute).not.toHaveBeenCalledWith('data-flow');
  });

  it('sets no flow under prefers-reduced-motion', async () => {
    stubReducedMotion(true);
    const { show, flowOf, container } = setup();
    show({ kind: 'forward', layer: 0 });
    await waitFor(() =>
      expect(container.querySelector('g[data-edge-layer="0"]')?.getAttribute('data-state')).toBe('active'),
    );
    expect(flowOf(0)).toBeNull();
    show({ kind: 'backward', layer: 1 });
    await waitFor(() =>
      expect(container.querySelector('g[data-edge-layer="1"]')?.getAttribute('data-state')).toBe('active'),
    );
    expect(flowOf(1)).toBeNull();
  });

  it('big networks, their edges on a canvas, skip the animation', async () => {
    const { show, flowOf, container } = setup({ hiddenLayers: [32, 32, 32] });
    expect(container.querySelectorAll('canvas[data-edges-canvas]')).toHaveLength(4);
    show({ kind: 'forward', layer: 1 });
    await waitFor(() =>
      expect(container.querySelector('g[data-edge-layer="1"]')?.getAttribute('data-state')).toBe('active'),
    );
    expect(flowOf(1)).toBeNull();
  });
});
