import { describe, expect, it } from 'vitest';
import { clientToPlane, planeScale, planeTicks, round2 } from '../../../src/views/boundary/plane';

describe('plane axes', () => {
  it('planeScale(): x maps [−6, 6] to [0, size]; y maps it to [size, 0] (+x2 up)', () => {
    const x = planeScale(300, 'x');
    const y = planeScale(300, 'y');
    expect(x(-6)).toBe(0);
    expect(x(6)).toBe(300);
    expect(x(0)).toBe(150);
    expect(y(-6)).toBe(300);
    expect(y(6)).toBe(0);
    expect(y.invert(75)).toBe(3);
  });

  it('planeTicks(): round values inside the plane, with their pixel positions and labels', () => {
    const ticks = planeTicks(240, 'x', 5);
    expect(ticks.map((t) => t.value)).toContain(0);
    for (const t of ticks) {
      expect(t.value).toBeGreaterThanOrEqual(-6);
      expect(t.value).toBeLessThanOrEqual(6);
      expect(t.px).toBe(((t.value + 6) / 12) * 240);
      expect(t.label).toBe(t.value < 0 ? `−${-t.value}` : String(t.value));
    }
    const yTicks = planeTicks(240, 'y');
    expect(yTicks.find((t) => t.value === 0)?.px).toBe(120);
  });

  it('clientToPlane(): a client position over the plot box → plane coordinates (+x₂ up), rounded to 0.01', () => {
    const rect = { left: 10, top: 20, width: 300, height: 300 };
    expect(clientToPlane(85, 70, rect)).toEqual({ x1: -3, x2: 4 });
    expect(clientToPlane(10, 320, rect)).toEqual({ x1: -6, x2: -6 });
    expect(clientToPlane(188, 123, rect)).toEqual({ x1: 1.12, x2: 1.88 });
  });

  it('clientToPlane(): null off the plane or over an empty box', () => {
    const rect = { left: 0, top: 0, width: 300, height: 300 };
    expect(clientToPlane(301, 150, rect)).toBeNull();
    expect(clientToPlane(150, -1, rect)).toBeNull();
    expect(clientToPlane(0, 0, { left: 0, top: 0, width: 0, height: 300 })).toBeNull();
  });

  it('round2(): to 0.01', () => {
    expect(round2(175.00000000000003)).toBe(175);
    expect(round2(-1.234)).toBe(-1.23);
  });
});
