import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CANVAS_EDGES_ABOVE, MAPS_PER_FRAME_PLAYING } from '../../src/views/network/canvasPainters';
import { NetworkGraph } from '../../src/views/network/NetworkGraph';
import { parseWeightInput } from '../../src/views/network/WeightEditor';
import { divergingColor } from '../../src/views/shared/colors';
import { edgeWidth } from '../../src/views/network/layout';
import { DEFAULT_CONFIG } from '../../src/model/config';
import type { RunConfig } from '../../src/model/config';
import { createTestStore, syntheticFrame, syntheticGrid, syntheticParams } from './viewStore';

function setup(patch: Partial<RunConfig> = {}) {
  const config: RunConfig = { ...DEFAULT_CONFIG, features: ['x1', 'x2'], hiddenLayers: [3, 2], ...patch };
  const store = createTestStore({ config, frame: syntheticFrame(config) });
  const view = render(<NetworkGraph store={store} />);
  return { store, config, ...view };
}

const weights = () => screen.getAllByRole('button', { name: /^Weight W/ });
const nodes = () => screen.getAllByRole('button', { name: /^(Input|Neuron|Output)/ });

describe('NetworkGraph structure', () => {
  it('renders one node per unit, one edge per weight and one bias per non-input unit (2 → 3 → 2 → 1)', () => {
    const { container } = setup();
    expect(nodes()).toHaveLength(2 + 3 + 2 + 1);
    expect(weights()).toHaveLength(2 * 3 + 3 * 2 + 2 * 1);
    expect(container.querySelectorAll('path[data-edge]')).toHaveLength(14);
    expect(screen.getAllByRole('button', { name: /^Bias b/ })).toHaveLength(3 + 2 + 1);
    // One neuron map canvas per node.
    expect(container.querySelectorAll('canvas[data-map]')).toHaveLength(8);
  });

  it(`draws more than ${CANVAS_EDGES_ABOVE} edges on one canvas per weight layer, keeping every weight's hit path`, () => {
    const { container } = setup({ hiddenLayers: [32, 32, 32] });
    const edges = 2 * 32 + 32 * 32 * 2 + 32;
    expect(edges).toBeGreaterThan(CANVAS_EDGES_ABOVE);
    expect(container.querySelectorAll('path[data-edge]')).toHaveLength(0);
    expect(container.querySelectorAll('canvas[data-edges-canvas]')).toHaveLength(4);
    // Hover, focus, editing and screen readers see the same weights as with SVG strokes.
    expect(weights()).toHaveLength(edges);
    expect(container.querySelectorAll('canvas[data-edges-canvas][aria-hidden="true"]')).toHaveLength(4);
  });

  it('keeps SVG strokes at or below the threshold (6 × 8: 344 edges)', () => {
    const { container } = setup({ hiddenLayers: [8, 8, 8, 8, 8, 8] });
    expect(container.querySelectorAll('path[data-edge]')).toHaveLength(344);
    expect(container.querySelectorAll('canvas[data-edges-canvas]')).toHaveLength(0);
  });

  it('follows the config: features, no hidden layer, softmax outputs', () => {
    setup({
      features: ['x1', 'x2', 'sinX1'],
      hiddenLayers: [],
      dataset: 'blobs',
      classes: 3,
      output: 'softmax-ce',
    });
    expect(nodes()).toHaveLength(3 + 3);
    expect(weights()).toHaveLength(3 * 3);
    expect(screen.getByRole('button', { name: 'Input sin(x₁)' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Output 3' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Weight W₁[3,2] from sin(x₁) to output 2' })).toBeTruthy();
  });

  it('draws a layer wider than 32 units as a block with one bundle per drawn node', () => {
    const { container } = setup({ hiddenLayers: [64] });
    expect(nodes()).toHaveLength(2 + 1);
    expect(screen.queryAllByRole('button', { name: /^Weight W/ })).toHaveLength(0);
    // 2 inputs → block: one bundle per input; block → 1 output: one bundle.
    expect(screen.getAllByRole('button', { name: /^Weights W/ })).toHaveLength(3);
    expect(container.textContent).toContain('64 units');
  });

  it('sets edge width ∝ |w| and colour by sign from the frame, and follows new frames', async () => {
    const { store, config, container } = setup();
    const edge = (key: string) => container.querySelector(`path[data-edge][data-for="${key}"]`)!;
    // Synthetic W[l][k] = ±(k + 1)/10; the largest |w| over all layers is 0.6.
    expect(edge('w:0:0').getAttribute('stroke-width')).toBe(String(edgeWidth(0.1, 0.6)));
    expect(edge('w:1:5').getAttribute('stroke-width')).toBe(String(edgeWidth(-0.6, 0.6)));
    expect(edge('w:0:0').getAttribute('stroke')).toBe(divergingColor(0.1, 0.6));
    expect(edge('w:0:1').getAttribute('stroke')).toBe(divergingColor(-0.2, 0.6));
    expect(edge('w:0:0').getAttribute('stroke')).not.toBe(edge('w:0:1').getAttribute('stroke'));

    const params = syntheticParams(config);
    params[0].W[0] = -0.6;
    act(() => store.setState({ frame: syntheticFrame(config, { params, seq: 2 }) }));
    await waitFor(() => expect(edge('w:0:0').getAttribute('stroke')).toBe(divergingColor(-0.6, 0.6)));
    expect(edge('w:0:0').getAttribute('stroke-width')).toBe(String(edgeWidth(-0.6, 0.6)));
  });

  it('colours the active layer by dW in a backward phase and dims the others; highlights in forward phases', async () => {
    const { store, config, container } = setup();
    const frame = syntheticFrame(config, { phase: { kind: 'backward', layer: 1 }, seq: 2 });
    act(() => store.setState({ frame }));
    const group = (l: number) => container.querySelector(`g[data-edge-layer="${l}"]`)!;
    await waitFor(() => expect(group(1).getAttribute('data-state')).toBe('active'));
    expect(group(0).getAttribute('data-state')).toBe('dim');
    expect(group(1).getAttribute('data-mode')).toBe('dW');
    const dW = frame.batch!.dW[1]!;
    let max = 0;
    for (const v of dW) max = Math.max(max, Math.abs(v));
    const el = container.querySelector('path[data-edge][data-for="w:1:2"]')!;
    expect(el.getAttribute('stroke')).toBe(divergingColor(dW[2], max));

    act(() =>
      store.setState({ frame: syntheticFrame(config, { phase: { kind: 'forward', layer: 0 }, seq: 3 }) }),
    );
    const layer = (l: number) => container.querySelector(`g[data-node-layer="${l}"]`)!;
    // Layers 1 and 2 were both active in backward 1; forward 1 activates layer 1 only.
    await waitFor(() => expect(layer(2).getAttribute('data-state')).toBe('dim'));
    expect(layer(1).getAttribute('data-state')).toBe('active');
    expect(layer(0).getAttribute('data-state')).toBe('dim');
    expect(group(0).getAttribute('data-mode')).toBe('W');
  });
});

