import { lab, rgb } from 'd3';
import { describe, expect, it } from 'vitest';
import {
  CLASS_COLORS,
  LUT_CENTER,
  LUT_NON_FINITE,
  LUT_SIZE,
  MIN_MAX_ABS,
  NEUTRAL,
  NON_FINITE_GREY,
  classColor,
  classRGB,
  contrastRatio,
  divergingColor,
  divergingIndex,
  divergingLUT,
  divergingRGB,
  divergingTextColor,
  relativeLuminance,
  symmetricMax,
} from '../../../src/views/shared/colors';
import type { Theme } from '../../../src/views/shared/colors';

// Machado, Oliveira & Fernandes (2009) full-severity dichromacy matrices, applied in linear RGB.
const CVD = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
} as const;
type Vision = keyof typeof CVD | 'normal';

const toLinear = (c: number) => ((c /= 255) <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const toSrgb = (c: number) => {
  c = Math.min(1, Math.max(0, c));
  return 255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);
};
function simulate(css: string, vision: Vision): string {
  if (vision === 'normal') return css;
  const c = rgb(css);
  const l = [toLinear(c.r), toLinear(c.g), toLinear(c.b)];
  const [r, g, b] = CVD[vision].map((row) => toSrgb(row[0] * l[0] + row[1] * l[1] + row[2] * l[2]));
  return rgb(r, g, b).formatHex();
}
/** CIE76 colour difference. */
function deltaE(a: string, b: string): number {
  const x = lab(a);
  const y = lab(b);
  return Math.hypot(x.l - y.l, x.a - y.a, x.b - y.b);
}
const VISIONS: Vision[] = ['normal', 'protanopia', 'deuteranopia', 'tritanopia'];
const THEMES: Theme[] = ['light', 'dark'];

function pixel(value: number, maxAbs: number, theme: Theme = 'light'): number[] {
  const out = new Uint8ClampedArray(4);
  divergingRGB(value, maxAbs, out, 0, theme);
  return [...out];
}

