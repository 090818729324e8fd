import { describe, expect, it } from 'vitest';
import { addedUnits, removedUnits, toggledFeatures } from '../../../src/views/network/ArchitectureControls';
import { DRAWN_UNITS } from '../../../src/views/network/geometry';
import { LIMITS } from '../../../src/model/config';

describe('architecture steps', () => {
  it(`+ adds one neuron up to ${DRAWN_UNITS}, then doubles up to the largest layer; − undoes it`, () => {
    expect(addedUnits(1)).toBe(2);
    expect(addedUnits(DRAWN_UNITS)).toBe(DRAWN_UNITS * 2);
    expect(addedUnits(LIMITS.units.max)).toBe(LIMITS.units.max);
    expect(removedUnits(DRAWN_UNITS * 2)).toBe(DRAWN_UNITS);
    expect(removedUnits(DRAWN_UNITS * 2 + 1)).toBe(DRAWN_UNITS);
    expect(removedUnits(DRAWN_UNITS)).toBe(DRAWN_UNITS - 1);
  });

  it('toggledFeatures keeps the UI order and refuses to leave none', () => {
    expect(toggledFeatures(['sinX1', 'x1'], 'x2', true)).toEqual(['x1', 'x2', 'sinX1']);
    expect(toggledFeatures(['x1', 'x2'], 'x1', false)).toEqual(['x2']);
    expect(toggledFeatures(['x1'], 'x1', false)).toBeNull();
  });
});
