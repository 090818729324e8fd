import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../../src/engine/random';
import {
  DATASETS,
  DATASET_KINDS,
  generateDataset,
  splitDataset,
  type Dataset,
  type DatasetKind,
} from '../../src/engine/datasets';
import { parseCsvDataset } from '../../src/engine/csv';
import { FEATURES, buildFeatures, buildTargets, targetColumns } from '../../src/engine/features';
import { createBatcher, gatherRows } from '../../src/engine/batcher';

/** Byte-for-byte equality (a plain loop: deep-equal on large typed arrays is slow). */
function sameBytes(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Generous guard for the heavier tests: this suite shares a small machine; speed is benchmarked, not tested. */
const SLOW = { timeout: 60_000 };

function classCounts(ds: Dataset): number[] {
  const counts = new Array<number>(ds.classes).fill(0);
  for (const l of ds.labels) counts[l]++;
  return counts;
}

describe('generateDataset()', () => {
  it('DATASETS lists every kind with its UI label and problem', () => {
    expect(DATASET_KINDS).toEqual([
      'circle',
      'xor',
      'gaussian',
      'spiral',
      'moons',
      'spiral-k',
      'blobs',
      'plane',
      'multi-gaussian',
    ]);
    expect(DATASETS.xor.label).toBe('Exclusive or');
    expect(DATASETS['spiral-k'].label).toBe('Spiral (k classes)');
    expect(DATASETS.plane.problem).toBe('regression');
    expect(DATASETS['multi-gaussian'].problem).toBe('regression');
    expect(DATASETS.blobs.classCount).toEqual({ min: 3, max: 5, default: 3 });
    expect(DATASETS['spiral-k'].classCount).toBeDefined();
    expect(DATASETS.circle.classCount).toBeUndefined();
  });

  it('same seed gives identical bytes; another seed gives different points', SLOW, () => {
    for (const kind of DATASET_KINDS) {
      const a = generateDataset({ kind, count: 200, noise: 25, classes: 4, rng: createRng(7) });
      const b = generateDataset({ kind, count: 200, noise: 25, classes: 4, rng: createRng(7) });
      const c = generateDataset({ kind, count: 200, noise: 25, classes: 4, rng: createRng(8) });
      expect(sameBytes(a.points, b.points), kind).toBe(true);
      expect(sameBytes(a.labels, b.labels), kind).toBe(true);
      expect(sameBytes(a.points, c.points), kind).toBe(false);
    }
  });

  it(
    'every kind gives count finite points inside [-6, 6]² and labels of the right kind, at any noise',
    SLOW,
    () => {
      for (const kind of DATASET_KINDS) {
        for (const noise of [0, 10, 50]) {
          const what = `${kind} at noise ${noise}`;
          const ds = generateDataset({ kind, count: 301, noise, classes: 5, rng: createRng(3) });
          expect([ds.count, ds.points.length, ds.labels.length], what).toEqual([301, 602, 301]);
          const maxAbs = ds.points.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
          expect(maxAbs, what).toBeLessThanOrEqual(6); // NaN fails this too
          expect(maxAbs, what).toBeGreaterThan(3);
          const info = DATASETS[kind];
          if (info.problem === 'regression') {
            expect(ds.classes).toBe(0);
            expect(
              ds.labels.reduce((m, v) => Math.max(m, Math.abs(v)), 0),
              what,
            ).toBeLessThanOrEqual(1);
          } else {
            expect(ds.classes).toBe(info.classCount ? 5 : 2);
            const set = [...new Set(ds.labels)].sort();
            expect(set, what).toEqual([...Array(ds.classes).keys()]);
          }
        }
      }
    },
  );

  it('binary sets are roughly balanced; the k-class sets split count evenly', () => {
    for (const kind of ['circle', 'xor', 'gaussian', 'spiral', 'moons'] as DatasetKind[]) {
      const [c0, c1] = classCounts(generateDataset({ kind, count: 1000, noise: 0, rng: createRng(11) }));
      expect(Math.abs(c0 - c1)).toBeLessThan(100);
    }
    for (const kind of ['spiral-k', 'blobs'] as DatasetKind[]) {
      expect(
        classCounts(generateDataset({ kind, count: 11, noise: 0, classes: 3, rng: createRng(1) })),
      ).toEqual([4, 4, 3]);
    }
  });

  it('classes defaults to 3 for the k-class sets and is ignored by the binary ones', () => {
    expect(generateDataset({ kind: 'blobs', count: 30, noise: 0, rng: createRng(1) }).classes).toBe(3);
    expect(generateDataset({ kind: 'xor', count: 30, noise: 0, classes: 5, rng: createRng(1) }).classes).toBe(
      2,
    );
  });

  it('noise 0 and noise 50 give different data from the same seed', SLOW, () => {
    for (const kind of DATASET_KINDS) {
      const a = generateDataset({ kind, count: 300, noise: 0, rng: createRng(5) });
      const b = generateDataset({ kind, count: 300, noise: 50, rng: createRng(5) });
      expect(sameBytes(a.points, b.points) && sameBytes(a.labels, b.labels), kind).toBe(false);
    }
  });

  it('circle and xor at noise 0 are labelled by their rule (Playground shapes)', () => {
    const circle = generateDataset({ kind: 'circle', count: 400, noise: 0, rng: createRng(2) });
    let wrong = 0;
    for (let i = 0; i < circle.count; i++) {
      const r = Math.hypot(circle.points[2 * i], circle.points[2 * i + 1]);
      if (circle.labels[i] !== (r < 2.5 ? 1 : 0) || (r > 2.5 && r < 3.5)) wrong++;
    }
    expect(wrong).toBe(0);
    const xor = generateDataset({ kind: 'xor', count: 400, noise: 0, rng: createRng(2) });
    for (let i = 0; i < xor.count; i++) {
      if (xor.labels[i] !== (xor.points[2 * i] * xor.points[2 * i + 1] >= 0 ? 1 : 0)) wrong++;
      if (Math.min(Math.abs(xor.points[2 * i]), Math.abs(xor.points[2 * i + 1])) < 0.3) wrong++;
    }
    expect(wrong).toBe(0);
  });

  it('plane at noise 0 has target (x1 + x2) / 10 clamped to [-1, 1]', () => {
    const ds = generateDataset({ kind: 'plane', count: 100, noise: 0, rng: createRng(4) });
    let maxError = 0;
    for (let i = 0; i < ds.count; i++) {
      const t = Math.max(-1, Math.min(1, (ds.points[2 * i] + ds.points[2 * i + 1]) / 10));
      maxError = Math.max(maxError, Math.abs(ds.labels[i] - t));
    }
    expect(maxError).toBeLessThan(1e-12);
  });

  it('throws on bad input, naming the field and the value', () => {
    const rng = createRng(1);
    expect(() => generateDataset({ kind: 'donut' as DatasetKind, count: 10, noise: 0, rng })).toThrow(
      /kind 'donut'/,
    );
    expect(() => generateDataset({ kind: 'xor', count: 0, noise: 0, rng })).toThrow(/count .* got 0/);
    expect(() => generateDataset({ kind: 'xor', count: 2.5, noise: 0, rng })).toThrow(/count .* got 2.5/);
    expect(() => generateDataset({ kind: 'xor', count: 10001, noise: 0, rng })).toThrow(/count .* got 10001/);
    expect(() => generateDataset({ kind: 'xor', count: 10, noise: 51, rng })).toThrow(/noise .* got 51/);
    expect(() => generateDataset({ kind: 'xor', count: 10, noise: NaN, rng })).toThrow(/noise .* got NaN/);
    expect(() => generateDataset({ kind: 'blobs', count: 10, noise: 0, classes: 6, rng })).toThrow(
      /classes .* got 6/,
    );
    expect(() => generateDataset({ kind: 'spiral-k', count: 10, noise: 0, classes: 1, rng })).toThrow(
      /classes .* got 1/,
    );
  });

  it('count 1 and count 10000 both work', SLOW, () => {
    expect(generateDataset({ kind: 'circle', count: 1, noise: 0, rng: createRng(1) }).count).toBe(1);
    expect(generateDataset({ kind: 'spiral', count: 10000, noise: 50, rng: createRng(1) }).count).toBe(10000);
  });
});

describe('splitDataset()', () => {
  const ds = generateDataset({ kind: 'spiral-k', count: 101, noise: 10, classes: 3, rng: createRng(9) });

  it('splits round(count × fraction) into train and the rest into test, keeping classes', () => {
    const { train, test } = splitDataset(ds, 0.5, createRng(1));
    expect(train.count).toBe(51);
    expect(test.count).toBe(50);
    expect(train.points.length).toBe(102);
    expect(test.labels.length).toBe(50);
    expect(train.classes).toBe(3);
    expect(splitDataset(ds, 0.1, createRng(1)).train.count).toBe(10);
    expect(splitDataset(ds, 0.9, createRng(1)).test.count).toBe(10);
  });

  it('is a shuffled partition: every example lands in exactly one part, with its label', () => {
    const { train, test } = splitDataset(ds, 0.7, createRng(2));
    const key = (p: Float64Array, l: Float64Array, i: number) => `${p[2 * i]},${p[2 * i + 1]},${l[i]}`;
    const all = [...Array(ds.count).keys()].map((i) => key(ds.points, ds.labels, i)).sort();
    const parts = [
      ...[...Array(train.count).keys()].map((i) => key(train.points, train.labels, i)),
      ...[...Array(test.count).keys()].map((i) => key(test.points, test.labels, i)),
    ];
    expect(parts.slice().sort()).toEqual(all);
    expect(parts).not.toEqual([...Array(ds.count).keys()].map((i) => key(ds.points, ds.labels, i)));
  });

  it('same seed gives the same split', () => {
    const a = splitDataset(ds, 0.5, createRng(3));
    const b = splitDataset(ds, 0.5, createRng(3));
    expect(sameBytes(a.train.points, b.train.points)).toBe(true);
    expect(sameBytes(a.test.labels, b.test.labels)).toBe(true);
  });

  it('keeps at least one example in each part', () => {
    const two = generateDataset({ kind: 'xor', count: 2, noise: 0, rng: createRng(1) });
    const { train, test } = splitDataset(two, 0.9, createRng(1));
    expect([train.count, test.count]).toEqual([1, 1]);
    const one = generateDataset({ kind: 'xor', count: 1, noise: 0, rng: createRng(1) });
    expect(() => splitDataset(one, 0.5, createRng(1))).toThrow(/at least 2 .* count 1/);
  });

  it('throws on a fraction outside 0.1 … 0.9, naming it', () => {
    expect(() => splitDataset(ds, 0.05, createRng(1))).toThrow(/trainFraction .* got 0.05/);
    expect(() => splitDataset(ds, 1, createRng(1))).toThrow(/trainFraction .* got 1/);
  });
});

describe('buildFeatures()', () => {
  const points = new Float64Array([1, 2, -3, 0.5]);

  it('FEATURES lists the seven inputs with their UI labels', () => {
    expect(FEATURES.map((f) => f.id)).toEqual([
      'x1',
      'x2',
      'x1Squared',
      'x2Squared',
      'x1TimesX2',
      'sinX1',
      'sinX2',
    ]);
    expect(FEATURES.map((f) => f.label)).toEqual(['x₁', 'x₂', 'x₁²', 'x₂²', 'x₁x₂', 'sin(x₁)', 'sin(x₂)']);
  });

  it('computes each feature for known points, n × features row-major', () => {
    const X = buildFeatures(points, 2, ['x1', 'x2', 'x1Squared', 'x2Squared', 'x1TimesX2', 'sinX1', 'sinX2']);
    expect(Array.from(X)).toEqual([
      1,
      2,
      1,
      4,
      2,
      Math.sin(1),
      Math.sin(2),
      -3,
      0.5,
      9,
      0.25,
      -1.5,
      Math.sin(-3),
      Math.sin(0.5),
    ]);
  });

  it('follows the order given and writes into out (returning a view when out is larger)', () => {
    const out = new Float64Array(10).fill(99);
    const X = buildFeatures(points, 2, ['x1TimesX2', 'x1'], out);
    expect(Array.from(X)).toEqual([2, 1, -1.5, -3]);
    expect(X.buffer).toBe(out.buffer);
    expect(out[4]).toBe(99);
  });

  it('throws on empty, duplicate or unknown features, and on short arrays', () => {
    expect(() => buildFeatures(points, 2, [])).toThrow(/empty/);
    expect(() => buildFeatures(points, 2, ['x1', 'x1'])).toThrow(/'x1' is listed twice/);
    expect(() => buildFeatures(points, 2, ['cosX1' as 'x1'])).toThrow(/unknown feature 'cosX1'/);
    expect(() => buildFeatures(points, 3, ['x1'])).toThrow(/length 4, needs n × 2 = 6/);
    expect(() => buildFeatures(points, 2, ['x1', 'x2'], new Float64Array(3))).toThrow(/out has length 3/);
  });
});

describe('buildTargets()', () => {
  const binary: Dataset = {
    points: new Float64Array(6),
    labels: new Float64Array([1, 0, 1]),
    count: 3,
    classes: 2,
  };
  const three: Dataset = {
    points: new Float64Array(6),
    labels: new Float64Array([2, 0, 1]),
    count: 3,
    classes: 3,
  };
  const regression: Dataset = {
    points: new Float64Array(4),
    labels: new Float64Array([0.5, -0.25]),
    count: 2,
    classes: 0,
  };

  it('zero-one gives 0/1 and plus-minus-one gives ±1 for a binary set, n × 1', () => {
    expect(Array.from(buildTargets(binary, 'zero-one'))).toEqual([1, 0, 1]);
    expect(Array.from(buildTargets(binary, 'plus-minus-one'))).toEqual([1, -1, 1]);
  });

  it('one-hot gives n × k with a single 1 per row at the class index', () => {
    expect(Array.from(buildTargets(three, 'one-hot'))).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
    expect(Array.from(buildTargets(binary, 'one-hot'))).toEqual([0, 1, 1, 0, 0, 1]);
    const out = new Float64Array(9).fill(7);
    expect(buildTargets(three, 'one-hot', out)).toBe(out);
    expect(Array.from(out)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
    expect(targetColumns(3, 'one-hot')).toBe(3);
    expect(targetColumns(0, 'value')).toBe(1);
  });

  it('value copies regression targets', () => {
    expect(Array.from(buildTargets(regression, 'value'))).toEqual([0.5, -0.25]);
  });

  it('throws when the encoding does not fit the dataset, or on a bad label, leaving out untouched', () => {
    expect(() => buildTargets(three, 'zero-one')).toThrow(/'zero-one' needs a binary dataset .* classes = 3/);
    expect(() => buildTargets(regression, 'one-hot')).toThrow(/'one-hot' .* classes = 0/);
    expect(() => buildTargets(binary, 'value')).toThrow(/'value' needs a regression dataset/);
    const bad: Dataset = { ...binary, labels: new Float64Array([1, 2, 0]) };
    const out = new Float64Array(3).fill(5);
    expect(() => buildTargets(bad, 'zero-one', out)).toThrow(/label 2 at row 1/);
    expect(Array.from(out)).toEqual([5, 5, 5]);
  });
});

/** Runs a batcher for `epochs` whole epochs, returning each epoch's batches as plain arrays. */
function collectEpochs(count: number, batchSize: number, seed: number, epochs: number): number[][][] {
  const b = createBatcher(count, batchSize, createRng(seed));
  const result: number[][][] = [];
  let current: number[][] = [];
  while (result.length < epochs) {
    const { indices, epoch, epochEnded } = b.next();
    if (epoch !== result.length) throw new Error(`batch reports epoch ${epoch}, expected ${result.length}`);
    current.push(Array.from(indices));
    if (epochEnded) {
      result.push(current);
      current = [];
    }
  }
  return result;
}

describe('createBatcher()', () => {
  it('every example appears exactly once per epoch (property)', SLOW, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 70 }),
        fc.integer(),
        (count, size, seed) => {
          const k = Math.min(size, count);
          for (const batches of collectEpochs(count, size, seed, 3)) {
            const seen = batches.flat().sort((a, b) => a - b);
            if (seen.length !== count || seen.some((v, i) => v !== i)) return false;
            if (batches.length !== Math.ceil(count / k)) return false;
            if (batches.slice(0, -1).some((batch) => batch.length !== k)) return false;
          }
          return true;
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the last batch of an epoch is the smaller remainder, not topped up from the next epoch', () => {
    const [first, second] = collectEpochs(10, 4, 1, 2);
    expect(first.map((b) => b.length)).toEqual([4, 4, 2]);
    expect(second.map((b) => b.length)).toEqual([4, 4, 2]);
  });

  it('reshuffles between epochs', () => {
    const epochs = collectEpochs(50, 50, 3, 3).map((e) => e.flat());
    expect(epochs[0]).not.toEqual(epochs[1]);
    expect(epochs[1]).not.toEqual(epochs[2]);
    expect(epochs[0]).not.toEqual([...Array(50).keys()]);
  });

  it('same seed gives the same batch sequence', () => {
    expect(collectEpochs(23, 5, 42, 3)).toEqual(collectEpochs(23, 5, 42, 3));
  });

  it('getState()/setState() with the Rng state replays the exact same sequence (property)', SLOW, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer(),
        (count, size, warmup, seed) => {
          const rng = createRng(seed);
          const b = createBatcher(count, size, rng);
          for (let i = 0; i < warmup; i++) b.next();
          const state = b.getState();
          const rngState = rng.getState();
          const run = () =>
            Array.from({ length: 25 }, () => {
              const { indices, epoch, epochEnded } = b.next();
              return [Array.from(indices), epoch, epochEnded];
            });
          const first = run();
          rng.setState(rngState);
          b.setState(state);
          expect(run()).toEqual(first);
          // A fresh batcher restored from the snapshot replays it too. (Creating a batcher draws
          // its first permutation, so the Rng is restored after construction.)
          const rng2 = createRng(seed + 1);
          const fresh = createBatcher(count, size, rng2);
          rng2.setState(rngState);
          fresh.setState(state);
          expect(
            Array.from({ length: 25 }, () => {
              const r = fresh.next();
              return [Array.from(r.indices), r.epoch, r.epochEnded];
            }),
          ).toEqual(first);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('getState() returns a copy of the permutation', () => {
    const b = createBatcher(8, 3, createRng(1));
    const state = b.getState();
    state.permutation[0] = 99;
    expect(Array.from(b.getState().permutation)).not.toContain(99);
  });

  it('setBatchSize() takes effect from the next batch and the epoch continues where it was', () => {
    const b = createBatcher(10, 4, createRng(1));
    const perm = Array.from(b.getState().permutation);
    expect(Array.from(b.next().indices)).toEqual(perm.slice(0, 4));
    b.setBatchSize(5);
    expect(b.batchSize).toBe(5);
    expect(Array.from(b.next().indices)).toEqual(perm.slice(4, 9));
    const last = b.next();
    expect(Array.from(last.indices)).toEqual(perm.slice(9));
    expect(last.epochEnded).toBe(true);
    b.setBatchSize(20);
    const full = b.next();
    expect(full.indices.length).toBe(10);
    expect(full.epoch).toBe(1);
    expect(full.epochEnded).toBe(true);
  });

  it('next() reuses its index buffer (no per-call allocation in steady state)', () => {
    const b = createBatcher(10, 3, createRng(1));
    const first = b.next().indices;
    const second = b.next().indices;
    expect(second).toBe(first);
    b.next();
    const remainder = b.next().indices;
    expect(remainder.length).toBe(1);
    expect(remainder.buffer).toBe(first.buffer);
  });

  it('throws on a non-integer or non-positive batch size or count, and on a bad state', () => {
    const rng = createRng(1);
    expect(() => createBatcher(10, 0, rng)).toThrow(/batchSize .* got 0/);
    expect(() => createBatcher(10, 2.5, rng)).toThrow(/batchSize .* got 2.5/);
    expect(() => createBatcher(0, 2, rng)).toThrow(/count .* got 0/);
    const b = createBatcher(4, 2, rng);
    expect(() => b.setBatchSize(-1)).toThrow(/batchSize .* got -1/);
    expect(() => b.setState({ permutation: new Uint32Array(3), position: 0, epoch: 0 })).toThrow(
      /length 4, got length 3/,
    );
    expect(() => b.setState({ permutation: new Uint32Array([0, 1, 1, 3]), position: 0, epoch: 0 })).toThrow(
      /not a permutation of 0 … 3 \(entry 2 is 1\)/,
    );
    expect(() => b.setState({ permutation: new Uint32Array([0, 1, 2, 3]), position: 5, epoch: 0 })).toThrow(
      /position .* got 5/,
    );
  });
});

describe('gatherRows()', () => {
  it('copies the chosen rows in order, returning a view when out is larger', () => {
    const src = new Float64Array([0, 1, 2, 10, 11, 12, 20, 21, 22]);
    const out = new Float64Array(12);
    const got = gatherRows(src, 3, new Uint32Array([2, 0]), out);
    expect(Array.from(got)).toEqual([20, 21, 22, 0, 1, 2]);
    expect(got.buffer).toBe(out.buffer);
    const exact = new Float64Array(4);
    expect(gatherRows(new Float64Array([1, 2, 3, 4]), 2, new Uint32Array([1, 1]), exact)).toBe(exact);
    expect(Array.from(exact)).toEqual([3, 4, 3, 4]);
  });

  it('throws when out is too short or an index is out of range', () => {
    const src = new Float64Array(6);
    expect(() => gatherRows(src, 2, new Uint32Array([0, 1]), new Float64Array(3))).toThrow(
      /out has length 3, needs/,
    );
    expect(() => gatherRows(src, 2, new Uint32Array([3]), new Float64Array(2))).toThrow(/index 3 .* 3 rows/);
  });
});

describe('parseCsvDataset()', () => {
  it('reads x1,x2,label rows with or without a header, tolerating spaces, blank lines and CRLF', () => {
    const withHeader = parseCsvDataset('x1,x2,label\r\n1, 2 ,0\r\n\r\n -1,0.5, 1\n');
    const without = parseCsvDataset('1,2,0\n-1,0.5,1');
    for (const r of [withHeader, without]) {
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.rescaled).toBe(false);
      expect(r.notice).toBeUndefined();
      expect(r.dataset.count).toBe(2);
      expect(r.dataset.classes).toBe(2);
      expect(Array.from(r.dataset.points)).toEqual([1, 2, -1, 0.5]);
      expect(Array.from(r.dataset.labels)).toEqual([0, 1]);
    }
  });

  it('integer labels with ≤ 5 values make classes = max + 1 (at least 2)', () => {
    const r = parseCsvDataset('0,0,0\n1,1,3\n2,2,1');
    expect(r.ok && r.dataset.classes).toBe(4);
    const single = parseCsvDataset('0,0,0\n1,1,0');
    expect(single.ok && single.dataset.classes).toBe(2);
  });

  it('errors name the first bad row and why, and return no dataset', () => {
    const cases: [string, string][] = [
      ['x1,x2,label\n1,2,0\n3,4', 'row 3: expected 3 columns (x1,x2,label), got 2'],
      ['1,2,0\n1,2,0\n1,2,0\n1,2,0\n1,2,0\n1,2,0\n1,2,abc', "row 7: label 'abc' is not a number"],
      ['1,2,0\nfoo,2,1', "row 2: x1 'foo' is not a number"],
      ['1,,0', 'row 1: x2 is empty'],
      ['1,2,0\n1,2,0,', 'row 2: expected 3 columns (x1,x2,label), got 4'],
      ['', 'no data rows'],
      ['x1,x2,label\n\n', 'no data rows'],
      ['0,0,1\n1,1,-1', 'row 2: class label -1 is negative'],
      ['0,0,1\n1,1,7', 'row 2: class label 7 is above 4'],
    ];
    for (const [text, message] of cases) {
      const r = parseCsvDataset(text);
      expect(r.ok, text).toBe(false);
      if (r.ok) continue;
      expect(r.error).toContain(message);
      expect('dataset' in r).toBe(false);
    }
  });

  it('rejects more than 10000 data rows', SLOW, () => {
    const ok = parseCsvDataset('x,y,l\n' + '1,1,0\n'.repeat(10000));
    expect(ok.ok && ok.dataset.count).toBe(10000);
    const r = parseCsvDataset('1,1,0\n'.repeat(10001));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/more than 10000 data rows/);
  });

  it('rescales points uniformly into [-6, 6] when any coordinate is outside, and says so', () => {
    const r = parseCsvDataset('0,0,0\n20,10,1\n10,5,1');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rescaled).toBe(true);
    expect(r.notice).toMatch(/rescaled into \[-6, 6\]/);
    // Centre (10, 5), half-extent 10 ⇒ factor 0.6 on both axes.
    expect(Array.from(r.dataset.points)).toEqual([-6, -3, 6, 3, 0, 0]);
    for (const v of r.dataset.points) expect(Math.abs(v)).toBeLessThanOrEqual(6);
  });

  it('non-integer or many-valued labels make a regression set, rescaled to [-1, 1] only when outside it', () => {
    const inside = parseCsvDataset('0,0,0.5\n1,1,-0.25');
    expect(inside.ok && inside.dataset.classes).toBe(0);
    expect(inside.ok && Array.from(inside.dataset.labels)).toEqual([0.5, -0.25]);
    expect(inside.ok && inside.rescaled).toBe(false);
    const many = parseCsvDataset([0, 1, 2, 3, 4, 5, 6].map((v) => `0,0,${v * 10}`).join('\n'));
    expect(many.ok).toBe(true);
    if (!many.ok) return;
    expect(many.dataset.classes).toBe(0);
    expect(many.dataset.labels[0]).toBe(-1);
    expect(many.dataset.labels[6]).toBe(1);
    expect(many.dataset.labels[3]).toBeCloseTo(0, 12);
    expect(many.rescaled).toBe(true);
    expect(many.notice).toMatch(/targets rescaled from \[0, 60\] to \[-1, 1\]/);
  });
});
