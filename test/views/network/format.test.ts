import { describe, expect, it } from 'vitest';
import { editableNumber, percentOf, preciseNumber, shortNumber } from '../../../src/views/network/format';

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
