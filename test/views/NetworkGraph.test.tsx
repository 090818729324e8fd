import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { CANVAS_EDGES_ABOVE, MAPS_PER_FRAME_PLAYING } from '../../src/views/network/canvasPainters';
import { NetworkGraph } from '../../src/views/network/NetworkGraph';
import { SVG_MARKS_PLAYING_MS } from '../../src/views/network/renderer';
import { parseWeightInput } from '../../src/views/network/WeightEditor';
import { divergingColor } from '../../src/views/shared/colors';
import { edgeWidth } from '../../src/views/network/layout';
import { DEFAULT_CONFIG } from '../../src/model/config';
import type { RunConfig } from '../../src/model/config';
import type { Frame } from '../../src/worker/protocol';
import { createRealStore, type RecordingPort } from '../helpers/realStore';

/** A real run (batches of 4) after one step, its frame in the store, and the graph drawn. */
function setup(patch: Partial<RunConfig> = {}) {
  const config: RunConfig = {
    ...DEFAULT_CONFIG,
    features: ['x1', 'x2'],
    hiddenLayers: [3, 2],
    batchSize: 4,
    ...patch,
  };
  const real = createRealStore({ config });
  const frame = real.deliver({ steps: 1 });
  const view = render(<NetworkGraph store={real.store} />);
  return { ...real, config, frame, ...view };
}

/** 4 significant digits with a true minus sign, as the read-outs write numbers. */
const four = (v: number): string => String(+v.toPrecision(4)).replace('-', '−');

/** The largest |w| over all layers (the edges' common scale). */
function maxAbsWeight(frame: Frame): number {
  let max = 0;
  for (const { W } of frame.params) for (const w of W) max = Math.max(max, Math.abs(w));
  return max;
}

