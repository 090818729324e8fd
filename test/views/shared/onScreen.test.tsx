/**
 * Views off screen skip their redraws while the run plays and catch up when they are back
 * (onScreen.ts, useFrameSubscription, useThrottledFrame); a paused run's frames always draw.
 */
import { act, render } from '@testing-library/react';
import { useRef } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppState } from '../../../src/store/types';
import { useThrottledFrame } from '../../../src/views/inspector/useThrottledFrame';
import { useFrameSubscription } from '../../../src/views/shared/useFrameSubscription';
import { createRealStore } from '../../helpers/realStore';

/** A stand-in IntersectionObserver whose visibility the test sets. */
class FakeObserver {
  static all: FakeObserver[] = [];
  constructor(private readonly callback: IntersectionObserverCallback) {
    FakeObserver.all.push(this);
  }
  observe(): void {}
  disconnect(): void {
    FakeObserver.all = FakeObserver.all.filter((o) => o !== this);
  }
  report(isIntersecting: boolean): void {
    this.callback([{ isIntersecting } as IntersectionObserverEntry], this as unknown as IntersectionObserver);
  }
}

/** Animation-frame callbacks waiting to run (runFrames runs them). */
let frames: FrameRequestCallback[] = [];
const runFrames = (): void => {
  const due = frames;
  frames = [];
  for (const cb of due) cb(0);
};

/** Reports the visibility to every observer, then runs the animation frames that follow. */
const setOnScreen = (visible: boolean): void =>
  act(() => {
    for (const o of FakeObserver.all) o.report(visible);
    runFrames();
  });

/** Delivers a frame to the store, then runs the animation frames that follow. */
const deliver = (
  real: ReturnType<typeof createRealStore>,
  at: Parameters<ReturnType<typeof createRealStore>['deliver']>[0],
): void =>
  act(() => {
    real.deliver(at);
    runFrames();
  });

beforeEach(() => {
  FakeObserver.all = [];
  vi.stubGlobal('IntersectionObserver', FakeObserver);
  frames = [];
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => frames.push(cb));
});
afterEach(() => vi.unstubAllGlobals());

describe('useFrameSubscription with a target', () => {
  function Drawn({ store, draws }: { store: ReturnType<typeof createRealStore>['store']; draws: number[] }) {
    const ref = useRef<HTMLDivElement>(null);
    useFrameSubscription(
      store,
      (s: AppState) => void draws.push(s.frame?.step ?? -1),
      undefined,
      undefined,
      ref,
    );
    return <div ref={ref} />;
  }

  it('skips playing frames while off screen, draws the latest when back, and always draws paused frames', () => {
    const real = createRealStore();
    const draws: number[] = [];
    render(<Drawn store={real.store} draws={draws} />);
    draws.length = 0;
    deliver(real, { steps: 1, playing: true });
    expect(draws).toEqual([1]);

    setOnScreen(false);
    deliver(real, { steps: 1, playing: true });
    deliver(real, { steps: 1, playing: true });
    expect(draws).toEqual([1]);

    setOnScreen(true);
    expect(draws).toEqual([1, 3]);

    setOnScreen(false);
    deliver(real, { steps: 1, playing: false });
    expect(draws).toEqual([1, 3, 4]);
  });
});

describe('useThrottledFrame with a target', () => {
  function Shown({ store, seen }: { store: ReturnType<typeof createRealStore>['store']; seen: number[] }) {
    const ref = useRef<HTMLDivElement>(null);
    const frame = useThrottledFrame(store, 0, ref);
    seen.push(frame?.step ?? -1);
    return <div ref={ref} />;
  }

  it('holds playing frames while off screen and shows the latest when back', async () => {
    vi.useFakeTimers();
    try {
      const real = createRealStore();
      const seen: number[] = [];
      render(<Shown store={real.store} seen={seen} />);
      setOnScreen(false);
      act(() => void real.deliver({ steps: 2, playing: true }));
      await act(async () => void vi.advanceTimersByTime(50));
      expect(seen.at(-1)).not.toBe(2);

      setOnScreen(true);
      await act(async () => void vi.advanceTimersByTime(50));
      expect(seen.at(-1)).toBe(2);

      setOnScreen(false);
      act(() => void real.deliver({ steps: 1, playing: false }));
      expect(seen.at(-1)).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