describe('NetworkGraph weights: read-out and editing', () => {
  it('focusing an edge shows its weight and gradient, live', async () => {
    const { store, config } = setup();
    const edge = screen.getByRole('button', { name: 'Weight W₁[1,1] from x₁ to neuron 1 of layer 1' });
    act(() => (edge as unknown as HTMLElement).focus());
    const tip = screen.getByRole('tooltip');
    expect(tip.textContent).toContain('Weight W₁[1,1]');
    expect(tip.textContent).toContain('w = 0.1');
    expect(tip.textContent).toMatch(/∂L\/∂w = [−\d]/);
    expect(store.getState().ui.hoveredEdge).toEqual({ layer: 0, from: 0, to: 0 });

    const params = syntheticParams(config);
    params[0].W[0] = 0.375;
    act(() => store.setState({ frame: syntheticFrame(config, { params, seq: 2 }) }));
    await waitFor(() => expect(screen.getByRole('tooltip').textContent).toContain('w = 0.375'));

    act(() => (edge as unknown as HTMLElement).blur());
    expect(screen.queryByRole('tooltip')).toBeNull();
    expect(store.getState().ui.hoveredEdge).toBeNull();
  });

  it('hovering an edge with the mouse shows its weight', async () => {
    setup();
    const user = userEvent.setup();
    await user.hover(screen.getByRole('button', { name: /^Weight W₂\[3,2\]/ }));
    // W₂ is 3 × 2; [3,2] is index 5: −0.6.
    expect(screen.getByRole('tooltip').textContent).toContain('w = −0.6');
  });

  it('rejects "abc" with a message and applies 0.5 on Enter via setWeight(layer, "W", index, value)', async () => {
    const { store } = setup();
    const user = userEvent.setup();
    // W₁ is 2 × 3; row 2, column 3 is index 1·3 + 2 = 5.
    await user.click(screen.getByRole('button', { name: 'Weight W₁[2,3] from x₂ to neuron 3 of layer 1' }));
    const input = screen.getByRole('textbox', { name: 'New value for Weight W₁[2,3]' });
    await user.clear(input);
    await user.type(input, 'abc{Enter}');
    expect(screen.getByRole('alert').textContent).toBe('“abc” is not a number.');
    expect(store.getState().setWeight).not.toHaveBeenCalled();

    await user.clear(input);
    await user.type(input, '0.5{Enter}');
    expect(store.getState().setWeight).toHaveBeenCalledTimes(1);
    expect(store.getState().setWeight).toHaveBeenCalledWith(0, 'W', 5, 0.5);
    expect(screen.queryByRole('textbox', { name: /New value/ })).toBeNull();
  });

  it('Escape closes the editor without applying anything', async () => {
    const { store } = setup();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /^Weight W₃\[2,1\]/ }));
    const input = screen.getByRole('textbox', { name: 'New value for Weight W₃[2,1]' });
    await user.clear(input);
    await user.type(input, '2{Escape}');
    expect(screen.queryByRole('textbox', { name: /New value/ })).toBeNull();
    expect(store.getState().setWeight).not.toHaveBeenCalled();
  });

  it('edits a bias with kind "b" from the keyboard (Enter on a focused bias)', async () => {
    const { store } = setup();
    const user = userEvent.setup();
    const bias = screen.getByRole('button', { name: 'Bias b₂[2] of neuron 2 of layer 2' });
    act(() => (bias as unknown as HTMLElement).focus());
    await user.keyboard('{Enter}');
    const input = screen.getByRole('textbox', { name: 'New value for Bias b₂[2]' });
    await user.clear(input);
    await user.type(input, '−1.5{Enter}');
    expect(store.getState().setWeight).toHaveBeenCalledWith(1, 'b', 1, -1.5);
  });

  it('moves between weights with the arrow keys (one tab stop)', async () => {
    setup();
    const user = userEvent.setup();
    const first = screen.getByRole('button', { name: /^Weight W₁\[1,1\]/ });
    expect(first.getAttribute('tabindex')).toBe('0');
    act(() => (first as unknown as HTMLElement).focus());
    await user.keyboard('{ArrowDown}');
    const second = screen.getByRole('button', { name: /^Weight W₁\[1,2\]/ });
    expect(document.activeElement).toBe(second);
    expect(second.getAttribute('tabindex')).toBe('0');
    expect(first.getAttribute('tabindex')).toBe('-1');
    await user.keyboard('{ArrowRight}');
    expect((document.activeElement as Element).getAttribute('aria-label')).toMatch(/^Weight W₂/);
  });

  it('parseWeightInput accepts decimals, exponents and a Unicode minus; rejects the rest', () => {
    expect(parseWeightInput(' 0.5 ')).toEqual({ value: 0.5 });
    expect(parseWeightInput('−2e-3')).toEqual({ value: -0.002 });
    expect(parseWeightInput('.25')).toEqual({ value: 0.25 });
    for (const bad of ['', 'abc', '1,5', '0x10', 'NaN', 'Infinity', '1e400', '1e7']) {
      expect(parseWeightInput(bad)).toHaveProperty('error');
    }
  });
});

