import { act, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Dataset } from '../../src/engine';
import { DecisionBoundary } from '../../src/views/boundary/DecisionBoundary';
import { DEFAULT_CONFIG } from '../../src/model/config';
import type { RunConfig } from '../../src/model/config';
import type { AppStore } from '../../src/store/createAppStore';
import { createRealStore } from '../helpers/realStore';

/** The plot is 300 × 300 CSS px at the page's origin, so client (75, 50) is plane (−3, +4): +x₂ is up. */
function mockPlotRect(container: HTMLElement): HTMLElement {
  const plot = container.querySelector<HTMLElement>('.db-plot')!;
  vi.spyOn(plot, 'getBoundingClientRect').mockReturnValue({
    left: 0,
    top: 0,
    right: 300,
    bottom: 300,
    width: 300,
    height: 300,
    x: 0,
    y: 0,
    toJSON: () => ({}),
  } as DOMRect);
  return plot;
}

/** A small real run (10 points: 5 train, 5 test; batches of 2) after one step, with a grid. */
function setup(patch: Partial<RunConfig> = {}) {
  const config: RunConfig = { ...DEFAULT_CONFIG, datasetSize: 10, batchSize: 2, ...patch };
  const real = createRealStore({ config });
  real.deliver({ steps: 1, grid: { resolution: 4, neurons: true } });
  const { train, test } = real.store.getState().dataset!;
  const view = render(<DecisionBoundary store={real.store} />);
  return { ...real, config, train, test, ...view };
}

/** Plane (x₁, x₂) in the 300 px plot: 25 px per unit, the origin in the middle, +x₂ up. */
const plotX = (x1: number): number => 150 + 25 * x1;
const plotY = (x2: number): number => 150 - 25 * x2;

/** The points the store was last given (setCustomData keeps them in `customData`). */
function lastData(store: AppStore): Dataset {
  return store.getState().customData!;
}

const restarts = (port: { types(): string[] }): number => port.types().filter((t) => t === 'restart').length;

