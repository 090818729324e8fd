import { describe, expect, it } from 'vitest';
import { MAX_CSV_ABS, readOwnCsv } from '../../src/views/controls/customData';

function refused(text: string): string {
  const r = readOwnCsv(text);
  if (r.ok) throw new Error(`accepted: ${JSON.stringify(text)}`);
  return r.error;
}

describe('readOwnCsv: what a run cannot train on is refused before "Using …" (issue 14)', () => {
  it('refuses one data row (the run needs a training and a test point)', () => {
    expect(refused('x1,x2,label\n1,2,0\n')).toMatch(/only 1 data row; at least 2/);
    expect(refused('1,2,0')).toMatch(/only 1 data row/);
  });

  it('accepts two rows', () => {
    const r = readOwnCsv('1,2,0\n3,4,1\n');
    expect(r.ok && r.dataset.count).toBe(2);
  });

  it('refuses huge targets and inputs, naming the row and column', () => {
    expect(refused('0,0,0.5\n1,1,1.1e308\n2,2,-0.25\n')).toMatch(
      /row 2, column label: '1\.1e308' is too large/,
    );
    expect(refused('x1,x2,y\n1.1e308,0,0\n1,1,1\n')).toMatch(/row 2, column x1: .*±1,000,000/);
    expect(refused(`0,${-2 * MAX_CSV_ABS},1\n1,1,0\n`)).toMatch(/row 1, column x2/);
  });

  it('accepts values at the limit', () => {
    const r = readOwnCsv(`0,${MAX_CSV_ABS},0.5\n1,1,${-MAX_CSV_ABS}\n2,2,3\n`);
    expect(r.ok).toBe(true);
    if (r.ok) for (const v of r.dataset.labels) expect(Number.isFinite(v)).toBe(true);
  });

  it('a first row of non-finite numbers is data, not a header, and is refused', () => {
    expect(refused('1e999,NaN,abc\n1,2,0\n3,4,1\n')).toMatch(
      /row 1, column x1: '1e999' is not a finite number/,
    );
    expect(refused('1,2,0\n3,Infinity,1\n')).toMatch(/row 2, column x2: 'Infinity' is not a finite number/);
    expect(refused('1,2,0\n3,4,-nan\n')).toMatch(/row 2, column label/);
  });

  it('still skips a header and a BOM', () => {
    const r = readOwnCsv('\uFEFFx1,x2,label\r\n1,2,0\r\n3,4,1\r\n');
    expect(r.ok && r.dataset.count).toBe(2);
  });
});