describe('diverging scale', () => {
  it('divergingIndex(): 0 → the centre entry, ±maxAbs → the ends, symmetric, clamped beyond ±maxAbs', () => {
    expect(divergingIndex(0, 1)).toBe(LUT_CENTER);
    expect(divergingIndex(1, 1)).toBe(255);
    expect(divergingIndex(-1, 1)).toBe(1);
    expect(divergingIndex(5, 1)).toBe(255);
    expect(divergingIndex(-5, 1)).toBe(1);
    for (const v of [0.001, 0.1, 0.25, 0.5, 0.77, 0.999]) {
      expect(divergingIndex(-v, 1) + divergingIndex(v, 1)).toBe(2 * LUT_CENTER);
      expect(divergingIndex(v, 1)).toBeGreaterThanOrEqual(LUT_CENTER);
    }
  });

  it('divergingIndex(): NaN and ±∞ go to the non-finite entry; a zero or NaN maxAbs does not make 0/0', () => {
    expect(divergingIndex(NaN, 1)).toBe(LUT_NON_FINITE);
    expect(divergingIndex(Infinity, 1)).toBe(LUT_NON_FINITE);
    expect(divergingIndex(-Infinity, 1)).toBe(LUT_NON_FINITE);
    expect(divergingIndex(0, 0)).toBe(LUT_CENTER);
    expect(divergingIndex(0, NaN)).toBe(LUT_CENTER);
    expect(divergingIndex(1, 0)).toBe(255);
  });

  it.each(THEMES)('0 paints the %s neutral exactly; −v is orange and +v blue', (theme) => {
    expect(rgb(divergingColor(0, 1, theme)).formatHex()).toBe(NEUTRAL[theme]);
    const neg = rgb(divergingColor(-1, 1, theme));
    const pos = rgb(divergingColor(1, 1, theme));
    // Orange: red > blue; blue: blue > red.
    expect(neg.r).toBeGreaterThan(neg.b);
    expect(pos.b).toBeGreaterThan(pos.r);
    for (const v of [0.2, 0.6]) {
      const n = rgb(divergingColor(-v, 1, theme));
      const p = rgb(divergingColor(v, 1, theme));
      expect(n.r).toBeGreaterThan(n.b);
      expect(p.b).toBeGreaterThan(p.r);
    }
  });

  it.each(THEMES)('%s: colour moves away from the neutral monotonically with |v| on both sides', (theme) => {
    for (const sign of [-1, 1]) {
      let prev = 0;
      for (let v = 0.1; v <= 1.0001; v += 0.1) {
        const d = deltaE(divergingColor(sign * v, 1, theme), NEUTRAL[theme]);
        expect(d).toBeGreaterThan(prev);
        prev = d;
      }
    }
  });

  it.each(THEMES)(
    '%s: the two ends stay far apart and far from the neutral under each colour-vision deficiency',
    (theme) => {
      for (const vision of VISIONS) {
        const neg = simulate(divergingColor(-1, 1, theme), vision);
        const pos = simulate(divergingColor(1, 1, theme), vision);
        const mid = simulate(divergingColor(0, 1, theme), vision);
        expect(deltaE(neg, pos), `${vision} ends`).toBeGreaterThan(40);
        expect(deltaE(neg, mid), `${vision} negative vs neutral`).toBeGreaterThan(30);
        expect(deltaE(pos, mid), `${vision} positive vs neutral`).toBeGreaterThan(30);
        // Half-strength values are told apart by sign too.
        const n5 = simulate(divergingColor(-0.5, 1, theme), vision);
        const p5 = simulate(divergingColor(0.5, 1, theme), vision);
        expect(deltaE(n5, p5), `${vision} ±0.5`).toBeGreaterThan(20);
      }
    },
  );

  it('divergingRGB() writes opaque RGBA at the offset, equal to divergingColor() and the LUT entry', () => {
    const out = new Uint8ClampedArray(12).fill(7);
    divergingRGB(0.3, 1, out, 4);
    expect([...out.slice(0, 4)]).toEqual([7, 7, 7, 7]);
    expect([...out.slice(8)]).toEqual([7, 7, 7, 7]);
    const c = rgb(divergingColor(0.3, 1));
    expect([...out.slice(4, 8)]).toEqual([c.r, c.g, c.b, 255]);
    const lut = divergingLUT();
    const k = divergingIndex(0.3, 1) * 4;
    expect([...out.slice(4, 8)]).toEqual([...lut.slice(k, k + 4)]);
  });

  it('the scale is relative to maxAbs: v on ±m paints like v/m on ±1', () => {
    expect(pixel(0.02, 0.04)).toEqual(pixel(0.5, 1));
    expect(pixel(-3, 6)).toEqual(pixel(-0.5, 1));
  });

  it.each(THEMES)('%s: non-finite values paint the theme grey, never a NaN colour', (theme) => {
    const grey = rgb(NON_FINITE_GREY[theme]);
    for (const v of [NaN, Infinity, -Infinity]) {
      expect(pixel(v, 1, theme)).toEqual([grey.r, grey.g, grey.b, 255]);
      expect(divergingColor(v, 1, theme)).not.toMatch(/NaN/);
    }
  });

  it('every LUT entry and CSS string is a valid colour', () => {
    for (const theme of THEMES) {
      const lut = divergingLUT(theme);
      expect(lut.length).toBe(256 * 4);
      for (let i = 3; i < lut.length; i += 4) expect(lut[i]).toBe(255);
      for (let v = -1.2; v <= 1.2; v += 0.01)
        expect(divergingColor(v, 1, theme)).toMatch(/^rgb\(\d+, \d+, \d+\)$/);
    }
  });
});

