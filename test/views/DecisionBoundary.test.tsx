import { act, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { Dataset } from '../../src/engine';
import { DecisionBoundary } from '../../src/views/boundary/DecisionBoundary';
import { DEFAULT_CONFIG } from '../../src/model/config';
import type { RunConfig } from '../../src/model/config';
import { createTestStore, syntheticDataset, syntheticFrame, syntheticGrid } from './viewStore';

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

function setup(patch: Partial<RunConfig> = {}, classes = 2) {
  const config: RunConfig = { ...DEFAULT_CONFIG, ...patch };
  const store = createTestStore({
    config,
    frame: syntheticFrame(config),
    dataset: syntheticDataset(classes),
    grid: syntheticGrid(config),
  });
  const view = render(<DecisionBoundary store={store} />);
  return { store, config, ...view };
}

function lastData(store: ReturnType<typeof createTestStore>): Dataset {
  const calls = vi.mocked(store.getState().setCustomData).mock.calls;
  return calls[calls.length - 1][0] as Dataset;
}

describe('DecisionBoundary points', () => {
  it('draws the training points (with +x₂ up) and the test points only when asked', async () => {
    const { container, store } = setup();
    const circles = () => container.querySelectorAll('circle.db-point');
    expect(circles()).toHaveLength(3);
    // Train point (1, 2) → plot (175, 100): x right, x₂ up.
    const first = circles()[0];
    expect(first.getAttribute('cx')).toBe('175');
    expect(first.getAttribute('cy')).toBe('100');
    const user = userEvent.setup();
    await user.click(screen.getByRole('checkbox', { name: 'Show test data' }));
    expect(store.getState().ui.showTestPoints).toBe(true);
    expect(circles()).toHaveLength(4);
    expect(container.querySelectorAll('circle.db-test')).toHaveLength(1);
  });

  it('Discretize is a checkbox bound to ui.discretize', async () => {
    const { store } = setup();
    const user = userEvent.setup();
    const box = screen.getByRole('checkbox', { name: 'Discretize' }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    await user.click(box);
    expect(store.getState().setUi).toHaveBeenLastCalledWith({ discretize: true });
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
    const { unmount } = setup({ dataset: 'blobs', classes: 3, output: 'softmax-ce' }, 3);
    const legend = screen.getByRole('list', { name: 'Colour legend' });
    expect(legend.textContent).toContain('Class 1');
    expect(legend.textContent).toContain('Class 3');
    unmount();
    setup();
    const binary = screen.getByRole('list', { name: 'Colour legend' });
    expect(binary.textContent).toContain('Class 1');
    expect(binary.textContent).toContain('Class 2');
    expect(binary.textContent).toContain('less confident');
  });
});

describe('DecisionBoundary editing', () => {
  it('adds a point of the chosen class at the clicked plane coordinates (+x₂ up) and calls setCustomData', async () => {
    const { container, store } = setup();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit points' }));
    expect(screen.getByText(/restarts training/)).toBeTruthy();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Class of new points' }), 'Class 2');
    const plot = mockPlotRect(container);
    fireEvent.click(plot, { clientX: 75, clientY: 50 });

    expect(store.getState().setCustomData).toHaveBeenCalledTimes(1);
    const data = lastData(store);
    // 3 train + 1 test points of the run, plus the new one.
    expect(data.count).toBe(5);
    expect(data.classes).toBe(2);
    expect(data.points[8]).toBeCloseTo(-3, 10);
    expect(data.points[9]).toBeCloseTo(4, 10);
    expect(data.labels[4]).toBe(1);
    // The run's points come first, unchanged.
    expect(Array.from(data.points.subarray(0, 2))).toEqual([1, 2]);
    expect(container.querySelectorAll('circle.db-point')).toHaveLength(5);
  });

  it('Alt-click, right-click and the Erase tool remove the nearest point', async () => {
    const { container, store } = setup();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit points' }));
    const plot = mockPlotRect(container);
    // Plane (1, 2) is client (175, 100); click a little off it.
    fireEvent.click(plot, { clientX: 178, clientY: 103, altKey: true });
    let data = lastData(store);
    expect(data.count).toBe(3);
    expect(Array.from(data.points.subarray(0, 2))).toEqual([-3, -4]);

    fireEvent.contextMenu(plot, { clientX: 75, clientY: 250 }); // plane (−3, −4)
    data = lastData(store);
    expect(data.count).toBe(2);

    await user.click(screen.getByRole('radio', { name: 'Erase' }));
    fireEvent.click(plot, { clientX: 5, clientY: 5 }); // nothing near (−5.8, 5.8)
    expect(store.getState().setCustomData).toHaveBeenCalledTimes(2);
    expect(screen.getByText('No point near there to erase.')).toBeTruthy();
  });

  it('adds a point from the keyboard form; rejects coordinates off the plane', async () => {
    const { store } = setup();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit points' }));
    const x1 = screen.getByRole('textbox', { name: 'x₁' });
    const x2 = screen.getByRole('textbox', { name: 'x₂' });
    await user.clear(x1);
    await user.type(x1, '7');
    await user.click(screen.getByRole('button', { name: 'Add point' }));
    expect(store.getState().setCustomData).not.toHaveBeenCalled();
    expect(screen.getByText(/must lie in/)).toBeTruthy();
    await user.clear(x1);
    await user.type(x1, '2.5');
    await user.clear(x2);
    await user.type(x2, '-1');
    await user.click(screen.getByRole('button', { name: 'Add point' }));
    const data = lastData(store);
    expect(Array.from(data.points.subarray(8, 10))).toEqual([2.5, -1]);
    expect(data.labels[4]).toBe(0);
  });

  it('Clear empties the drawing without training on nothing; two new points train again', async () => {
    const { container, store } = setup();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit points' }));
    await user.click(screen.getByRole('button', { name: 'Clear points' }));
    expect(container.querySelectorAll('circle.db-point')).toHaveLength(0);
    expect(store.getState().setCustomData).not.toHaveBeenCalled();
    const plot = mockPlotRect(container);
    fireEvent.click(plot, { clientX: 150, clientY: 150 });
    expect(store.getState().setCustomData).not.toHaveBeenCalled();
    fireEvent.click(plot, { clientX: 200, clientY: 150 });
    expect(store.getState().setCustomData).toHaveBeenCalledTimes(1);
    expect(lastData(store).count).toBe(2);
  });

  it('regression data takes a value for new points, validated to −1 … 1', async () => {
    const { container, store } = setup({ dataset: 'plane', output: 'linear-mse' }, 0);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Edit points' }));
    const value = screen.getByRole('textbox', { name: 'Value of new points' });
    await user.clear(value);
    await user.type(value, '3');
    const plot = mockPlotRect(container);
    fireEvent.click(plot, { clientX: 150, clientY: 150 });
    expect(store.getState().setCustomData).not.toHaveBeenCalled();
    await user.clear(value);
    await user.type(value, '-0.25');
    fireEvent.click(plot, { clientX: 150, clientY: 150 });
    const data = lastData(store);
    expect(data.classes).toBe(0);
    expect(data.labels[data.count - 1]).toBe(-0.25);
  });

  it('not editing, clicking a training point in the current batch selects it for the inspector', () => {
    const { container, store } = setup();
    // syntheticBatch's indices are 0, 2, 4, 6: train point 2 is batch row 1; point 1 is not in the batch.
    const circles = container.querySelectorAll('circle.db-point');
    fireEvent.click(circles[1]);
    expect(store.getState().ui.selectedExample).toBeNull();
    fireEvent.click(circles[2]);
    expect(store.getState().ui.selectedExample).toBe(1);
  });
});
