/**
 * Issue 14: a worker that dies while paused is noticed on the next command and restarted where the
 * page stands; after too many crashes, Reset still works.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppStore, type AppStore } from '../../src/store';
import type { TrainerClient } from '../../src/worker/client';
import { DEFAULT_CONFIG } from '../../src/model/config';
import { createRun } from '../../src/worker/run';
import { fakeWorkerClient, waitFor } from './fakeWorker';

vi.setConfig({ testTimeout: 30_000 });

let client: TrainerClient | null = null;
afterEach(() => {
  client?.dispose();
  client = null;
});

const CONFIG = { ...DEFAULT_CONFIG, seed: 3 };

function setup(watchdogMs: number) {
  const store: AppStore = createAppStore({ config: CONFIG, ui: { gridResolution: 0 } });
  const connected = fakeWorkerClient(store, { watchdogMs });
  client = connected.client;
  return { store, workers: connected.workers, client };
}

describe('a worker that dies while paused', () => {
  it('is noticed on the next command and restarted at the current step', async () => {
    const { store, workers } = setup(300);
    await waitFor(() => store.getState().frame !== null);
    store.getState().stepOnce();
    store.getState().stepOnce();
    await waitFor(() => store.getState().step === 2, 5_000, 'two steps');
    // Dies silently, as a terminated Worker does (no error event).
    workers[0].terminate();
    store.getState().stepOnce();
    store.getState().stepOnce();
    await waitFor(() => workers.length === 2, 5_000, 'the liveness check');
    expect(store.getState().ui.error).toMatch(
      /did not answer a command .* Restarted it at step 2, where you were/,
    );
    const init = workers[1].received[0];
    expect(init.type === 'init' && init.snapshot?.keyframe.step).toBe(2);
    // The new worker holds exactly step 2 of the seed-3 run.
    await waitFor(() => workers[1].loop.state.run !== null);
    const reference = createRun(store.getState().config);
    reference.seek(2);
    expect(workers[1].loop.state.run!.parameters()).toEqual(reference.parameters());
    // And goes on from there.
    store.getState().stepOnce();
    await waitFor(() => store.getState().step === 3, 5_000, 'a step on the new worker');
  });

  it('a healthy paused worker is not restarted', async () => {
    const { store, workers } = setup(200);
    await waitFor(() => store.getState().frame !== null);
    for (let i = 0; i < 5; i++) {
      store.getState().stepOnce();
      store.getState().pause();
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 400));
    expect(workers).toHaveLength(1);
    expect(store.getState().ui.error).toBeNull();
  });

  it('after too many crashes in a minute, Reset starts a fresh run', async () => {
    const { store, workers } = setup(5000);
    await waitFor(() => store.getState().frame !== null);
    for (let i = 0; i < 4; i++) workers[workers.length - 1].crash(`crash ${i + 1}`);
    expect(workers).toHaveLength(4);
    expect(store.getState().ui.error).toMatch(/not restarted: Reset starts a fresh run/);
    store.getState().reset();
    expect(workers).toHaveLength(5);
    await waitFor(
      () => workers[4].sent.some((m) => m.type === 'frame'),
      5_000,
      'a frame from the fresh worker',
    );
    expect(store.getState().ui.error).toBeNull();
    store.getState().stepOnce();
    await waitFor(() => store.getState().step === 1, 5_000, 'a step after Reset');
  });
});
