/**
 * Numbers as the app writes and reads them, defined once: the read-outs people see (on d3-format,
 * with a true minus sign "−"), the plain ASCII text machines and input fields read back ("-0.3",
 * "1e-7": JavaScript's own shortest form, which d3-format has no spec for), and the one strict
 * parser of typed decimals. Pure, so the worker's notices and the views share it.
 */
import { format, formatLocale } from 'd3';

/** What a read-out shows for a missing or non-finite value. */
export const MISSING = '—';

type Maybe = number | null | undefined;

const isMissing = (v: Maybe): v is null | undefined => v === null || v === undefined || !Number.isFinite(v);

/** d3's English locale with the ASCII hyphen-minus as the sign (d3's default sign is "−"). */
const asciiLocale = formatLocale({
  decimal: '.',
  thousands: ',',
  grouping: [3],
  currency: ['$', ''],
  minus: '-',
});

const formatters = new Map<string, (v: number) => string>();
/** d3's formatter for `spec`, made once: with a true minus sign "−", or with `ascii` a hyphen. */
function d3format(spec: string, ascii = false): (v: number) => string {
  const key = `${ascii ? 'ascii' : 'true'} ${spec}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = ascii ? asciiLocale.format(spec) : format(spec)));
  return f;
}

/** A whole count with thousands separators: "12,345" (steps, weights, characters). */
export const formatCount = d3format(',d', true);

/** v with `decimals` decimals, ASCII: (2.345, 1) → "2.3" (a file's size in MB). */
export function fixedDecimals(v: number, decimals: number): string {
  return d3format(`.${decimals}f`, true)(v);
}

/** A step count on an axis: "500", "2k", "1.5M". */
export const formatStepTick = format('~s');

/** A share of 1 as a percentage with one decimal: 0.1234 → "12.3%"; '—' for none. */
export function formatPercent(v: Maybe): string {
  return isMissing(v) ? MISSING : d3format('.1%', true)(v);
}

/**
 * v with `digits` significant digits in plain decimals while `plainFrom` <= |v| < `plainBelow`, in
 * exponent form outside (so 0.00001234 does not read as 0), trailing zeros dropped; `exponent` is
 * the d3 spec of the exponent form. 0 is "0".
 */
function significant(
  v: number,
  digits: number,
  plainFrom: number,
  plainBelow: number,
  exponent: string,
  ascii = false,
): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return d3format(a >= plainFrom && a < plainBelow ? `.${digits}~r` : exponent, ascii)(v);
}

/**
 * The graph's and the loss chart's read-outs: the first hyphen of the ASCII form becomes "−", the
 * sign or else the exponent's ("−2.5", "−1.2e-4", "1.2e−4"), as these read-outs have always printed.
 */
function readout(v: number, digits: number, plainFrom: number, plainBelow: number, exponent: string): string {
  return significant(v, digits, plainFrom, plainBelow, exponent, true).replace('-', '−');
}

/** Compact, for the value under a graph node: 3 significant digits ("0.123", "1.2e+4"); '—' for none. */
export function shortNumber(v: Maybe): string {
  return isMissing(v) ? MISSING : readout(v, 3, 1e-3, 1e4, '.1e');
}

/** For read-outs (tooltip, weight editor): 4 significant digits ("0.1235", "1.235e+5"); '—' for none. */
export function preciseNumber(v: Maybe): string {
  return isMissing(v) ? MISSING : readout(v, 4, 1e-4, 1e5, '.3e');
}

/** The loss chart's read-outs: 3 significant digits ("0.693", "1.23e−4"); '—' for none. */
export function lossNumber(v: Maybe): string {
  return isMissing(v) ? MISSING : readout(v, 3, 1e-3, 1e4, '.2e');
}

/** The inspector's and the checks' numbers: exponent form "1.2e5" (no '+'), ∞ and NaN spelled out. */
function inspectorNumber(v: number, digits: number, plainFrom: number, plainBelow: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  return significant(v, digits, plainFrom, plainBelow, `.${digits - 1}~e`).replace('e+', 'e');
}

/**
 * A number to display precision (4 significant digits), with a true minus sign; exponent form for
 * very small and very large magnitudes so 0.00001234 does not read as 0.
 */
export function formatValue(v: number, digits = 4): string {
  return inspectorNumber(v, digits, 1e-3, 1e5);
}

/**
 * A number with 9 significant digits, trailing zeros dropped, plain decimals between 1e−6 and 1e6 (as
 * a textbook prints 0.000438568), a Unicode minus: the worked chain rule's arithmetic.
 */
export function formatDigits(v: number, digits = 9): string {
  return inspectorNumber(v, digits, 1e-6, 1e6);
}

/** `digits` significant digits, trailing zeros kept ("0.5000"), as a table of outputs prints them; '—' for none. */
export function fixedDigits(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toPrecision(digits) : MISSING;
}

/** A loss ratio in a diagnosis: "3.2", "45", "1.2e+4". */
export function formatRatio(x: number): string {
  return d3format(x >= 10_000 ? '.1e' : x >= 10 ? '.0f' : '.1f', true)(x);
}

/** A loss in a diagnosis: three decimals ("0.693"), exponent form outside 0.01 … 10,000. */
export function formatLossValue(x: number): string {
  return d3format(x >= 0.01 && x < 10_000 ? '.3f' : '.2e', true)(x);
}

/** A share of 1 as whole percent with a space, as the diagnosis writes it: 0.284 → "28 %". */
export function formatShare(share: number): string {
  return `${d3format('.0f', true)(share * 100)} %`;
}

// ---------------------------------------------------------------------------------------------------
// Plain text: ASCII minus, JavaScript's shortest form (inputs, links, files, notices about settings).

/** v rounded to `digits` significant digits, as a number (0.1 + 0.2 → 0.3 at 6 digits). */
export function roundSignificant(v: number, digits: number): number {
  return Number(v.toPrecision(digits));
}

/** v to `digits` significant digits in its shortest text: "0.3", "-2", "1e-7", "NaN". */
export function plainNumber(v: number, digits: number): string {
  return String(roundSignificant(v, digits));
}

/** The weight editor's starting text: up to 6 significant digits, ASCII, empty for none. */
export function editableNumber(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '' : plainNumber(v, 6);
}

/** Numbers as people type them in a field: up to 6 significant digits, no float noise (0.1 + 0.2 → 0.3). */
export function inputNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-4 || Math.abs(v) >= 1e6)) return v.toExponential().replace(/\.?0+e/, 'e');
  return plainNumber(v, 6);
}

/** A position or size in SVG units as a CSS percentage of the figure's extent (HTML overlays). */
export function percentOf(v: number, of: number): string {
  return `${((v / of) * 100).toFixed(3)}%`;
}

/** Whether `text` is written as a decimal number ("1e-3", "-2", "−2", "1e999"), finite or not. */
export function isDecimalText(text: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim().replace(/\u2212/g, '-'));
}

/**
 * A strict decimal number as typed ("1e-3", "0.5", "-2", "−2" with the typographic minus the app
 * prints), or null for anything else ("", "abc", "0x10", "Infinity", "1e999").
 */
export function parseDecimal(text: string): number | null {
  if (!isDecimalText(text)) return null;
  const v = Number(text.trim().replace(/\u2212/g, '-'));
  return Number.isFinite(v) ? v : null;
}
