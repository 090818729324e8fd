/**
 * Whether a CSS media query matches, live (re-rendering when it starts or stops matching). False
 * where there is no matchMedia (a test DOM without it).
 */
import { useCallback, useSyncExternalStore } from 'react';

/** The phone layout's breakpoint (App.tsx, the network graph); phone.css uses the same width. */
export const PHONE_QUERY = '(max-width: 699px)';

export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void): (() => void) => {
      if (typeof window.matchMedia !== 'function') return () => {};
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    [query],
  );
  const matches = useCallback(
    (): boolean => typeof window.matchMedia === 'function' && window.matchMedia(query).matches,
    [query],
  );
  return useSyncExternalStore(subscribe, matches, () => false);
}