/** The hidden layers of the last restart the store sent. */
function restartedLayers(port: RecordingPort): number[] {
  const last = port.sent.at(-1);
  if (last?.type !== 'restart') throw new Error(`the last command was ${last?.type}, not a restart`);
  return last.config.hiddenLayers;
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
    // One canvas for every neuron's map, hidden from screen readers.
    expect(container.querySelectorAll('canvas[data-maps][aria-hidden="true"]')).toHaveLength(1);
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

  it('keeps SVG strokes at or below the threshold (6 × 8: 344 edges), on the canvases only while playing', async () => {
    const { container, deliver, frame } = setup({ hiddenLayers: [8, 8, 8, 8, 8, 8] });
    const strokes = () => [...container.querySelectorAll<SVGPathElement>('path[data-edge]')];
    const canvases = () => [...container.querySelectorAll<HTMLCanvasElement>('canvas[data-edges-canvas]')];
    expect(strokes()).toHaveLength(344);
    expect(canvases()).toHaveLength(7);
    // Paused: the SVG strokes show (they carry the flow animation), the canvases are hidden.
    expect(strokes().every((p) => !p.hasAttribute('display'))).toBe(true);
    expect(canvases().every((c) => c.hidden)).toBe(true);
    const colours = () => strokes().map((p) => p.getAttribute('stroke'));
    const before = colours();
    expect(before[0]).toBe(divergingColor(frame.params[0].W[0], maxAbsWeight(frame)));

    // Playing: the canvases show and the SVG strokes are left out (also of an exported SVG).
    act(() => void deliver({ playing: true, steps: 30 }));
    await waitFor(() => expect(canvases().every((c) => !c.hidden)).toBe(true));
    expect(strokes().every((p) => p.getAttribute('display') === 'none')).toBe(true);
    expect(colours()).toEqual(before);

    // Paused again: the strokes come back showing the latest weights.
    const paused = deliver({ playing: false, steps: 1 });
    act(() => {});
    await waitFor(() => expect(canvases().every((c) => c.hidden)).toBe(true));
    expect(strokes().every((p) => !p.hasAttribute('display'))).toBe(true);
    expect(colours()[0]).toBe(divergingColor(paused.params[0].W[0], maxAbsWeight(paused)));
    expect(colours()).not.toEqual(before);
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
    const { run, deliver, frame, container } = setup();
    const edge = (key: string) => container.querySelector(`path[data-edge][data-for="${key}"]`)!;
    const max = maxAbsWeight(frame);
    const [W0, W1] = [frame.params[0].W, frame.params[1].W];
    const width = (key: string) => Number(edge(key).getAttribute('stroke-width'));
    expect(width('w:0:0')).toBeCloseTo(edgeWidth(W0[0], max), 1);
    expect(width('w:1:5')).toBeCloseTo(edgeWidth(W1[5], max), 1);
    expect(edge('w:0:0').getAttribute('stroke')).toBe(divergingColor(W0[0], max));
    expect(edge('w:0:1').getAttribute('stroke')).toBe(divergingColor(W0[1], max));

    // An edit of the weight (as the worker applies one) flips its sign and makes it the largest.
    const edited = -Math.sign(W0[0]) * 2 * max;
    run.setWeight(0, 'W', 0, edited);
    let next!: Frame;
    act(() => void (next = deliver()));
    const nextMax = maxAbsWeight(next);
    expect(nextMax).toBeCloseTo(Math.abs(edited), 6);
    await waitFor(() =>
      expect(edge('w:0:0').getAttribute('stroke')).toBe(divergingColor(next.params[0].W[0], nextMax)),
    );
    expect(edge('w:0:0').getAttribute('stroke')).not.toBe(divergingColor(W0[0], max));
    expect(width('w:0:0')).toBeCloseTo(edgeWidth(next.params[0].W[0], nextMax), 1);
  });

  it('colours the active layer by dW in a backward phase and dims the others; highlights in forward phases', async () => {
    const { deliver, container } = setup();
    let frame!: Frame;
    act(() => void (frame = deliver({ phase: { kind: 'backward', layer: 1 } })));
    const group = (l: number) => container.querySelector(`g[data-edge-layer="${l}"]`)!;
    await waitFor(() => expect(group(1).getAttribute('data-state')).toBe('active'));
    expect(group(0).getAttribute('data-state')).toBe('dim');
    expect(group(1).getAttribute('data-mode')).toBe('dW');
    const dW = frame.batch!.dW[1]!;
    let max = 0;
    for (const v of dW) max = Math.max(max, Math.abs(v));
    const el = container.querySelector('path[data-edge][data-for="w:1:2"]')!;
    expect(el.getAttribute('stroke')).toBe(divergingColor(dW[2], max));

    act(() => void deliver({ phase: { kind: 'forward', layer: 0 } }));
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
    const { store, run, deliver, frame } = setup();
    const edge = screen.getByRole('button', { name: 'Weight W₁[1,1] from x₁ to neuron 1 of layer 1' });
    act(() => (edge as unknown as HTMLElement).focus());
    const tip = screen.getByRole('tooltip');
    expect(tip.textContent).toContain('Weight W₁[1,1]');
    expect(tip.textContent).toContain(`w = ${four(frame.params[0].W[0])} `);
    expect(tip.textContent).toMatch(/∂L\/∂w = [−\d]/);
    expect(store.getState().ui.hoveredEdge).toEqual({ layer: 0, from: 0, to: 0 });

    run.setWeight(0, 'W', 0, 0.375);
    act(() => void deliver());
    await waitFor(() => expect(screen.getByRole('tooltip').textContent).toContain('w = 0.375'));

    act(() => (edge as unknown as HTMLElement).blur());
    expect(screen.queryByRole('tooltip')).toBeNull();
    expect(store.getState().ui.hoveredEdge).toBeNull();
  });

  it('hovering an edge with the mouse shows its weight', async () => {
    const { frame } = setup();
    const user = userEvent.setup();
    await user.hover(screen.getByRole('button', { name: /^Weight W₂\[3,2\]/ }));
    // W₂ is 3 × 2; [3,2] is index 5.
    expect(screen.getByRole('tooltip').textContent).toContain(`w = ${four(frame.params[1].W[5])} `);
  });

  it('rejects "abc" with a message and applies 0.5 on Enter via setWeight(layer, "W", index, value)', async () => {
    const { port } = setup();
    const user = userEvent.setup();
    // W₁ is 2 × 3; row 2, column 3 is index 1·3 + 2 = 5.
    await user.click(screen.getByRole('button', { name: 'Weight W₁[2,3] from x₂ to neuron 3 of layer 1' }));
    const input = screen.getByRole('textbox', { name: 'New value for Weight W₁[2,3]' });
    await user.clear(input);
    await user.type(input, 'abc{Enter}');
    // The input's own message (described-by, invalid), not an alert: the page has one alert banner.
    expect(screen.queryAllByRole('alert')).toHaveLength(0);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(input.getAttribute('aria-describedby')!)?.textContent).toBe(
      '“abc” is not a number.',
    );
    expect(port.sent).toEqual([]);

    await user.clear(input);
    await user.type(input, '0.5{Enter}');
    expect(port.sent).toEqual([{ type: 'set-weight', layer: 0, kind: 'W', index: 5, value: 0.5 }]);
    expect(screen.queryByRole('textbox', { name: /New value/ })).toBeNull();
  });

  it('Escape closes the editor without applying anything', async () => {
    const { port } = setup();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: /^Weight W₃\[2,1\]/ }));
    const input = screen.getByRole('textbox', { name: 'New value for Weight W₃[2,1]' });
    await user.clear(input);
    await user.type(input, '2{Escape}');
    expect(screen.queryByRole('textbox', { name: /New value/ })).toBeNull();
    expect(port.sent).toEqual([]);
  });

  it('edits a bias with kind "b" from the keyboard (Enter on a focused bias)', async () => {
    const { port } = setup();
    const user = userEvent.setup();
    const bias = screen.getByRole('button', { name: 'Bias b₂[2] of neuron 2 of layer 2' });
    act(() => (bias as unknown as HTMLElement).focus());
    await user.keyboard('{Enter}');
    const input = screen.getByRole('textbox', { name: 'New value for Bias b₂[2]' });
    await user.clear(input);
    await user.type(input, '−1.5{Enter}');
    expect(port.sent).toEqual([{ type: 'set-weight', layer: 1, kind: 'b', index: 1, value: -1.5 }]);
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

  it(`while playing rewrites node values at most every ${SVG_MARKS_PLAYING_MS} ms (colours every frame); paused, at once`, async () => {
    const now = vi.spyOn(performance, 'now').mockReturnValue(10_000);
    try {
      const { container, deliver } = setup();
      const value = () => container.querySelector('text[data-node-value][data-for="n:1:0"]')!.textContent;
      const frameColour = () =>
        container.querySelector('rect[data-node-frame][data-for="n:1:0"]')!.getAttribute('stroke');
      /** The batch mean of neuron 1 of layer 1 in `frame`, as the node writes it. */
      const meanOf = (frame: Frame): string => {
        const A = frame.batch!.A[0]!;
        return String(+((A[0] + A[3] + A[6] + A[9]) / 4).toPrecision(3)).replace('-', '−');
      };
      const first = deliver({ playing: true, steps: 20 });
      await waitFor(() => expect(value()).toBe(meanOf(first)));
      const colour = frameColour();
      // 100 ms later: the frame's colour follows, its number waits.
      now.mockReturnValue(10_100);
      const second = deliver({ playing: true, steps: 20 });
      await waitFor(() => expect(frameColour()).not.toBe(colour));
      expect(meanOf(second)).not.toBe(meanOf(first));
      expect(value()).toBe(meanOf(first));
      // Past the interval, the number shows the latest frame.
      now.mockReturnValue(10_000 + SVG_MARKS_PLAYING_MS + 1);
      const third = deliver({ playing: true, steps: 20 });
      await waitFor(() => expect(value()).toBe(meanOf(third)));
      // Paused, every frame's numbers show at once.
      const paused = deliver({ playing: false, steps: 1 });
      await waitFor(() => expect(value()).toBe(meanOf(paused)));
    } finally {
      now.mockRestore();
    }
  });
});

