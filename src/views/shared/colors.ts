/**
 * Colours for the views: one diverging scale for signed values (weights, gradients, outputs) and one
 * categorical palette for classes, both safe for the common colour-vision deficiencies.
 *
 * - Diverging: orange (negative) ↔ neutral ↔ blue (positive), as in TensorFlow Playground: ColorBrewer
 *   PuOr's oranges on one side, Okabe–Ito sky blue and a deeper blue on the other, interpolated in
 *   CIELAB so the distance from the neutral grows steadily with |value| on both sides.
 *   Orange vs blue differs along the blue–yellow axis that protan and deutan vision keeps, and in
 *   lightness, which tritan vision keeps; test/views/shared/colors.test.ts checks the ends stay far apart
 *   under simulated protanopia, deuteranopia and tritanopia.
 * - Classes: a categorical palette that is never orange or blue, so a class is never mistaken for a
 *   sign: Okabe–Ito reddish purple and bluish green for classes 0 and 1 (they differ in hue for every
 *   common deficiency and in lightness for tritan vision), then Okabe–Ito yellow, a dark grey and
 *   Paul Tol's indigo. The boundary paints its regions (binary ones included) and points in these.
 *
 * Hot paths (pixel painting, one call per cell per frame) read precomputed 256-entry RGBA tables; the
 * CSS-string functions read precomputed strings. Nothing here allocates after the first call per theme.
 */
import { interpolateLab, piecewise, rgb } from 'd3';
import type { Activation } from '../../engine';

export type Theme = 'light' | 'dark';

/**
 * Centre and half-range for colouring an activation's values (a neuron's map, a node's fill): centred
 * on the activation's midpoint, fixed where it is bounded; undefined maxAbs means fit the data.
 */
export function activationScale(activation: Activation): { center: number; maxAbs: number | undefined } {
  switch (activation) {
    case 'tanh':
      return { center: 0, maxAbs: 1 };
    case 'sigmoid':
    case 'softmax':
      return { center: 0.5, maxAbs: 0.5 };
    default:
      return { center: 0, maxAbs: undefined };
  }
}

/** The colour of zero on the diverging scale and of "no confidence" for classes. */
export const NEUTRAL: Readonly<Record<Theme, string>> = { light: '#f7f7f7', dark: '#2a2e33' };

/** Painted wherever a value is NaN or ±∞ (DESIGN.md: no NaN is ever painted as a colour). */
export const NON_FINITE_GREY: Readonly<Record<Theme, string>> = { light: '#8c8c8c', dark: '#6e6e6e' };

/** Diverging stops from −maxAbs to +maxAbs; the middle stop is the theme's neutral. */
export const DIVERGING_STOPS: Readonly<Record<Theme, readonly string[]>> = {
  light: ['#b35806', '#f1a340', NEUTRAL.light, '#56b4e9', '#005a9c'],
  // On a dark background the ends must be light and the middle dark, so the ramp runs the other way
  // in lightness.
  dark: ['#f0b13a', '#b07a10', NEUTRAL.dark, '#2f7fb0', '#7cc6f0'],
};

/** In class order; none is the orange or blue of the sign scale (see above). */
export const CLASS_COLORS: readonly string[] = ['#cc79a7', '#009e73', '#f0e442', '#4d4d4d', '#332288'];
export const MAX_CLASSES = CLASS_COLORS.length;
/** The class colours' names in words, for keys and legends. */
export const CLASS_COLOR_NAMES: readonly string[] = ['pink', 'green', 'yellow', 'grey', 'indigo'];

/** Entries in every lookup table (RGBA, so the array is 4 × this long). */
export const LUT_SIZE = 256;
/** Diverging LUT entry for non-finite values. */
export const LUT_NON_FINITE = 0;
/** Diverging LUT entry for exactly 0 (the neutral). Entries 1 … 255 span −maxAbs … +maxAbs. */
export const LUT_CENTER = 128;
const HALF_SPAN = 127;

/** The smallest scale `symmetricMax` returns, so `value / maxAbs` is never 0/0. */
export const MIN_MAX_ABS = 1e-12;

