import { describe, expect, it } from 'vitest';
import { ARROW_KEYS, moveInColumns } from '../../../src/views/network/navigation';

const columns = [['a1', 'a2', 'a3'], ['b1'], ['c1', 'c2', 'c3', 'c4', 'c5']];

describe('moveInColumns', () => {
  it('up and down move within a column and stop at its ends; Home and End jump to them', () => {
    expect(moveInColumns(columns, 'a2', 'up')).toBe('a1');
    expect(moveInColumns(columns, 'a1', 'up')).toBe('a1');
    expect(moveInColumns(columns, 'a3', 'down')).toBe('a3');
    expect(moveInColumns(columns, 'c2', 'home')).toBe('c1');
    expect(moveInColumns(columns, 'c2', 'end')).toBe('c5');
  });

  it('left and right go to the neighbouring column at the same relative height, or stay at the edge', () => {
    expect(moveInColumns(columns, 'a3', 'right')).toBe('b1');
    expect(moveInColumns(columns, 'b1', 'right')).toBe('c1');
    expect(moveInColumns(columns, 'c5', 'left')).toBe('b1');
    expect(
      moveInColumns(
        [
          ['a1', 'a2', 'a3'],
          ['c1', 'c2', 'c3', 'c4', 'c5'],
        ],
        'a2',
        'right',
      ),
    ).toBe('c3');
    expect(moveInColumns(columns, 'a1', 'left')).toBe('a1');
  });

  it('an unknown key goes to the first item; no columns, nowhere', () => {
    expect(moveInColumns(columns, 'zz', 'down')).toBe('a1');
    expect(moveInColumns([], 'zz', 'down')).toBeNull();
    expect(ARROW_KEYS.ArrowDown).toBe('down');
    expect(ARROW_KEYS.Enter).toBeUndefined();
  });
});
