import { describe, expect, it } from 'vitest';
import { CALLOUT_GAP_PX, placeCallout } from '../../src/app/onboarding/placeCallout';

const viewport = { width: 1000, height: 800 };
const size = { width: 300, height: 120 };
const gap = CALLOUT_GAP_PX;

describe('placeCallout', () => {
  it('goes below the anchor, centred on it, when there is room', () => {
    const p = placeCallout({ left: 400, top: 100, width: 200, height: 50 }, size, viewport);
    expect(p).toEqual({ side: 'below', left: 350, top: 150 + gap });
  });

  it('goes above an anchor near the bottom of the viewport', () => {
    const p = placeCallout({ left: 400, top: 700, width: 200, height: 50 }, size, viewport);
    expect(p).toEqual({ side: 'above', left: 350, top: 700 - gap - 120 });
  });

  it('goes beside an anchor as tall as the viewport: right if it fits, else left', () => {
    const tall = { left: 100, top: 0, width: 200, height: 800 };
    expect(placeCallout(tall, size, viewport).side).toBe('right');
    const tallAtRight = { left: 650, top: 0, width: 340, height: 800 };
    const p = placeCallout(tallAtRight, size, viewport);
    expect(p.side).toBe('left');
    expect(p.left).toBe(650 - gap - 300);
  });

  it('always lies inside the viewport with a margin, even for an anchor partly off-screen', () => {
    for (const anchor of [
      { left: -150, top: 20, width: 200, height: 40 },
      { left: 950, top: 20, width: 200, height: 40 },
      { left: 100, top: -500, width: 100, height: 100 },
      { left: 0, top: 0, width: 1000, height: 800 },
    ]) {
      const p = placeCallout(anchor, size, viewport);
      expect(p.left).toBeGreaterThanOrEqual(gap);
      expect(p.left + size.width).toBeLessThanOrEqual(viewport.width - gap);
      expect(p.top).toBeGreaterThanOrEqual(gap);
      expect(p.top + size.height).toBeLessThanOrEqual(viewport.height - gap);
    }
  });

  it('a callout wider than the viewport starts at the margin rather than off the left edge', () => {
    const p = placeCallout(
      { left: 10, top: 10, width: 20, height: 20 },
      { width: 500, height: 100 },
      {
        width: 320,
        height: 600,
      },
    );
    expect(p.left).toBe(gap);
  });
});