describe('NetworkGraph nodes', () => {
  it('hovering or focusing a neuron sets ui.hoveredNode (layer −1 for inputs), leaving clears it', async () => {
    const { store } = setup();
    const user = userEvent.setup();
    await user.hover(screen.getByRole('button', { name: 'Neuron 2 of layer 1' }));
    expect(store.getState().ui.hoveredNode).toEqual({ layer: 0, unit: 1 });
    expect(screen.getByRole('tooltip').textContent).toMatch(/batch mean: z = .* a = /);
    await user.unhover(screen.getByRole('button', { name: 'Neuron 2 of layer 1' }));
    expect(store.getState().ui.hoveredNode).toBeNull();

    act(() => (screen.getByRole('button', { name: 'Input x₂' }) as unknown as HTMLElement).focus());
    expect(store.getState().ui.hoveredNode).toEqual({ layer: -1, unit: 1 });
  });

  it('shows node values for the selected example instead of the batch mean', async () => {
    const { store, container } = setup();
    const value = () => container.querySelector('text[data-node-value][data-for="n:1:0"]')!.textContent;
    const frame = store.getState().frame!;
    const A = frame.batch!.A[0]!; // 4 × 3
    const mean = (A[0] + A[3] + A[6] + A[9]) / 4;
    expect(value()).toBe(String(+mean.toPrecision(3)).replace('-', '−'));
    act(() => store.getState().setUi({ selectedExample: 2 }));
    await waitFor(() => expect(value()).toBe(String(+A[6].toPrecision(3)).replace('-', '−')));
    expect(screen.getByText(/example 3 of the batch/)).toBeTruthy();
  });
});

