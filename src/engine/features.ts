/**
 * What the network sees: the input features X (n × features) computed from the raw points, and the
 * targets Y (n × outputs) in the encoding that matches the output layer and loss.
 */
import type { Dataset } from './datasets';

export type FeatureId = 'x1' | 'x2' | 'x1Squared' | 'x2Squared' | 'x1TimesX2' | 'sinX1' | 'sinX2';

export interface FeatureSpec {
  readonly id: FeatureId;
  /** As shown in the UI. */
  readonly label: string;
  readonly fn: (x1: number, x2: number) => number;
}

/** The features in the order the UI lists them (Playground's, without cos). */
export const FEATURES: readonly FeatureSpec[] = [
  { id: 'x1', label: 'x₁', fn: (x1) => x1 },
  { id: 'x2', label: 'x₂', fn: (_x1, x2) => x2 },
  { id: 'x1Squared', label: 'x₁²', fn: (x1) => x1 * x1 },
  { id: 'x2Squared', label: 'x₂²', fn: (_x1, x2) => x2 * x2 },
  { id: 'x1TimesX2', label: 'x₁x₂', fn: (x1, x2) => x1 * x2 },
  { id: 'sinX1', label: 'sin(x₁)', fn: (x1) => Math.sin(x1) },
  { id: 'sinX2', label: 'sin(x₂)', fn: (_x1, x2) => Math.sin(x2) },
];

export const FEATURE_BY_ID: Readonly<Record<FeatureId, FeatureSpec>> = Object.fromEntries(
  FEATURES.map((f) => [f.id, f]),
) as Record<FeatureId, FeatureSpec>;

export function isFeatureId(value: unknown): value is FeatureId {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(FEATURE_BY_ID, value);
}

/** Throws unless `features` is a non-empty list of distinct known ids. */
export function validateFeatures(features: readonly FeatureId[]): void {
  if (!Array.isArray(features) || features.length === 0) {
    throw new Error('features: at least one input feature is needed, got an empty list');
  }
  const seen = new Set<string>();
  for (const id of features) {
    if (!isFeatureId(id)) {
      throw new Error(
        `features: unknown feature '${String(id)}'; expected one of ${FEATURES.map((f) => f.id).join(', ')}`,
      );
    }
    if (seen.has(id)) throw new Error(`features: '${id}' is listed twice`);
    seen.add(id);
  }
}

/** `out` if it is exactly `length` long, its first `length` entries if longer; throws if shorter. */
function fit(where: string, out: Float64Array | undefined, length: number): Float64Array {
  if (out === undefined) return new Float64Array(length);
  if (out.length < length) {
    throw new Error(`${where}: out has length ${out.length}, needs at least ${length}`);
  }
  return out.length === length ? out : out.subarray(0, length);
}

/**
 * X = [f(x1, x2) for f in features] per point: n × features.length, row-major. `points` is n × 2.
 */
export function buildFeatures(
  points: Float64Array,
  n: number,
  features: readonly FeatureId[],
  out?: Float64Array,
): Float64Array {
  validateFeatures(features);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`buildFeatures: n must be a non-negative integer, got ${String(n)}`);
  if (points.length < 2 * n) {
    throw new Error(`buildFeatures: points has length ${points.length}, needs n × 2 = ${2 * n}`);
  }
  const d = features.length;
  const X = fit('buildFeatures', out, n * d);
  const fns = features.map((id) => FEATURE_BY_ID[id].fn);
  for (let i = 0; i < n; i++) {
    const x1 = points[2 * i];
    const x2 = points[2 * i + 1];
    for (let j = 0; j < d; j++) X[i * d + j] = fns[j](x1, x2);
  }
  return X;
}

/**
 * How the targets Y are written:
 * - 'zero-one': binary, n × 1 of 0 / 1 (sigmoid + bce);
 * - 'plus-minus-one': binary, n × 1 of −1 / +1 (tanh + mse, as Playground);
 * - 'one-hot': k classes, n × k (softmax + cross-entropy);
 * - 'value': regression, n × 1 of the target (linear + mse).
 */
export type TargetEncoding = 'zero-one' | 'plus-minus-one' | 'one-hot' | 'value';

/** The number of output columns `encoding` gives for a dataset with `classes` classes (0 = regression). */
export function targetColumns(classes: number, encoding: TargetEncoding): number {
  return encoding === 'one-hot' ? classes : 1;
}

export function buildTargets(ds: Dataset, encoding: TargetEncoding, out?: Float64Array): Float64Array {
  const { count: n, classes, labels } = ds;
  if (labels.length < n)
    throw new Error(`buildTargets: labels has length ${labels.length}, needs count = ${n}`);
  switch (encoding) {
    case 'zero-one':
    case 'plus-minus-one':
      if (classes !== 2) {
        throw new Error(
          `buildTargets: encoding '${encoding}' needs a binary dataset (classes = 2), got classes = ${classes}`,
        );
      }
      break;
    case 'one-hot':
      if (!(classes >= 2)) {
        throw new Error(
          `buildTargets: encoding 'one-hot' needs a classification dataset (classes ≥ 2), got classes = ${classes}`,
        );
      }
      break;
    case 'value':
      if (classes !== 0) {
        throw new Error(
          `buildTargets: encoding 'value' needs a regression dataset (classes = 0), got classes = ${classes}`,
        );
      }
      break;
    default:
      throw new Error(`buildTargets: unknown encoding '${String(encoding)}'`);
  }
  const cols = targetColumns(classes, encoding);
  const Y = fit('buildTargets', out, n * cols);
  if (encoding === 'value') {
    Y.set(labels.subarray(0, n));
    return Y;
  }
  // Check every label before writing, so a bad one leaves `out` untouched.
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    if (!Number.isInteger(c) || c < 0 || c >= classes) {
      throw new Error(`buildTargets: label ${c} at row ${i} is not a class index in 0 … ${classes - 1}`);
    }
  }
  if (encoding === 'one-hot') Y.fill(0);
  for (let i = 0; i < n; i++) {
    const c = labels[i];
    if (encoding === 'one-hot') Y[i * cols + c] = 1;
    else Y[i] = encoding === 'zero-one' ? c : 2 * c - 1;
  }
  return Y;
}
