/**
 * The latest frame as React state, for views whose content is React-rendered tables and text (the
 * inspector, the checks). Hot data bypasses React renders (STYLE.md): while the run plays, frames
 * arrive up to 60 times a second, so this re-renders at most every `intervalMs` (with a trailing
 * update, so the last frame is never missed); when paused, every frame shows at once (they are the
 * user's own steps).
 *
 * While playing, the re-render is a transition (React renders it in slices between animation
 * frames instead of one long task), and with a `target` it waits while that element is off screen
 * (onScreen.ts), catching up when it is back.
 */
import { startTransition, useEffect, useState, type RefObject } from 'react';
import type { StoreApi } from 'zustand';
import type { AppState } from '../../store/types';
import type { Frame } from '../../worker/protocol';
import { deferWhileOffScreen } from '../shared/onScreen';
import { subscribeThrottled } from '../shared/throttle';

export function useThrottledFrame(
  store: StoreApi<AppState>,
  intervalMs = 250,
  target?: RefObject<Element | null>,
): Frame | null {
  const [frame, setFrame] = useState<Frame | null>(() => store.getState().frame);
  useEffect(() => {
    const show = (): void => {
      const latest = store.getState().frame;
      if (store.getState().playing) startTransition(() => setFrame(latest));
      else setFrame(latest);
    };
    const offScreen = deferWhileOffScreen(target?.current ?? null, show);
    const unsubscribe = subscribeThrottled(store, intervalMs, {
      changed: (state, prev) => state.frame !== prev.frame && !offScreen.holds(state.playing),
      urgent: (state) => !state.playing,
      flush: show,
    });
    return () => {
      unsubscribe();
      offScreen.stop();
    };
  }, [store, intervalMs, target]);
  return frame;
}
