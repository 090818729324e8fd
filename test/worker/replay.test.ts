/**
 * Issue 14: a link to a far step replays in chunks, with progress, answering other messages between
 * chunks, and stops on a pause.
 */
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/model/config';
import { createWorkerLoop } from '../../src/worker/loop';
import type { FromWorker } from '../../src/worker/protocol';
import { createRun } from '../../src/worker/run';
import { waitFor } from './fakeWorker';

vi.setConfig({ testTimeout: 60_000 });

const CONFIG = { ...DEFAULT_CONFIG, seed: 11, hiddenLayers: [3], datasetSize: 40, batchSize: 5 };

function start() {
  const sent: FromWorker[] = [];
  const loop = createWorkerLoop({ post: (m) => sent.push(m) });
  loop.onMessage({ type: 'init', config: CONFIG });
  const progress = () => sent.filter((m) => m.type === 'progress');
  return { loop, sent, progress };
}

describe('a long seek replays in chunks', () => {
  it('reaches the step exactly, reporting progress after each chunk and answering pings between', async () => {
    const { loop, sent, progress } = start();
    loop.onMessage({ type: 'seek', step: 60_000 });
    expect(loop.state.run!.step).toBeLessThan(60_000); // not in one go
    loop.onMessage({ type: 'ping', id: 7 });
    await waitFor(() => progress().some((m) => m.finished), 30_000, 'the replay');
    const reports = progress();
    expect(reports.length).toBeGreaterThan(2);
    const dones = reports.map((m) => m.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(reports.at(-1)).toMatchObject({ done: 60_000, total: 60_000, target: 60_000, finished: true });
    // The ping was answered before the replay finished.
    const pong = sent.findIndex((m) => m.type === 'pong');
    expect(pong).toBeGreaterThan(-1);
    expect(pong).toBeLessThan(sent.indexOf(reports.at(-1)!));
    const reference = createRun(loop.state.run!.baseConfig);
    reference.trainSteps(60_000);
    expect(loop.state.run!.parameters()).toEqual(reference.parameters());
    loop.stop();
  });

  it('a pause stops it where it got, and says so', async () => {
    const { loop, progress } = start();
    loop.onMessage({ type: 'seek', step: 5_000_000 });
    await waitFor(() => progress().length >= 2, 30_000, 'a chunk');
    loop.onMessage({ type: 'pause' });
    const last = progress().at(-1)!;
    expect(last.finished).toBe(true);
    expect(last.done).toBeLessThan(5_000_000);
    const at = loop.state.run!.step;
    await new Promise((r) => setTimeout(r, 100));
    expect(loop.state.run!.step).toBe(at);
    expect(loop.state.replay).toBeNull();
    loop.stop();
  });
});
