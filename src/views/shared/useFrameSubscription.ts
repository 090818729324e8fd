/**
 * Hot data bypasses React renders (STYLE.md): subscribe to the store, mark dirty on every change and
 * draw at most once per animation frame, imperatively, from the latest state. Cleans up on unmount.
 *
 * `draw(state, prev)` gets the state now and the state it drew last time (null on the first draw after
 * mount or after `redrawKey` changed, i.e. "draw everything"), so it can skip unchanged parts.
 * It runs once synchronously when the effect starts (the DOM it writes to is committed by then), and
 * then only from requestAnimationFrame.
 *
 * With a `target`, redraws for frames of a playing run wait while that element is off screen
 * (onScreen.ts) and happen once it is back; a paused run's frames (the learner's own steps) and
 * `drawNow` always draw.
 */
import { useCallback, useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import type { StoreApi } from 'zustand';
import type { AppState } from '../../store/types';
import { deferWhileOffScreen } from './onScreen';

export type DrawFn = (state: AppState, prev: AppState | null) => void;

export interface FrameSubscription {
  /** Coalesced redraw on the next animation frame (e.g. after a hover changed what to show). */
  schedule(): void;
  /** Redraw now, synchronously (for event handlers whose result should show at once). */
  drawNow(): void;
}

const raf: (cb: FrameRequestCallback) => number =
  typeof requestAnimationFrame === 'function'
    ? (cb) => requestAnimationFrame(cb)
    : (cb) => setTimeout(() => cb(Date.now()), 16) as unknown as number;
const cancelRaf: (id: number) => void =
  typeof cancelAnimationFrame === 'function' ? (id) => cancelAnimationFrame(id) : (id) => clearTimeout(id);

/**
 * @param store the app store
 * @param draw imperative painter; the latest closure is always used, so it need not be memoised
 * @param redrawKey when it changes (e.g. the network's structure, the theme), the subscription starts
 *   over and draws everything again (prev = null)
 * @param isRelevant optional filter: changes for which it returns false do not schedule a redraw
 * @param target optional element whose being off screen defers redraws while playing
 */
export function useFrameSubscription(
  store: StoreApi<AppState>,
  draw: DrawFn,
  redrawKey?: unknown,
  isRelevant?: (state: AppState, prev: AppState) => boolean,
  target?: RefObject<Element | null>,
): FrameSubscription {
  const drawRef = useRef(draw);
  const relevantRef = useRef(isRelevant);
  useLayoutEffect(() => {
    drawRef.current = draw;
    relevantRef.current = isRelevant;
  });
  const control = useRef<FrameSubscription>({ schedule: () => {}, drawNow: () => {} });

  useEffect(() => {
    let frameId = 0;
    let last: AppState | null = null;
    let active = true;
    const run = (): void => {
      frameId = 0;
      if (!active) return;
      const state = store.getState();
      drawRef.current(state, last);
      last = state;
    };
    const schedule = (): void => {
      if (active && frameId === 0) frameId = raf(run);
    };
    const drawNow = (): void => {
      if (frameId !== 0) {
        cancelRaf(frameId);
        frameId = 0;
      }
      run();
    };
    control.current = { schedule, drawNow };
    const offScreen = deferWhileOffScreen(target?.current ?? null, schedule);
    const unsubscribe = store.subscribe((state, prev) => {
      const relevant = relevantRef.current;
      if (relevant && !relevant(state, prev)) return;
      if (!offScreen.holds(state.playing)) schedule();
    });
    run();
    return () => {
      active = false;
      unsubscribe();
      offScreen.stop();
      if (frameId !== 0) cancelRaf(frameId);
      frameId = 0;
      control.current = { schedule: () => {}, drawNow: () => {} };
    };
  }, [store, redrawKey, target]);

  const schedule = useCallback(() => control.current.schedule(), []);
  const drawNow = useCallback(() => control.current.drawNow(), []);
  return { schedule, drawNow };
}
