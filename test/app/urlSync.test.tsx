import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { formatHash, parseHash } from '../../src/app/urlState';
import { applyUrlState, hashOf, positionOf, shareUrlOf, startUrlSync } from '../../src/app/useUrlSync';
import { DEFAULT_CONFIG } from '../../src/model/config';
import { createRealStore } from '../helpers/realStore';
import { phaseIndex } from '../../src/model/phase';

function setHash(hash: string): void {
  window.history.replaceState(null, '', hash || window.location.pathname);
}

beforeEach(() => {
  setHash('');
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('phaseIndex / positionOf', () => {
  test('counts step-layer presses from ready: forward 1 … L, loss, backward L … 1, update', () => {
    const L = 3;
    expect(phaseIndex({ kind: 'ready' }, L)).toBe(0);
    expect(phaseIndex({ kind: 'forward', layer: 0 }, L)).toBe(1);
    expect(phaseIndex({ kind: 'forward', layer: 2 }, L)).toBe(3);
    expect(phaseIndex({ kind: 'loss' }, L)).toBe(4);
    expect(phaseIndex({ kind: 'backward', layer: 2 }, L)).toBe(5);
    expect(phaseIndex({ kind: 'backward', layer: 0 }, L)).toBe(7);
    expect(phaseIndex({ kind: 'update' }, L)).toBe(8);
  });

  test('in the update phase the link names the step before the one just counted', () => {
    expect(positionOf({ step: 13, phase: { kind: 'update' } })).toEqual({
      step: 12,
      phase: { kind: 'update' },
    });
    expect(positionOf({ step: 12, phase: { kind: 'backward', layer: 1 } })).toEqual({
      step: 12,
      phase: { kind: 'backward', layer: 1 },
    });
  });
});

describe('applyUrlState', () => {
  test('applies config, notices, hidden controls and seeks to the position phase by phase', () => {
    const { store, port } = createRealStore();
    const url = parseHash(
      '#dataset=xor&hiddenLayers=4,3&learningRate=abc&learningRate_hide=true&step=5&phase=backward-2',
    );
    applyUrlState(store, url);
    const s = store.getState();
    expect(s.config.dataset).toBe('xor');
    expect(s.config.hiddenLayers).toEqual([4, 3]);
    expect(s.config.learningRate).toBe(DEFAULT_CONFIG.learningRate);
    expect(s.notices.some((n) => n.startsWith('Learning rate'))).toBe(true);
    expect(s.ui.hiddenControls).toEqual(['learningRate']);
    // 3 weight layers: forward 1, 2, 3, loss, backward 3, backward 2 → 6 presses after the seek.
    const types = port.types();
    expect(types.filter((t) => t === 'seek')).toHaveLength(1);
    expect(port.sent.find((m) => m.type === 'seek')).toEqual({ type: 'seek', step: 5 });
    const afterSeek = types.slice(types.indexOf('seek') + 1);
    expect(afterSeek.filter((t) => t === 'step-layer')).toHaveLength(6);
  });

  test('a malformed hash still opens the app with defaults and visible notices', () => {
    const { store, port } = createRealStore();
    applyUrlState(store, parseHash('#%E0%A4%A&dataset=nope&noise=1e99&step=-4'));
    const s = store.getState();
    expect(s.config.dataset).toBe(DEFAULT_CONFIG.dataset);
    expect(s.config.noise).toBe(50);
    expect(s.notices.length).toBeGreaterThanOrEqual(3);
    expect(port.types()).not.toContain('seek');
    expect(port.types()).not.toContain('step-layer');
  });
});

describe('startUrlSync', () => {
  test('the view toggles reach the hash, and a Playground link sets them', () => {
    vi.useFakeTimers();
    const { store } = createRealStore();
    const stop = startUrlSync(store, window, { debounceMs: 50 });
    store.getState().setUi({ discretize: true });
    vi.advanceTimersByTime(100);
    expect(window.location.hash).toContain('discretize=true');
    expect(window.location.hash).not.toContain('showTestData');
    stop();

    const other = createRealStore().store;
    applyUrlState(other, parseHash('#networkShape=2&showTestData=true&discretize=false&dataset=xor'));
    const s = other.getState();
    expect(s.ui.showTestPoints).toBe(true);
    expect(s.ui.discretize).toBe(false);
    expect(s.config.dataset).toBe('xor');
    expect(s.config.output).toBe('tanh-mse');
    expect(s.notices.join(' ')).toMatch(/TensorFlow Playground link/);
  });

  test('a config change reaches the hash once, debounced, with replaceState (no reload, no history entry)', () => {
    vi.useFakeTimers();
    const { store } = createRealStore();
    const replace = vi.spyOn(window.history, 'replaceState');
    const push = vi.spyOn(window.history, 'pushState');
    const onHashChange = vi.fn();
    window.addEventListener('hashchange', onHashChange);
    const stop = startUrlSync(store, window, { debounceMs: 200 });

    store.getState().setTraining({ learningRate: 0.1 });
    store.getState().setTraining({ learningRate: 0.3 });
    expect(replace).not.toHaveBeenCalled();
    vi.advanceTimersByTime(250);
    expect(replace).toHaveBeenCalledTimes(1);
    expect(window.location.hash).toBe(formatHash({ ...DEFAULT_CONFIG, learningRate: 0.3 }));
    expect(parseHash(window.location.hash).config.learningRate).toBe(0.3);
    expect(push).not.toHaveBeenCalled();

    // Nothing changed since: no further writes.
    store.getState().setUi({ selectedExample: 3 });
    vi.advanceTimersByTime(1000);
    expect(replace).toHaveBeenCalledTimes(1);
    stop();
    window.removeEventListener('hashchange', onHashChange);
    expect(onHashChange).not.toHaveBeenCalled();
  });

  test('the user editing the hash re-applies it, and the canonical hash is written back once', () => {
    vi.useFakeTimers();
    const { store, port } = createRealStore();
    const stop = startUrlSync(store, window, { debounceMs: 100 });
    setHash('#activation=relu&seed=9&bogus=1');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    const s = store.getState();
    expect(s.config.activation).toBe('relu');
    expect(s.config.seed).toBe(9);
    expect(s.notices.join(' ')).toContain('bogus');
    expect(port.sent.at(-1)).toMatchObject({ type: 'restart', config: { activation: 'relu', seed: 9 } });

    const replace = vi.spyOn(window.history, 'replaceState');
    vi.advanceTimersByTime(500);
    // The store now matches the hash: nothing to write, so no loop.
    expect(replace).not.toHaveBeenCalled();
    store.getState().setConfig({ activation: 'tanh' });
    vi.advanceTimersByTime(500);
    expect(replace).toHaveBeenCalledTimes(1);
    expect(parseHash(window.location.hash).config).toMatchObject({ activation: 'tanh', seed: 9 });
    stop();
  });

  test('a link position stays in the address until a setting changes', () => {
    vi.useFakeTimers();
    const { store } = createRealStore();
    setHash('#dataset=xor&seed=1&step=4');
    applyUrlState(store, parseHash(window.location.hash));
    const stop = startUrlSync(store, window, { debounceMs: 50 });
    store.setState({ step: 4, config: { ...store.getState().config } }); // e.g. the worker echoing the config
    vi.advanceTimersByTime(100);
    expect(window.location.hash).toContain('step=4');
    store.getState().setTraining({ learningRate: 0.5 });
    vi.advanceTimersByTime(100);
    expect(window.location.hash).not.toContain('step=');
    expect(window.location.hash).toBe(hashOf(store.getState()));
    stop();
  });

  test('stop() flushes a pending change and stops listening', () => {
    vi.useFakeTimers();
    const { store } = createRealStore();
    const stop = startUrlSync(store, window, { debounceMs: 1000 });
    store.getState().setConfig({ noise: 20 });
    stop();
    expect(parseHash(window.location.hash).config.noise).toBe(20);
    setHash('#noise=5');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(store.getState().config.noise).toBe(20);
  });
});

describe('shareUrlOf', () => {
  test('links the settings, hidden controls and the playback position', () => {
    const { store } = createRealStore();
    store.getState().setConfig({ dataset: 'spiral', learningRate: 0.1 });
    store.getState().setUi({ hiddenControls: ['noise'] });
    store.setState({ step: 120, phase: { kind: 'backward', layer: 1 } });
    const url = shareUrlOf(store.getState(), 'http://localhost/app/#old=1');
    expect(url.startsWith('http://localhost/app/#')).toBe(true);
    const parsed = parseHash(url.slice(url.indexOf('#')));
    expect(parsed.notices).toEqual([]);
    expect(parsed.config).toEqual(store.getState().config);
    expect(parsed.hidden).toEqual(['noise']);
    expect(parsed.position).toEqual({ step: 120, phase: { kind: 'backward', layer: 1 } });
  });

  test('at step 0, ready, the link has no position', () => {
    const { store } = createRealStore();
    const url = shareUrlOf(store.getState(), 'http://localhost/');
    expect(url).not.toContain('step=');
    expect(parseHash(url.slice(url.indexOf('#'))).config).toEqual(DEFAULT_CONFIG);
  });
});

describe('the speed in links', () => {
  test('a link with speed=max sets the speed; one without keeps the current speed', () => {
    const { store } = createRealStore();
    applyUrlState(store, parseHash('#speed=max'));
    expect(store.getState().speed).toBe('max');
    applyUrlState(store, parseHash('#learningRate=0.1'));
    expect(store.getState().speed).toBe('max');
  });

  test('the mirrored hash and the share link carry a non-default speed, and not the default one', () => {
    const { store } = createRealStore();
    expect(hashOf(store.getState())).not.toContain('speed');
    store.getState().setSpeed(10);
    expect(hashOf(store.getState())).toContain('speed=10');
    expect(shareUrlOf(store.getState(), 'http://localhost/')).toContain('speed=10');
  });
});