describe('NetworkGraph + / − buttons', () => {
  it('add and remove hidden layers and neurons through setConfig, saying they restart training', async () => {
    const { store } = setup();
    const user = userEvent.setup();
    const setConfig = store.getState().setConfig;
    const addLayer = screen.getByRole('button', { name: 'Add a hidden layer (restarts training)' });
    expect(addLayer.getAttribute('title')).toContain('(restarts training)');
    await user.click(addLayer);
    expect(setConfig).toHaveBeenLastCalledWith({ hiddenLayers: [3, 2, 2] });
    await user.click(screen.getByRole('button', { name: 'Remove a hidden layer (restarts training)' }));
    expect(setConfig).toHaveBeenLastCalledWith({ hiddenLayers: [3] });
    await user.click(screen.getByRole('button', { name: 'Add a neuron to layer 1 (restarts training)' }));
    expect(setConfig).toHaveBeenLastCalledWith({ hiddenLayers: [4, 2] });
    await user.click(
      screen.getByRole('button', { name: 'Remove a neuron from layer 2 (restarts training)' }),
    );
    expect(setConfig).toHaveBeenLastCalledWith({ hiddenLayers: [3, 1] });
  });

  it('disables − at 0 layers and + at 8 layers', () => {
    const { unmount } = setup({ hiddenLayers: [] });
    expect(
      (screen.getByRole('button', { name: /^Remove a hidden layer/ }) as HTMLButtonElement).disabled,
    ).toBe(true);
    expect((screen.getByRole('button', { name: /^Add a hidden layer/ }) as HTMLButtonElement).disabled).toBe(
      false,
    );
    expect(screen.queryAllByRole('button', { name: /neuron (to|from) layer/ })).toHaveLength(0);
    unmount();
    setup({ hiddenLayers: [1, 1, 1, 1, 1, 1, 1, 1] });
    expect((screen.getByRole('button', { name: /^Add a hidden layer/ }) as HTMLButtonElement).disabled).toBe(
      true,
    );
    expect(
      (screen.getByRole('button', { name: /^Remove a hidden layer/ }) as HTMLButtonElement).disabled,
    ).toBe(false);
  });

  it('disables − at 1 neuron and + at the largest layer; above 32 neurons + doubles', async () => {
    const { store } = setup({ hiddenLayers: [1, 32, 256] });
    const user = userEvent.setup();
    const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;
    expect(button('Remove a neuron from layer 1 (restarts training)').disabled).toBe(true);
    expect(button('Add a neuron to layer 1 (restarts training)').disabled).toBe(false);
    expect(button('Add a neuron to layer 3 (restarts training)').disabled).toBe(true);
    await user.click(button('Add a neuron to layer 2 (restarts training)'));
    expect(store.getState().setConfig).toHaveBeenLastCalledWith({ hiddenLayers: [1, 64, 256] });
    await user.click(button('Remove a neuron from layer 3 (restarts training)'));
    expect(store.getState().setConfig).toHaveBeenLastCalledWith({ hiddenLayers: [1, 32, 128] });
  });
});

describe('NetworkGraph input features', () => {
  it('checkboxes toggle features through setConfig, in the UI order; the last one cannot be removed', async () => {
    const { store, unmount } = setup();
    const user = userEvent.setup();
    const features = within(screen.getByRole('group', { name: /Input features/ }));
    expect((features.getByRole('checkbox', { name: 'x₁' }) as HTMLInputElement).checked).toBe(true);
    expect((features.getByRole('checkbox', { name: 'x₁²' }) as HTMLInputElement).checked).toBe(false);
    await user.click(features.getByRole('checkbox', { name: 'sin(x₁)' }));
    expect(store.getState().setConfig).toHaveBeenLastCalledWith({ features: ['x1', 'x2', 'sinX1'] });
    await user.click(features.getByRole('checkbox', { name: 'x₁' }));
    expect(store.getState().setConfig).toHaveBeenLastCalledWith({ features: ['x2'] });
    unmount();

    setup({ features: ['x1TimesX2'] });
    expect((screen.getByRole('checkbox', { name: 'x₁x₂' }) as HTMLInputElement).disabled).toBe(true);
  });
});

