/**
 * The 2-D datasets: generators in the spirit of TensorFlow Playground's (same shapes, same noise
 * scaling, points in about [-6, 6]²), plus two moons, a k-arm spiral and k Gaussian blobs; a seeded
 * train/test split. The CSV importer is in csv.ts.
 *
 * Labels are class indices (0 … k−1) for classification, where Playground uses ±1: its positive
 * class is class 1 here, its negative class is class 0. Regression targets are values in [-1, 1].
 */
import { shuffleInPlace, type Rng } from './random';

export type DatasetKind =
  'circle' | 'xor' | 'gaussian' | 'spiral' | 'moons' | 'spiral-k' | 'blobs' | 'plane' | 'multi-gaussian';

export type ProblemKind = 'classification' | 'regression';

export interface DatasetInfo {
  readonly kind: DatasetKind;
  /** The name shown in the UI. */
  readonly label: string;
  readonly problem: ProblemKind;
  /** For the k-class sets: the range the UI offers for k, and its default. Absent for the others. */
  readonly classCount?: { readonly min: number; readonly max: number; readonly default: number };
}

export const DATASETS: Readonly<Record<DatasetKind, DatasetInfo>> = {
  circle: { kind: 'circle', label: 'Circle', problem: 'classification' },
  xor: { kind: 'xor', label: 'Exclusive or', problem: 'classification' },
  gaussian: { kind: 'gaussian', label: 'Gaussian', problem: 'classification' },
  spiral: { kind: 'spiral', label: 'Spiral', problem: 'classification' },
  moons: { kind: 'moons', label: 'Moons', problem: 'classification' },
  'spiral-k': {
    kind: 'spiral-k',
    label: 'Spiral (k classes)',
    problem: 'classification',
    classCount: { min: 3, max: 5, default: 3 },
  },
  blobs: {
    kind: 'blobs',
    label: 'Blobs (k classes)',
    problem: 'classification',
    classCount: { min: 3, max: 5, default: 3 },
  },
  plane: { kind: 'plane', label: 'Plane', problem: 'regression' },
  'multi-gaussian': { kind: 'multi-gaussian', label: 'Multi-Gaussian', problem: 'regression' },
};

/** The kinds in the order the UI lists them. */
export const DATASET_KINDS: readonly DatasetKind[] = Object.keys(DATASETS) as DatasetKind[];

export function isDatasetKind(value: unknown): value is DatasetKind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(DATASETS, value);
}

/** Half-width of the input plane: points live in [-DOMAIN, DOMAIN]², as in Playground. */
export const DOMAIN = 6;
export const MAX_POINTS = 10000;
export const MAX_NOISE = 50;
/** Bounds on k that `generateDataset` accepts (the UI offers 3 … 5; 2 is a valid degenerate case). */
export const MIN_CLASSES = 2;
export const MAX_CLASSES = 5;
export const DEFAULT_CLASSES = 3;

export interface Dataset {
  /** N × 2, row-major: (x1, x2) per example, raw coordinates in about [-6, 6]. */
  points: Float64Array;
  /** N: the class index 0 … k−1 for classification, the target in [-1, 1] for regression. */
  labels: Float64Array;
  count: number;
  /** 2 for binary, k for multi-class, 0 for regression. */
  classes: number;
  /**
   * The half-width of the plane the points belong to, when it is not [-6, 6]: a model file's small
   * points get a tighter plane (model/plane.ts), and keep it when they are edited.
   */
  planeHalfWidth?: number;
}

export interface GenerateOptions {
  kind: DatasetKind;
  /** Number of points, an integer in 1 … 10000. */
  count: number;
  /** Noise in percent, 0 … 50, scaled per kind as Playground does (it uses noise / 100). */
  noise: number;
  /** k for 'spiral-k' and 'blobs' (2 … 5, default 3); ignored by the other kinds. */
  classes?: number;
  rng: Rng;
}

/** Uniform in [a, b). */
function uniform(rng: Rng, a: number, b: number): number {
  return a + (b - a) * rng.next();
}

/**
 * Normal(mean, sd) truncated to [-DOMAIN, DOMAIN] by rejection, so Gaussian tails stay on the
 * plane without piling up on its edge. The mean is inside the domain, so at least half the draws
 * are accepted.
 */
