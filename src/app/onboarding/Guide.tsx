/**
 * The guide: a few callouts, one at a time, each beside the real view it explains (guideSteps.ts),
 * with a ring around that view. Not modal: the page stays usable underneath (pressing → while the
 * guide points at "Step layer" steps the network). Escape, the close button or "Done" end it;
 * "Back" / "Next" move between callouts.
 *
 * The anchor is measured after layout and re-measured every animation frame while the guide is open,
 * since the views lay themselves out after the page loads and the page scrolls; the callout is only
 * re-rendered when its place actually changes.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useReducedMotion } from '../../views/shared/useTheme';
import { findAnchor, GUIDE_STEPS, type GuideStep } from './guideSteps';
import { CALLOUT_GAP_PX, placeCallout, type Box, type CalloutPlacement } from './placeCallout';

export interface GuideProps {
  /** `hadFocus`: focus was in the guide, so the caller should put it somewhere sensible. */
  onClose(hadFocus: boolean): void;
  /** Move focus into the guide on opening (when the user asked for it, not on page load). */
  takeFocus: boolean;
  steps?: readonly GuideStep[];
  /**
   * Asked to show a callout's region when it is not on screen (on a phone, a view on another tab);
   * the callout follows once it is laid out.
   */
  revealRegion?(region: string): void;
}

interface Measured {
  /** The anchor's box; null when the view is not on the page (the callout then sits top centre). */
  anchor: Box | null;
  placement: CalloutPlacement;
}

function sameBox(a: Box | null, b: Box | null): boolean {
  if (a === null || b === null) return a === b;
  return a.left === b.left && a.top === b.top && a.width === b.width && a.height === b.height;
}

function sameMeasure(a: Measured | null, b: Measured | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    sameBox(a.anchor, b.anchor) &&
    a.placement.left === b.placement.left &&
    a.placement.top === b.placement.top &&
    a.placement.side === b.placement.side
  );
}

/** Whether the element can be seen: not inside a hidden element (a phone tab not selected). */
function isRendered(el: Element): boolean {
  return el.closest('[hidden]') === null;
}

export function Guide({ onClose, takeFocus, steps = GUIDE_STEPS, revealRegion }: GuideProps) {
  const [index, setIndex] = useState(0);
  const [measured, setMeasured] = useState<Measured | null>(null);
  const calloutRef = useRef<HTMLDivElement>(null);
  const primaryRef = useRef<HTMLButtonElement>(null);
  const reducedMotion = useReducedMotion();
  const titleId = useId();
  const textId = useId();
  const step = steps[index];
  const last = index === steps.length - 1;

  // Show the anchor's view when it is hidden (a phone tab); the measuring below then finds it.
  useLayoutEffect(() => {
    const anchor = findAnchor(step);
    if (anchor && !isRendered(anchor)) revealRegion?.(step.region);
  }, [step, revealRegion]);

  // Measure after layout, then follow the anchor as the page lays out and scrolls. The first time
  // the anchor is laid out for this callout, it is scrolled into view if it is not.
  useLayoutEffect(() => {
    let frame = 0;
    let scrolled = false;
    const measure = (): void => {
      const found = findAnchor(step);
      const anchorEl = found && isRendered(found) ? found : null;
      if (anchorEl && !scrolled) {
        scrolled = true;
        const box = anchorEl.getBoundingClientRect();
        if ((box.top < 0 || box.bottom > window.innerHeight) && typeof anchorEl.scrollIntoView === 'function')
          anchorEl.scrollIntoView({ block: 'center', behavior: reducedMotion ? 'auto' : 'smooth' });
      }
      const callout = calloutRef.current;
      if (callout) {
        const size = { width: callout.offsetWidth, height: callout.offsetHeight };
        const viewport = { width: document.documentElement.clientWidth, height: window.innerHeight };
        let next: Measured;
        if (anchorEl) {
          const r = anchorEl.getBoundingClientRect();
          const anchor = { left: r.left, top: r.top, width: r.width, height: r.height };
          next = { anchor, placement: placeCallout(anchor, size, viewport) };
        } else {
          const left = Math.max(CALLOUT_GAP_PX, (viewport.width - size.width) / 2);
          next = { anchor: null, placement: { left, top: CALLOUT_GAP_PX, side: 'below' } };
        }
        setMeasured((prev) => (sameMeasure(prev, next) ? prev : next));
      }
      if (typeof requestAnimationFrame === 'function') frame = requestAnimationFrame(measure);
    };
    measure();
    return () => {
      if (typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame);
    };
  }, [step, reducedMotion]);

  // Once placed: an element under `visibility: hidden` (not yet measured) cannot take focus.
  const placed = measured !== null;
  useEffect(() => {
    if (takeFocus && placed) primaryRef.current?.focus({ preventScroll: true });
  }, [takeFocus, placed]);

  const close = (): void => {
    onClose(calloutRef.current?.contains(document.activeElement) === true);
  };

  // Escape closes the guide from anywhere on the page, unless something else used the key.
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      onClose(calloutRef.current?.contains(document.activeElement) === true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);

  const next = (): void => {
    if (last) close();
    else setIndex(index + 1);
  };

  const placement = measured?.placement;
  return (
    <>
      {measured?.anchor && (
        <div
          className="guide-ring"
          aria-hidden="true"
          style={{
            left: measured.anchor.left - 4,
            top: measured.anchor.top - 4,
            width: measured.anchor.width + 8,
            height: measured.anchor.height + 8,
          }}
        />
      )}
      <div
        ref={calloutRef}
        className="guide-callout"
        role="dialog"
        aria-modal="false"
        aria-labelledby={titleId}
        aria-describedby={textId}
        data-side={placement?.side ?? 'below'}
        data-step={step.id}
        // Until measured, it is laid out (so it has a size) but not seen.
        style={placement ? { left: placement.left, top: placement.top } : { visibility: 'hidden' }}
      >
        <div className="guide-head">
          <h2 id={titleId}>{step.title}</h2>
          <button type="button" className="guide-close" aria-label="Close the guide" onClick={close}>
            ×
          </button>
        </div>
        <p id={textId}>{step.text}</p>
        <div className="guide-foot">
          <span className="guide-count">
            {index + 1} of {steps.length}
          </span>
          {index > 0 && (
            <button type="button" onClick={() => setIndex(index - 1)}>
              Back
            </button>
          )}
          <button type="button" className="guide-primary" ref={primaryRef} onClick={next}>
            {last ? 'Done' : 'Next'}
          </button>
        </div>
      </div>
    </>
  );
}