describe('NetworkGraph neuron maps on a big network', () => {
  /** A stand-in 2D context that records which canvases had pixels put on them. */
  function recordPaints() {
    const painted: HTMLCanvasElement[] = [];
    const fakeContext = (canvas: HTMLCanvasElement) =>
      ({
        canvas,
        createImageData: (w: number, h: number) => ({
          width: w,
          height: h,
          data: new Uint8ClampedArray(w * h * 4),
        }),
        putImageData: () => void painted.push(canvas),
        clearRect: () => {},
        setTransform: () => {},
        translate: () => {},
        stroke: () => {},
      }) as unknown as CanvasRenderingContext2D;
    const spy = vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (
      this: HTMLCanvasElement,
    ) {
      return fakeContext(this);
    } as never);
    const mapsPainted = () => new Set(painted.filter((c) => c.hasAttribute('data-map'))).size;
    return { mapsPainted, reset: () => (painted.length = 0), restore: () => spy.mockRestore() };
  }

  it(`while playing repaints at most ${MAPS_PER_FRAME_PLAYING} maps per frame, taking turns; paused, all at once`, async () => {
    const paints = recordPaints();
    try {
      const config: RunConfig = { ...DEFAULT_CONFIG, features: ['x1', 'x2'], hiddenLayers: [32, 32, 32, 32] };
      const maps = 2 + 4 * 32 + 1;
      const store = createTestStore({ config, frame: syntheticFrame(config, { playing: true }) });
      const { container } = render(<NetworkGraph store={store} />);
      expect(container.querySelectorAll('canvas[data-map]')).toHaveLength(maps);
      act(() => store.setState({ grid: syntheticGrid(config) }));
      await waitFor(() => expect(paints.mapsPainted()).toBeGreaterThan(0));
      expect(paints.mapsPainted()).toBeLessThanOrEqual(MAPS_PER_FRAME_PLAYING);
      // Each new frame (same grid) goes on with the maps not yet painted from it, until all are.
      for (let k = 0; k < Math.ceil(maps / MAPS_PER_FRAME_PLAYING); k++) {
        act(() => store.setState({ frame: syntheticFrame(config, { playing: true, seq: 2 + k }) }));
        await waitFor(() =>
          expect(paints.mapsPainted()).toBeGreaterThanOrEqual(
            Math.min(maps, (k + 2) * MAPS_PER_FRAME_PLAYING),
          ),
        );
      }
      expect(paints.mapsPainted()).toBe(maps);
      // Paused: a new grid shows on every map in one go.
      paints.reset();
      act(() =>
        store.setState({
          frame: syntheticFrame(config, { playing: false, seq: 99 }),
          grid: syntheticGrid(config, 5),
        }),
      );
      await waitFor(() => expect(paints.mapsPainted()).toBe(maps));
    } finally {
      paints.restore();
    }
  });
});

describe('NetworkGraph and live settings', () => {
  /**
   * What the store's sanitizer does on setConfig: a new config object whose arrays are new but equal.
   * The graph must not rely on the sanitizer keeping them by reference.
   */
  function applyLiveSetting(store: ReturnType<typeof setup>['store'], patch: Partial<RunConfig>) {
    const current = store.getState().config;
    act(() =>
      store.setState({
        config: {
          ...current,
          ...patch,
          features: [...current.features],
          hiddenLayers: [...current.hiddenLayers],
        },
      }),
    );
  }

  it('changing the learning rate, optimizer, batch size or regularization leaves an open weight editor open', async () => {
    const { store } = setup();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /^Weight W₁\[2,3\]/ }));
    const input = screen.getByRole('textbox', { name: 'New value for Weight W₁[2,3]' });
    await user.clear(input);
    await user.type(input, '0.25');
    applyLiveSetting(store, { learningRate: 0.3 });
    applyLiveSetting(store, { optimizer: 'adam', batchSize: 5, regularization: 'l2' });
    const still = screen.getByRole('textbox', { name: 'New value for Weight W₁[2,3]' });
    expect(still).toBe(input);
    expect((still as HTMLInputElement).value).toBe('0.25');
  });

  it('changing the learning rate leaves an open weight tooltip open', () => {
    const { store } = setup();
    const edge = screen.getByRole('button', { name: /^Weight W₁\[1,1\]/ });
    act(() => (edge as unknown as HTMLElement).focus());
    expect(screen.getByRole('tooltip').textContent).toContain('w = 0.1');
    applyLiveSetting(store, { learningRate: 0.001 });
    expect(screen.getByRole('tooltip').textContent).toContain('w = 0.1');
  });

  it('a change of shape (a neuron more) does rebuild the graph and closes the editor', async () => {
    const { store } = setup();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /^Weight W₁\[2,3\]/ }));
    expect(screen.getByRole('textbox', { name: /New value/ })).toBeTruthy();
    act(() => store.setState({ config: { ...store.getState().config, hiddenLayers: [4, 2] } }));
    expect(screen.queryByRole('textbox', { name: /New value/ })).toBeNull();
    expect(screen.getAllByRole('button', { name: /^Weight W/ })).toHaveLength(2 * 4 + 4 * 2 + 2);
  });
});
