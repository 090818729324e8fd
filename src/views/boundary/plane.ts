/**
 * The input plane as the decision boundary draws it: the plot's size and margins in SVG units, and
 * planeScale, the one mapping between plane coordinates and pixels (+x2 up) that the axes, the
 * points, and the click-to-edit hit test all use.
 */
import { scaleLinear } from 'd3';
import type { ScaleLinear } from 'd3';
import { PLANE_HALF_WIDTH } from '../../model/plane';

/** Plot side in SVG units; the whole figure scales by CSS. */
export const PLOT = 300;
/** Room around the plot for the axis labels, in SVG units. */
export const MARGIN = { top: 6, right: 8, bottom: 22, left: 26 } as const;
export const VIEW_W = MARGIN.left + PLOT + MARGIN.right;
export const VIEW_H = MARGIN.top + PLOT + MARGIN.bottom;

export type Axis = 'x' | 'y';

/**
 * Plane coordinate → pixel along one axis of a sizePx box: x maps [−domain, domain] to [0, sizePx];
 * y to [sizePx, 0] (+x2 up). Its `invert` maps pixels back to the plane.
 */
export function planeScale(
  sizePx: number,
  axis: Axis,
  domain: number = PLANE_HALF_WIDTH,
): ScaleLinear<number, number> {
  const s = Math.max(0, sizePx);
  return scaleLinear()
    .domain([-domain, domain])
    .range(axis === 'x' ? [0, s] : [s, 0]);
}

export interface PlaneTick {
  value: number;
  px: number;
  label: string;
}

/** Ticks for one axis of the plane (about `count` of them, at round values, 0 included). */
export function planeTicks(
  sizePx: number,
  axis: Axis,
  count = 5,
  domain: number = PLANE_HALF_WIDTH,
): PlaneTick[] {
  const scale = planeScale(sizePx, axis, domain);
  const format = scale.tickFormat(count);
  return scale.ticks(count).map((value) => ({ value, px: scale(value), label: format(value) }));
}

/** Rounds to 0.01: plot units in the SVG, and plane coordinates of clicked points. */
export function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

export interface PlanePoint {
  x1: number;
  x2: number;
}

/**
 * The plane point under a client position (a mouse event's clientX/Y) over an element whose box
 * shows the whole plane, rounded to 0.01; null for an empty box or a position off the plane.
 */
export function clientToPlane(
  clientX: number,
  clientY: number,
  rect: Pick<DOMRect, 'left' | 'top' | 'width' | 'height'>,
  domain: number = PLANE_HALF_WIDTH,
): PlanePoint | null {
  if (!(rect.width > 0 && rect.height > 0)) return null;
  const x1 = planeScale(rect.width, 'x', domain).invert(clientX - rect.left);
  const x2 = planeScale(rect.height, 'y', domain).invert(clientY - rect.top);
  if (!(x1 >= -domain && x1 <= domain && x2 >= -domain && x2 <= domain)) return null;
  return { x1: round2(x1), x2: round2(x2) };
}
