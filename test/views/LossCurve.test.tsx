import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { LossHistory } from '../../src/store/types';
import { LossCurve } from '../../src/views/loss/LossCurve';
import { POINTS_PER_PIXEL } from '../../src/views/loss/lossGeometry';
import { DEFAULT_CONFIG, type RunConfig } from '../../src/model/config';
import type { TimelineEvent } from '../../src/worker/protocol';
import { emptyHistory } from '../../src/store/history';
import type { AppState } from '../../src/store/types';
import { createRealStore } from '../helpers/realStore';

function history(
  batchPoints: number,
  evalPoints: number,
  metric: 'accuracy' | 'rmse' = 'accuracy',
): LossHistory {
  const h = emptyHistory();
  const steps = new Float64Array(batchPoints).map((_, i) => i + 1);
  const evalSteps = new Float64Array(evalPoints).map((_, i) =>
    Math.round(((i + 1) * batchPoints) / evalPoints),
  );
  return {
    ...h,
    version: 1,
    metric,
    steps,
    batchLoss: new Float32Array(batchPoints).map((_, i) => 1 / (1 + i) + 0.1 * Math.sin(i)),
    evalSteps,
    trainLoss: new Float32Array(evalPoints).map((_, i) => 1 / (2 + i)),
    testLoss: new Float32Array(evalPoints).map((_, i) => 1.2 / (2 + i)),
    trainMetric: new Float32Array(evalPoints).map((_, i) => 0.5 + (0.4 * i) / evalPoints),
    testMetric: new Float32Array(evalPoints).map((_, i) => 0.5 + (0.3 * i) / evalPoints),
  };
}

/** A real store with a frame of a real run after `steps` steps, then the given history (and events). */
function setup(
  patch: Partial<Pick<AppState, 'history' | 'events'>> = {},
  config: RunConfig = DEFAULT_CONFIG,
  steps = 10,
) {
  const real = createRealStore({ config });
  real.deliver({ steps });
  real.store.setState({ history: history(100, 10), ...patch });
  const view = render(<LossCurve store={real.store} />);
  return { ...real, ...view };
}

const three = (v: number | null): string => String(+v!.toPrecision(3));
const percent = (v: number | null): string => `${(v! * 100).toFixed(1)}%`;

/** Number of points in an SVG path (M and L commands). */
function pointCount(d: string | null): number {
  return (d ?? '').match(/[ML]/g)?.length ?? 0;
}

