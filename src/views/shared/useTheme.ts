/**
 * The colour theme the painters use, following `prefers-color-scheme` live (the CSS follows the same
 * media query, so canvas pixels and CSS colours agree).
 */
import { useSyncExternalStore } from 'react';
import type { Theme } from './colors';

const DARK_QUERY = '(prefers-color-scheme: dark)';
const REDUCED_MOTION_QUERY = '(prefers-reduced-motion: reduce)';

function mediaQuery(query: string): MediaQueryList | null {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia(query)
    : null;
}

function subscribeTo(query: string) {
  return (onChange: () => void): (() => void) => {
    const mql = mediaQuery(query);
    if (!mql) return () => {};
    if (typeof mql.addEventListener === 'function') {
      mql.addEventListener('change', onChange);
      return () => mql.removeEventListener('change', onChange);
    }
    // Safari < 14.
    mql.addListener(onChange);
    return () => mql.removeListener(onChange);
  };
}

const subscribeDark = subscribeTo(DARK_QUERY);
const subscribeReducedMotion = subscribeTo(REDUCED_MOTION_QUERY);
const getDark = (): boolean => mediaQuery(DARK_QUERY)?.matches === true;
const getReducedMotion = (): boolean => mediaQuery(REDUCED_MOTION_QUERY)?.matches === true;
const getFalse = (): boolean => false;

/** 'dark' when the system asks for a dark scheme, else 'light'. */
export function useTheme(): Theme {
  return useSyncExternalStore(subscribeDark, getDark, getFalse) ? 'dark' : 'light';
}

/** True when the user asked for reduced motion (views then skip transitions and animations). */
export function useReducedMotion(): boolean {
  return useSyncExternalStore(subscribeReducedMotion, getReducedMotion, getFalse);
}
