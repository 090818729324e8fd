/**
 * Drawing your own dataset on the plane, as pure edits: each returns the next dataset or the reason
 * it cannot (shown to the learner). Datasets are immutable here: every edit copies.
 */
import type { Dataset } from '../../engine';
import { parseDecimal } from '../../model/format';
import type { FrameDataset } from '../../worker/protocol';
import { PLANE_HALF_WIDTH, planeHalfWidthOf } from '../../model/plane';
import { round2 } from './plane';

/** An erase click removes the nearest point within this share of the plane's half-width (1 on [−6, 6]). */
export const ERASE_RADIUS_SHARE = 1 / 6;
/** Training needs a train and a test part. */
export const MIN_POINTS = 2;
export const MAX_DRAWN_POINTS = 10_000;

/** An edit's outcome: the next dataset, or why there is none. */
export type Edit = { data: Dataset } | { error: string };

export function emptyDataset(classes: number): Dataset {
  return { points: new Float64Array(0), labels: new Float64Array(0), count: 0, classes };
}

/** Both parts of the run's data as one editable Dataset, train points first. */
export function toDataset(ds: FrameDataset): Dataset {
  const count = ds.train.count + ds.test.count;
  const points = new Float64Array(count * 2);
  const labels = new Float64Array(count);
  points.set(ds.train.points.subarray(0, ds.train.count * 2), 0);
  points.set(ds.test.points.subarray(0, ds.test.count * 2), ds.train.count * 2);
  labels.set(ds.train.labels.subarray(0, ds.train.count), 0);
  labels.set(ds.test.labels.subarray(0, ds.test.count), ds.train.count);
  return { points, labels, count, classes: ds.classes, planeHalfWidth: ds.planeHalfWidth };
}

/**
 * `data` with (x1, x2) appended, labelled as `label` says (newPointLabel's reading of the controls),
 * unless it already holds MAX_DRAWN_POINTS or the label is not valid.
 */
export function addPoint(
  data: Dataset,
  x1: number,
  x2: number,
  label: { label: number } | { error: string },
): Edit {
  if (data.count >= MAX_DRAWN_POINTS) return { error: `At most ${MAX_DRAWN_POINTS} points.` };
  if ('error' in label) return label;
  const count = data.count + 1;
  const points = new Float64Array(count * 2);
  const labels = new Float64Array(count);
  points.set(data.points.subarray(0, data.count * 2));
  labels.set(data.labels.subarray(0, data.count));
  points[count * 2 - 2] = x1;
  points[count * 2 - 1] = x2;
  labels[count - 1] = label.label;
  return { data: { ...data, points, labels, count } };
}

/** The index of the point nearest to (x1, x2) within `radius`, or −1. */
export function nearestPoint(data: Dataset, x1: number, x2: number, radius: number): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i < data.count; i++) {
    const dx = data.points[2 * i] - x1;
    const dy = data.points[2 * i + 1] - x2;
    const d = dx * dx + dy * dy;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

/** `data` without its point nearest to (x1, x2), if one lies within `radius`. */
export function erasePoint(
  data: Dataset,
  x1: number,
  x2: number,
  radius = ERASE_RADIUS_SHARE * planeHalfWidthOf(data),
): Edit {
  const index = nearestPoint(data, x1, x2, radius);
  if (index < 0) return { error: 'No point near there to erase.' };
  const count = data.count - 1;
  const points = new Float64Array(count * 2);
  const labels = new Float64Array(count);
  points.set(data.points.subarray(0, index * 2));
  points.set(data.points.subarray(index * 2 + 2, data.count * 2), index * 2);
  labels.set(data.labels.subarray(0, index));
  labels.set(data.labels.subarray(index + 1, data.count), index);
  return { data: { ...data, points, labels, count } };
}

/** Why a dataset is too small to train on, or null when it is big enough. */
export function tooFewPoints(data: Dataset): string | null {
  return data.count >= MIN_POINTS ? null : `Add at least ${MIN_POINTS} points to train on them.`;
}

/** A number as the messages show it: to 0.01, with a typographic minus. */
function shown(v: number): string {
  return String(round2(v)).replace('-', '−');
}

/**
 * The label of a new point: with classes, the chosen class (1-based in the UI) clamped to the
 * dataset's; for regression (classes 0), the typed value, which must lie in −1 … 1.
 */
export function newPointLabel(
  classes: number,
  chosenClass: number,
  valueText: string,
): { label: number } | { error: string } {
  if (classes !== 0) return { label: Math.min(Math.max(0, chosenClass - 1), Math.max(1, classes - 1)) };
  const v = parseDecimal(valueText);
  if (v === null) return { error: `Value: “${valueText}” is not a number.` };
  if (v < -1 || v > 1) return { error: `Value: ${shown(v)} is outside −1 … 1.` };
  return { label: v };
}

/** The point typed into the keyboard form: two numbers on the plane. */
export function typedPoint(
  x1Text: string,
  x2Text: string,
  domain: number = PLANE_HALF_WIDTH,
): { x1: number; x2: number } | { error: string } {
  const x1 = parseDecimal(x1Text);
  const x2 = parseDecimal(x2Text);
  if (x1 === null || x2 === null) return { error: 'x₁ and x₂ must be numbers.' };
  if (Math.abs(x1) > domain || Math.abs(x2) > domain)
    return { error: `x₁ and x₂ must lie in −${domain} … ${domain}.` };
  return { x1, x2 };
}
