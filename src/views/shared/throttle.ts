/**
 * One throttle for store subscriptions that feed React state: hot data bypasses React renders
 * (STYLE.md), so a view that shows it as React text re-renders at most every `intervalMs`.
 */
import type { StoreApi } from 'zustand';
import type { AppState } from '../../store/types';

export interface ThrottledSubscription {
  /** Whether this change matters to the subscriber at all. */
  changed(state: AppState, prev: AppState): boolean;
  /** Whether it must show at once (the user's own step, a pause), not at the end of the interval. */
  urgent(state: AppState, prev: AppState): boolean;
  /** Reads the store and shows it (called once at the start too). */
  flush(): void;
}

/**
 * Calls `flush` now and then for the changes `changed` picks: at once when `urgent` says so or the
 * interval since the last flush has passed, else once at the interval's end (a trailing call, so the
 * last change is never missed). Returns the unsubscribe, which also cancels a pending call.
 */
export function subscribeThrottled(
  store: StoreApi<AppState>,
  intervalMs: number,
  { changed, urgent, flush }: ThrottledSubscription,
): () => void {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const run = (): void => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    last = Date.now();
    flush();
  };
  run();
  const unsubscribe = store.subscribe((state, prev) => {
    if (!changed(state, prev)) return;
    const wait = last + intervalMs - Date.now();
    if (urgent(state, prev) || wait <= 0) run();
    else if (timer === null) timer = setTimeout(run, wait);
  });
  return () => {
    unsubscribe();
    if (timer !== null) clearTimeout(timer);
  };
}
