/**
 * The latest frame as React state, for views whose content is React-rendered tables and text (the
 * inspector, the checks). Hot data bypasses React renders (STYLE.md): while the run plays, frames
 * arrive up to 60 times a second, so this re-renders at most every `intervalMs` (with a trailing
 * update, so the last frame is never missed); when paused, every frame shows at once (they are the
 * user's own steps).
 */
import { useEffect, useState } from 'react';
import type { StoreApi } from 'zustand';
import type { AppState } from '../../store/types';
import type { Frame } from '../../worker/protocol';
import { subscribeThrottled } from '../shared/throttle';

export function useThrottledFrame(store: StoreApi<AppState>, intervalMs = 250): Frame | null {
  const [frame, setFrame] = useState<Frame | null>(() => store.getState().frame);
  useEffect(
    () =>
      subscribeThrottled(store, intervalMs, {
        changed: (state, prev) => state.frame !== prev.frame,
        urgent: (state) => !state.playing,
        flush: () => setFrame(store.getState().frame),
      }),
    [store, intervalMs],
  );
  return frame;
}