describe('class colours', () => {
  it('the five classes are pairwise distinct under normal vision and each colour-vision deficiency', () => {
    expect(CLASS_COLORS).toHaveLength(5);
    for (const vision of VISIONS) {
      for (let i = 0; i < 5; i++) {
        for (let j = i + 1; j < 5; j++) {
          const d = deltaE(simulate(classColor(i, 1), vision), simulate(classColor(j, 1), vision));
          expect(d, `${vision}: class ${i} vs ${j}`).toBeGreaterThan(15);
        }
      }
    }
  });

  it('classes 0 and 1 are never the sign colours: far from both ends of the diverging scale, for every vision', () => {
    for (const vision of VISIONS) {
      for (const k of [0, 1]) {
        for (const sign of [-1, 1]) {
          const d = deltaE(simulate(classColor(k, 1), vision), simulate(divergingColor(sign, 1), vision));
          expect(d, `${vision}: class ${k} vs sign ${sign}`).toBeGreaterThan(15);
        }
      }
    }
  });

  it.each(THEMES)(
    '%s: classRGB(k, 1) is the class colour, classRGB(k, 0) the neutral, in between in between',
    (theme) => {
      const out = new Uint8ClampedArray(4);
      for (let k = 0; k < 5; k++) {
        classRGB(k, 1, out, 0, theme);
        const full = rgb(CLASS_COLORS[k]);
        expect([...out]).toEqual([full.r, full.g, full.b, 255]);
        classRGB(k, 0, out, 0, theme);
        const n = rgb(NEUTRAL[theme]);
        expect([...out]).toEqual([n.r, n.g, n.b, 255]);
        const dHalf = deltaE(classColor(k, 0.5, theme), NEUTRAL[theme]);
        expect(dHalf).toBeGreaterThan(5);
        expect(dHalf).toBeLessThan(deltaE(CLASS_COLORS[k], NEUTRAL[theme]));
      }
    },
  );

  it('confidence is clamped to [0, 1] (NaN → 0) and class indices wrap instead of throwing', () => {
    expect(classColor(2, 7)).toBe(classColor(2, 1));
    expect(classColor(2, -1)).toBe(classColor(2, 0));
    expect(classColor(2, NaN)).toBe(classColor(2, 0));
    expect(classColor(5)).toBe(classColor(0));
    expect(classColor(-1)).toBe(classColor(4));
  });
});

describe('symmetricMax', () => {
  it('returns max |v| over the finite values', () => {
    expect(symmetricMax([0.5, -2, 1])).toBe(2);
    expect(symmetricMax(new Float32Array([0.25, -0.125]))).toBe(0.25);
    expect(symmetricMax([NaN, -3, Infinity, -Infinity, 1])).toBe(3);
  });

  it('never returns 0: empty, all-zero and all-non-finite inputs give the floor', () => {
    expect(symmetricMax([])).toBe(MIN_MAX_ABS);
    expect(symmetricMax([0, -0, 0])).toBe(MIN_MAX_ABS);
    expect(symmetricMax([NaN, Infinity])).toBe(MIN_MAX_ABS);
    expect(symmetricMax([0], 1e-3)).toBe(1e-3);
  });
});

describe('divergingTextColor', () => {
  it('gives text with at least 4.5:1 contrast (WCAG AA) on every colour of the scale, in both themes', () => {
    for (const theme of ['light', 'dark'] as const) {
      const lut = divergingLUT(theme);
      for (let i = 0; i < LUT_SIZE; i++) {
        // A value that lands on entry i (0 is the non-finite grey).
        const value = i === LUT_NON_FINITE ? NaN : (i - LUT_CENTER) / 127;
        expect(divergingIndex(value, 1)).toBe(i);
        const bg = relativeLuminance(lut[4 * i], lut[4 * i + 1], lut[4 * i + 2]);
        const text = divergingTextColor(value, 1, theme) === '#000' ? 0 : 1;
        expect(contrastRatio(bg, text)).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it('relativeLuminance and contrastRatio match WCAG: black on white is 21:1', () => {
    expect(relativeLuminance(255, 255, 255)).toBeCloseTo(1, 12);
    expect(relativeLuminance(0, 0, 0)).toBe(0);
    expect(contrastRatio(1, 0)).toBeCloseTo(21, 12);
    // #767676 on white is the well-known 4.54:1.
    expect(contrastRatio(relativeLuminance(0x76, 0x76, 0x76), 1)).toBeCloseTo(4.54, 2);
  });
});
