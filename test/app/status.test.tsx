import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { StatusLine, statusText } from '../../src/app/StatusLine';
import { cs231nSpiralModel } from '../../src/app/cs231nSpiral';
import { DEFAULT_CONFIG } from '../../src/model/config';
import { parseModelFile } from '../../src/model/files/modelFile';
import { prepareModelRun } from '../../src/worker/loadModel';
import { createRunFromModel } from '../../src/worker/run';
import { createRealStore, frameOf } from '../helpers/realStore';

afterEach(() => {
  vi.useRealTimers();
});

describe('statusText', () => {
  test('reads "Step <n>" at a step boundary', () => {
    const { store } = createRealStore();
    store.setState({ step: 12 });
    expect(statusText(store.getState())).toBe('Step 12');
  });

  test('names the phase of the step in progress, with its equation', () => {
    const { store, deliver } = createRealStore();
    // Default network 2 → 4 → 2 → 1, batches of 10; 12 updates done, the 13th is in its forward pass.
    deliver({ steps: 12, phase: { kind: 'forward', layer: 1 } });
    const text = statusText(store.getState());
    expect(text.startsWith('Step 13 · Forward · layer 2: Z2 = A1 · W2 + b2')).toBe(true);
    expect(text).toContain('(10×4)·(4×2)');
  });

  test('a model file’s network: the output width is its own (CS231n: 3 classes), not the config’s', () => {
    const parsed = parseModelFile(JSON.stringify(cs231nSpiralModel()));
    if (!parsed.ok) throw new Error(parsed.error);
    const run = createRunFromModel(prepareModelRun(parsed.model, DEFAULT_CONFIG));
    const { store, deliverFrame } = createRealStore();
    deliverFrame(frameOf(run, {}, 2));
    deliverFrame(frameOf(run, { phase: { kind: 'loss' } }, 2));
    expect(statusText(store.getState())).toMatch(
      /^Step 1 · Loss: cross-entropy = 1\.099; dZ2 = \(ŷ − y\) \/ n, \(300×3\)$/,
    );
    deliverFrame(frameOf(run, { phase: { kind: 'backward', layer: 1 } }, 2));
    expect(statusText(store.getState())).toContain('dW2 = A1ᵀ · dZ2, (100×300)·(300×3) → (100×3)');
  });

  test('without a frame yet, the short form', () => {
    const { store } = createRealStore();
    store.setState({ step: 3, phase: { kind: 'backward', layer: 0 } });
    expect(statusText(store.getState())).toBe('Step 4 · Backward · layer 1');
    store.setState({ step: 4, phase: { kind: 'update' } });
    expect(statusText(store.getState())).toBe('Step 4 · Update');
  });
});

describe('StatusLine', () => {
  test('is the role="status" element and follows the store', () => {
    const { store, deliver } = createRealStore();
    render(<StatusLine store={store} throttleMs={0} />);
    const status = screen.getByRole('status');
    expect(status.textContent).toBe('Step 0');
    act(() => void deliver({ steps: 1, phase: { kind: 'loss' } }));
    expect(status.textContent).toMatch(/^Step 2 · Loss: /);
  });

  test('re-renders at most once per throttle interval while playing, and goes quiet for screen readers', () => {
    vi.useFakeTimers();
    const { store } = createRealStore();
    render(<StatusLine store={store} throttleMs={100} />);
    const status = screen.getByRole('status');
    act(() => store.setState({ playing: true }));
    expect(status.getAttribute('aria-live')).toBe('off');
    act(() => {
      for (let s = 1; s <= 50; s++) store.setState({ step: s });
    });
    // Throttled: the latest value is not shown yet…
    expect(status.textContent).not.toBe('Step 50');
    act(() => {
      vi.advanceTimersByTime(120);
    });
    // …and shows after the interval.
    expect(status.textContent).toBe('Step 50');
    act(() => store.setState({ playing: false }));
    expect(status.getAttribute('aria-live')).toBe('polite');
  });
});