/**
 * max |v| over the finite values, for a symmetric colour or width scale. Ignores NaN and ±∞; never
 * returns 0 (or anything below `floor`), so dividing by it is always safe.
 */
export function symmetricMax(values: ArrayLike<number>, floor: number = MIN_MAX_ABS): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // v - v is 0 only for finite v: one comparison rejects NaN and ±∞ together.
    if (v - v === 0) {
      const a = v < 0 ? -v : v;
      if (a > m) m = a;
    }
  }
  return m > floor ? m : floor;
}

/**
 * The diverging LUT entry for `value` on a scale of ±`maxAbs`: 0 for non-finite values, 128 for 0,
 * 1 … 255 otherwise (clamped), symmetric: divergingIndex(−v) = 256 − divergingIndex(v).
 * A non-positive or NaN `maxAbs` is treated as MIN_MAX_ABS.
 */
export function divergingIndex(value: number, maxAbs: number): number {
  if (value - value !== 0) return LUT_NON_FINITE;
  const m = maxAbs > MIN_MAX_ABS ? maxAbs : MIN_MAX_ABS;
  let s = value / m;
  if (s > 1) s = 1;
  else if (s < -1) s = -1;
  // Round half away from zero so the table is symmetric about the centre.
  const q = ((s < 0 ? -s : s) * HALF_SPAN + 0.5) | 0;
  return s < 0 ? LUT_CENTER - q : LUT_CENTER + q;
}

type TextColor = '#000' | '#fff';

interface ThemeTables {
  /** 256 × RGBA: entry 0 non-finite grey, 1 … 255 the ramp, 128 exactly neutral. */
  diverging: Uint8ClampedArray;
  divergingCss: string[];
  /** Per entry, the text colour that reads best on it (see divergingTextColor). */
  divergingText: TextColor[];
  /** Per class, 256 × RGBA from neutral (confidence 0) to the class colour (confidence 1). */
  classes: Uint8ClampedArray[];
  classCss: string[][];
}

const tables: Partial<Record<Theme, ThemeTables>> = {};

function writeCss(css: string, out: Uint8ClampedArray, o: number): void {
  const c = rgb(css);
  out[o] = Math.round(c.r);
  out[o + 1] = Math.round(c.g);
  out[o + 2] = Math.round(c.b);
  out[o + 3] = 255;
}

function cssOf(lut: Uint8ClampedArray, i: number): string {
  const o = i * 4;
  return `rgb(${lut[o]}, ${lut[o + 1]}, ${lut[o + 2]})`;
}

function buildTables(theme: Theme): ThemeTables {
  const ramp = piecewise(interpolateLab, DIVERGING_STOPS[theme] as string[]);
  const diverging = new Uint8ClampedArray(LUT_SIZE * 4);
  writeCss(NON_FINITE_GREY[theme], diverging, LUT_NON_FINITE * 4);
  for (let i = 1; i < LUT_SIZE; i++) {
    writeCss(ramp((i - 1) / (LUT_SIZE - 2)), diverging, i * 4);
  }
  // Exact neutral at 0, whatever the Lab round trip gave.
  writeCss(NEUTRAL[theme], diverging, LUT_CENTER * 4);
  const divergingCss = Array.from({ length: LUT_SIZE }, (_, i) => cssOf(diverging, i));
  const divergingText = Array.from({ length: LUT_SIZE }, (_, i) => {
    const l = relativeLuminance(diverging[4 * i], diverging[4 * i + 1], diverging[4 * i + 2]);
    return contrastRatio(l, 0) >= contrastRatio(l, 1) ? '#000' : '#fff';
  }) as TextColor[];

  const classes = CLASS_COLORS.map((hex) => {
    const mix = interpolateLab(NEUTRAL[theme], hex);
    const lut = new Uint8ClampedArray(LUT_SIZE * 4);
    for (let i = 0; i < LUT_SIZE; i++) writeCss(mix(i / (LUT_SIZE - 1)), lut, i * 4);
    writeCss(hex, lut, (LUT_SIZE - 1) * 4);
    writeCss(NEUTRAL[theme], lut, 0);
    return lut;
  });
  const classCss = classes.map((lut) => Array.from({ length: LUT_SIZE }, (_, i) => cssOf(lut, i)));
  return { diverging, divergingCss, divergingText, classes, classCss };
}

