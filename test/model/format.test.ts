import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  editableNumber,
  fixedDecimals,
  fixedDigits,
  formatCount,
  formatDigits,
  formatLossValue,
  formatPercent,
  formatRatio,
  formatShare,
  formatValue,
  inputNumber,
  lossNumber,
  parseDecimal,
  percentOf,
  plainNumber,
  preciseNumber,
  shortNumber,
} from '../../src/model/format';

describe("the graph's number formats", () => {
  it('shortNumber: 3 significant digits, exponent outside [1e-3, 1e4), Unicode minus, — for none', () => {
    expect(shortNumber(0.123456)).toBe('0.123');
    expect(shortNumber(-2.5)).toBe('−2.5');
    expect(shortNumber(12345)).toBe('1.2e+4');
    expect(shortNumber(0.0001234)).toBe('1.2e−4');
    expect(shortNumber(0)).toBe('0');
    for (const none of [null, undefined, NaN, Infinity]) expect(shortNumber(none)).toBe('—');
  });

  it('preciseNumber: 4 significant digits, exponent outside [1e-4, 1e5)', () => {
    expect(preciseNumber(0.123456)).toBe('0.1235');
    expect(preciseNumber(-0.6)).toBe('−0.6');
    expect(preciseNumber(123456)).toBe('1.235e+5');
    expect(preciseNumber(NaN)).toBe('—');
  });

  it("editableNumber: up to 6 significant digits in ASCII (the editor parses it back), '' for none", () => {
    expect(editableNumber(-0.1234567)).toBe('-0.123457');
    expect(editableNumber(undefined)).toBe('');
    expect(editableNumber(NaN)).toBe('');
  });

  it('percentOf: a CSS percentage with 3 decimals', () => {
    expect(percentOf(1, 3)).toBe('33.333%');
  });
});

describe('the other read-outs', () => {
  it('counts, percentages, inspector digits and diagnosis numbers', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatPercent(0.1234)).toBe('12.3%');
    expect(formatPercent(null)).toBe('—');
    expect(lossNumber(0.00012345)).toBe('1.23e−4');
    expect(formatValue(-0.0000123456)).toBe('−1.235e-5');
    expect(formatValue(123456)).toBe('1.235e5');
    expect(formatValue(Infinity)).toBe('∞');
    expect(formatDigits(0.000438568123)).toBe('0.000438568123');
    expect(fixedDigits(0.5, 4)).toBe('0.5000');
    expect(formatRatio(3.21)).toBe('3.2');
    expect(formatLossValue(0.6931)).toBe('0.693');
    expect(formatShare(0.284)).toBe('28 %');
    expect(inputNumber(0.1 + 0.2)).toBe('0.3');
    expect(inputNumber(0.00001)).toBe('1e-5');
    expect(plainNumber(1.23456789e-7, 6)).toBe('1.23457e-7');
  });
});

/**
 * The formatters as they were written before they moved onto d3-format (issue 9): the strings the
 * page shows must not change, so each d3 formatter is checked against its old self on any double.
 */
const before = {
  short(v: number): string {
    if (!Number.isFinite(v)) return '—';
    if (v === 0) return '0';
    const a = Math.abs(v);
    const s = a >= 1e4 || a < 1e-3 ? v.toExponential(1) : String(+v.toPrecision(3));
    return s.replace('-', '−');
  },
  precise(v: number): string {
    if (!Number.isFinite(v)) return '—';
    if (v === 0) return '0';
    const a = Math.abs(v);
    const s = a >= 1e5 || a < 1e-4 ? v.toExponential(3) : String(+v.toPrecision(4));
    return s.replace('-', '−');
  },
  loss(v: number): string {
    if (!Number.isFinite(v)) return '—';
    if (v === 0) return '0';
    const a = Math.abs(v);
    const s = a >= 1e4 || a < 1e-3 ? v.toExponential(2) : String(+v.toPrecision(3));
    return s.replace('-', '−');
  },
  significant(v: number, digits: number, plainFrom: number, plainBelow: number): string {
    if (Number.isNaN(v)) return 'NaN';
    if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
    if (v === 0) return '0';
    const a = Math.abs(v);
    const s =
      a >= plainFrom && a < plainBelow
        ? String(Number(a.toPrecision(digits)))
        : a
            .toExponential(digits - 1)
            .replace(/\.?0+e/, 'e')
            .replace('e+', 'e');
    return v < 0 ? `−${s}` : s;
  },
  ratio(x: number): string {
    if (x >= 10_000) return x.toExponential(1);
    return x >= 10 ? x.toFixed(0) : x.toFixed(1);
  },
  lossValue: (x: number): string => (x >= 0.01 && x < 10_000 ? x.toFixed(3) : x.toExponential(2)),
};

describe('d3-format gives the strings the hand-written formatters gave', () => {
  // Doubles of every magnitude, and the round numbers near the thresholds.
  const anyDouble = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc.constantFrom(1e-3, 9.995e-4, 1e4, 9999.5, 1e5, 99995, 1e-4, 1e-6, 1e6, 0.5, -0.5, 2.5),
  );
  const nonNegative = anyDouble.map(Math.abs);

  it('graph, tooltip and loss read-outs', () => {
    fc.assert(
      fc.property(anyDouble, (v) => {
        expect(shortNumber(v)).toBe(before.short(v));
        expect(preciseNumber(v)).toBe(before.precise(v));
        expect(lossNumber(v)).toBe(before.loss(v));
      }),
      { numRuns: 3000 },
    );
  });

  it('inspector and chain-rule numbers at every precision they are asked for', () => {
    fc.assert(
      fc.property(anyDouble, fc.integer({ min: 1, max: 9 }), (v, digits) => {
        expect(formatValue(v, digits)).toBe(before.significant(v, digits, 1e-3, 1e5));
        expect(formatDigits(v, digits)).toBe(before.significant(v, digits, 1e-6, 1e6));
      }),
      { numRuns: 3000 },
    );
  });

  it('diagnosis ratios, losses, shares and the loss chart percentages (never negative)', () => {
    fc.assert(
      fc.property(nonNegative, (x) => {
        expect(formatRatio(x)).toBe(before.ratio(x));
        expect(formatLossValue(x)).toBe(before.lossValue(x));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), (share) => {
        expect(formatShare(share)).toBe(`${Math.round(share * 100)} %`);
        expect(formatPercent(share)).toBe(`${(share * 100).toFixed(1)}%`);
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
      }),
    );
  });
});

describe('parseDecimal: the one strict parser of typed numbers', () => {
  it('plain decimals, with an ASCII or typographic minus', () => {
    expect(parseDecimal(' 1e-3 ')).toBe(0.001);
    expect(parseDecimal(' \u22122.5 ')).toBe(-2.5);
    expect(parseDecimal('.5')).toBe(0.5);
  });

  it('nothing else', () => {
    for (const bad of ['', 'abc', '0x10', 'Infinity', 'NaN', '1e999', '1,5', '--1', '1.2.3'])
      expect(parseDecimal(bad)).toBeNull();
  });
});

describe('fixedDecimals', () => {
  it('is toFixed for sizes (never negative)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 4 }), (v, d) => {
        expect(fixedDecimals(v, d)).toBe(v.toFixed(d));
      }),
    );
  });
});