describe('NetworkGraph marks on a big network', () => {
  it(`while playing rewrites node frame and bias colours at most every ${SVG_MARKS_PLAYING_MS} ms; paused, at once`, async () => {
    const now = vi.spyOn(performance, 'now').mockReturnValue(10_000);
    try {
      const { container, deliver } = setup({ hiddenLayers: [32, 32, 32] });
      const colours = () =>
        [...container.querySelectorAll('rect[data-node-frame], path[data-bias]')].map((el) =>
          el.getAttribute(el.tagName === 'rect' ? 'stroke' : 'fill'),
        );
      const paused = colours();
      act(() => void deliver({ playing: true, steps: 20 }));
      // The first frame while playing draws them.
      await waitFor(() => expect(colours()).not.toEqual(paused));
      const first = colours();
      // 100 ms later, a frame with other values: the colours wait.
      now.mockReturnValue(10_100);
      act(() => void deliver({ playing: true, steps: 50 }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(colours()).toEqual(first);
      // Past the interval they follow.
      now.mockReturnValue(10_000 + SVG_MARKS_PLAYING_MS + 1);
      act(() => void deliver({ playing: true, steps: 50 }));
      await waitFor(() => expect(colours()).not.toEqual(first));
      const second = colours();
      // Paused: at once.
      now.mockReturnValue(10_000 + SVG_MARKS_PLAYING_MS + 2);
      act(() => void deliver({ playing: false, steps: 50 }));
      await waitFor(() => expect(colours()).not.toEqual(second));
    } finally {
      now.mockRestore();
    }
  });
});

describe('NetworkGraph + / − buttons', () => {
  it('add and remove hidden layers and neurons through setConfig, saying they restart training', async () => {
    const { port } = setup();
    const user = userEvent.setup();
    const addLayer = screen.getByRole('button', { name: 'Add a hidden layer (restarts training)' });
    expect(addLayer.getAttribute('title')).toContain('(restarts training)');
    // Each change restarts the run, and the next one starts from its result.
    await user.click(addLayer);
    expect(restartedLayers(port)).toEqual([3, 2, 2]);
    await user.click(screen.getByRole('button', { name: 'Remove a hidden layer (restarts training)' }));
    expect(restartedLayers(port)).toEqual([3, 2]);
    await user.click(screen.getByRole('button', { name: 'Add a neuron to layer 1 (restarts training)' }));
    expect(restartedLayers(port)).toEqual([4, 2]);
    await user.click(
      screen.getByRole('button', { name: 'Remove a neuron from layer 2 (restarts training)' }),
    );
    expect(restartedLayers(port)).toEqual([4, 1]);
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
    const { port } = setup({ hiddenLayers: [1, 32, 256] });
    const user = userEvent.setup();
    const button = (name: string) => screen.getByRole('button', { name }) as HTMLButtonElement;
    expect(button('Remove a neuron from layer 1 (restarts training)').disabled).toBe(true);
    expect(button('Add a neuron to layer 1 (restarts training)').disabled).toBe(false);
    expect(button('Add a neuron to layer 3 (restarts training)').disabled).toBe(true);
    await user.click(button('Add a neuron to layer 2 (restarts training)'));
    expect(restartedLayers(port)).toEqual([1, 64, 256]);
    await user.click(button('Remove a neuron from layer 3 (restarts training)'));
    expect(restartedLayers(port)).toEqual([1, 64, 128]);
  });
});

describe('NetworkGraph input features', () => {
  it('checkboxes toggle features through setConfig, in the UI order; the last one cannot be removed', async () => {
    const { port, unmount } = setup();
    const user = userEvent.setup();
    const restartedFeatures = () => (port.sent.at(-1) as { config: RunConfig }).config.features;
    const features = within(screen.getByRole('group', { name: /Input features/ }));
    expect((features.getByRole('checkbox', { name: 'x₁' }) as HTMLInputElement).checked).toBe(true);
    expect((features.getByRole('checkbox', { name: 'x₁²' }) as HTMLInputElement).checked).toBe(false);
    await user.click(features.getByRole('checkbox', { name: 'sin(x₁)' }));
    expect(port.types()).toEqual(['restart']);
    expect(restartedFeatures()).toEqual(['x1', 'x2', 'sinX1']);
    await user.click(features.getByRole('checkbox', { name: 'x₁' }));
    expect(restartedFeatures()).toEqual(['x2', 'sinX1']);
    unmount();

    setup({ features: ['x1TimesX2'] });
    expect((screen.getByRole('checkbox', { name: 'x₁x₂' }) as HTMLInputElement).disabled).toBe(true);
  });
});

describe('NetworkGraph neuron maps on a big network', () => {
  /**
   * A stand-in 2D context that records where maps were drawn on the maps' canvas (the box of each
   * drawImage), with the figure laid out at 800 × 600 (jsdom lays nothing out).
   */
  function recordPaints() {
    const boxes: string[] = [];
    const fakeContext = (canvas: HTMLCanvasElement) =>
      ({
        canvas,
        createImageData: (w: number, h: number) => ({
          width: w,
          height: h,
          data: new Uint8ClampedArray(w * h * 4),
        }),
        putImageData: () => {},
        drawImage: (...args: number[]) => {
          if (canvas.hasAttribute('data-maps')) boxes.push(args.slice(5).join(','));
        },
        clearRect: () => {},
        setTransform: () => {},
        translate: () => {},
        stroke: () => {},
      }) as unknown as CanvasRenderingContext2D;
    const spies = [
      vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (
        this: HTMLCanvasElement,
      ) {
        return fakeContext(this);
      } as never),
      vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(800),
      vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(600),
    ];
    const mapsPainted = () => new Set(boxes).size;
    return {
      mapsPainted,
      reset: () => (boxes.length = 0),
      restore: () => spies.forEach((spy) => spy.mockRestore()),
    };
  }

  it(`while playing repaints at most ${MAPS_PER_FRAME_PLAYING} maps per frame, taking turns; paused, all at once`, async () => {
    const paints = recordPaints();
    try {
      const config: RunConfig = { ...DEFAULT_CONFIG, features: ['x1', 'x2'], hiddenLayers: [32, 32, 32, 32] };
      const maps = 2 + 4 * 32 + 1;
      const { store, deliver } = createRealStore({ config });
      deliver({ playing: true });
      render(<NetworkGraph store={store} />);
      act(() => void deliver({ playing: true, grid: { resolution: 4, neurons: true } }));
      await waitFor(() => expect(paints.mapsPainted()).toBeGreaterThan(0));
      expect(paints.mapsPainted()).toBeLessThanOrEqual(MAPS_PER_FRAME_PLAYING);
      // Each new frame (same grid) goes on with the maps not yet painted from it, until all are.
      for (let k = 0; k < Math.ceil(maps / MAPS_PER_FRAME_PLAYING); k++) {
        act(() => void deliver({ playing: true }));
        await waitFor(() =>
          expect(paints.mapsPainted()).toBeGreaterThanOrEqual(
            Math.min(maps, (k + 2) * MAPS_PER_FRAME_PLAYING),
          ),
        );
      }
      expect(paints.mapsPainted()).toBe(maps);
      // Paused: a new grid shows on every map in one go.
      paints.reset();
      act(() => void deliver({ playing: false, grid: { resolution: 5, neurons: true } }));
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
    const { store, frame } = setup();
    const w = `w = ${four(frame.params[0].W[0])} `;
    const edge = screen.getByRole('button', { name: /^Weight W₁\[1,1\]/ });
    act(() => (edge as unknown as HTMLElement).focus());
    expect(screen.getByRole('tooltip').textContent).toContain(w);
    applyLiveSetting(store, { learningRate: 0.001 });
    expect(screen.getByRole('tooltip').textContent).toContain(w);
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