function normalInDomain(rng: Rng, mean: number, sd: number): number {
  for (;;) {
    const v = mean + sd * rng.normal();
    if (v >= -DOMAIN && v <= DOMAIN) return v;
  }
}

/** How many of `count` points class `c` of `k` gets: as even as possible, earlier classes first. */
function classSize(count: number, k: number, c: number): number {
  return Math.floor(count / k) + (c < count % k ? 1 : 0);
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

type Generator = (out: Dataset, noise: number, k: number, rng: Rng) => void;

/**
 * Playground's circle: class 1 uniform in radius over [0, 2.5], class 0 over [3.5, 5]. Noise does not
 * move points; it flips labels near the boundary: the label is read at the point plus a uniform
 * offset of up to ±5·noise per axis.
 */
const circle: Generator = (ds, noise, _k, rng) => {
  const radius = 5;
  const inner = ds.count - classSize(ds.count, 2, 0);
  for (let i = 0; i < ds.count; i++) {
    const r = i < inner ? uniform(rng, 0, radius * 0.5) : uniform(rng, radius * 0.7, radius);
    const angle = uniform(rng, 0, 2 * Math.PI);
    const x = r * Math.sin(angle);
    const y = r * Math.cos(angle);
    const nx = x + uniform(rng, -radius, radius) * noise;
    const ny = y + uniform(rng, -radius, radius) * noise;
    ds.points[2 * i] = x;
    ds.points[2 * i + 1] = y;
    ds.labels[i] = Math.hypot(nx, ny) < radius * 0.5 ? 1 : 0;
  }
};

/**
 * Playground's XOR: uniform in [-5, 5]² pushed 0.3 away from the axes; class 1 where x1·x2 ≥ 0 (read
 * at a point offset by up to ±5·noise per axis, so noise flips labels near the axes).
 */
const xor: Generator = (ds, noise, _k, rng) => {
  const padding = 0.3;
  for (let i = 0; i < ds.count; i++) {
    let x = uniform(rng, -5, 5);
    x += x > 0 ? padding : -padding;
    let y = uniform(rng, -5, 5);
    y += y > 0 ? padding : -padding;
    const nx = x + uniform(rng, -5, 5) * noise;
    const ny = y + uniform(rng, -5, 5) * noise;
    ds.points[2 * i] = x;
    ds.points[2 * i + 1] = y;
    ds.labels[i] = nx * ny >= 0 ? 1 : 0;
  }
};

/** Playground's two Gaussians at (2, 2) (class 1) and (−2, −2) (class 0); variance 0.5 → 4 with noise. */
const gaussian: Generator = (ds, noise, _k, rng) => {
  const variance = 0.5 + (noise / 0.5) * 3.5;
  const sd = Math.sqrt(variance);
  const positives = ds.count - classSize(ds.count, 2, 0);
  for (let i = 0; i < ds.count; i++) {
    const label = i < positives ? 1 : 0;
    const c = label === 1 ? 2 : -2;
    ds.points[2 * i] = normalInDomain(rng, c, sd);
    ds.points[2 * i + 1] = normalInDomain(rng, c, sd);
    ds.labels[i] = label;
  }
};

/**
 * k interleaved spiral arms, Playground's shape: along each arm r grows 0 → 5 while the angle turns
 * 1.75 revolutions; arm j is rotated by 2πj/k; noise is a uniform offset of up to ±noise per axis.
 * With k = 2 this is Playground's spiral (arm 0 there is its positive class, class 1 here).
 */
function spiralArms(
  ds: Dataset,
  noise: number,
  k: number,
  rng: Rng,
  labelOfArm: (arm: number) => number,
): void {
  let i = 0;
  for (let arm = 0; arm < k; arm++) {
    const n = classSize(ds.count, k, arm);
    const deltaT = (2 * Math.PI * arm) / k;
    for (let j = 0; j < n; j++, i++) {
      const r = (j / n) * 5;
      const t = ((1.75 * j) / n) * 2 * Math.PI + deltaT;
      ds.points[2 * i] = r * Math.sin(t) + uniform(rng, -1, 1) * noise;
      ds.points[2 * i + 1] = r * Math.cos(t) + uniform(rng, -1, 1) * noise;
      ds.labels[i] = labelOfArm(arm);
    }
  }
}

const spiral: Generator = (ds, noise, _k, rng) => spiralArms(ds, noise, 2, rng, (arm) => 1 - arm);
const spiralK: Generator = (ds, noise, k, rng) => spiralArms(ds, noise, k, rng, (arm) => arm);

/**
 * Two interleaving half circles (scikit-learn's make_moons), centred and scaled ×3 so they span
 * about [-4.5, 4.5] × [-2.25, 2.25]; noise is Gaussian with sd 0 → 0.9 (0.3 in make_moons' units).
 * Class 0 is the upper moon.
 */
const moons: Generator = (ds, noise, _k, rng) => {
  const scale = 3;
  const sd = scale * 0.6 * noise;
  const upper = classSize(ds.count, 2, 0);
  for (let i = 0; i < ds.count; i++) {
    const t = uniform(rng, 0, Math.PI);
    const label = i < upper ? 0 : 1;
    const ux = label === 0 ? Math.cos(t) : 1 - Math.cos(t);
    const uy = label === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    const x = (ux - 0.5) * scale;
    const y = (uy - 0.25) * scale;
    ds.points[2 * i] = sd > 0 ? normalInDomain(rng, x, sd) : x;
    ds.points[2 * i + 1] = sd > 0 ? normalInDomain(rng, y, sd) : y;
    ds.labels[i] = label;
  }
};

/**
 * k Gaussian blobs with centres evenly spaced on a circle of radius 3.5 (class 0 at the top);
 * sd 0.6 → 1.6 with noise, so they overlap at high noise as Playground's Gaussians do.
 */
const blobs: Generator = (ds, noise, k, rng) => {
  const sd = 0.6 + (noise / 0.5) * 1.0;
  let i = 0;
  for (let c = 0; c < k; c++) {
    const angle = Math.PI / 2 + (2 * Math.PI * c) / k;
    const cx = 3.5 * Math.cos(angle);
    const cy = 3.5 * Math.sin(angle);
    const n = classSize(ds.count, k, c);
    for (let j = 0; j < n; j++, i++) {
      ds.points[2 * i] = normalInDomain(rng, cx, sd);
      ds.points[2 * i + 1] = normalInDomain(rng, cy, sd);
      ds.labels[i] = c;
    }
  }
};

/**
 * Playground's plane: uniform on [-6, 6]², target (x1 + x2)/10 read at a point offset by up to ±6·noise
 * per axis. Playground leaves the corners beyond ±1; here the target is clamped to [-1, 1].
 */
const plane: Generator = (ds, noise, _k, rng) => {
  for (let i = 0; i < ds.count; i++) {
    const x = uniform(rng, -DOMAIN, DOMAIN);
    const y = uniform(rng, -DOMAIN, DOMAIN);
    const nx = x + uniform(rng, -DOMAIN, DOMAIN) * noise;
    const ny = y + uniform(rng, -DOMAIN, DOMAIN) * noise;
    ds.points[2 * i] = x;
    ds.points[2 * i + 1] = y;
    ds.labels[i] = clamp((nx + ny) / 10, -1, 1);
  }
};

/** Six bumps of alternating sign, as in Playground: (centre x, centre y, sign). */
const BUMPS: readonly (readonly [number, number, number])[] = [
  [-4, 2.5, 1],
  [0, 2.5, -1],
  [4, 2.5, 1],
  [-4, -2.5, -1],
  [0, -2.5, 1],
  [4, -2.5, -1],
];

/**
 * Playground's multi-Gaussian: each bump is a cone falling from ±1 at its centre to 0 at distance 2;
 * the target is the bump largest in absolute value, read at a point offset by up to ±6·noise.
 */
const multiGaussian: Generator = (ds, noise, _k, rng) => {
  for (let i = 0; i < ds.count; i++) {
    const x = uniform(rng, -DOMAIN, DOMAIN);
    const y = uniform(rng, -DOMAIN, DOMAIN);
    const nx = x + uniform(rng, -DOMAIN, DOMAIN) * noise;
    const ny = y + uniform(rng, -DOMAIN, DOMAIN) * noise;
    let label = 0;
    for (const [cx, cy, sign] of BUMPS) {
      const v = sign * clamp(1 - Math.hypot(nx - cx, ny - cy) / 2, 0, 1);
      if (Math.abs(v) > Math.abs(label)) label = v;
    }
    ds.points[2 * i] = x;
    ds.points[2 * i + 1] = y;
    ds.labels[i] = label;
  }
};

const GENERATORS: Readonly<Record<DatasetKind, Generator>> = {
  circle,
  xor,
  gaussian,
  spiral,
  moons,
  'spiral-k': spiralK,
  blobs,
  plane,
  'multi-gaussian': multiGaussian,
};

function isInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/**
 * Draws a dataset. Points come grouped by class (class 0 first); `splitDataset` and the batcher
 * shuffle. The same Rng state gives the same bytes.
 */
export function generateDataset(options: GenerateOptions): Dataset {
  const { kind, count, noise, rng } = options;
  if (!isDatasetKind(kind)) {
    throw new Error(
      `generateDataset: unknown kind '${String(kind)}'; expected one of ${DATASET_KINDS.join(', ')}`,
    );
  }
  if (!isInteger(count) || count < 1 || count > MAX_POINTS) {
    throw new Error(`generateDataset: count must be an integer in 1 … ${MAX_POINTS}, got ${String(count)}`);
  }
  if (typeof noise !== 'number' || !(noise >= 0 && noise <= MAX_NOISE)) {
    throw new Error(
      `generateDataset: noise must be a number in 0 … ${MAX_NOISE} (percent), got ${String(noise)}`,
    );
  }
  const info = DATASETS[kind];
  let classes: number;
  if (info.problem === 'regression') {
    classes = 0;
  } else if (info.classCount) {
    const k = options.classes ?? DEFAULT_CLASSES;
    if (!isInteger(k) || k < MIN_CLASSES || k > MAX_CLASSES) {
      throw new Error(
        `generateDataset: classes for '${kind}' must be an integer in ${MIN_CLASSES} … ${MAX_CLASSES}, got ${String(k)}`,
      );
    }
    classes = k;
  } else {
    classes = 2;
  }
  const ds: Dataset = {
    points: new Float64Array(2 * count),
    labels: new Float64Array(count),
    count,
    classes,
  };
  GENERATORS[kind](ds, noise / 100, classes, rng);
  return ds;
}

/** The rows `indices` of `ds` as a new dataset. */
function pickRows(ds: Dataset, indices: Uint32Array): Dataset {
  const n = indices.length;
  const points = new Float64Array(2 * n);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = indices[i];
    points[2 * i] = ds.points[2 * r];
    points[2 * i + 1] = ds.points[2 * r + 1];
    labels[i] = ds.labels[r];
  }
  return { points, labels, count: n, classes: ds.classes };
}

