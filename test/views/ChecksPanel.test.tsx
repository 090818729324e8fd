/**
 * The checks panel says the verdicts in words, passes the teaching fault, explains a divergence and
 * offers the way back. The engine side of the gradient check (passes on a real network, fails with
 * the dropActivationDerivative fault) is tested in test/engine/gradients.test.ts
 * ("the teaching fault dropActivationDerivative is caught by the gradient check"). The pure judgements
 * (verdict words, gradient warnings, overfit outcome) are tested in node in test/views/checks/; the
 * loss watch lives in the worker and the alert banner (test/app/Notices.test.tsx).
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { GradientCheckResult } from '../../src/engine';
import { DEFAULT_CONFIG } from '../../src/model/config';
import { ChecksPanel } from '../../src/views/checks/ChecksPanel';
import { cs231nSpiralModel } from '../../src/app/cs231nSpiral';
import { parseModelFile } from '../../src/model/files/modelFile';
import { prepareModelRun } from '../../src/worker/loadModel';
import { createRun, createRunFromModel } from '../../src/worker/run';
import { createRealStore, frameOf } from '../helpers/realStore';

function checkResult(errors: [number, number][]): GradientCheckResult {
  return {
    layers: errors.map(([W, b]) => ({ W, b, checkedW: 4, checkedB: 2 })),
    worst: Math.max(...errors.flat()),
    entries: errors.flatMap(([W], l) => [
      { layer: l, kind: 'W' as const, index: 0, numeric: 0.5, analytic: 0.5 * (1 + W) },
      { layer: l, kind: 'b' as const, index: 0, numeric: -0.25, analytic: -0.25 },
    ]),
  };
}

describe('ChecksPanel: gradient check', { timeout: 120_000 }, () => {
  it('states each verdict in words, not colour alone', () => {
    const { store } = createRealStore();
    // As the worker client writes a 'gradient-check-result' reply.
    store.setState({
      gradientCheck: {
        step: 7,
        result: checkResult([
          [3e-10, 1e-11],
          [2e-5, 1e-9],
        ]),
        verdict: 'suspicious',
      },
    });
    render(<ChecksPanel store={store} />);
    expect(screen.getByText(/At step 7/)).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Relative error per layer' });
    const rows = within(table).getAllByRole('row');
    // Header + one row per layer; the words are in each cell, next to the icon.
    expect(rows).toHaveLength(3);
    expect(within(rows[1]).getAllByText(/good/)).toHaveLength(2);
    expect(within(rows[2]).getByText(/suspicious/)).toBeTruthy();
    expect(screen.getByRole('img', { name: /Scatter of 4 gradient entries/ })).toBeTruthy();
  });

  it('a wrong result says wrong', () => {
    const { store } = createRealStore();
    store.setState({ gradientCheck: { step: 3, result: checkResult([[0.4, 1e-10]]), verdict: 'wrong' } });
    render(<ChecksPanel store={store} />);
    expect(screen.getAllByText(/Wrong: relative error/).length).toBeGreaterThan(0);
  });

  it('"Run gradient check" runs it on the real derivatives by default', () => {
    const { store, port } = createRealStore({ config: { ...DEFAULT_CONFIG, hiddenLayers: [4, 2] } });
    render(<ChecksPanel store={store} />);
    fireEvent.click(screen.getByRole('button', { name: 'Run gradient check' }));
    expect(port.sent).toEqual([{ type: 'gradient-check', faults: undefined, maxPerParameter: 64 }]);
  });

  it('the break-derivative toggle passes the fault { dropActivationDerivative: 0 }', () => {
    const { store, port } = createRealStore({ config: { ...DEFAULT_CONFIG, hiddenLayers: [4, 2] } });
    render(<ChecksPanel store={store} />);
    fireEvent.click(screen.getByRole('checkbox', { name: /Break layer 1's activation derivative/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Run gradient check' }));
    expect(port.sent).toEqual([
      { type: 'gradient-check', faults: { dropActivationDerivative: 0 }, maxPerParameter: 64 },
    ]);
  });

  it('without a hidden layer the toggle is disabled and says why', () => {
    const { store, port } = createRealStore({ config: { ...DEFAULT_CONFIG, hiddenLayers: [] } });
    render(<ChecksPanel store={store} />);
    const box = screen.getByRole('checkbox', {
      name: /Break layer 1's activation derivative/,
    }) as HTMLInputElement;
    expect(box.disabled).toBe(true);
    expect(box.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(box.getAttribute('aria-describedby')!)?.textContent).toMatch(
      /Needs a hidden layer/,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Run gradient check' }));
    expect(port.sent).toEqual([{ type: 'gradient-check', faults: undefined, maxPerParameter: 64 }]);
  });

  it('the shown result says what it was run with: ticking the box and clicking does not relabel the old one', () => {
    const { store } = createRealStore({ config: { ...DEFAULT_CONFIG, hiddenLayers: [4, 2] } });
    const correct = checkResult([[2e-7, 1e-9]]);
    store.setState({ gradientCheck: { step: 10, result: correct, verdict: 'suspicious' } });
    render(<ChecksPanel store={store} />);
    fireEvent.click(screen.getByRole('checkbox', { name: /Break layer 1's activation derivative/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Run gradient check' }));
    // The worker has not answered yet: the correct backprop's result is still the one on screen.
    expect(screen.getByRole('status').textContent).toBe('Checking…');
    expect(screen.getByText(/^At step 10/).textContent).toMatch(/^At step 10: ⚠ suspicious/);
    expect(screen.queryByText(/activation derivative broken/)).toBeNull();
    // The broken check's reply carries its fault; only now is the result labelled broken.
    const broken = {
      ...checkResult([[0.6, 1e-9]]),
      fault: { dropActivationDerivative: 0, changed: 6, checked: 12 },
    };
    act(() => store.setState({ gradientCheck: { step: 10, result: broken, verdict: 'wrong' } }));
    expect(screen.getByText(/^At step 10/).textContent).toMatch(
      /^At step 10, with layer 1’s activation derivative broken: ✗ wrong/,
    );
    expect(
      screen.getByText('The broken derivative changed 6 of the 12 checked gradient entries.'),
    ).toBeTruthy();
  });

  it('a planted bug that changed no gradient says there was nothing to catch', () => {
    const { store } = createRealStore();
    const result = {
      ...checkResult([[1e-9, 1e-9]]),
      fault: { dropActivationDerivative: 0, changed: 0, checked: 6 },
    };
    store.setState({ gradientCheck: { step: 3, result, verdict: 'good' } });
    render(<ChecksPanel store={store} />);
    expect(screen.getByText(/changed no checked gradient/).textContent).toMatch(
      /no bug for the check to catch/,
    );
  });

  it('a layer whose disagreement is within rounding noise reads suspicious, not wrong, and says why', () => {
    const { store } = createRealStore();
    const result = checkResult([
      [2e-3, 1e-9],
      [1e-10, 1e-10],
    ]);
    result.layers[0].withinNoiseW = true;
    store.setState({ gradientCheck: { step: 0, result, verdict: 'suspicious' } });
    render(<ChecksPanel store={store} />);
    const rows = within(screen.getByRole('table', { name: 'Relative error per layer' })).getAllByRole('row');
    expect(within(rows[1]).getByText(/suspicious/)).toBeTruthy();
    expect(within(rows[1]).queryByText(/wrong/)).toBeNull();
    expect(screen.getByText(/^Within rounding noise: W1\./).textContent).toMatch(
      /too small next to the loss/,
    );
  });
});

// The loss watch moved to the worker (src/worker/diagnosis.ts) and the page's one alert banner
// (src/app/Notices.tsx): a real diagnosis and a real divergence are tested in test/app/Notices.test.tsx,
// with this panel's plain-text echo of them; the rules themselves in test/worker/diagnosis.test.ts.

describe('ChecksPanel: saturation watch', { timeout: 120_000 }, () => {
  it('shows per-layer saturation and dead fractions and the warning in words', () => {
    const config = { ...DEFAULT_CONFIG, hiddenLayers: [4, 2], activation: 'sigmoid' as const };
    const { store, run } = createRealStore({ config });
    // A real frame with the health of a saturating sigmoid network written in.
    const frame = {
      ...frameOf(run, { steps: 1 }),
      health: [
        {
          activationMean: 0.5,
          activationStd: 0.4,
          saturatedFraction: 0.75,
          deadFraction: null,
          gradientNorm: 1e-9,
        },
        {
          activationMean: 0.5,
          activationStd: 0.4,
          saturatedFraction: 0.5,
          deadFraction: null,
          gradientNorm: 1e-5,
        },
        {
          activationMean: 0.5,
          activationStd: 0.4,
          saturatedFraction: 0,
          deadFraction: null,
          gradientNorm: 1e-2,
        },
      ],
    };
    store.setState({ frame });
    render(<ChecksPanel store={store} />);
    expect(screen.getByText('75 %')).toBeTruthy();
    // In words, in the panel: the page's only alert is the banner at the top (DESIGN.md).
    expect(screen.getByText(/Gradients are vanishing/)).toBeTruthy();
    expect(screen.queryAllByRole('alert')).toHaveLength(0);
    expect(screen.getByRole('img', { name: /Histogram of Z1/ })).toBeTruthy();
    expect(screen.getByRole('img', { name: /Histogram of A1, from 0 to 1/ })).toBeTruthy();
  });
});

describe('ChecksPanel: overfit a tiny dataset', { timeout: 120_000 }, () => {
  it('one click applies 8 training points (16 points, 50 % training), a roomy network and Adam, then plays; reports the first step below the target and restores the settings', () => {
    const real = createRealStore();
    const { store, port, deliver } = real;
    deliver();
    const mine = store.getState().config;
    render(<ChecksPanel store={store} />);
    fireEvent.click(screen.getByRole('button', { name: 'Overfit 8 points' }));
    const restarts = port.sent.filter((m) => m.type === 'restart');
    expect(restarts).toHaveLength(1);
    expect(restarts[0].config).toEqual(
      expect.objectContaining({
        datasetSize: 16,
        trainPercent: 50,
        optimizer: 'adam',
        hiddenLayers: [16, 16],
      }),
    );
    expect(port.types().at(-1)).toBe('play');
    // Frames of the old run (same dataset) are ignored; the restarted run's first frame brings a new dataset.
    act(() => void deliver({ steps: 5 }));
    expect(screen.queryByText(/went below/)).toBeNull();
    const restarted = real.restart();
    act(() => void deliver());
    expect(screen.getByText(/Training… step 0/)).toBeTruthy();
    // The first step at which the training loss is below 0.01, on a twin run, one step at a time.
    const twin = createRun(restarts[0].config);
    let first = -1;
    while (first < 0 && twin.step < 3000) {
      twin.trainSteps(1);
      if (frameOf(twin).trainLoss < 0.01) first = twin.step;
    }
    expect(first).toBeGreaterThan(0);
    // Frames come rarely at full speed: the one that shows the loss below target is well past it.
    port.clear();
    while (restarted.step < 3000 && store.getState().frame!.trainLoss >= 0.01) {
      restarted.trainSteps(50);
      act(() => real.deliverFrame(frameOf(restarted, {}, 2)));
    }
    expect(store.getState().frame!.step).toBeGreaterThan(first);
    expect(screen.getByText(new RegExp(`first went below 0.01 after ${first} steps`))).toBeTruthy();
    // Then the learner's own settings come back: one restart with them, and it says so.
    expect(port.types()).toEqual(['pause', 'restart']);
    expect(port.sent[1]).toMatchObject({ type: 'restart', config: mine });
    expect(store.getState().config).toEqual(mine);
    expect(screen.getByText(/Your own settings .* are back/)).toBeTruthy();
  });

  it('on a model file’s points (CS231n): trains on 16 of them, its classes and plane kept; then re-imports the file', () => {
    const real = createRealStore();
    const { store, port } = real;
    real.deliver();
    const text = JSON.stringify(cs231nSpiralModel());
    store.getState().importModel(text);
    const parsed = parseModelFile(text);
    if (!parsed.ok) throw new Error(parsed.error);
    real.deliverFrame(frameOf(createRunFromModel(prepareModelRun(parsed.model, DEFAULT_CONFIG)), {}, 2));
    render(<ChecksPanel store={store} />);
    expect(screen.getByText(/This takes 16 of your own points \(8 to train on\)/)).toBeTruthy();
    port.clear();
    fireEvent.click(screen.getByRole('button', { name: 'Overfit 8 points' }));
    const restarts = port.sent.filter((m) => m.type === 'restart');
    expect(restarts).toHaveLength(1);
    expect(restarts[0].customData).toMatchObject({ count: 16, classes: 3, planeHalfWidth: 1 });
    expect(restarts[0].config).toMatchObject({ output: 'softmax-ce', trainPercent: 50, batchSize: 8 });
    port.clear();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel and restore my settings' }));
    expect(port.types()).toEqual(['pause', 'load-model']);
    expect(port.sent[1]).toMatchObject({ type: 'load-model', text });
    expect(store.getState().customData).toBeNull();
  });

  it('"Cancel and restore my settings" stops the check and puts the settings back', () => {
    const real = createRealStore();
    const { store, port, deliver } = real;
    deliver();
    const mine = store.getState().config;
    render(<ChecksPanel store={store} />);
    fireEvent.click(screen.getByRole('button', { name: 'Overfit 8 points' }));
    expect(store.getState().config.optimizer).toBe('adam');
    port.clear();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel and restore my settings' }));
    expect(port.types()).toEqual(['pause', 'restart']);
    expect(store.getState().config).toEqual(mine);
    expect(screen.getByText(/Stopped: you cancelled the check\. Your own settings/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Overfit 8 points' })).toHaveProperty('disabled', false);
  });

  it('settings changed by the learner during the check are kept; the old ones are offered back', () => {
    const real = createRealStore();
    const { store, port, deliver } = real;
    deliver();
    const mine = store.getState().config;
    render(<ChecksPanel store={store} />);
    fireEvent.click(screen.getByRole('button', { name: 'Overfit 8 points' }));
    act(() => void store.getState().setConfig({ hiddenLayers: [3] }));
    expect(screen.getByText(/Stopped: the network or data settings changed\./)).toBeTruthy();
    expect(store.getState().config.hiddenLayers).toEqual([3]);
    port.clear();
    fireEvent.click(screen.getByRole('button', { name: 'Restore my settings' }));
    expect(store.getState().config).toEqual(mine);
    expect(port.types()).toEqual(['pause', 'restart']);
  });
});
