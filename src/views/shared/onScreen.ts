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
export function watchOnScreen(el: Element | null, onChange: (onScreen: boolean) => void): () => void {
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
