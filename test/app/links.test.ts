/**
 * Faithful links, end to end in Node: the real store, the real trainer client and the real worker
 * handlers (FakeWorker runs them in this thread). A run is made, its link copied, and the link
 * opened in a second page (a second store and worker): same step, same accuracy, same loss.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseHash } from '../../src/app/urlState';
import { applyUrlState, shareLinkOf, startLinkedRun } from '../../src/app/useUrlSync';
import { parseCsvDataset } from '../../src/engine';
import { DEFAULT_CONFIG } from '../../src/model/config';
import { createAppStore, type AppStore } from '../../src/store';
import { switchToOwnData } from '../../src/views/controls/customData';
import type { TrainerClient } from '../../src/worker/client';
import { fakeWorkerClient, waitFor } from '../worker/fakeWorker';

vi.setConfig({ testTimeout: 60_000 });

const PAGE = 'https://lab.example/';
const clients: TrainerClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.dispose();
});

function connect(store: AppStore): void {
  clients.push(fakeWorkerClient(store).client);
}

/** The page at `hash`, as main.tsx opens it: the link applied, the worker started, the run replayed. */
function openPage(hash: string): AppStore {
  const store = createAppStore();
  const url = parseHash(hash);
  applyUrlState(store, url, { seek: false });
  connect(store);
  startLinkedRun(store, url);
  return store;
}

/** Waits until the store shows `step` at a step boundary, with the frame's metrics for it. */
async function settledAt(store: AppStore, step: number): Promise<void> {
  await waitFor(
    () => store.getState().frame?.step === step && store.getState().phase.kind === 'ready',
    30_000,
    `step ${step}`,
  );
}

function seen(store: AppStore) {
  const { frame, step, phase, config, dataset } = store.getState();
  return {
    step,
    phase: phase.kind,
    trainAccuracy: frame?.trainAccuracy,
    testAccuracy: frame?.testAccuracy,
    trainLoss: frame?.trainLoss,
    learningRate: config.learningRate,
    points: (dataset?.train.count ?? 0) + (dataset?.test.count ?? 0),
  };
}

const hashOfUrl = (url: string): string => url.slice(url.indexOf('#'));

describe('a link reproduces what the sender sees at its step', () => {
  it('replays a learning-rate change made mid-run at its step (seed 5: 20 steps, lr 3, 20 steps)', async () => {
    const sender = createAppStore({ config: { ...DEFAULT_CONFIG, seed: 5 } });
    connect(sender);
    await waitFor(() => sender.getState().frame !== null);
    sender.getState().seek(20);
    await settledAt(sender, 20);
    sender.getState().setTraining({ learningRate: 3 });
    sender.getState().seek(40);
    await settledAt(sender, 40);
    await waitFor(() => sender.getState().events.length === 1);

    const link = shareLinkOf(sender.getState(), PAGE);
    expect(link.faithful).toBe(true);
    expect(link.summary).toBe('This link replays your 1 live change.');
    expect(link.url).toContain('events=20:learningRate:3');
    // The link starts from the config the run started with, not the changed one.
    expect(parseHash(hashOfUrl(link.url)).config.learningRate).toBe(DEFAULT_CONFIG.learningRate);

    const recipient = openPage(hashOfUrl(link.url));
    await settledAt(recipient, 40);
    expect(seen(recipient)).toEqual(seen(sender));
    expect(recipient.getState().events).toHaveLength(1);

    // The old link (no timeline, the final learning rate from step 0) shows another run: the test can tell.
    const old = openPage(`${hashOfUrl(link.url).replace(/&events=[^&]*/, '')}&learningRate=3`);
    await settledAt(old, 40);
    expect(seen(old).trainAccuracy).not.toBe(seen(sender).trainAccuracy);
  });

  it('carries imported points: the recipient trains on the same points and sees the same accuracy', async () => {
    const rows = ['x1,x2,label'];
    for (let i = 0; i < 250; i++) {
      const x = Math.round((Math.sin(i * 12.9898) * 6 - 0.001) * 100) / 100;
      const y = Math.round(Math.cos(i * 78.233) * 5.99 * 100) / 100;
      rows.push(`${x},${y},${x * y > 0 ? 1 : 0}`);
    }
    const parsed = parseCsvDataset(rows.join('\n'));
    if (!parsed.ok) throw new Error(parsed.error);
    const sender = createAppStore({ config: { ...DEFAULT_CONFIG, seed: 5 } });
    connect(sender);
    await waitFor(() => sender.getState().frame !== null);
    switchToOwnData(sender, parsed.dataset);
    await waitFor(() => seen(sender).points === 250, 30_000, 'the imported points');
    sender.getState().seek(30);
    await settledAt(sender, 30);

    const link = shareLinkOf(sender.getState(), PAGE);
    expect(link.summary).toBe('This link replays your 250 points.');
    expect(link.url.length).toBeLessThan(4000);

    const recipient = openPage(hashOfUrl(link.url));
    await settledAt(recipient, 30);
    expect(seen(recipient)).toEqual(seen(sender));
    expect(seen(recipient).points).toBe(250);
    expect(Array.from(recipient.getState().customData!.points)).toEqual(Array.from(parsed.dataset.points));
  });

  it('says a model file’s run does not go in a link (it opens the settings on generated data)', () => {
    const store = createAppStore();
    const none = { points: new Float32Array(0), labels: new Float32Array(0), count: 0 };
    const model = {
      classes: 3,
      outputs: 3,
      pointSet: true,
      inputs: [],
      X: new Float32Array(0),
      Y: new Float32Array(0),
      count: 0,
    };
    store.setState({ dataset: { train: none, test: none, classes: 3, planeHalfWidth: 1, model } });
    const link = shareLinkOf(store.getState(), PAGE);
    expect(link.faithful).toBe(false);
    expect(link.summary).toMatch(/^A model file's weights and data do not go in a link: .* Use Export model/);
    expect(link.url).not.toContain('data=');
  });

  it('says before copying when the points are too many for a link, and then copies the settings only', () => {
    const count = 10_000;
    const points = new Float64Array(2 * count).map((_, i) => Math.fround(Math.sin(i) * 5.5));
    const labels = new Float64Array(count).map((_, i) => i % 2);
    const store = createAppStore();
    store.setState({ customData: { points, labels, count, classes: 2 } });
    const link = shareLinkOf(store.getState(), PAGE);
    expect(link.faithful).toBe(false);
    expect(link.summary).toMatch(/^Your 10,000 points: too many for a link .* Use Export model/);
    expect(link.url).not.toContain('data=');
  });
});
