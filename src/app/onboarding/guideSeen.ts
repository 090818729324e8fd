/**
 * Whether this browser has already been shown the first-visit guide, remembered in localStorage.
 * Storage can be missing or throw (disabled cookies, sandboxed frames, a full quota): then the guide
 * counts as not seen, so a newcomer still gets it, and nothing throws.
 */

export const GUIDE_SEEN_KEY = 'backprop-lab:guide-seen';

/** The page's localStorage, or null when reading it throws or it does not exist. */
export function defaultGuideStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

export function hasSeenGuide(storage: Storage | null = defaultGuideStorage()): boolean {
  try {
    return storage?.getItem(GUIDE_SEEN_KEY) === '1';
  } catch {
    return false;
  }
}

export function markGuideSeen(storage: Storage | null = defaultGuideStorage()): void {
  try {
    storage?.setItem(GUIDE_SEEN_KEY, '1');
  } catch {
    // Not remembered: the guide shows again next visit, which is the safe way to be wrong.
  }
}
