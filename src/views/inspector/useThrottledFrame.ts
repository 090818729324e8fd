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

export function useThrottledFrame(store: StoreApi<AppState>, intervalMs = 250): Frame | null {
  const [frame, setFrame] = useState<Frame | null>(() => store.getState().frame);
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const push = (): void => {
      timer = null;
      last = Date.now();
      setFrame(store.getState().frame);
    };
    const unsubscribe = store.subscribe((state, prev) => {
      if (state.frame === prev.frame) return;
      if (!state.playing) {
        if (timer !== null) clearTimeout(timer);
        push();
        return;
      }
      if (timer !== null) return;
      timer = setTimeout(push, Math.max(0, last + intervalMs - Date.now()));
    });
    push();
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [store, intervalMs]);
  return frame;
}
