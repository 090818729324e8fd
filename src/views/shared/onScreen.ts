/**
 * Whether a view is on screen, for the views that redraw with every training frame: while the run
 * plays, a view scrolled out of sight (or on a hidden tab) skips its redraws and catches up once it
 * is back. Measured in Chromium without a GPU, the checks below the fold and the inspector cost the
 * page about as much per frame as the views one is looking at.
 */

/** How far outside the viewport a view still counts as on screen, so scrolling finds it drawn. */
const MARGIN = '200px';

/**
 * Calls `onChange` whenever `el` comes on screen or leaves it; returns the function that stops
 * watching. Where IntersectionObserver does not exist (jsdom) nothing is ever reported, so callers
 * start from "on screen".
 */
function watchOnScreen(el: Element | null, onChange: (onScreen: boolean) => void): () => void {
  if (!el || typeof IntersectionObserver !== 'function') return () => {};
  const observer = new IntersectionObserver(
    (entries) => {
      const entry = entries.at(-1);
      if (entry) onChange(entry.isIntersecting);
    },
    { rootMargin: MARGIN },
  );
  observer.observe(el);
  return () => observer.disconnect();
}

/** What `deferWhileOffScreen` gives a view: the check for each change, and the stop. */
export interface OffScreenDeferral {
  /**
   * Whether to hold back this change: the view is off screen and the run plays. A held change is
   * remembered, and `catchUp` runs when the view is back.
   */
  holds(playing: boolean): boolean;
  stop(): void;
}

/**
 * The deferral the redrawing views share (useFrameSubscription, useThrottledFrame): while `el` is
 * off screen, a playing run's changes are held back, and `catchUp` runs once when it comes back if
 * any was. A paused run's changes (the learner's own steps) are never held.
 */
export function deferWhileOffScreen(el: Element | null, catchUp: () => void): OffScreenDeferral {
  let onScreen = true;
  let missed = false;
  const stop = watchOnScreen(el, (visible) => {
    onScreen = visible;
    if (visible && missed) {
      missed = false;
      catchUp();
    }
  });
  return {
    holds(playing) {
      if (onScreen || !playing) return false;
      missed = true;
      return true;
    },
    stop,
  };
}
