/**
 * The page's one alert banner (src/app/Notices.tsx) with what really stops a run: the worker's
 * learning-rate diagnosis (src/worker/diagnosis.ts) and a divergence, both from real training runs
 * written into the real store as the worker client writes frames. The loss watch moved here from the
 * checks panel: the worker sees every step, the banner explains and offers the ways on, and the
 * checks panel's loss-watch section only repeats what the banner said.
 */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Notices } from '../../src/app/Notices';
import { DEFAULT_CONFIG } from '../../src/model/config';
import { ChecksPanel } from '../../src/views/checks/ChecksPanel';
import { createRealStore } from '../helpers/realStore';

/** Settings whose ReLU layers die at once and whose output then blows up (test/worker/run.test.ts). */
const exploding = {
  ...DEFAULT_CONFIG,
  dataset: 'plane' as const,
  output: 'linear-mse' as const,
  learningRate: 10,
  activation: 'relu' as const,
  hiddenLayers: [8, 8],
};

function renderPage(store: Parameters<typeof Notices>[0]['store']) {
  render(
    <>
      <Notices store={store} />
      <ChecksPanel store={store} />
    </>,
  );
}

describe('Notices: the learning-rate diagnosis', { timeout: 120_000 }, () => {
  it('a real diagnosis is one alert with its evidence and three ways on; the checks panel repeats it in plain text', () => {
    const { store, port, run, deliver } = createRealStore({ config: exploding });
    run.trainSteps(100_000); // the watch stops the run where it finds something
    const { diagnosis, diverged } = deliver();
    expect(diverged).toBeNull();
    expect(diagnosis).not.toBeNull();
    renderPage(store);
    const alerts = screen.getAllByRole('alert');
    expect(alerts).toHaveLength(1);
    const banner = alerts[0];
    expect(banner.textContent).toContain(
      `The learning rate (10) is probably too high: paused at step ${diagnosis!.step}.`,
    );
    for (const line of diagnosis!.evidence) expect(within(banner).getByText(line)).toBeTruthy();
    expect(
      screen.getByText(`Paused at step ${diagnosis!.step}: the learning rate is probably too high`),
    ).toBeTruthy();

    port.clear();
    fireEvent.click(within(banner).getByRole('button', { name: `Rewind to step ${diagnosis!.rewindStep}` }));
    expect(port.sent).toEqual([{ type: 'seek', step: diagnosis!.rewindStep }]);
    expect(store.getState().diagnosis).toBeNull();
  });

  it('"Lower it ÷10" sets the learning rate to a tenth and plays on; "Keep going" dismisses it in the worker and plays on', () => {
    const lower = createRealStore({ config: exploding });
    lower.run.trainSteps(100_000);
    lower.deliver();
    renderPage(lower.store);
    lower.port.clear();
    fireEvent.click(screen.getByRole('button', { name: 'Lower it ÷10 (to 1)' }));
    expect(lower.port.sent).toEqual([{ type: 'set-training', patch: { learningRate: 1 } }, { type: 'play' }]);
    expect(screen.queryByRole('button', { name: /Keep going/ })).toBeNull();
    document.body.innerHTML = '';

    const keep = createRealStore({ config: exploding });
    keep.run.trainSteps(100_000);
    keep.deliver();
    renderPage(keep.store);
    keep.port.clear();
    fireEvent.click(screen.getByRole('button', { name: 'Keep going' }));
    expect(keep.port.types()).toEqual(['dismiss-diagnosis', 'play']);
    expect(keep.store.getState().diagnosis).toBeNull();
  });

  it('a healthy run shows no alert content and the loss watch has found nothing', () => {
    const { store, deliver } = createRealStore();
    deliver({ steps: 20 });
    renderPage(store);
    expect(screen.getByRole('alert').textContent).toBe('');
    expect(screen.getByText('Nothing found so far.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Rewind/ })).toBeNull();
  });
});

describe('Notices: a diverged run', { timeout: 120_000 }, () => {
  it('shows why, with the rewind and rewind-and-lower buttons; the checks panel says it diverged', () => {
    const { store, port, run, deliver } = createRealStore({ config: exploding });
    run.trainSteps(100_000);
    run.dismissDiagnosis(); // "Keep going": the run goes on to blow up
    run.trainSteps(100_000);
    const { diverged } = deliver();
    expect(diverged).not.toBeNull();
    renderPage(store);
    const alerts = screen.getAllByRole('alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0].textContent).toContain(diverged!.reason);
    expect(diverged!.reason).toMatch(/learning rate is probably too high/);
    expect(screen.getByText(`Paused: the run diverged at step ${diverged!.step}`)).toBeTruthy();

    port.clear();
    fireEvent.click(screen.getByRole('button', { name: 'Rewind and lower it ÷10' }));
    expect(port.sent).toEqual([{ type: 'rewind' }, { type: 'set-training', patch: { learningRate: 1 } }]);
    // The banner clears at once (the worker's next frame confirms the rewind).
    expect(screen.queryByRole('button', { name: /Rewind to step/ })).toBeNull();
  });

  it('"Rewind to step …" calls rewind()', () => {
    const { store, port, run, deliver } = createRealStore({ config: exploding });
    run.trainSteps(100_000);
    run.dismissDiagnosis();
    run.trainSteps(100_000);
    const { diverged } = deliver();
    renderPage(store);
    port.clear();
    fireEvent.click(screen.getByRole('button', { name: `Rewind to step ${diverged!.lastGoodStep}` }));
    expect(port.types()).toEqual(['rewind']);
  });
});