/**
 * Shuffles the examples with `rng`, then puts the first round(count · trainFraction) in `train`
 * and the rest in `test`, keeping at least one in each. Needs at least 2 examples.
 */
export function splitDataset(
  ds: Dataset,
  trainFraction: number,
  rng: Rng,
): { train: Dataset; test: Dataset } {
  if (typeof trainFraction !== 'number' || !(trainFraction >= 0.1 && trainFraction <= 0.9)) {
    throw new Error(`splitDataset: trainFraction must be in 0.1 … 0.9, got ${String(trainFraction)}`);
  }
  if (!isInteger(ds.count) || ds.count < 2) {
    throw new Error(
      `splitDataset: the dataset needs at least 2 examples to split, got count ${String(ds.count)}`,
    );
  }
  if (ds.points.length < 2 * ds.count || ds.labels.length < ds.count) {
    throw new Error(
      `splitDataset: dataset arrays are too short for count ${ds.count}: points ${ds.points.length} (need ${2 * ds.count}), labels ${ds.labels.length}`,
    );
  }
  const order = new Uint32Array(ds.count);
  for (let i = 0; i < ds.count; i++) order[i] = i;
  shuffleInPlace(order, rng);
  const nTrain = clamp(Math.round(ds.count * trainFraction), 1, ds.count - 1);
  return { train: pickRows(ds, order.subarray(0, nTrain)), test: pickRows(ds, order.subarray(nTrain)) };
}