describe('DecisionBoundary points', () => {
  it('draws the training points (with +x₂ up) and the test points only when asked', async () => {
    const { container, store, train, test } = setup();
    const circles = () => container.querySelectorAll('circle.db-point');
    expect(circles()).toHaveLength(train.count);
    // The first train point: x right, x₂ up.
    const first = circles()[0];
    expect(Number(first.getAttribute('cx'))).toBeCloseTo(plotX(train.points[0]), 1);
    expect(Number(first.getAttribute('cy'))).toBeCloseTo(plotY(train.points[1]), 1);
    const user = userEvent.setup();
    await user.click(screen.getByRole('checkbox', { name: 'Show test data' }));
    expect(store.getState().ui.showTestPoints).toBe(true);
    expect(circles()).toHaveLength(train.count + test.count);
    expect(container.querySelectorAll('circle.db-test')).toHaveLength(test.count);
  });

  it('Discretize is a checkbox bound to ui.discretize', async () => {
    const { store } = setup();
    const user = userEvent.setup();
    const box = screen.getByRole('checkbox', { name: 'Discretize' }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    await user.click(box);
    expect(store.getState().ui.discretize).toBe(true);
    expect(box.checked).toBe(true);
  });

  it('shows a hovered neuron instead of the output, with a caption', () => {
    const { store } = setup({ hiddenLayers: [4, 2] });
    act(() => store.getState().setUi({ hoveredNode: { layer: 1, unit: 0 } }));
    expect(screen.getByText(/Showing neuron 1 of layer 2/)).toBeTruthy();
    act(() => store.getState().setUi({ hoveredNode: { layer: -1, unit: 1 } }));
    expect(screen.getByText(/Showing input x₂/)).toBeTruthy();
  });

  it('has a legend per problem: class swatches for k classes and for binary (regions are class-coloured)', () => {
    const { unmount } = setup({ dataset: 'blobs', classes: 3, output: 'softmax-ce' });
    const legend = screen.getByRole('list', { name: 'Colour legend' });
    expect(legend.textContent).toContain('Class 0');
    expect(legend.textContent).toContain('Class 2');
    unmount();
    setup();
    const binary = screen.getByRole('list', { name: 'Colour legend' });
    expect(binary.textContent).toContain('Class 0');
    expect(binary.textContent).toContain('Class 1');
    expect(binary.textContent).toContain('less confident');
  });
});

describe('DecisionBoundary editing', () => {
  it('adds a point of the chosen class at the clicked plane coordinates (+x₂ up) and calls setCustomData', async () => {
    const { container, store, port, train, test } = setup();
    const n = train.count + test.count;
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit points' }));
    expect(screen.getByText(/restarts training/)).toBeTruthy();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Class of new points' }), 'Class 1');
    const plot = mockPlotRect(container);
    fireEvent.click(plot, { clientX: 75, clientY: 50 });

    expect(restarts(port)).toBe(1);
    const data = lastData(store);
    // The run's train and test points, plus the new one.
    expect(data.count).toBe(n + 1);
    expect(data.classes).toBe(2);
    expect(data.points[2 * n]).toBeCloseTo(-3, 10);
    expect(data.points[2 * n + 1]).toBeCloseTo(4, 10);
    expect(data.labels[n]).toBe(1);
    // The run's points come first, unchanged.
    expect(Array.from(data.points.subarray(0, 2))).toEqual(Array.from(train.points.subarray(0, 2)));
    expect(container.querySelectorAll('circle.db-point')).toHaveLength(n + 1);
  });

  it('on a model file’s tighter plane: its axes, its points, and clicks mapped to it', async () => {
    const config: RunConfig = { ...DEFAULT_CONFIG, datasetSize: 10, batchSize: 2 };
    const real = createRealStore({ config });
    real.deliver({ steps: 1, grid: { resolution: 4, neurons: true } });
    const dataset = real.store.getState().dataset!;
    const small = { ...dataset.train, points: Float32Array.from(dataset.train.points, (v) => v / 6) };
    real.store.setState({ dataset: { ...dataset, train: small, planeHalfWidth: 1 } });
    const { container } = render(<DecisionBoundary store={real.store} />);
    const ticks = Array.from(container.querySelectorAll('.db-axes text'), (t) => t.textContent);
    expect(ticks).toEqual(expect.arrayContaining(['−1.0', '−0.5', '0.0', '0.5', '1.0']));
    expect(screen.getByRole('img', { name: /from −1 to 1 on both axes/ })).toBeTruthy();
    // 150 px per unit now: the first point sits where its ×6 twin sat on [−6, 6]².
    const first = container.querySelector('circle.db-point')!;
    expect(Number(first.getAttribute('cx'))).toBeCloseTo(plotX(dataset.train.points[0]), 0);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit points' }));
    fireEvent.click(mockPlotRect(container), { clientX: 75, clientY: 50 });
    const data = lastData(real.store);
    expect(data.planeHalfWidth).toBe(1);
    expect(data.points[2 * data.count - 2]).toBeCloseTo(-0.5, 10);
    expect(data.points[2 * data.count - 1]).toBeCloseTo(0.67, 10);
  });

  it('Alt-click, right-click and the Erase tool remove the nearest point', async () => {
    const { container, store, port, train, test } = setup();
    const n = train.count + test.count;
    const p = train.points;
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit points' }));
    const plot = mockPlotRect(container);
    // Click a little off the first train point.
    fireEvent.click(plot, { clientX: plotX(p[0]) + 3, clientY: plotY(p[1]) + 3, altKey: true });
    let data = lastData(store);
    expect(data.count).toBe(n - 1);
    expect(Array.from(data.points.subarray(0, 2))).toEqual([p[2], p[3]]);

    fireEvent.contextMenu(plot, { clientX: plotX(p[2]), clientY: plotY(p[3]) }); // the second
    data = lastData(store);
    expect(data.count).toBe(n - 2);

    await user.click(screen.getByRole('radio', { name: 'Erase' }));
    fireEvent.click(plot, { clientX: 5, clientY: 5 }); // nothing near (−5.8, 5.8)
    expect(restarts(port)).toBe(2);
    expect(screen.getByText('No point near there to erase.')).toBeTruthy();
  });

  it('adds a point from the keyboard form; rejects coordinates off the plane', async () => {
    const { store, port, train, test } = setup();
    const n = train.count + test.count;
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit points' }));
    const x1 = screen.getByRole('textbox', { name: 'x₁' });
    const x2 = screen.getByRole('textbox', { name: 'x₂' });
    await user.clear(x1);
    await user.type(x1, '7');
    await user.click(screen.getByRole('button', { name: 'Add point' }));
    expect(restarts(port)).toBe(0);
    expect(screen.getByText(/must lie in/)).toBeTruthy();
    await user.clear(x1);
    await user.type(x1, '2.5');
    await user.clear(x2);
    await user.type(x2, '-1');
    await user.click(screen.getByRole('button', { name: 'Add point' }));
    const data = lastData(store);
    expect(Array.from(data.points.subarray(2 * n, 2 * n + 2))).toEqual([2.5, -1]);
    expect(data.labels[n]).toBe(0);
  });

  it('Clear empties the drawing without training on nothing; two new points train again', async () => {
    const { container, store, port } = setup();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit points' }));
    await user.click(screen.getByRole('button', { name: 'Clear points' }));
    expect(container.querySelectorAll('circle.db-point')).toHaveLength(0);
    expect(restarts(port)).toBe(0);
    const plot = mockPlotRect(container);
    fireEvent.click(plot, { clientX: 150, clientY: 150 });
    expect(restarts(port)).toBe(0);
    fireEvent.click(plot, { clientX: 200, clientY: 150 });
    expect(restarts(port)).toBe(1);
    expect(lastData(store).count).toBe(2);
  });

  it('regression data takes a value for new points, validated to −1 … 1', async () => {
    const { container, store, port } = setup({ dataset: 'plane', output: 'linear-mse' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit points' }));
    const value = screen.getByRole('textbox', { name: 'Value of new points' });
    await user.clear(value);
    await user.type(value, '3');
    const plot = mockPlotRect(container);
    fireEvent.click(plot, { clientX: 150, clientY: 150 });
    expect(restarts(port)).toBe(0);
    await user.clear(value);
    await user.type(value, '-0.25');
    fireEvent.click(plot, { clientX: 150, clientY: 150 });
    const data = lastData(store);
    expect(data.classes).toBe(0);
    expect(data.labels[data.count - 1]).toBe(-0.25);
  });

  it('not editing, clicking a training point in the current batch selects it for the inspector', () => {
    const { container, store, train } = setup();
    const indices = Array.from(store.getState().frame!.batch!.indices);
    const outside = Array.from({ length: train.count }, (_, i) => i).find((i) => !indices.includes(i))!;
    const circles = container.querySelectorAll('circle.db-point');
    fireEvent.click(circles[outside]);
    expect(store.getState().ui.selectedExample).toBeNull();
    // Train point indices[1] is batch row 1.
    fireEvent.click(circles[indices[1]]);
    expect(store.getState().ui.selectedExample).toBe(1);
  });
});
