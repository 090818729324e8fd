/**
 * The graph's number formats, in one place (a later pass unifies the app's formatting on d3-format).
 * Both print a Unicode minus and '—' for a missing or non-finite value.
 */

/** Compact, for the value under a node: 3 significant digits. */
export function shortNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e4 || a < 1e-3 ? v.toExponential(1) : String(+v.toPrecision(3));
  return s.replace('-', '−');
}

/** For read-outs (tooltip, weight editor): 4 significant digits. */
export function preciseNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const a = Math.abs(v);
  const s = a >= 1e5 || a < 1e-4 ? v.toExponential(3) : String(+v.toPrecision(4));
  return s.replace('-', '−');
}

/** The editor's starting text for a parameter: up to 6 significant digits, ASCII, empty for none. */
export function editableNumber(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? '' : String(+v.toPrecision(6));
}

/** A position or size in SVG units as a CSS percentage of the figure's extent (HTML overlays). */
export function percentOf(v: number, of: number): string {
  return `${((v / of) * 100).toFixed(3)}%`;
}