describe('LossCurve', () => {
  it('before the first step says what will be drawn there, and stops saying it once training starts', () => {
    const { store } = setup({ history: emptyHistory() });
    const hint = /The training and test loss will be drawn here as the network trains\. Press Play or Step\./;
    expect(screen.getByText(hint)).toBeTruthy();
    act(() => store.setState({ history: history(5, 1) }));
    expect(screen.queryByText(hint)).toBeNull();
    // Reset clears the history: the hint is back.
    act(() => store.setState({ history: emptyHistory() }));
    expect(screen.getByText(hint)).toBeTruthy();
  });

  it('has a "Log scale" checkbox bound to ui.logScale, and redraws on a log axis', async () => {
    const { store, container } = setup();
    const user = userEvent.setup();
    const box = screen.getByRole('checkbox', { name: 'Log scale' }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    const before = container.querySelector('path.lc-train')!.getAttribute('d');
    await user.click(box);
    expect(store.getState().ui.logScale).toBe(true);
    expect(box.checked).toBe(true);
    await waitFor(() => expect(container.querySelector('path.lc-train')!.getAttribute('d')).not.toBe(before));
  });

  it('shows the current accuracy and step for classification', () => {
    const { store } = setup();
    const { trainAccuracy, testAccuracy } = store.getState().frame!;
    expect(
      screen.getByText(`Accuracy: train ${percent(trainAccuracy)} · test ${percent(testAccuracy)}`),
    ).toBeTruthy();
    expect(screen.getByText(/^Step 10\b/)).toBeTruthy();
  });

  it('shows RMSE for regression and follows new frames', async () => {
    const regression: RunConfig = { ...DEFAULT_CONFIG, dataset: 'plane', output: 'linear-mse' };
    const { store, deliver } = setup({}, regression);
    const first = store.getState().frame!;
    expect(first.trainAccuracy).toBeNull();
    expect(
      screen.getByText(`RMSE: train ${three(first.trainRmse)} · test ${three(first.testRmse)}`),
    ).toBeTruthy();
    const later = deliver({ steps: 1224 });
    expect(three(later.trainRmse)).not.toBe(three(first.trainRmse));
    await waitFor(() =>
      expect(
        screen.getByText(`RMSE: train ${three(later.trainRmse)} · test ${three(later.testRmse)}`),
      ).toBeTruthy(),
    );
    expect(screen.getByText(/^Step 1,234\b/)).toBeTruthy();
  });

  it('with no test set (a model file may bring none) says so instead of a test value of 0', async () => {
    const { store, container } = setup();
    const { dataset, frame } = store.getState();
    const empty = { points: new Float32Array(0), labels: new Float32Array(0), count: 0 };
    // Dataset and frame arrive together (the first frame of a run carries both).
    act(() => store.setState({ dataset: { ...dataset!, test: empty }, frame: { ...frame! } }));
    await waitFor(() =>
      expect(screen.getByText(`Accuracy: train ${percent(frame!.trainAccuracy)} · no test set`)).toBeTruthy(),
    );
    expect(container.querySelector('path.lc-test')!.getAttribute('d')).toBe('');
    const chart = screen.getByRole('img', { name: /Loss over training steps/ });
    act(() => (chart as unknown as HTMLElement).focus());
    await userEvent.setup().keyboard('{ArrowLeft}');
    const readout = container.querySelector('.lc-readout')!.textContent ?? '';
    expect(readout).toMatch(/^Step 90: train 0\.1 · batch [^·]+ · accuracy [0-9.]+% \(no test set\)$/);
  });

  it('draws train, test and batch paths without NaN, and follows history changes', async () => {
    const { store, container } = setup();
    const d = (cls: string) => container.querySelector(`path.${cls}`)!.getAttribute('d') ?? '';
    expect(pointCount(d('lc-train'))).toBe(10);
    expect(pointCount(d('lc-test'))).toBe(10);
    expect(pointCount(d('lc-batch'))).toBe(100);
    for (const cls of ['lc-train', 'lc-test', 'lc-batch']) expect(d(cls)).not.toContain('NaN');
    act(() => store.setState({ history: { ...history(200, 20), version: 2 } }));
    await waitFor(() => expect(pointCount(d('lc-train'))).toBe(20));
  });

  it('decimates a million-step history to what the plot width can show', () => {
    const { container } = setup({ history: history(1_000_000, 1000) });
    const batch = container.querySelector('path.lc-batch')!.getAttribute('d');
    const n = pointCount(batch);
    expect(n).toBeGreaterThan(100);
    // The plot is 348 units wide: at most POINTS_PER_PIXEL per column plus the ends.
    expect(n).toBeLessThanOrEqual(POINTS_PER_PIXEL * 348 + 2);
  });

  it('marks each live setting change with its description', () => {
    const events: TimelineEvent[] = [
      { step: 20, kind: 'set-training', patch: { learningRate: 0.1 }, detail: 'Learning rate 0.03 → 0.1' },
      {
        step: 60,
        kind: 'set-weight',
        layer: 0,
        param: 'W',
        index: 1,
        value: 0.5,
        detail: 'W1[1,2] set to 0.5',
      },
    ];
    const { container } = setup({ events });
    const markers = Array.from(container.querySelectorAll('.lc-marker')).filter(
      (m) => m.getAttribute('display') !== 'none',
    );
    expect(markers).toHaveLength(2);
    expect(markers[0].textContent).toBe('After step 20: Learning rate 0.03 → 0.1');
  });

  it('reads out step and values from the keyboard and on pointer hover', async () => {
    const { container } = setup();
    const user = userEvent.setup();
    const chart = screen.getByRole('img', { name: /Loss over training steps/ });
    act(() => (chart as unknown as HTMLElement).focus());
    await user.keyboard('{ArrowLeft}');
    // Evaluations are at steps 10, 20, …, 100 (train 1/(2 + i), test 1.2/(2 + i)); the read-out starts at
    // the last one and ← moves to step 90.
    const readout = container.querySelector('.lc-readout')!;
    expect(readout.textContent).toMatch(/^Step 90: train 0\.1 · test 0\.12 · batch /);
    expect(readout.textContent).toContain('accuracy');

    const svg = container.querySelector('svg.lc-svg')!;
    svg.getBoundingClientRect = () =>
      ({
        left: 0,
        top: 0,
        width: 400,
        height: 170,
        right: 400,
        bottom: 170,
        x: 0,
        y: 0,
        toJSON: () => ({}),
      }) as DOMRect;
    fireEvent.pointerMove(svg, { clientX: 42, clientY: 50 });
    // The left edge of the plot is step 0; the nearest evaluation is the first, at step 10.
    expect(readout.textContent).toMatch(/^Step 10: train 0\.5 /);
  });

  it('labels both axes, moves the step ticks as the run grows, and rewrites only what changed', async () => {
    const { store, container } = setup({ history: history(100, 10) });
    const labels = (axis: string): string[] =>
      Array.from(
        container.querySelectorAll(`.lc-${axis}ticks > g:not([display]) text`),
        (t) => t.textContent ?? '',
      );
    await waitFor(() => expect(labels('x')).toContain('100'));
    expect(labels('y').length).toBeGreaterThan(1);
    const firstX = container.querySelector('.lc-xticks > g')!;
    const before = firstX.nextElementSibling!.getAttribute('transform');
    // A longer run: the step axis rescales, its ticks move and relabel; the lines and label offsets
    // were set once when the ticks were made and are not written again.
    const writes: string[] = [];
    const observer = new MutationObserver((records) => {
      for (const r of records)
        if (r.type === 'attributes') writes.push(`${(r.target as Element).tagName}.${r.attributeName}`);
    });
    observer.observe(container.querySelector('.lc-svg')!, { attributes: true, subtree: true });
    act(() => store.setState({ history: { ...history(700, 10), version: 2 } }));
    await waitFor(() => expect(labels('x')).toContain('700'));
    expect(firstX.nextElementSibling!.getAttribute('transform')).not.toBe(before);
    observer.disconnect();
    const tickWrites = writes.filter((w) => !w.startsWith('path.'));
    expect(tickWrites.length).toBeGreaterThan(0);
    expect(tickWrites.every((w) => w.endsWith('.transform') || w.endsWith('.display'))).toBe(true);
  });
});
