import { describe, expect, it } from 'vitest';
import { GRADIENT_CHECK_GOOD, type GradientCheckResult } from '../../../src/engine';
import { formatValue } from '../../../src/model/format';
import {
  entriesOnDiagonal,
  plottableEntries,
  scatterExtent,
  verdictWords,
  VERDICT_STYLE,
} from '../../../src/views/checks/verdict';

type Entry = GradientCheckResult['entries'][number];
const entry = (numeric: number, analytic: number): Entry => ({
  layer: 0,
  kind: 'W',
  index: 0,
  numeric,
  analytic,
});

describe('gradient check verdicts', () => {
  it('states each verdict in words, not colour alone', () => {
    expect(verdictWords('good')).toMatch(/^Good: backprop agrees with finite differences/);
    expect(verdictWords('suspicious')).toMatch(/^Suspicious/);
    expect(verdictWords('wrong')).toMatch(/^Wrong/);
    expect(verdictWords('good')).toContain(`below ${formatValue(GRADIENT_CHECK_GOOD)}`);
    for (const v of ['good', 'suspicious', 'wrong'] as const) expect(VERDICT_STYLE[v].word).toBe(v);
  });

  it('plottableEntries() keeps only entries with both derivatives finite', () => {
    const result: GradientCheckResult = {
      layers: [],
      worst: 0,
      entries: [entry(1, 1), entry(NaN, 1), entry(1, Infinity), entry(-2, -2)],
    };
    expect(plottableEntries(result).map((e) => e.numeric)).toEqual([1, -2]);
  });

  it('entriesOnDiagonal() counts agreement to a relative 1e-4; two zeros agree', () => {
    expect(entriesOnDiagonal([entry(0.5, 0.5), entry(0.5, 0.50001), entry(0.5, 0.6), entry(0, 0)])).toBe(3);
    expect(entriesOnDiagonal([])).toBe(0);
  });

  it('scatterExtent() is the largest |value| plus 5 %, or 1 when all are 0', () => {
    expect(scatterExtent([entry(0.5, -2), entry(1, 1)])).toBeCloseTo(2.1, 12);
    expect(scatterExtent([entry(0, 0)])).toBe(1);
    expect(scatterExtent([])).toBe(1);
  });
});
