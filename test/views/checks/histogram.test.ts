import { describe, expect, it } from 'vitest';
import { histogram } from '../../../src/views/checks/histogram';

const sum = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0);

describe('histogram', () => {
  it('counts sum to the number of finite values; NaN and ±∞ are counted separately', () => {
    const values = [0, 0.1, 0.5, 0.9, 1, NaN, Infinity, -Infinity, 0.3];
    const h = histogram(values, 4);
    expect(sum(h.counts)).toBe(6);
    expect(h.nonFinite).toBe(3);
    expect(h.total).toBe(values.length);
    expect(sum(h.counts) + h.nonFinite + h.underflow + h.overflow).toBe(h.total);
  });

  it('without a range the bins span the finite extent, the maximum landing in the last bin', () => {
    const h = histogram([0, 0.1, 0.5, 0.9, 1, NaN], 4);
    expect(Array.from(h.edges)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(Array.from(h.counts)).toEqual([2, 0, 1, 2]);
  });

  it('with a range, values outside it are counted as underflow / overflow, not binned', () => {
    const h = histogram([-2, -1, 0, 0.99, 1, 3, NaN], 2, [-1, 1]);
    expect(Array.from(h.edges)).toEqual([-1, 0, 1]);
    expect(Array.from(h.counts)).toEqual([1, 3]);
    expect(h.underflow).toBe(1);
    expect(h.overflow).toBe(1);
    expect(h.nonFinite).toBe(1);
    expect(sum(h.counts) + h.nonFinite + h.underflow + h.overflow).toBe(h.total);
  });

  it('a single distinct value gets a unit-wide range around it; no finite values give [0, 1] and empty bins', () => {
    const one = histogram([2, 2, 2], 3);
    expect(one.edges[0]).toBe(1.5);
    expect(one.edges[3]).toBe(2.5);
    expect(sum(one.counts)).toBe(3);
    const none = histogram([NaN, NaN], 5);
    expect(Array.from(none.edges)).toEqual([0, 0.2, 0.4, 0.6000000000000001, 0.8, 1]);
    expect(sum(none.counts)).toBe(0);
    expect(none.nonFinite).toBe(2);
    expect(histogram([], 3).total).toBe(0);
  });

  it('counts a large Float64Array exactly, matching a naive count per bin', () => {
    const n = 20_000;
    const values = new Float64Array(n);
    let seed = 1;
    for (let i = 0; i < n; i++) {
      seed = (seed * 16807) % 2147483647;
      values[i] = Math.tanh((seed / 2147483647 - 0.5) * 6);
    }
    const h = histogram(values, 20, [-1, 1]);
    expect(sum(h.counts)).toBe(n);
    for (let b = 0; b < 20; b++) {
      const lo = h.edges[b];
      const hi = h.edges[b + 1];
      const naive = values.filter((v) => v >= lo && (b === 19 ? v <= hi : v < hi)).length;
      expect(Math.abs(h.counts[b] - naive)).toBeLessThanOrEqual(1);
    }
  }, 30_000);

  it('reuses `into` when it has the same number of bins, and clamps bins to at least 1', () => {
    const first = histogram([1, 2, 3], 3);
    const again = histogram([5, 6], 3, undefined, first);
    expect(again).toBe(first);
    expect(sum(again.counts)).toBe(2);
    expect(histogram([1, 2], 0).counts.length).toBe(1);
    expect(histogram([1, 2], NaN).counts.length).toBe(1);
  });
});