function tablesFor(theme: Theme): ThemeTables {
  return (tables[theme] ??= buildTables(theme));
}

/** The diverging table, 256 × RGBA (see divergingIndex for the layout). Shared: do not write to it. */
export function divergingLUT(theme: Theme = 'light'): Uint8ClampedArray {
  return tablesFor(theme).diverging;
}

/** CSS colour for a signed value on a ±maxAbs scale (for SVG fills and strokes). */
export function divergingColor(value: number, maxAbs: number, theme: Theme = 'light'): string {
  return tablesFor(theme).divergingCss[divergingIndex(value, maxAbs)];
}

/** WCAG relative luminance of an sRGB colour given as 0 … 255 channels. */
export function relativeLuminance(r: number, g: number, b: number): number {
  const lin = (c: number): number => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio between two relative luminances (1 … 21). */
export function contrastRatio(l1: number, l2: number): number {
  return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
}

/**
 * Black or white, whichever reads better on the diverging scale's colour for `value` (WCAG contrast).
 * One of the two always reaches 4.5:1 on any background, so numbers printed on heatmap cells stay
 * readable in both themes, mid-tones included.
 */
export function divergingTextColor(value: number, maxAbs: number, theme: Theme = 'light'): TextColor {
  return tablesFor(theme).divergingText[divergingIndex(value, maxAbs)];
}

/** Writes the RGBA of a signed value on a ±maxAbs scale at out[offset … offset+3] (alpha 255). */
export function divergingRGB(
  value: number,
  maxAbs: number,
  out: Uint8ClampedArray,
  offset: number,
  theme: Theme = 'light',
): void {
  const lut = tablesFor(theme).diverging;
  const o = divergingIndex(value, maxAbs) * 4;
  out[offset] = lut[o];
  out[offset + 1] = lut[o + 1];
  out[offset + 2] = lut[o + 2];
  out[offset + 3] = 255;
}

/** Class index into the palette; indices beyond the palette wrap rather than throw (hot path). */
function classSlot(k: number): number {
  const n = CLASS_COLORS.length;
  const i = Math.trunc(k) % n;
  return i < 0 ? i + n : i || 0;
}

/** Table index for a confidence in [0, 1] (clamped; NaN → 0). */
export function confidenceIndex(confidence: number): number {
  if (!(confidence > 0)) return 0;
  if (confidence >= 1) return LUT_SIZE - 1;
  return (confidence * (LUT_SIZE - 1) + 0.5) | 0;
}

/** Class k's table, 256 × RGBA from the neutral (confidence 0) to the class colour (confidence 1). */
export function classLUT(k: number, theme: Theme = 'light'): Uint8ClampedArray {
  return tablesFor(theme).classes[classSlot(k)];
}

/** CSS colour of class k mixed toward the theme's neutral: confidence 1 = the class colour, 0 = neutral. */
export function classColor(k: number, confidence = 1, theme: Theme = 'light'): string {
  return tablesFor(theme).classCss[classSlot(k)][confidenceIndex(confidence)];
}

/** Writes the RGBA of class k at the given confidence (see classColor) at out[offset … offset+3]. */
export function classRGB(
  k: number,
  confidence: number,
  out: Uint8ClampedArray,
  offset: number,
  theme: Theme = 'light',
): void {
  const lut = tablesFor(theme).classes[classSlot(k)];
  const o = confidenceIndex(confidence) * 4;
  out[offset] = lut[o];
  out[offset + 1] = lut[o + 1];
  out[offset + 2] = lut[o + 2];
  out[offset + 3] = 255;
}

/** Writes the theme's non-finite grey at out[offset … offset+3]. */
export function nonFiniteRGB(out: Uint8ClampedArray, offset: number, theme: Theme = 'light'): void {
  const lut = tablesFor(theme).diverging;
  out[offset] = lut[0];
  out[offset + 1] = lut[1];
  out[offset + 2] = lut[2];
  out[offset + 3] = 255;
}
