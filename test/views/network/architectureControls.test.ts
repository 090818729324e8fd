import { describe, expect, it } from 'vitest';
import {
  addedUnits,
  removedUnits,
  SIDE_BY_SIDE_MIN_PX,
  steppersStack,
  toggledFeatures,
} from '../../../src/views/network/ArchitectureControls';
import { DRAWN_UNITS, networkGeometry } from '../../../src/views/network/geometry';
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

  it('stacks the per-layer steppers when two columns are closer than "+ n −" is wide', () => {
    const two = networkGeometry(['x1', 'x2'], [4, 2], 1);
    const six = networkGeometry(['x1', 'x2'], [8, 8, 8, 8, 8, 8], 1);
    const gap = (g: typeof two, widthPx: number): number =>
      Math.min(...g.layout.layers.slice(1).map((layer, i) => layer.x - g.layout.layers[i].x)) *
      (widthPx / g.width);
    // The desktop network panel (~420 px): two hidden layers fit side by side, six do not.
    expect(gap(two, 420)).toBeGreaterThan(SIDE_BY_SIDE_MIN_PX);
    expect(steppersStack(two, 420)).toBe(false);
    expect(gap(six, 420)).toBeLessThan(SIDE_BY_SIDE_MIN_PX);
    expect(steppersStack(six, 420)).toBe(true);
    // Wide enough, six fit too; before the width is known, side by side.
    expect(steppersStack(six, 2000)).toBe(false);
    expect(steppersStack(six, 0)).toBe(false);
  });
});
