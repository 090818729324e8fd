/**
 * Where a callout goes, given its anchor's box and its own size: below the anchor if it fits, else
 * above, else to the right, else to the left; then moved (never resized) to lie inside the viewport
 * with a margin. Pure, so the placement rules are unit-tested without a layout engine.
 */

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type CalloutSide = 'below' | 'above' | 'right' | 'left';

export interface CalloutPlacement {
  left: number;
  top: number;
  side: CalloutSide;
}

/** Space kept between the callout and the anchor, and between the callout and the viewport edge. */
export const CALLOUT_GAP_PX = 10;

function clamp(value: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(value, Math.max(lo, hi)));
}

export function placeCallout(
  anchor: Box,
  size: { width: number; height: number },
  viewport: { width: number; height: number },
  gap: number = CALLOUT_GAP_PX,
): CalloutPlacement {
  const right = anchor.left + anchor.width;
  const bottom = anchor.top + anchor.height;
  const fitsBelow = bottom + gap + size.height <= viewport.height - gap;
  const fitsAbove = anchor.top - gap - size.height >= gap;
  const fitsRight = right + gap + size.width <= viewport.width - gap;
  const fitsLeft = anchor.left - gap - size.width >= gap;

  let side: CalloutSide;
  let left: number;
  let top: number;
  if (fitsBelow || (!fitsAbove && !fitsRight && !fitsLeft)) {
    side = 'below';
    left = anchor.left + anchor.width / 2 - size.width / 2;
    top = bottom + gap;
  } else if (fitsAbove) {
    side = 'above';
    left = anchor.left + anchor.width / 2 - size.width / 2;
    top = anchor.top - gap - size.height;
  } else if (fitsRight) {
    side = 'right';
    left = right + gap;
    top = anchor.top + anchor.height / 2 - size.height / 2;
  } else {
    side = 'left';
    left = anchor.left - gap - size.width;
    top = anchor.top + anchor.height / 2 - size.height / 2;
  }
  return {
    side,
    left: clamp(left, gap, viewport.width - gap - size.width),
    top: clamp(top, gap, viewport.height - gap - size.height),
  };
}
